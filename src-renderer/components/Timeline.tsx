/**
 * The history of a contact, company or deal, newest first, grouped by day: the log buttons
 * (N, C, E, M), the type filter, the composer, and the entries with edit and delete (with Undo).
 * Deal updates (stage changes, won, lost) are compact system lines written by core.
 */
import { useEffect } from 'react'
import { ACTIVITY_LABELS, ACTIVITY_TYPES, CALL_OUTCOME_LABELS, type Activity, type ActivityType, type LoggableType } from '../../src-shared/model/activity'
import { crm } from '../lib/crm'
import { dayKey, formatDayHeading, formatDuration, formatExact, formatTime, joinParts, withArticle } from '../lib/format'
import { comboLabel, useShortcuts } from '../lib/shortcuts'
import { useQuery } from '../stores/query'
import { activitiesInput, sameSubject, useActivities, useTimeline, type TimelineSubject } from '../stores/timeline'
import { showError, showUndo } from '../stores/toasts'
import { ActivityComposer, TYPE_ICON } from './ActivityComposer'
import { EmptyState } from './EmptyState'
import { Icon } from './Icons'
import { Kbd } from './Kbd'
import { InlineError } from './InlineError'

const SHORTCUT: Record<LoggableType, string> = { note: 'n', call: 'c', email: 'e', meeting: 'm' }
const FILTER_LABEL: Record<ActivityType, string> = { note: 'Notes', call: 'Calls', email: 'Emails', meeting: 'Meetings', system: 'Deal updates' }
const FILTERS: ActivityType[] = [...ACTIVITY_TYPES, 'system']

/** "Outbound call · 12 min · Connected". */
export function describeActivity(a: Activity): string {
  const direction = a.direction ? (a.direction === 'inbound' ? 'Inbound' : 'Outbound') : null
  switch (a.type) {
    case 'call':
      return joinParts([direction ? `${direction} call` : 'Call', a.durationMinutes != null ? formatDuration(a.durationMinutes) : null, a.outcome ? CALL_OUTCOME_LABELS[a.outcome] : null], ' · ')
    case 'email':
      return direction ? `${direction} email` : 'Email'
    case 'meeting':
      return joinParts(['Meeting', a.location, a.durationMinutes != null ? formatDuration(a.durationMinutes) : null], ' · ')
    default:
      return 'Note'
  }
}

/** "Moved from Qualified to Proposal", "Won", "Lost: too expensive": one line with the time, linking to the deal when shown elsewhere. */
function SystemEntry({ activity, showDeal }: { activity: Activity; showDeal: boolean }) {
  return (
    <li className="timeline-entry timeline-system type-system" data-testid="timeline-entry" data-type="system" data-id={activity.id}>
      <span className="timeline-icon" aria-hidden="true">
        <Icon name={TYPE_ICON.system} size={12} />
      </span>
      <div className="timeline-system-line">
        <span className="timeline-system-text">
          {showDeal && activity.dealId && (
            <>
              <a href={`#/deals/${activity.dealId}`} className="timeline-deal-link">
                {activity.dealTitle ?? 'Deal'}
              </a>
              {': '}
            </>
          )}
          {activity.subject ? `${activity.subject} · ` : ''}
          {activity.body}
        </span>
        <time className="timeline-time" dateTime={new Date(activity.occurredAt).toISOString()} title={formatExact(activity.occurredAt)}>
          {formatTime(activity.occurredAt)}
        </time>
      </div>
    </li>
  )
}

function TimelineEntry({ activity, showContact, showDeal, onEdit }: { activity: Activity; showContact: boolean; showDeal: boolean; onEdit: () => void }) {
  const label = ACTIVITY_LABELS[activity.type].toLowerCase()
  const remove = async () => {
    try {
      await crm.invoke('activities.delete', { ids: [activity.id] })
      showUndo(`Deleted ${label}`, () => crm.invoke('activities.restore', { ids: [activity.id] }), `Restored ${label}`)
    } catch (error) {
      showError(error)
    }
  }
  return (
    <li className={`timeline-entry type-${activity.type}`} data-testid="timeline-entry" data-type={activity.type} data-id={activity.id}>
      <span className="timeline-icon" aria-hidden="true">
        <Icon name={TYPE_ICON[activity.type]} size={14} />
      </span>
      <div className="timeline-card">
        <div className="timeline-meta">
          <span className="timeline-what">
            <span className="timeline-kind">{describeActivity(activity)}</span>
            {showContact && activity.contactId && activity.contactName && (
              <span className="timeline-person">
                {' '}
                with <a href={`#/contacts/${activity.contactId}`}>{activity.contactName}</a>
              </span>
            )}
            {showDeal && activity.dealId && (
              <span className="timeline-person">
                {' '}
                on <a href={`#/deals/${activity.dealId}`}>{activity.dealTitle ?? 'a deal'}</a>
              </span>
            )}
          </span>
          <span className="timeline-actions">
            <button type="button" className="icon-button" aria-label={`Edit ${label}`} title="Edit" onClick={onEdit}>
              <Icon name="edit" size={14} />
            </button>
            <button type="button" className="icon-button" aria-label={`Delete ${label}`} title="Delete" onClick={remove}>
              <Icon name="trash" size={14} />
            </button>
          </span>
          <time className="timeline-time" dateTime={new Date(activity.occurredAt).toISOString()} title={formatExact(activity.occurredAt)}>
            {formatTime(activity.occurredAt)}
          </time>
        </div>
        {activity.subject && <div className="timeline-subject">{activity.subject}</div>}
        {activity.body && <div className="timeline-body">{activity.body}</div>}
      </div>
    </li>
  )
}

export interface TimelinePanelProps {
  subject: TimelineSubject
  /** Company pages show whose history each entry is, and can attach a new entry to a person. */
  people?: Array<{ id: string; name: string }>
  /** Deal pages: entries logged here are also linked to the deal's contact. */
  dealContactId?: string | null
}

export function TimelinePanel({ subject, people, dealContactId }: TimelinePanelProps) {
  const { subject: shown, filter: chosen, composer, open, setFilter, openComposer, closeComposer } = useTimeline()
  const showContact = !('contactId' in subject)
  const showDeal = !('dealId' in subject)
  const subjectKey = JSON.stringify(subject)

  useEffect(() => {
    open(JSON.parse(subjectKey) as TimelineSubject)
  }, [subjectKey, open])
  // another record's filter is not this one's (open() clears it right after this render)
  const filter = sameSubject(shown, subject) ? chosen : null
  const { data: activities, error, refresh: reload } = useQuery(useActivities, activitiesInput(subject, filter))

  const startComposer = (type: LoggableType) => openComposer({ type })
  useShortcuts({
    n: () => startComposer('note'),
    c: () => startComposer('call'),
    e: () => startComposer('email'),
    m: () => startComposer('meeting'),
  })

  const groups: Array<{ key: string; label: string; items: Activity[] }> = []
  for (const a of activities ?? []) {
    const key = dayKey(a.occurredAt)
    const last = groups[groups.length - 1]
    if (last && last.key === key) last.items.push(a)
    else groups.push({ key, label: formatDayHeading(a.occurredAt), items: [a] })
  }

  const composerFor = (type: LoggableType, editing?: Activity) => (
    <ActivityComposer
      key={editing ? `edit-${editing.id}` : 'new'}
      type={type}
      editing={editing}
      subject={subject}
      people={people}
      dealContactId={dealContactId}
      onTypeChange={(t) => openComposer({ type: t, editing })}
      onClose={closeComposer}
    />
  )

  return (
    <section className="timeline-panel" aria-label="History">
      <div className="timeline-toolbar">
        <div className="log-buttons" role="group" aria-label="Log an entry">
          {ACTIVITY_TYPES.map((type) => (
            <button
              key={type}
              type="button"
              className="button button-small"
              title={`Log ${withArticle(ACTIVITY_LABELS[type].toLowerCase())} (${comboLabel(SHORTCUT[type])})`}
              aria-keyshortcuts={SHORTCUT[type].toUpperCase()}
              onClick={() => startComposer(type)}
            >
              <Icon name={TYPE_ICON[type]} size={14} />
              {ACTIVITY_LABELS[type]} <Kbd combo={SHORTCUT[type]} />
            </button>
          ))}
        </div>
        <div className="filter-chips" role="group" aria-label="Show">
          <button type="button" className={`chip ${filter === null ? 'is-selected' : ''}`} aria-pressed={filter === null} onClick={() => setFilter(null)}>
            All
          </button>
          {FILTERS.map((type) => (
            <button key={type} type="button" className={`chip ${filter === type ? 'is-selected' : ''}`} aria-pressed={filter === type} onClick={() => setFilter(type)}>
              {FILTER_LABEL[type]}
            </button>
          ))}
        </div>
      </div>

      {composer && !composer.editing && <div className="composer-slot">{composerFor(composer.type)}</div>}

      {error && (
        <InlineError message={error.message} onRetry={() => void reload()} />
      )}

      {activities === null ? (
        !error && <p className="muted loading-text">Loading history…</p>
      ) : activities.length === 0 ? (
        filter ? (
          <EmptyState icon="filter" title={`No ${FILTER_LABEL[filter].toLowerCase()} yet`} actions={<button type="button" className="button" onClick={() => setFilter(null)}>Show everything</button>} />
        ) : (
          !composer && (
            <EmptyState
              icon="history"
              title="No history yet"
              actions={
                <>
                  <button type="button" className="button button-primary" onClick={() => startComposer('call')}>
                    Log a call
                  </button>
                  <button type="button" className="button" onClick={() => startComposer('note')}>
                    Add a note
                  </button>
                </>
              }
            >
              Log the first call or note.
            </EmptyState>
          )
        )
      ) : (
        <ol className="timeline" data-testid="timeline">
          {groups.map((g) => (
            <li key={g.key} className="timeline-day">
              <h3 className="timeline-day-label">{g.label}</h3>
              <ol className="timeline-day-entries">
                {g.items.map((a) =>
                  a.type === 'system' ? (
                    <SystemEntry key={a.id} activity={a} showDeal={showDeal} />
                  ) : composer?.editing?.id === a.id ? (
                    <li key={a.id} className="timeline-editing">
                      {composerFor(a.type, a)}
                    </li>
                  ) : (
                    <TimelineEntry key={a.id} activity={a} showContact={showContact} showDeal={showDeal} onEdit={() => openComposer({ type: a.type as LoggableType, editing: a })} />
                  ),
                )}
              </ol>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
