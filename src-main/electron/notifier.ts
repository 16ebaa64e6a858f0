/**
 * Native notifications for reminders. References are kept until a notification closes (a
 * collected Notification loses its click handler). Click focuses the window and opens the
 * record; Done and Snooze actions appear where the platform supports them (macOS). Without a
 * notification service, the reminders go to the window as in-app toasts.
 */
import { Notification, type BrowserWindow } from 'electron'
import type { Notifier } from '../core/core'

const HOUR = 60 * 60 * 1000

interface Options {
  /** The window to focus (created if needed). */
  showWindow: () => BrowserWindow
  invoke: (name: string, input: unknown) => Promise<unknown>
}

export function createElectronNotifier({ showWindow, invoke }: Options): Notifier {
  const live = new Set<Notification>()
  return {
    notify(notices) {
      if (!Notification.isSupported()) {
        // No notification service (some Linux desktops): the window shows them as toasts.
        showWindow().webContents.send('crm:event', 'reminder.due', { notices })
        return
      }
      for (const notice of notices) {
        const actions = notice.taskId
          ? [
              { type: 'button' as const, text: 'Done' },
              { type: 'button' as const, text: 'Snooze 1 hour' },
            ]
          : []
        const notification = new Notification({ title: notice.title, body: notice.body, actions })
        live.add(notification)
        notification.on('click', () => {
          const window = showWindow()
          window.webContents.send('crm:event', 'app.navigate', { route: notice.route })
        })
        notification.on('action', (_event, index) => {
          if (!notice.taskId) return
          if (index === 0) void invoke('tasks.complete', { id: notice.taskId })
          else void invoke('tasks.snooze', { id: notice.taskId, until: Date.now() + HOUR })
        })
        notification.on('close', () => live.delete(notification))
        notification.show()
      }
    },
  }
}
