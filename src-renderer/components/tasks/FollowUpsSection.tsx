/**
 * "Follow-ups" on a contact, deal or company page: a one-line quick-add (F focuses it) and the
 * record's open follow-ups, soonest first.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { useShortcuts } from '../../lib/shortcuts'
import { useDayTick } from '../../lib/useDayTick'
import { useQuery } from '../../stores/query'
import { followUpsInput, useRecordFollowUps } from '../../stores/recordSections'
import type { TaskPrefill } from '../../stores/ui'
import { QuickAddTask, type TaskLinks } from './QuickAddTask'
import { TaskRow, type TaskContext } from './TaskRow'

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
  const { data, error, refresh } = useQuery(useRecordFollowUps, followUpsInput(subject))
  const tasks = data?.tasks ?? null
  const total = data?.total ?? 0
  const [now, setNow] = useState(() => Date.now())
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => setNow(Date.now()), [data])
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
      <QuickAddTask ref={input} links={{ ...alsoLink, ...subject }} prefill={prefill} layout="stacked" shortcut="f" onAdded={() => void refresh()} />
      {error && <p className="inline-error">{error.message}</p>}
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
