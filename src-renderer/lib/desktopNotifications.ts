/**
 * System notifications through the Web Notifications API (the browser host, and the desktop app's
 * window): whether they are offered and allowed, asking for them, and showing one.
 */
import type { ReminderNotice } from '../../src-shared/model/task'

type NotificationApi = typeof Notification

function notificationApi(): NotificationApi | null {
  return typeof window !== 'undefined' && 'Notification' in window ? (window.Notification as NotificationApi) : null
}

export function desktopNotificationsSupported(): boolean {
  return notificationApi() !== null
}

export function desktopNotificationPermission(): NotificationPermission | 'unsupported' {
  return notificationApi()?.permission ?? 'unsupported'
}

/** Asks for permission; call it from a click (browsers ignore the request otherwise). */
export async function requestDesktopNotifications(): Promise<NotificationPermission | 'unsupported'> {
  const api = notificationApi()
  if (!api) return 'unsupported'
  return api.requestPermission()
}

/** Shows a reminder as a system notification when allowed and the window is not in front; a click brings the window back and calls `onOpen`. */
export function showDesktopNotification(notice: ReminderNotice, onOpen: () => void): void {
  const api = notificationApi()
  if (!api || api.permission !== 'granted') return
  // In front of the user the in-app card is enough; a system notification would say it twice.
  if (typeof document !== 'undefined' && document.visibilityState === 'visible' && document.hasFocus()) return
  try {
    const n = new api(notice.title, { body: notice.body, tag: notice.taskId ?? undefined })
    n.onclick = () => {
      window.focus()
      onOpen()
      n.close()
    }
  } catch {
    // some hosts refuse constructing notifications; the in-app card is still there
  }
}
