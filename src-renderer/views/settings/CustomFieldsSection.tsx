/** Settings → Custom fields: the extra fields every contact gets (text, number, date, select, checkbox, URL). */
import { useEffect, useState, type FormEvent } from 'react'
import { CUSTOM_FIELD_TYPES, type CustomField, type CustomFieldType } from '../../../src-shared/model/custom-field'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { EmptyState } from '../../components/EmptyState'
import { Field } from '../../components/Field'
import { Icon } from '../../components/Icons'
import { crm, fieldProblems, toAppError } from '../../lib/crm'
import { useCustomFields } from '../../stores/customFields'
import { showToast, showUndo } from '../../stores/toasts'

export const FIELD_TYPE_LABELS: Record<CustomFieldType, string> = {
  text: 'Text',
  number: 'Number',
  date: 'Date',
  select: 'Select',
  checkbox: 'Checkbox',
  url: 'URL',
}

/** One option per line; blank lines ignored. */
const parseOptions = (text: string) =>
  text
    .split('\n')
    .map((o) => o.trim())
    .filter(Boolean)

function FieldRow({ field, onDelete }: { field: CustomField; onDelete: () => void }) {
  const [editing, setEditing] = useState(false)
  const [label, setLabel] = useState(field.label)
  const [options, setOptions] = useState(field.options.join('\n'))
  const [error, setError] = useState<string | null>(null)

  const save = async (e: FormEvent) => {
    e.preventDefault()
    try {
      await crm.invoke('customFields.update', { id: field.id, label, ...(field.type === 'select' ? { options: parseOptions(options) } : {}) })
      setEditing(false)
      setError(null)
    } catch (err) {
      setError(toAppError(err).message)
    }
  }

  if (editing) {
    return (
      <li className="settings-row is-editing">
        <form className="settings-edit settings-edit-column" onSubmit={save} onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), setEditing(false))}>
          <Field id={`field-label-${field.id}`} label="Name">
            <input id={`field-label-${field.id}`} className="input" value={label} onChange={(e) => setLabel(e.target.value)} autoFocus />
          </Field>
          {field.type === 'select' && (
            <Field id={`field-options-${field.id}`} label="Options (one per line)">
              <textarea id={`field-options-${field.id}`} className="input textarea" rows={4} value={options} onChange={(e) => setOptions(e.target.value)} />
            </Field>
          )}
          {error && <p className="field-error">{error}</p>}
          <div className="settings-edit-actions">
            <button type="button" className="button button-small" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <button type="submit" className="button button-small button-primary">
              Save
            </button>
          </div>
        </form>
      </li>
    )
  }
  return (
    <li className="settings-row">
      <span className="settings-name">{field.label}</span>
      <span className="pill">{FIELD_TYPE_LABELS[field.type]}</span>
      {field.type === 'select' && <span className="settings-meta ellipsis">{field.options.join(', ')}</span>}
      <span className="settings-row-actions">
        <button
          type="button"
          className="button button-small button-ghost"
          aria-label={`Edit field ${field.label}`}
          onClick={() => {
            setLabel(field.label)
            setOptions(field.options.join('\n'))
            setEditing(true)
          }}
        >
          <Icon name="edit" size={14} /> Edit
        </button>
        <button type="button" className="button button-small button-danger-ghost" aria-label={`Delete field ${field.label}`} onClick={onDelete}>
          <Icon name="trash" size={14} /> Delete
        </button>
      </span>
    </li>
  )
}

export function CustomFieldsSection() {
  const fields = useCustomFields((s) => s.data)
  const [label, setLabel] = useState('')
  const [type, setType] = useState<CustomFieldType>('text')
  const [options, setOptions] = useState('')
  const [problems, setProblems] = useState<Record<string, string>>({})
  const [deleting, setDeleting] = useState<CustomField | null>(null)

  useEffect(() => {
    void useCustomFields.getState().load()
  }, [])

  const create = async (e: FormEvent) => {
    e.preventDefault()
    try {
      const field = await crm.invoke('customFields.create', { label, type, options: type === 'select' ? parseOptions(options) : [] })
      setLabel('')
      setOptions('')
      setProblems({})
      showToast(`Added the field “${field.label}”`)
    } catch (err) {
      const found = fieldProblems(err)
      setProblems(Object.keys(found).length ? found : { label: toAppError(err).message })
    }
  }

  const remove = async (field: CustomField) => {
    await crm.invoke('customFields.delete', { ids: [field.id] })
    showUndo(`Deleted the field “${field.label}”`, () => crm.invoke('customFields.restore', { ids: [field.id] }), `Restored the field “${field.label}”`)
  }

  return (
    <section className="settings-card" aria-labelledby="fields-heading">
      <header className="settings-card-header">
        <h2 id="fields-heading">Custom fields</h2>
        <p className="muted">Extra fields on every contact, for what matters in your business.</p>
      </header>
      <form className="settings-create settings-create-grid" onSubmit={create}>
        <Field id="new-field-label" label="Field name" error={problems.label}>
          <input id="new-field-label" className="input" placeholder="e.g. Contract renewal" value={label} onChange={(e) => setLabel(e.target.value)} aria-invalid={problems.label ? true : undefined} />
        </Field>
        <Field id="new-field-type" label="Type">
          <select id="new-field-type" className="input" value={type} onChange={(e) => setType(e.target.value as CustomFieldType)}>
            {CUSTOM_FIELD_TYPES.map((t) => (
              <option key={t} value={t}>
                {FIELD_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </Field>
        {type === 'select' && (
          <Field id="new-field-options" label="Options (one per line)" error={problems.options ?? Object.entries(problems).find(([p]) => p.startsWith('options.'))?.[1]} className="span-2">
            <textarea id="new-field-options" className="input textarea" rows={3} value={options} onChange={(e) => setOptions(e.target.value)} />
          </Field>
        )}
        <div className="settings-create-submit">
          <button type="submit" className="button button-primary button-small">
            <Icon name="plus" size={14} /> Add field
          </button>
        </div>
      </form>
      {fields && fields.length === 0 ? (
        <EmptyState icon="fields" title="No custom fields yet">
          Add one above; it appears on every contact’s form and page.
        </EmptyState>
      ) : (
        <ul className="settings-list" aria-label="Custom fields">
          {(fields ?? []).map((f) => (
            <FieldRow key={f.id} field={f} onDelete={() => setDeleting(f)} />
          ))}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete the field “${deleting.label}”?`}
          message="Its values disappear from every contact. You can undo this right after."
          confirmLabel="Delete field"
          onConfirm={() => remove(deleting)}
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  )
}
