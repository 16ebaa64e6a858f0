/**
 * One-line follow-up quick-add: a title and when it is due (Today 17:00, Tomorrow 9:00, Next Monday
 * 9:00, or a custom date and time), reminder at the due time. "More options" opens the full form.
 */
import { forwardRef, useId, useState, type FormEvent } from 'react'
import { crm, fieldProblems, toAppError } from '../../lib/crm'
import { duePresets, nextFullHour, shortMoment, type DuePresetId } from '../../lib/dueDates'
import { fromDateTimeLocal, toDateTimeLocal } from '../../lib/format'
import { refreshTaskViews } from '../../stores/tasks'
import { showToast } from '../../stores/toasts'
import { useUi, type TaskPrefill } from '../../stores/ui'
import type { Combo } from '../../lib/shortcuts'
import { Icon } from '../Icons'
import { Kbd } from '../Kbd'

export type DueChoice = DuePresetId | 'custom'

/** The records a new follow-up is linked to (the page it is added on, and e.g. a deal's contact). */
export interface TaskLinks {
  contactId?: string
  dealId?: string
  companyId?: string
}

interface Props {
  links?: TaskLinks
  /** Names for the full form's pickers when "More options" is used. */
  prefill?: TaskPrefill
  placeholder?: string
  /** A wide single row (Today view) or a stacked block (record page side column). */
  layout?: 'row' | 'stacked'
  /** The key that focuses it, shown inside the empty field. */
  shortcut?: Combo
  onAdded?: () => void
}

/** The moment a due choice stands for, computed when the follow-up is added. */
export function dueFromChoice(choice: DueChoice, custom: string, now: Date = new Date()): number | null {
  if (choice === 'custom') return fromDateTimeLocal(custom)
  return duePresets(now).find((p) => p.id === choice)?.at ?? null
}

export const QuickAddTask = forwardRef<HTMLInputElement, Props>(function QuickAddTask({ links = {}, prefill, placeholder = 'Add a follow-up…', layout = 'row', shortcut, onAdded }, ref) {
  const uid = useId()
  const [title, setTitle] = useState('')
  const [picked, setChoice] = useState<DueChoice>('tomorrow')
  const [custom, setCustom] = useState(() => toDateTimeLocal(nextFullHour()))
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const openTaskForm = useUi((s) => s.openTaskForm)
  const presets = duePresets()
  // "Today 17:00" goes away once it is past: fall back to tomorrow.
  const choice: DueChoice = picked === 'custom' || presets.some((p) => p.id === picked) ? picked : 'tomorrow'

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (saving) return
    const dueAt = dueFromChoice(choice, custom)
    if (!title.trim()) return setError('Give the follow-up a title')
    if (dueAt === null) return setError('Pick when it is due')
    setSaving(true)
    try {
      const task = await crm.invoke('tasks.create', { title: title.trim(), dueAt, reminderMinutesBefore: 0, ...links })
      setTitle('')
      setError(null)
      refreshTaskViews()
      showToast(`Added “${task.title}”, due ${shortMoment(task.dueAt)}`)
      onAdded?.()
    } catch (err) {
      const problems = fieldProblems(err)
      setError(problems.title ?? problems.dueAt ?? toAppError(err).message)
    } finally {
      setSaving(false)
    }
  }

  const more = () => openTaskForm({ mode: 'create', prefill: { ...prefill, title: title.trim() || undefined, dueAt: dueFromChoice(choice, custom) ?? undefined } })
  const errorId = `${uid}-error`

  return (
    <form className={`quick-add quick-add-${layout}`} onSubmit={submit} noValidate data-testid="quick-add-task" aria-label="Add a follow-up">
      <div className="quick-add-controls">
        <span className="quick-add-title">
          <Icon name="plus" size={14} className="quick-add-icon" />
          <input
            ref={ref}
            className="input"
            value={title}
            placeholder={placeholder}
            aria-label="Follow-up title"
            maxLength={300}
            onChange={(e) => {
              setTitle(e.target.value)
              if (error) setError(null)
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') (e.target as HTMLInputElement).blur()
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            aria-keyshortcuts={shortcut?.toUpperCase()}
          />
          {shortcut && !title && (
            <span className="quick-add-kbd" aria-hidden="true">
              <Kbd combo={shortcut} />
            </span>
          )}
        </span>
        <span className="quick-add-due">
          <select className="input" aria-label="Due" value={choice} onChange={(e) => setChoice(e.target.value as DueChoice)}>
            {presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
            <option value="custom">Pick a date and time…</option>
          </select>
          {choice === 'custom' && <input type="datetime-local" className="input quick-add-custom" aria-label="Due date and time" value={custom} onChange={(e) => setCustom(e.target.value)} />}
          <button type="submit" className="button button-primary" disabled={saving}>
            Add
          </button>
        </span>
      </div>
      <div className="quick-add-footer">
        {error ? (
          <p className="field-error" id={errorId} role="alert">
            {error}
          </p>
        ) : (
          <span className="field-hint">Reminder at the due time</span>
        )}
        <button type="button" className="link-button quick-add-more" onClick={more}>
          More options…
        </button>
      </div>
    </form>
  )
})
