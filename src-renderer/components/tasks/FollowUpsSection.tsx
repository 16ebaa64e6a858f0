/**
 * "Follow-ups" on a contact, deal or company page: a one-line quick-add (F focuses it) and the
 * record's open follow-ups, soonest first.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { Task } from '../../../src-shared/model/task'
import { crm, toAppError } from '../../lib/crm'
import { useShortcuts } from '../../lib/shortcuts'
import { useDataChanged } from '../../lib/useDataChanged'
import { useDayTick } from '../../lib/useDayTick'
import type { TaskPrefill } from '../../stores/ui'
import { QuickAddTask, type TaskLinks } from './QuickAddTask'
import { TaskRow, type TaskContext } from './TaskRow'

const LIMIT = 100

type Subject = { contactId: string } | { dealId: string } | { companyId: string }

interface Props {
  /** The record whose follow-ups are listed. */
  subject: Subject
  /** Also linked to new follow-ups (a deal's contact), besides the subject. */
  alsoLink?: TaskLinks
  /** Names for the full form's pickers ("More options"). */
  prefill: TaskPrefill
  children?: ReactNode
}

export function FollowUpsSection({ subject, alsoLink, prefill, children }: Props) {
  const [tasks, setTasks] = useState<Task[] | null>(null)
  const [total, setTotal] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const [now, setNow] = useState(() => Date.now())
  const input = useRef<HTMLInputElement>(null)
  const key = JSON.stringify(subject)
  const seq = useRef(0)

  const load = () => {
    const mine = ++seq.current
    return crm.invoke('tasks.list', { ...(JSON.parse(key) as typeof subject), done: false, limit: LIMIT }).then(
      (page) => {
        if (mine !== seq.current) return
        setTasks([...page.items].sort((a, b) => a.dueAt - b.dueAt))
        setTotal(page.total)
        setError(null)
        setNow(Date.now())
      },
      (e) => mine === seq.current && setError(toAppError(e).message),
    )
  }
  useEffect(() => {
    setTasks(null)
    void load()
  }, [key])
  useDataChanged(['tasks', 'contacts', 'deals', 'companies'], () => void load())
  useDayTick(() => setNow(Date.now()))

  const focus = () => {
    input.current?.scrollIntoView?.({ block: 'nearest' })
    input.current?.focus()
  }
  useShortcuts({ f: focus })

  return (
    <section className="people-section followups-section" data-testid="followups-section" aria-labelledby="followups-heading">
      <div className="side-heading-row">
        <h2 className="side-heading" id="followups-heading">
          Follow-ups · {total.toLocaleString('en-US')}
        </h2>
      </div>
      <QuickAddTask ref={input} links={{ ...alsoLink, ...subject }} prefill={prefill} layout="stacked" shortcut="f" onAdded={() => void load()} />
      {error && <p className="inline-error">{error}</p>}
      {tasks && tasks.length === 0 && <p className="muted followups-empty">No open follow-ups.</p>}
      {tasks && tasks.length > 0 && (
        <ul className="task-list task-list-compact" aria-label="Open follow-ups">
          {tasks.map((t) => (
            <TaskRow key={t.id} task={t} context={subject as TaskContext} now={now} />
          ))}
        </ul>
      )}
      {total > (tasks?.length ?? 0) && <p className="muted">and {(total - (tasks?.length ?? 0)).toLocaleString('en-US')} more on the Today view</p>}
      {children}
    </section>
  )
}
