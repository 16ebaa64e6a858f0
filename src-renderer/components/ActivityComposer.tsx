/**
 * Logs a new timeline entry or edits one: fields by type (note, call, email, meeting), when it
 * happened (defaults to now). Ctrl/Cmd+Enter saves, Escape closes.
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import {
  ACTIVITY_LABELS,
  ACTIVITY_TYPES,
  CALL_OUTCOMES,
  CALL_OUTCOME_LABELS,
  type Activity,
  type CallOutcome,
  type Direction,
  type LoggableType,
} from '../../src-shared/model/activity'
import { crm, fieldProblems, toAppError } from '../lib/crm'
import { fromDateTimeLocal, toDateTimeLocal, withArticle } from '../lib/format'
import { isMac } from '../lib/shortcuts'
import type { TimelineSubject } from '../stores/timeline'
import { showToast } from '../stores/toasts'
import { Field, invalidProps } from './Field'
import { Icon } from './Icons'
import { Kbd } from './Kbd'

interface ComposerDraft {
  type: LoggableType
  occurredAt: string
  subject: string
  body: string
  direction: Direction
  duration: string
  outcome: CallOutcome
  location: string
  contactId: string
}

const draftFrom = (type: LoggableType, a?: Activity): ComposerDraft => ({
  type,
  occurredAt: toDateTimeLocal(a?.occurredAt ?? Date.now()),
  subject: a?.subject ?? '',
  body: a?.body ?? '',
  direction: a?.direction ?? 'outbound',
  duration: a?.durationMinutes != null ? String(a.durationMinutes) : '',
  outcome: a?.outcome ?? 'connected',
  location: a?.location ?? '',
  contactId: a?.contactId ?? '',
})

const BODY_LABEL: Record<LoggableType, string> = { note: 'Note', call: 'Summary', email: 'Message or summary', meeting: 'Notes' }
const SUBJECT_LABEL: Partial<Record<LoggableType, string>> = { email: 'Subject', meeting: 'Title' }

export const TYPE_ICON = { note: 'note', call: 'call', email: 'email', meeting: 'meeting', system: 'pipeline' } as const

export interface ActivityComposerProps {
  type: LoggableType
  editing?: Activity
  subject: TimelineSubject
  /** On a company page: the people one may attach the entry to. */
  people?: Array<{ id: string; name: string }>
  /** On a deal page: the deal's contact, so the entry also shows on that person's history. */
  dealContactId?: string | null
  onTypeChange: (type: LoggableType) => void
  onClose: () => void
}

export function ActivityComposer({ type, editing, subject, people, dealContactId, onTypeChange, onClose }: ActivityComposerProps) {
  const [draft, setDraft] = useState<ComposerDraft>(() => draftFrom(type, editing))
  const [error, setError] = useState<{ message: string; problems: Record<string, string> } | null>(null)
  const [saving, setSaving] = useState(false)
  /** An untouched "When" on a new entry means "now" at the moment of saving (the input only has minutes). */
  const [whenTouched, setWhenTouched] = useState(Boolean(editing))
  const root = useRef<HTMLFormElement>(null)
  const problems = error?.problems ?? {}
  const set = <K extends keyof ComposerDraft>(key: K, value: ComposerDraft[K]) => setDraft((d) => ({ ...d, [key]: value }))
  const id = (field: string) => `activity-${field}`

  useEffect(() => {
    setDraft((d) => ({ ...d, type }))
  }, [type])

  useEffect(() => {
    root.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus()
  }, [draft.type])

  const submit = async (event?: FormEvent) => {
    event?.preventDefault()
    if (saving) return
    const occurredAt = whenTouched ? fromDateTimeLocal(draft.occurredAt) : Date.now()
    const duration = draft.duration.trim()
    const durationMinutes = duration === '' ? null : Number(duration)
    if (occurredAt === null || (durationMinutes !== null && !Number.isFinite(durationMinutes))) {
      const local: Record<string, string> = {}
      if (occurredAt === null) local.occurredAt = 'Enter when it happened'
      if (durationMinutes !== null && !Number.isFinite(durationMinutes)) local.durationMinutes = 'Duration must be a number of minutes'
      setError({ message: Object.values(local)[0], problems: local })
      return
    }
    const t = draft.type
    const fields = {
      occurredAt,
      body: draft.body,
      subject: t === 'email' || t === 'meeting' ? draft.subject : null,
      direction: t === 'call' || t === 'email' ? draft.direction : null,
      durationMinutes: t === 'call' || t === 'meeting' ? durationMinutes : null,
      outcome: t === 'call' ? draft.outcome : null,
      location: t === 'meeting' ? draft.location : null,
    }
    const link =
      'contactId' in subject
        ? { contactId: subject.contactId }
        : 'dealId' in subject
          ? { dealId: subject.dealId, contactId: dealContactId ?? null }
          : { companyId: subject.companyId, contactId: draft.contactId || null }
    setSaving(true)
    try {
      if (editing) {
        await crm.invoke('activities.update', { id: editing.id, patch: { type: t, ...fields, ...('companyId' in subject ? { contactId: link.contactId } : {}) } })
        showToast(`${ACTIVITY_LABELS[t]} updated`)
      } else {
        await crm.invoke('activities.create', { type: t, ...link, ...fields })
        showToast(`${ACTIVITY_LABELS[t]} logged`)
      }
      onClose()
    } catch (e) {
      const appError = toAppError(e)
      setError({ message: appError.message, problems: fieldProblems(appError) })
      setSaving(false)
    }
  }

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      onClose()
    } else if (e.key === 'Enter' && (isMac ? e.metaKey : e.ctrlKey)) {
      e.preventDefault()
      void submit()
    }
  }

  const t = draft.type
  const unplaced = Object.entries(problems).filter(([p]) => !['occurredAt', 'subject', 'body', 'durationMinutes', 'location', 'contactId'].includes(p))

  return (
    <form ref={root} className="composer" onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-label={editing ? `Edit ${ACTIVITY_LABELS[t].toLowerCase()}` : `Log ${withArticle(ACTIVITY_LABELS[t].toLowerCase())}`}>
      <div className="composer-head">
        {editing ? (
          <span className="composer-title">
            <Icon name={TYPE_ICON[t]} /> Edit {ACTIVITY_LABELS[t].toLowerCase()}
          </span>
        ) : (
          <div className="segmented" role="radiogroup" aria-label="Entry type">
            {ACTIVITY_TYPES.map((type) => (
              <button
                key={type}
                type="button"
                role="radio"
                aria-checked={t === type}
                className={`segment ${t === type ? 'is-selected' : ''}`}
                onClick={() => onTypeChange(type)}
              >
                <Icon name={TYPE_ICON[type]} size={14} /> {ACTIVITY_LABELS[type]}
              </button>
            ))}
          </div>
        )}
        <button type="button" className="icon-button" aria-label="Close composer" title="Close (Esc)" onClick={onClose}>
          <Icon name="close" />
        </button>
      </div>

      {error && unplaced.length > 0 && (
        <p className="field-error composer-error" role="alert">
          {error.message}
        </p>
      )}

      <div className="composer-fields">
        {(t === 'call' || t === 'email') && (
          <div className="segmented segmented-small" role="radiogroup" aria-label="Direction">
            {(['outbound', 'inbound'] as const).map((d) => (
              <button key={d} type="button" role="radio" aria-checked={draft.direction === d} className={`segment ${draft.direction === d ? 'is-selected' : ''}`} onClick={() => set('direction', d)}>
                {d === 'outbound' ? 'Outbound' : 'Inbound'}
              </button>
            ))}
          </div>
        )}

        {SUBJECT_LABEL[t] && (
          <Field id={id('subject')} label={SUBJECT_LABEL[t]!} error={problems.subject}>
            <input id={id('subject')} className="input" value={draft.subject} data-autofocus onChange={(e) => set('subject', e.target.value)} {...invalidProps(id('subject'), problems.subject)} />
          </Field>
        )}

        <div className="composer-row">
          {t === 'call' && (
            <Field id={id('outcome')} label="Outcome" error={problems.outcome}>
              <select id={id('outcome')} className="input" value={draft.outcome} onChange={(e) => set('outcome', e.target.value as CallOutcome)}>
                {CALL_OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {CALL_OUTCOME_LABELS[o]}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {t === 'meeting' && (
            <Field id={id('location')} label="Location" error={problems.location}>
              <input id={id('location')} className="input" value={draft.location} placeholder="Office, video call…" onChange={(e) => set('location', e.target.value)} {...invalidProps(id('location'), problems.location)} />
            </Field>
          )}
          {(t === 'call' || t === 'meeting') && (
            <Field id={id('durationMinutes')} label="Duration (min)" error={problems.durationMinutes} className="field-narrow">
              <input
                id={id('durationMinutes')}
                className="input"
                inputMode="numeric"
                value={draft.duration}
                placeholder="e.g. 15"
                onChange={(e) => set('duration', e.target.value)}
                {...invalidProps(id('durationMinutes'), problems.durationMinutes)}
              />
            </Field>
          )}
          <Field id={id('occurredAt')} label="When" error={problems.occurredAt} className="field-when">
            <input id={id('occurredAt')} className="input" type="datetime-local" value={draft.occurredAt} onChange={(e) => {
                setWhenTouched(true)
                set('occurredAt', e.target.value)
              }}
              {...invalidProps(id('occurredAt'), problems.occurredAt)}
            />
          </Field>
          {people && (
            <Field id={id('contactId')} label="Person" error={problems.contactId}>
              <select id={id('contactId')} className="input" value={draft.contactId} onChange={(e) => set('contactId', e.target.value)}>
                <option value="">The company only</option>
                {people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
        </div>

        <Field id={id('body')} label={BODY_LABEL[t]} error={problems.body}>
          <textarea
            id={id('body')}
            className="input textarea"
            rows={t === 'note' ? 4 : 3}
            value={draft.body}
            data-autofocus={SUBJECT_LABEL[t] ? undefined : true}
            onChange={(e) => set('body', e.target.value)}
            {...invalidProps(id('body'), problems.body)}
          />
        </Field>
      </div>

      <div className="composer-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? 'Saving…' : editing ? 'Save' : `Log ${ACTIVITY_LABELS[t].toLowerCase()}`}
          {!saving && <Kbd combo="mod+enter" />}
        </button>
      </div>
    </form>
  )
}
