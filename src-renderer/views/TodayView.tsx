/**
 * Today (#/today): what is overdue, what is due today and what comes next, in the user's local day.
 * N focuses the quick-add. Refreshes on task changes, every minute, and at midnight.
 */
import { format } from 'date-fns'
import { useEffect, useRef, useState } from 'react'
import type { Task } from '../../src-shared/model/task'
import { EmptyState } from '../components/EmptyState'
import { Icon, type IconName } from '../components/Icons'
import { Kbd } from '../components/Kbd'
import { QuickAddTask } from '../components/tasks/QuickAddTask'
import { TaskRow } from '../components/tasks/TaskRow'
import { pluralize } from '../lib/format'
import { comboLabel, useListKeys, useShortcuts } from '../lib/shortcuts'
import { useDayTick } from '../lib/useDayTick'
import { useQuery } from '../stores/query'
import { useToday } from '../stores/tasks'

function TaskSection({ id, title, icon, tasks, total, tone, now }: { id: string; title: string; icon: IconName; tasks: Task[]; total: number; tone?: 'danger'; now: number }) {
  if (tasks.length === 0) return null
  return (
    <section className={`today-section ${tone ? `today-section-${tone}` : ''}`} aria-labelledby={`today-${id}`} data-testid={`today-${id}`}>
      <h2 className="today-section-title" id={`today-${id}`}>
        <Icon name={icon} size={14} />
        {title}
        <span className="count-badge">{total.toLocaleString('en-US')}</span>
      </h2>
      <ul className="task-list">
        {tasks.map((t) => (
          <TaskRow key={t.id} task={t} now={now} />
        ))}
      </ul>
      {total > tasks.length && <p className="muted today-more">Showing the next {pluralize(tasks.length, 'follow-up')} of {total.toLocaleString('en-US')}.</p>}
    </section>
  )
}

export function TodayView() {
  const { data, error, load } = useQuery(useToday)
  const [now, setNow] = useState(() => Date.now())
  const input = useRef<HTMLInputElement>(null)
  const column = useRef<HTMLDivElement>(null)
  // ↓ from the page focuses the first follow-up's title; Enter on it opens the follow-up
  useListKeys(column, '[data-testid="task-row"] .task-title')

  const refresh = () => {
    setNow(Date.now())
    void load()
  }
  useDayTick(refresh)
  useEffect(() => setNow(Date.now()), [data])

  const focusQuickAdd = () => input.current?.focus()
  useShortcuts({ n: focusQuickAdd })

  const dueNow = data ? data.counts.overdue + data.counts.today : 0
  const nothingDue = data !== null && data.overdue.length === 0 && data.today.length === 0

  return (
    <div className="view view-today">
      <header className="view-header">
        <div className="view-title-row">
          <h1 className="view-title">Today</h1>
          <span className="today-date">{format(now, 'EEEE, MMMM d')}</span>
        </div>
        {data && dueNow > 0 && <span className="muted today-summary">{pluralize(dueNow, 'follow-up')} to do</span>}
      </header>

      <div className="today-scroll">
        <div className="today-column" ref={column}>
          <div className="today-quick-add">
            <QuickAddTask ref={input} placeholder="Add a follow-up…" shortcut="n" />
          </div>

          {error && (
            <p className="inline-error" role="alert">
              {error.message}{' '}
              <button type="button" className="link-button" onClick={refresh}>
                Try again
              </button>
            </p>
          )}
          {!data && !error && <div className="loading-block">Loading…</div>}

          {nothingDue && (
            <EmptyState
              icon="sun"
              title="Nothing due — enjoy your day"
              actions={
                <button type="button" className="button" onClick={focusQuickAdd} title={`Add a follow-up (${comboLabel('n')})`} aria-keyshortcuts="N">
                  <Icon name="plus" size={14} /> Add a follow-up <Kbd combo="n" />
                </button>
              }
            >
              Follow-ups you add here or on a contact, deal or company page show up when they are due.
            </EmptyState>
          )}

          {data && (
            <>
              <TaskSection id="overdue" title="Overdue" icon="alert" tasks={data.overdue} total={data.counts.overdue} tone="danger" now={now} />
              <TaskSection id="today" title="Due today" icon="sun" tasks={data.today} total={data.counts.today} now={now} />
              <TaskSection id="upcoming" title="Upcoming" icon="meeting" tasks={data.upcoming} total={data.counts.upcoming} now={now} />
            </>
          )}
        </div>
      </div>
    </div>
  )
}
