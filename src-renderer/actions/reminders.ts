/**
 * Reminders reaching this window: every 'reminder.due' notice becomes an in-app card; when the
 * window is not in front and the user allowed it, also a system notification whose click brings
 * the window back and opens the record. 'app.navigate' (a native notification clicked in the
 * desktop app) opens its route.
 */
import { useEffect } from 'react'
import { crm } from '../lib/crm'
import { showDesktopNotification } from '../lib/desktopNotifications'
import { useReminders } from '../stores/reminders'
import { openRoute } from './navigation'

/** Mounted once by the app shell. */
export function useReminderEvents(): void {
  useEffect(() => {
    const offDue = crm.on('reminder.due', ({ notices }) => {
      if (!notices?.length) return
      useReminders.getState().add(notices)
      for (const notice of notices) showDesktopNotification(notice, () => openRoute(notice.route))
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
