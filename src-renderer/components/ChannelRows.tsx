/** Editable rows of emails, phones or profile links: value, label, remove; emails also pick the primary one. */
import { useId } from 'react'
import { newRowKey, type ChannelDraft, type EmailDraft } from '../lib/contactDraft'
import { invalidProps } from './Field'
import { Icon } from './Icons'

export interface ChannelRowsProps<T extends ChannelDraft> {
  /** "emails", "phones" or "socialProfiles": the path prefix of error messages. */
  path: string
  legend: string
  noun: string
  inputType: 'email' | 'tel' | 'url'
  placeholder: string
  labelSuggestions: string[]
  rows: T[]
  onChange: (rows: T[]) => void
  errors: Record<string, string>
  fieldId: (path: string) => string
  withPrimary?: boolean
}

export function ChannelRows<T extends ChannelDraft>(props: ChannelRowsProps<T>) {
  const { path, legend, noun, inputType, placeholder, labelSuggestions, rows, onChange, errors, fieldId, withPrimary } = props
  const listId = useId()
  const update = (index: number, patch: Partial<EmailDraft>) => onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)))
  const setPrimary = (index: number) => onChange(rows.map((r, i) => ({ ...r, primary: i === index })))
  const remove = (index: number) => {
    const next = rows.filter((_, i) => i !== index)
    if (withPrimary && next.length && !next.some((r) => (r as unknown as EmailDraft).primary)) (next[0] as unknown as EmailDraft).primary = true
    onChange(next)
  }
  const add = () => onChange([...rows, { key: newRowKey(), value: '', label: '', ...(withPrimary ? { primary: rows.length === 0 } : {}) } as unknown as T])
  const sectionError = errors[path]

  return (
    <fieldset className="channel-rows">
      <legend className="field-label">{legend}</legend>
      <datalist id={listId}>
        {labelSuggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      {rows.map((row, i) => {
        const valueId = fieldId(`${path}.${i}.value`)
        const labelId = fieldId(`${path}.${i}.label`)
        const error = errors[`${path}.${i}.value`] ?? errors[`${path}.${i}.label`] ?? errors[`${path}.${i}`]
        return (
          <div key={row.key} className="channel-row">
            <div className="channel-row-controls">
              {withPrimary && (
                <label className="primary-radio" title="Primary email">
                  <input
                    type="radio"
                    name={`${path}-primary`}
                    checked={(row as unknown as EmailDraft).primary}
                    onChange={() => setPrimary(i)}
                    aria-label={`Primary email ${i + 1}`}
                  />
                  <span className="primary-radio-text">Primary</span>
                </label>
              )}
              <input
                id={valueId}
                className="input channel-value"
                type={inputType}
                value={row.value}
                placeholder={placeholder}
                aria-label={`${noun} ${i + 1}`}
                onChange={(e) => update(i, { value: e.target.value } as Partial<EmailDraft>)}
                {...invalidProps(valueId, error)}
              />
              <input
                id={labelId}
                className="input channel-label"
                value={row.label}
                placeholder="Label"
                list={listId}
                aria-label={`${noun} ${i + 1} label`}
                onChange={(e) => update(i, { label: e.target.value } as Partial<EmailDraft>)}
              />
              <button type="button" className="icon-button" aria-label={`Remove ${noun.toLowerCase()} ${i + 1}`} onClick={() => remove(i)}>
                <Icon name="close" size={14} />
              </button>
            </div>
            {error && (
              <p className="field-error" id={`${valueId}-error`}>
                {error}
              </p>
            )}
          </div>
        )
      })}
      {sectionError && <p className="field-error">{sectionError}</p>}
      <button type="button" className="button button-ghost button-small" onClick={add}>
        <Icon name="plus" size={14} /> Add {noun.toLowerCase()}
      </button>
    </fieldset>
  )
}
