/**
 * One follow-up: done checkbox, title with its priority, the record it belongs to, when it is due
 * (relative, exact in the tooltip), its rule or keep-in-touch tag, and snooze / edit / delete.
 */
import { useState } from 'react'
import type { Task } from '../../../src-shared/model/task'
import { shortMoment } from '../../lib/dueDates'
import { formatExact, formatRelative } from '../../lib/format'
import { completeTask, deleteTask, reopenTask, snoozeTask } from '../../actions/tasks'
import { useUi } from '../../stores/ui'
import { Icon } from '../Icons'
import { SnoozeMenu } from './SnoozeMenu'

/** The record page a row is shown on: its own link is left out. */
export interface TaskContext {
  contactId?: string
  dealId?: string
  companyId?: string
}

function RecordLinks({ task, context }: { task: Task; context?: TaskContext }) {
  const links: Array<{ href: string; label: string; icon: 'users' | 'pipeline' | 'building'; kind: string }> = []
  if (task.contactId && task.contactId !== context?.contactId)
    links.push({ href: `#/contacts/${task.contactId}`, label: task.contactName || 'Unnamed contact', icon: 'users', kind: 'contact' })
  if (task.dealId && task.dealId !== context?.dealId) links.push({ href: `#/deals/${task.dealId}`, label: task.dealTitle || 'Untitled deal', icon: 'pipeline', kind: 'deal' })
  if (task.companyId && task.companyId !== context?.companyId && !task.contactId)
    links.push({ href: `#/companies/${task.companyId}`, label: task.companyName || 'Unnamed company', icon: 'building', kind: 'company' })
  if (links.length === 0) return null
  return (
    <>
      {links.map((l) => (
        <a key={l.href} href={l.href} className="task-record" data-testid="task-record" title={`Open ${l.kind} ${l.label}`}>
          <Icon name={l.icon} size={12} />
          <span className="ellipsis">{l.label}</span>
        </a>
      ))}
    </>
  )
}

function PriorityMark({ priority }: { priority: Task['priority'] }) {
  if (priority === 'normal') return null
  return (
    <span className={`priority-mark priority-${priority}`} role="img" aria-label={`${priority === 'high' ? 'High' : 'Low'} priority`} title={`${priority === 'high' ? 'High' : 'Low'} priority`}>
      <Icon name={priority === 'high' ? 'flag' : 'arrowDown'} size={12} />
    </span>
  )
}

/** The reminder was moved by a snooze (it no longer goes off at due minus the lead time). */
function snoozedUntil(task: Task): number | null {
  if (task.remindAt === null || task.firedAt !== null || task.reminderMinutesBefore === null) return null
  const planned = task.dueAt - task.reminderMinutesBefore * 60_000
  return task.remindAt > planned ? task.remindAt : null
}

export function TaskRow({ task, context, now = Date.now() }: { task: Task; context?: TaskContext; now?: number }) {
  const [busy, setBusy] = useState(false)
  const openTaskForm = useUi((s) => s.openTaskForm)
  const done = task.doneAt !== null
  const overdue = !done && task.dueAt < now
  const snoozed = snoozedUntil(task)

  const toggle = async () => {
    setBusy(true)
    const ok = done ? await reopenTask(task) : await completeTask(task)
    if (!ok) setBusy(false)
  }
  const edit = () => openTaskForm({ mode: 'edit', id: task.id })
  const checked = busy ? !done : done

  return (
    <li className={`task-row ${checked ? 'is-done' : ''} ${overdue ? 'is-overdue' : ''}`} data-testid="task-row" data-task-id={task.id}>
      <input type="checkbox" className="task-check" checked={checked} disabled={busy} aria-label={done ? `Mark “${task.title}” not done` : `Mark “${task.title}” done`} onChange={() => void toggle()} />
      <div className="task-main">
        <div className="task-title-line">
          <PriorityMark priority={task.priority} />
          <button type="button" className="task-title" onClick={edit} title="Edit follow-up">
            {task.title}
          </button>
        </div>
        <div className="task-meta">
          <time className="task-due" dateTime={new Date(task.dueAt).toISOString()} title={`Due ${formatExact(task.dueAt)}`}>
            {formatRelative(task.dueAt, new Date(now))}
          </time>
          <RecordLinks task={task} context={context} />
          {snoozed !== null && (
            <span className="task-tag" title={`Reminder snoozed until ${formatExact(snoozed)}`}>
              <Icon name="bell" size={12} /> {shortMoment(snoozed, new Date(now))}
            </span>
          )}
          {task.reminderMinutesBefore === null && (
            <span className="task-tag" title="No reminder">
              <Icon name="bell" size={12} /> No reminder
            </span>
          )}
          {task.keepInTouch && (
            <span className="task-tag" title="Keep-in-touch follow-up: when it is done, the next one is scheduled">
              <Icon name="repeat" size={12} /> Keep in touch
            </span>
          )}
          {task.createdByRule && (
            <span className="task-tag task-tag-rule" data-testid="rule-tag" title="Created by an automation rule (Settings → Reminders)">
              <Icon name="bolt" size={12} /> made by rule {task.createdByRule}
            </span>
          )}
        </div>
      </div>
      <div className="task-actions">
        {!done && <SnoozeMenu title={task.title} onSnooze={(until) => void snoozeTask(task, until)} />}
        <button type="button" className="icon-button" aria-label={`Edit “${task.title}”`} title="Edit" onClick={edit}>
          <Icon name="edit" size={14} />
        </button>
        <button type="button" className="icon-button task-delete" aria-label={`Delete “${task.title}”`} title="Delete" onClick={() => void deleteTask(task)}>
          <Icon name="trash" size={14} />
        </button>
      </div>
    </li>
  )
}
