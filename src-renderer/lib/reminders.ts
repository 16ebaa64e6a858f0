/**
 * Reminders reaching this window: every 'reminder.due' notice becomes an in-app card; when the
 * window is not in front and the user allowed it, also a system notification (Web Notifications
 * API) whose click brings the window back and opens the record. 'app.navigate' (a native
 * notification clicked in the desktop app) opens its route.
 */
import { useEffect } from 'react'
import type { ReminderNotice } from '../../src-shared/model/task'
import { useReminders } from '../stores/reminders'
import { navigate, parseHash } from '../stores/route'
import { crm } from './crm'

/** Opens an app route such as "#/contacts/<id>" or "#/today". */
export function openRoute(route: string): void {
  navigate(parseHash(route.startsWith('#') ? route : `#${route}`))
}

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

function showDesktopNotification(notice: ReminderNotice): void {
  const api = notificationApi()
  if (!api || api.permission !== 'granted') return
  // In front of the user the in-app card is enough; a system notification would say it twice.
  if (typeof document !== 'undefined' && document.visibilityState === 'visible' && document.hasFocus()) return
  try {
    const n = new api(notice.title, { body: notice.body, tag: notice.taskId ?? undefined })
    n.onclick = () => {
      window.focus()
      openRoute(notice.route)
      n.close()
    }
  } catch {
    // some hosts refuse constructing notifications; the in-app card is still there
  }
}

/** Mounted once by the app shell. */
export function useReminderEvents(): void {
  useEffect(() => {
    const offDue = crm.on('reminder.due', ({ notices }) => {
      if (!notices?.length) return
      useReminders.getState().add(notices)
      notices.forEach(showDesktopNotification)
    })
    const offNavigate = crm.on('app.navigate', ({ route }) => {
      window.focus()
      openRoute(route)
    })
    return () => {
      offDue()
      offNavigate()
    }
  }, [])
}
