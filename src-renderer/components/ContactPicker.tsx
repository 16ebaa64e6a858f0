/**
 * Picks a contact by name (type-ahead). contacts.list has no text query yet, so the first 500
 * contacts by name are loaded once and narrowed here.
 */
import { useEffect, useState } from 'react'
import type { ContactSummary } from '../../src-shared/model/contact'
import { crm } from '../lib/crm'
import { nameOrPlaceholder } from '../lib/format'
import { Combobox } from './Combobox'
import { Icon } from './Icons'

export interface PickedContact {
  id: string
  name: string
  companyId?: string | null
  companyName?: string | null
}

let cache: Promise<ContactSummary[]> | null = null
const loadContacts = () => (cache ??= crm.invoke('contacts.list', { sort: 'name', direction: 'asc', limit: 500 }).then((p) => p.items, () => ((cache = null), [])))

export function ContactPicker({ id, value, onChange, invalid }: { id: string; value: PickedContact | null; onChange: (c: PickedContact | null) => void; invalid?: object }) {
  const [text, setText] = useState(value?.name ?? '')
  const [all, setAll] = useState<ContactSummary[]>([])

  useEffect(() => setText(value?.name ?? ''), [value?.id, value?.name])
  useEffect(() => {
    cache = null // a fresh list each time a form opens
    let live = true
    void loadContacts().then((items) => live && setAll(items))
    return () => {
      live = false
    }
  }, [])

  const query = text.trim().toLowerCase()
  const searching = query !== '' && text !== value?.name
  const options = searching ? all.filter((c) => nameOrPlaceholder(c.displayName).toLowerCase().includes(query)).slice(0, 8) : []

  return (
    <div className="company-picker">
      <Combobox<ContactSummary>
        id={id}
        value={text}
        onValueChange={(v) => {
          setText(v)
          if (v.trim() === '') onChange(null)
        }}
        options={options}
        optionKey={(c) => c.id}
        renderOption={(c) => (
          <span className="option-row">
            <span className="option-main">{nameOrPlaceholder(c.displayName)}</span>
            {c.companyName && <span className="option-meta">{c.companyName}</span>}
          </span>
        )}
        onPick={(c) => onChange({ id: c.id, name: nameOrPlaceholder(c.displayName), companyId: c.companyId, companyName: c.companyName })}
        placeholder="Type a name"
        emptyText={searching ? 'No contact by that name' : undefined}
        inputProps={invalid}
      />
      {value && !searching && (
        <button type="button" className="icon-button picker-clear" aria-label="Clear contact" onClick={() => onChange(null)}>
          <Icon name="close" size={14} />
        </button>
      )}
    </div>
  )
}
