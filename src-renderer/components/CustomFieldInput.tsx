/** The input for one user-defined field, by its type. */
import type { CustomField } from '../../src-shared/model/custom-field'
import { Field, invalidProps } from './Field'

export function CustomFieldInput({ field, id, value, onChange, error }: { field: CustomField; id: string; value: string | boolean | undefined; onChange: (v: string | boolean) => void; error?: string }) {
  const a11y = invalidProps(id, error)
  if (field.type === 'checkbox') {
    return (
      <div className={`field field-checkbox ${error ? 'field-invalid' : ''}`}>
        <label className="checkbox-label">
          <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} {...a11y} />
          {field.label}
        </label>
        {error && (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        )}
      </div>
    )
  }
  const text = typeof value === 'string' ? value : ''
  let control
  if (field.type === 'select') {
    control = (
      <select id={id} className="input" value={text} onChange={(e) => onChange(e.target.value)} {...a11y}>
        <option value="">—</option>
        {field.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
        {text && !field.options.includes(text) && <option value={text}>{text}</option>}
      </select>
    )
  } else {
    const type = field.type === 'number' ? 'text' : field.type === 'date' ? 'date' : field.type === 'url' ? 'url' : 'text'
    control = (
      <input
        id={id}
        className="input"
        type={type}
        inputMode={field.type === 'number' ? 'decimal' : undefined}
        placeholder={field.type === 'url' ? 'https://' : undefined}
        value={text}
        onChange={(e) => onChange(e.target.value)}
        {...a11y}
      />
    )
  }
  return (
    <Field id={id} label={field.label} error={error}>
      {control}
    </Field>
  )
}
