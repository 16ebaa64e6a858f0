/**
 * What the contact form holds while the user types (strings, blank rows allowed), and how it turns
 * into the contract's input. Blank rows are left out of the input; error paths from core are mapped
 * back to the row the user sees, so every message lands next to its field.
 */
import type { z } from 'zod'
import type { Address } from '../../src-shared/model/address'
import type { Contact, LifecycleStage, contactFields } from '../../src-shared/model/contact'
import type { CustomField, CustomFieldValue } from '../../src-shared/model/custom-field'

export type ContactInput = z.input<typeof contactFields>

export interface ChannelDraft {
  key: number
  value: string
  label: string
}
export interface EmailDraft extends ChannelDraft {
  primary: boolean
}
export type AddressDraft = Record<keyof Address, string>

export interface ContactDraft {
  firstName: string
  lastName: string
  jobTitle: string
  company: { id: string; name: string } | null
  leadSource: string
  lifecycleStage: LifecycleStage
  owner: string
  emails: EmailDraft[]
  phones: ChannelDraft[]
  socialProfiles: ChannelDraft[]
  tagIds: string[]
  address: AddressDraft
  birthday: string
  notes: string
  customFields: Record<string, string | boolean>
}

let rowKey = 1
export const newRowKey = () => rowKey++

export const ADDRESS_KEYS: Array<keyof Address> = ['street', 'city', 'region', 'postalCode', 'country']

export function emptyDraft(prefill?: { company?: { id: string; name: string } | null }): ContactDraft {
  return {
    firstName: '',
    lastName: '',
    jobTitle: '',
    company: prefill?.company ?? null,
    leadSource: '',
    lifecycleStage: 'lead',
    owner: '',
    emails: [{ key: newRowKey(), value: '', label: '', primary: true }],
    phones: [{ key: newRowKey(), value: '', label: '' }],
    socialProfiles: [],
    tagIds: [],
    address: { street: '', city: '', region: '', postalCode: '', country: '' },
    birthday: '',
    notes: '',
    customFields: {},
  }
}

function customValueToDraft(field: CustomField, value: CustomFieldValue | undefined): string | boolean {
  if (field.type === 'checkbox') return value === true
  if (value === null || value === undefined) return ''
  return String(value)
}

export function draftFromContact(contact: Contact, fields: CustomField[]): ContactDraft {
  const customFields: Record<string, string | boolean> = {}
  for (const f of fields) customFields[f.id] = customValueToDraft(f, contact.customFields[f.id])
  return {
    firstName: contact.firstName,
    lastName: contact.lastName,
    jobTitle: contact.jobTitle ?? '',
    company: contact.companyId ? { id: contact.companyId, name: contact.companyName ?? '' } : null,
    leadSource: contact.leadSource ?? '',
    lifecycleStage: contact.lifecycleStage,
    owner: contact.owner ?? '',
    emails: contact.emails.length
      ? contact.emails.map((e) => ({ key: newRowKey(), value: e.value, label: e.label ?? '', primary: e.primary }))
      : [{ key: newRowKey(), value: '', label: '', primary: true }],
    phones: contact.phones.map((p) => ({ key: newRowKey(), value: p.value, label: p.label ?? '' })),
    socialProfiles: contact.socialProfiles.map((p) => ({ key: newRowKey(), value: p.value, label: p.label ?? '' })),
    tagIds: contact.tags.map((t) => t.id),
    address: {
      street: contact.address.street ?? '',
      city: contact.address.city ?? '',
      region: contact.address.region ?? '',
      postalCode: contact.address.postalCode ?? '',
      country: contact.address.country ?? '',
    },
    birthday: contact.birthday ?? '',
    notes: contact.notes,
    customFields,
  }
}

export interface DraftConversion {
  input: ContactInput
  /** Problems found before asking core (e.g. "abc" in a number field), keyed by form path. */
  localProblems: Record<string, string>
  /** Maps a problem path from core ("emails.0.value") to the form's path ("emails.2.value"). */
  toFormPath: (path: string) => string
}

const orNull = (s: string) => (s.trim() === '' ? null : s)

function customValueToInput(field: CustomField, raw: string | boolean | undefined): { value: CustomFieldValue; problem?: string } {
  if (field.type === 'checkbox') return { value: raw === true }
  const text = typeof raw === 'string' ? raw.trim() : ''
  if (text === '') return { value: null }
  if (field.type === 'number') {
    const n = Number(text)
    return Number.isFinite(n) ? { value: n } : { value: text, problem: `${field.label} must be a number` }
  }
  if (field.type === 'url' && !/^https?:\/\//i.test(text)) {
    return { value: text, problem: `${field.label} must be a web address starting with https://` }
  }
  return { value: text }
}

/**
 * `full` (editing) sends every field so cleared values are cleared; otherwise (creating) only
 * what has a value.
 */
export function draftToInput(draft: ContactDraft, fields: CustomField[], full: boolean): DraftConversion {
  const kept = <T extends ChannelDraft>(rows: T[]) => rows.map((r, i) => ({ r, i })).filter(({ r }) => r.value.trim() !== '')
  const emails = kept(draft.emails)
  const phones = kept(draft.phones)
  const socials = kept(draft.socialProfiles)
  const primaryIndex = Math.max(0, emails.findIndex(({ r }) => r.primary))

  const localProblems: Record<string, string> = {}
  const customFields: Record<string, CustomFieldValue> = {}
  for (const f of fields) {
    const { value, problem } = customValueToInput(f, draft.customFields[f.id])
    if (problem) localProblems[`customFields.${f.id}`] = problem
    if (full || (value !== null && value !== false)) customFields[f.id] = value
  }

  const input: ContactInput = {
    firstName: draft.firstName,
    lastName: draft.lastName,
    jobTitle: orNull(draft.jobTitle),
    companyId: draft.company?.id ?? null,
    leadSource: orNull(draft.leadSource),
    lifecycleStage: draft.lifecycleStage,
    owner: orNull(draft.owner),
    emails: emails.map(({ r }, i) => ({ value: r.value, label: orNull(r.label), primary: i === primaryIndex })),
    phones: phones.map(({ r }) => ({ value: r.value, label: orNull(r.label) })),
    socialProfiles: socials.map(({ r }) => ({ value: r.value, label: orNull(r.label) })),
    tagIds: draft.tagIds,
    address: Object.fromEntries(ADDRESS_KEYS.map((k) => [k, orNull(draft.address[k])])),
    birthday: draft.birthday.trim() === '' ? null : draft.birthday.trim(),
    notes: draft.notes,
  }
  if (full || Object.keys(customFields).length) input.customFields = customFields

  const maps: Record<string, number[]> = {
    emails: emails.map(({ i }) => i),
    phones: phones.map(({ i }) => i),
    socialProfiles: socials.map(({ i }) => i),
  }
  const toFormPath = (path: string) => {
    const m = /^(emails|phones|socialProfiles)\.(\d+)(\..*)?$/.exec(path)
    if (!m) return path
    const original = maps[m[1]][Number(m[2])]
    return original === undefined ? path : `${m[1]}.${original}${m[3] ?? ''}`
  }
  return { input, localProblems, toFormPath }
}
