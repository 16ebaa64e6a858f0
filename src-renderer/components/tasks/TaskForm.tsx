/**
 * Create or edit a follow-up, in a dialog: title, due date and time (local), reminder (none, at due,
 * or N minutes/hours/days before), priority, the contact / company it belongs to, notes.
 */
import { useEffect, useState } from 'react'
import { TASK_PRIORITIES, type Task, type TaskPriority } from '../../../src-shared/model/task'
import { crm, toAppError } from '../../lib/crm'
import { choiceToReminder, reminderToChoice, tomorrowAt9, type ReminderChoice, type ReminderUnit } from '../../lib/dueDates'
import { fromDateTimeLocal, toDateTimeLocal } from '../../lib/format'
import { refreshTaskViews } from '../../stores/tasks'
import { showToast } from '../../stores/toasts'
import type { TaskFormTarget, TaskPrefill } from '../../stores/ui'
import { useSaveForm } from '../../lib/useSaveForm'
import { CompanyPicker, type PickedCompany } from '../CompanyPicker'
import { ContactPicker, type PickedContact } from '../ContactPicker'
import { Dialog } from '../Dialog'
import { ErrorSummary, Field, invalidProps } from '../Field'
import { Icon } from '../Icons'
import { FormFooter } from '../FormFooter'

export const taskFieldId = (path: string) => `task-${path.replace(/\./g, '-')}`

const PRIORITY_LABEL: Record<TaskPriority, string> = { low: 'Low', normal: 'Normal', high: 'High' }

interface TaskDraft {
  title: string
  dueAt: string
  reminder: ReminderChoice['kind']
  reminderCount: string
  reminderUnit: ReminderUnit
  priority: TaskPriority
  contact: PickedContact | null
  company: PickedCompany | null
  deal: { id: string; title: string } | null
  notes: string
}

function draftFor(task: Task | undefined, prefill: TaskPrefill | undefined): TaskDraft {
  const choice = reminderToChoice(task ? task.reminderMinutesBefore : 0)
  return {
    title: task?.title ?? prefill?.title ?? '',
    dueAt: toDateTimeLocal(task?.dueAt ?? prefill?.dueAt ?? tomorrowAt9()),
    reminder: choice.kind,
    reminderCount: choice.kind === 'before' ? String(choice.count) : '15',
    reminderUnit: choice.kind === 'before' ? choice.unit : 'minutes',
    priority: task?.priority ?? 'normal',
    contact: task?.contactId ? { id: task.contactId, name: task.contactName ?? '' } : (prefill?.contact ?? null),
    company: task?.companyId ? { id: task.companyId, name: task.companyName ?? '' } : (prefill?.company ?? null),
    deal: task?.dealId ? { id: task.dealId, title: task.dealTitle ?? '' } : (prefill?.deal ?? null),
    notes: task?.notes ?? '',
  }
}

export function TaskForm({ task, prefill, onSaved, onCancel }: { task?: Task; prefill?: TaskPrefill; onSaved: (t: Task) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState<TaskDraft>(() => draftFor(task, prefill))
  const set = <K extends keyof TaskDraft>(key: K, value: TaskDraft[K]) => setDraft((d) => ({ ...d, [key]: value }))
  const id = taskFieldId

  const { error, problems, saving, submit, onKeyDown } = useSaveForm<Task>({
    prepare: () => {
      const found: Record<string, string> = {}
      const dueAt = fromDateTimeLocal(draft.dueAt)
      if (!draft.title.trim()) found.title = 'Give the follow-up a title'
      if (dueAt === null) found.dueAt = 'Pick when it is due'
      const count = Number(draft.reminderCount)
      if (draft.reminder === 'before' && (!Number.isInteger(count) || count < 1)) found.reminderMinutesBefore = 'Enter a whole number, at least 1'
      const choice: ReminderChoice = draft.reminder === 'before' ? { kind: 'before', count, unit: draft.reminderUnit } : { kind: draft.reminder }
      const fields = {
        title: draft.title.trim(),
        // The input has minutes only: an untouched due time keeps its exact value.
        dueAt: task && draft.dueAt === toDateTimeLocal(task.dueAt) ? undefined : (dueAt ?? undefined),
        reminderMinutesBefore: choiceToReminder(choice),
        priority: draft.priority,
        contactId: draft.contact?.id ?? null,
        companyId: draft.company?.id ?? null,
        dealId: draft.deal?.id ?? null,
        notes: draft.notes,
      }
      return {
        problems: found,
        save: () => (task ? crm.invoke('tasks.update', { id: task.id, patch: fields }) : crm.invoke('tasks.create', fields)),
      }
    },
    onSaved,
    fieldId: id,
  })

  return (
    <form className="task-form" onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-label={task ? 'Edit follow-up' : 'New follow-up'}>
      <div className="form-scroll">
        {error && <ErrorSummary message={error.message} problems={problems} fieldId={id} />}
        <div className="form-grid">
          <Field id={id('title')} label="Title" error={problems.title} className="span-2">
            <input id={id('title')} className="input" value={draft.title} placeholder="e.g. Send the proposal" data-autofocus onChange={(e) => set('title', e.target.value)} {...invalidProps(id('title'), problems.title)} />
          </Field>
          <Field id={id('dueAt')} label="Due" error={problems.dueAt}>
            <input id={id('dueAt')} className="input" type="datetime-local" value={draft.dueAt} onChange={(e) => set('dueAt', e.target.value)} {...invalidProps(id('dueAt'), problems.dueAt)} />
          </Field>
          <Field id={id('priority')} label="Priority" error={problems.priority}>
            <div className="segmented priority-segmented" role="radiogroup" aria-label="Priority" id={id('priority')}>
              {TASK_PRIORITIES.map((p) => (
                <button key={p} type="button" role="radio" aria-checked={draft.priority === p} className={`segment ${draft.priority === p ? 'is-selected' : ''}`} onClick={() => set('priority', p)}>
                  {p !== 'normal' && <Icon name={p === 'high' ? 'flag' : 'arrowDown'} size={12} />}
                  {PRIORITY_LABEL[p]}
                </button>
              ))}
            </div>
          </Field>
          <Field id={id('reminderMinutesBefore')} label="Reminder" error={problems.reminderMinutesBefore} className="span-2">
            <div className="reminder-controls">
              <select id={id('reminderMinutesBefore')} className="input reminder-kind" value={draft.reminder} onChange={(e) => set('reminder', e.target.value as ReminderChoice['kind'])}>
                <option value="due">At the due time</option>
                <option value="before">Before the due time…</option>
                <option value="none">No reminder</option>
              </select>
              {draft.reminder === 'before' && (
                <>
                  <input
                    className="input reminder-count"
                    type="number"
                    min={1}
                    step={1}
                    aria-label="How many"
                    value={draft.reminderCount}
                    onChange={(e) => set('reminderCount', e.target.value)}
                    {...invalidProps(id('reminderMinutesBefore'), problems.reminderMinutesBefore)}
                  />
                  <select className="input reminder-unit" aria-label="Unit" value={draft.reminderUnit} onChange={(e) => set('reminderUnit', e.target.value as ReminderUnit)}>
                    <option value="minutes">minutes before</option>
                    <option value="hours">hours before</option>
                    <option value="days">days before</option>
                  </select>
                </>
              )}
            </div>
          </Field>
          <Field id={id('contactId')} label="Contact" error={problems.contactId}>
            <ContactPicker
              id={id('contactId')}
              value={draft.contact}
              onChange={(c) => setDraft((d) => ({ ...d, contact: c, company: d.company ?? (c?.companyId ? { id: c.companyId, name: c.companyName ?? '' } : null) }))}
              invalid={invalidProps(id('contactId'), problems.contactId)}
            />
          </Field>
          <Field id={id('companyId')} label="Company" error={problems.companyId}>
            <CompanyPicker id={id('companyId')} value={draft.company} onChange={(c) => set('company', c)} invalid={invalidProps(id('companyId'), problems.companyId)} />
          </Field>
          {draft.deal && (
            <div className="field span-2">
              <span className="field-label">Deal</span>
              <div className="task-form-deal">
                <Icon name="pipeline" size={14} />
                <span className="ellipsis">{draft.deal.title || 'Untitled deal'}</span>
                <button type="button" className="link-button" onClick={() => set('deal', null)}>
                  Unlink
                </button>
              </div>
            </div>
          )}
          <Field id={id('notes')} label="Notes" error={problems.notes} className="span-2">
            <textarea id={id('notes')} className="input textarea" rows={3} value={draft.notes} onChange={(e) => set('notes', e.target.value)} />
          </Field>
        </div>
      </div>
      <FormFooter saving={saving} onCancel={onCancel} saveLabel={task ? 'Save changes' : 'Add follow-up'} />
    </form>
  )
}

export function TaskFormDialog({ target, onClose }: { target: TaskFormTarget; onClose: () => void }) {
  const editId = target.mode === 'edit' ? target.id : null
  const [task, setTask] = useState<Task | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)

  useEffect(() => {
    if (editId) crm.invoke('tasks.get', { id: editId }).then(setTask, (e) => setLoadError(toAppError(e).message))
  }, [editId])

  const onSaved = (saved: Task) => {
    onClose()
    refreshTaskViews()
    showToast(editId ? 'Changes saved' : `Added follow-up “${saved.title}”`)
  }

  return (
    <Dialog title={editId ? 'Edit follow-up' : 'New follow-up'} onClose={onClose} size="md" closeOnBackdrop={false} className="dialog-form">
      {loadError ? (
        <p className="form-load-error" role="alert">
          {loadError}
        </p>
      ) : editId && !task ? (
        <p className="muted loading-text">Loading…</p>
      ) : (
        <TaskForm task={task ?? undefined} prefill={target.mode === 'create' ? target.prefill : undefined} onSaved={onSaved} onCancel={onClose} />
      )}
    </Dialog>
  )
}
