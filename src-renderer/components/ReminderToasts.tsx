/**
 * Reminder cards (above the toasts, bottom right): they stay until acted on. Open goes to the record,
 * Done completes the follow-up, Snooze 10 min puts the reminder off. `compact` (a dialog is open):
 * one line saying what is waiting; the cards come back, untouched, when the dialog closes.
 */
import { addMinutes } from 'date-fns'
import { openRoute } from '../actions/navigation'
import { completeTask, snoozeTask } from '../actions/tasks'
import { useReminders, type ShownReminder } from '../stores/reminders'
import { truncate } from '../../src-shared/text'
import { Icon } from './Icons'

function ReminderCard({ reminder }: { reminder: ShownReminder }) {
  const dismiss = useReminders((s) => s.dismiss)
  const { notice } = reminder
  const task = notice.taskId ? { id: notice.taskId, title: notice.title } : null
  const act = (run: () => Promise<boolean> | void) => async () => {
    const ok = await run()
    if (ok !== false) dismiss(reminder.key)
  }
  return (
    <div className="reminder-toast" data-testid="reminder-toast" role="alert" aria-label={`Reminder: ${notice.title}`}>
      <span className="reminder-icon" aria-hidden="true">
        <Icon name="bell" size={16} />
      </span>
      <div className="reminder-content">
        <p className="reminder-title">{notice.title}</p>
        {notice.body && <p className="reminder-body">{notice.body}</p>}
        <div className="reminder-actions">
          <button type="button" className="button button-small button-primary" onClick={act(() => openRoute(notice.route))}>
            Open
          </button>
          {task && (
            <button type="button" className="button button-small" onClick={act(() => completeTask(task))}>
              <Icon name="check" size={14} /> Done
            </button>
          )}
          {task && (
            <button type="button" className="button button-small" onClick={act(() => snoozeTask(task, addMinutes(Date.now(), 10).getTime()))}>
              <Icon name="clock" size={14} /> Snooze 10 min
            </button>
          )}
        </div>
      </div>
      <button type="button" className="icon-button reminder-close" aria-label="Dismiss reminder" title="Dismiss" onClick={() => dismiss(reminder.key)}>
        <Icon name="close" size={14} />
      </button>
    </div>
  )
}

function WaitingReminders({ shown }: { shown: ShownReminder[] }) {
  const text = shown.length === 1 ? `Reminder: ${truncate(shown[0].notice.title, 48)}` : `${shown.length} reminders`
  return (
    <p className="reminders-waiting" data-testid="reminders-waiting" role="status" title={shown.map((r) => r.notice.title).join('\n')}>
      <Icon name="bell" size={14} />
      <span className="reminders-waiting-text">{text}</span>
      <span className="reminders-waiting-when">shown when you close this</span>
    </p>
  )
}

export function ReminderToasts({ compact = false }: { compact?: boolean }) {
  const shown = useReminders((s) => s.shown)
  const dismissAll = useReminders((s) => s.dismissAll)
  if (shown.length === 0) return null
  if (compact) return <WaitingReminders shown={shown} />
  return (
    <section className="reminders" aria-label="Reminders">
      {shown.length > 1 && (
        <button type="button" className="reminders-clear" onClick={dismissAll}>
          Dismiss all {shown.length}
        </button>
      )}
      {shown.map((r) => (
        <ReminderCard key={r.key} reminder={r} />
      ))}
    </section>
  )
}
