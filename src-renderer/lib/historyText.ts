/**
 * A record-history entry in words: "Ana changed job title and phone", "You created this contact",
 * and for a teammate's edit that lost to a later one: "Ben's job title “CTO” was overwritten by a
 * later edit". The field names are the change log's SQL column names.
 */
import type { HistoryChange, HistoryEntry } from '../../src-shared/api/contacts'

const FIELD_LABELS: Record<string, string> = {
  first_name: 'first name',
  last_name: 'last name',
  job_title: 'job title',
  company_id: 'company',
  lead_source: 'lead source',
  lifecycle_stage: 'lifecycle stage',
  owner: 'owner',
  birthday: 'birthday',
  notes: 'notes',
  address_street: 'street',
  address_city: 'city',
  address_region: 'region',
  address_postal_code: 'postal code',
  address_country: 'country',
  keep_in_touch_count: 'keep in touch',
  keep_in_touch_unit: 'keep in touch',
  value: 'value',
  label: 'label',
  kind: 'kind',
  is_primary: 'primary',
  position: 'order',
}

export const fieldLabel = (field: string) => FIELD_LABELS[field] ?? field.replace(/_/g, ' ')

/** Who: "You" on this device, the member's name, or "Someone on another device". */
export function whoOf(entry: Pick<HistoryEntry, 'thisDevice' | 'by'>): string {
  if (entry.thisDevice) return 'You'
  return entry.by ?? 'Someone on another device'
}

const list = (items: string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`)

/** What one transaction did, after its author: "changed job title and phone". */
export function describeChanges(changes: readonly HistoryChange[]): string {
  const kept = changes.filter((c) => !c.lost)
  if (kept.some((c) => c.record === 'contact' && c.kind === 'created')) return 'created this contact'
  if (kept.some((c) => c.record === 'contact' && c.kind === 'deleted')) return 'deleted this contact'
  if (kept.some((c) => c.record === 'contact' && c.kind === 'restored')) return 'restored this contact'
  const fields = new Set<string>()
  const others = new Set<string>()
  for (const c of [...kept].reverse()) { // the entries come newest first; say them in the order they were made
    if (c.record === 'contact' && c.field === 'private_to') others.add(c.value ? 'made it private' : 'shared it with the team')
    else if (c.record === 'contact') fields.add(fieldLabel(c.field ?? ''))
    else if (c.kind === 'created') others.add(`added ${channelKind(c)}`)
    else if (c.kind === 'deleted') others.add('removed an email or phone')
    else others.add('changed an email or phone')
  }
  return list([...(fields.size ? [`changed ${list([...fields])}`] : []), ...others])
}

function channelKind(c: HistoryChange): string {
  const value = c.value as { kind?: string; value?: string } | null
  const kind = value?.kind === 'phone' ? 'phone' : value?.kind === 'email' ? 'email' : 'a link'
  return value?.value ? `${kind} ${value.value}` : kind
}

/** The edits of a transaction that never took effect (lost to a later edit of the same field). */
export function lostChanges(changes: readonly HistoryChange[]): string[] {
  return changes
    .filter((c) => c.lost && c.kind === 'changed' && c.field)
    .map((c) => `${fieldLabel(c.field!)} “${typeof c.value === 'string' ? c.value : JSON.stringify(c.value)}”`)
}
