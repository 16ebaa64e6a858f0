/** Picks the contact's company: type-ahead over companies.list, or "Create company "X"" inline. */
import { useEffect, useState } from 'react'
import type { CompanySummary } from '../../src-shared/model/company'
import { crm } from '../lib/crm'
import { showError } from '../stores/toasts'
import { Combobox } from './Combobox'
import { Icon } from './Icons'

export interface PickedCompany {
  id: string
  name: string
}

type Option = { kind: 'company'; company: CompanySummary } | { kind: 'create'; name: string }

export function CompanyPicker({
  id,
  value,
  onChange,
  invalid,
  allowCreate = true,
  ariaLabel,
}: {
  id: string
  value: PickedCompany | null
  onChange: (c: PickedCompany | null) => void
  invalid?: object
  /** Filters pick an existing company only. */
  allowCreate?: boolean
  ariaLabel?: string
}) {
  const [text, setText] = useState(value?.name ?? '')
  const [results, setResults] = useState<CompanySummary[]>([])
  const [creating, setCreating] = useState(false)
  const [focused, setFocused] = useState(false)

  useEffect(() => setText(value?.name ?? ''), [value?.id, value?.name])

  const query = text.trim()
  const searching = query !== '' && query !== value?.name
  useEffect(() => {
    if (!searching) {
      setResults([])
      return
    }
    let live = true
    const timer = setTimeout(() => {
      crm
        .invoke('companies.list', { query, limit: 8, sort: 'name', direction: 'asc' })
        .then((page) => live && setResults(page.items))
        .catch(() => live && setResults([]))
    }, 120)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [query, searching])

  const exact = results.some((c) => c.name.toLowerCase() === query.toLowerCase())
  const options: Option[] = searching
    ? [...results.map((company) => ({ kind: 'company' as const, company })), ...(exact || !allowCreate ? [] : [{ kind: 'create' as const, name: query }])]
    : []

  const pick = async (option: Option) => {
    if (option.kind === 'company') {
      onChange({ id: option.company.id, name: option.company.name })
      return
    }
    setCreating(true)
    try {
      const company = await crm.invoke('companies.create', { name: option.name })
      onChange({ id: company.id, name: company.name })
    } catch (error) {
      showError(error)
    } finally {
      setCreating(false)
    }
  }

  return (
    <div className="company-picker" onFocus={() => setFocused(true)} onBlur={() => setFocused(false)}>
      <Combobox<Option>
        id={id}
        value={text}
        onValueChange={(v) => {
          setText(v)
          if (v.trim() === '') onChange(null)
        }}
        options={options}
        optionKey={(o) => (o.kind === 'company' ? o.company.id : `create:${o.name}`)}
        renderOption={(o) =>
          o.kind === 'company' ? (
            <span className="option-row">
              <span className="option-main">{o.company.name}</span>
              {o.company.domain && <span className="option-meta">{o.company.domain}</span>}
            </span>
          ) : (
            <span className="option-row option-create">
              <Icon name="plus" size={14} /> Create company “{o.name}”
            </span>
          )
        }
        onPick={(o) => void pick(o)}
        placeholder={creating ? 'Creating…' : allowCreate ? 'Type to search or create' : 'Type to find a company'}
        inputProps={{ ...invalid, disabled: creating, ...(ariaLabel ? { 'aria-label': ariaLabel } : {}) }}
      />
      {searching && !creating && !focused && (
        <p className="field-hint">{allowCreate ? `Not linked yet: choose a company from the list or create “${query}”.` : 'Choose a company from the list.'}</p>
      )}
      {value && !searching && (
        <button type="button" className="icon-button picker-clear" aria-label="Clear company" onClick={() => onChange(null)}>
          <Icon name="close" size={14} />
        </button>
      )}
    </div>
  )
}
