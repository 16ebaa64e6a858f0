/**
 * CSV import, the pure part (no node:, no DOM): decoding the file's bytes, guessing what each
 * column is from the headers of common exports (Google Contacts, Outlook, HubSpot, Pipedrive and
 * plain "Name, Email, Phone"), and turning one row into checked contact fields or a reason why not.
 */
import { contactFields, LIFECYCLE_STAGES, type LifecycleStage } from './model/contact'
import type { CustomFieldType } from './model/custom-field'
import type { ImportTarget } from './model/import'
import { describeZodError } from './validation'
import { truncate } from './text'

// ---------------------------------------------------------------------------------------------
// Decoding

export type CsvEncoding = 'utf-8' | 'utf-8 (BOM)' | 'windows-1252'

/**
 * UTF-8 when the bytes are valid UTF-8 (with or without a BOM), else Windows-1252 (a superset of
 * Latin-1 for printable characters: "Müller" saved by old Excel as 0xFC). Strict UTF-8 first, because
 * Latin-1 bytes are almost never valid UTF-8, while every byte sequence "decodes" as Windows-1252.
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bom ? bytes.subarray(3) : bytes)
    return { text, encoding: bom ? 'utf-8 (BOM)' : 'utf-8' }
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' }
  }
}

// 0x80–0x9F: Windows-1252's printable extras (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ).
// Browsers' TextDecoder('windows-1252') knows them; Node's (small-ICU builds) decodes plain Latin-1.
const CP1252 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178'

function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252').decode(bytes).replace(/[\u0080-\u009f]/g, (c) => CP1252[c.charCodeAt(0) - 0x80])
}

/** Re-decodes with a chosen encoding (the wizard's override). */
export function decodeAs(bytes: Uint8Array, encoding: CsvEncoding): string {
  if (encoding === 'windows-1252') return decodeWindows1252(bytes)
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bom ? bytes.subarray(3) : bytes)
}

// ---------------------------------------------------------------------------------------------
// Headers

/** "E-mail 1 - Value" → "emailvalue": lower case, letters only (numbers say which one, not what). */
export function headerKey(header: string): string {
  let key = header
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z]/g, '')
  // Pipedrive: "Person - Email - Work"
  if (key.startsWith('person') && key.length > 'person'.length + 2) key = key.slice('person'.length)
  return key
}

const EXACT: Record<string, ImportTarget> = {}
const add = (target: ImportTarget, ...keys: string[]) => keys.forEach((k) => (EXACT[k] = target))
add('firstName', 'firstname', 'givenname', 'first', 'forename', 'prenom', 'vorname', 'nombre', 'fname')
add('lastName', 'lastname', 'familyname', 'surname', 'last', 'nachname', 'apellido', 'apellidos', 'lname')
add('fullName', 'name', 'fullname', 'contactname', 'displayname', 'contact', 'personname', 'nom')
add('company', 'company', 'companyname', 'organization', 'organisation', 'organizationname', 'organisationname', 'org', 'account', 'accountname', 'employer', 'firma', 'empresa', 'associatedcompany')
add('jobTitle', 'jobtitle', 'title', 'position', 'role', 'organizationtitle', 'job', 'jobposition', 'function')
add('leadSource', 'leadsource', 'source', 'originalsource', 'contactsource', 'origin')
add('lifecycleStage', 'lifecyclestage', 'lifecycle', 'stage', 'leadstatus')
add('owner', 'owner', 'contactowner', 'ownername', 'assignedto', 'salesperson', 'accountmanager')
add('notes', 'notes', 'note', 'comments', 'comment', 'description', 'remarks')
add('street', 'street', 'streetaddress', 'address', 'addressstreet', 'addressline', 'businessstreet', 'homestreet', 'mailingstreet')
add('city', 'city', 'town', 'addresscity', 'businesscity', 'homecity', 'mailingcity')
add('region', 'state', 'region', 'province', 'county', 'stateregion', 'addressregion', 'businessstate', 'homestate', 'mailingstate', 'stateprovince')
add('postalCode', 'zip', 'zipcode', 'postalcode', 'postcode', 'addresspostalcode', 'businesspostalcode', 'homepostalcode', 'mailingzip', 'plz')
add('country', 'country', 'countryregion', 'addresscountry', 'businesscountryregion', 'homecountryregion', 'businesscountry', 'mailingcountry')
add('tags', 'tags', 'tag', 'labels', 'label', 'grouplabels', 'groupmembership', 'categories', 'groups')
add('birthday', 'birthday', 'birthdate', 'dateofbirth', 'dob')
add('social', 'linkedin', 'linkedinurl', 'linkedinprofile', 'linkedinprofileurl', 'twitterurl', 'facebookurl')

const NOT_A_VALUE = /(type|label|display|optout|status|verified|bounce|unsub|consent|domain|count|date|format)/

/** Best guess for one header, against the custom fields' names too. */
export function guessTarget(header: string, customFields: readonly { id: string; label: string }[] = []): ImportTarget {
  const key = headerKey(header)
  if (!key) return 'ignore'
  const custom = customFields.find((f) => headerKey(f.label) === key)
  if (custom) return `custom:${custom.id}`
  if (EXACT[key]) return EXACT[key]
  if (key.includes('email')) return NOT_A_VALUE.test(key) ? 'ignore' : 'email'
  if (/(phone|mobile|cell|telephone)/.test(key)) return NOT_A_VALUE.test(key) || key.includes('fax') ? 'ignore' : 'phone'
  if (key.includes('linkedin')) return 'social'
  if (key.includes('birth')) return 'birthday'
  return 'ignore'
}

/** Columns that may repeat (several emails...); the others take the first column that fits. */
const MULTI = new Set<ImportTarget>(['email', 'phone', 'tags', 'social', 'notes'])

export function guessMapping(headers: readonly string[], customFields: readonly { id: string; label: string }[] = []): ImportTarget[] {
  const keys = headers.map(headerKey)
  // Outlook's "Title" is Mr/Ms when a "Job Title" column is there.
  const hasJobTitle = keys.includes('jobtitle')
  const taken = new Set<ImportTarget>()
  const out = headers.map((h, i) => {
    let target = guessTarget(h, customFields)
    if (target === 'jobTitle' && keys[i] === 'title' && hasJobTitle) target = 'ignore'
    if (target !== 'ignore' && !MULTI.has(target)) {
      if (taken.has(target)) target = 'ignore'
      else taken.add(target)
    }
    return target
  })
  // Both a full name and first/last: the split columns win.
  if (taken.has('fullName') && (taken.has('firstName') || taken.has('lastName'))) {
    return out.map((t) => (t === 'fullName' ? 'ignore' : t))
  }
  return out
}

/** "Email", "Email" → "Email", "Email (2)"; blank headers become "Column N". */
export function uniqueHeaders(headers: readonly string[]): string[] {
  const seen = new Map<string, number>()
  return headers.map((raw, i) => {
    const h = raw.trim() || `Column ${i + 1}`
    const n = (seen.get(h.toLowerCase()) ?? 0) + 1
    seen.set(h.toLowerCase(), n)
    return n === 1 ? h : `${h} (${n})`
  })
}

const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const NUMBER_LIKE = /^[+\-(]?[0-9][0-9 ()\-./]*$/

/**
 * Is the first row a header? Yes unless one of its cells looks like data (an email, a number, a
 * date) — or none of it is a known header and the second row looks just like it.
 */
export function looksLikeHeader(first: readonly string[], second?: readonly string[]): boolean {
  const cells = first.map((c) => c.trim())
  if (cells.some((c) => EMAIL_LIKE.test(c) || NUMBER_LIKE.test(c))) return false
  if (cells.some((c) => guessTarget(c) !== 'ignore')) return true
  if (!second) return true
  // Same shape (all filled, no data-looking cells in either): a header can't be told apart; say yes.
  return cells.filter(Boolean).length >= Math.ceil(cells.length / 2)
}

// ---------------------------------------------------------------------------------------------
// Rows

export interface CustomFieldDef {
  id: string
  label: string
  type: CustomFieldType
  options: string[]
}

/** A row turned into what the import writes. */
export interface ImportRow {
  firstName: string
  lastName: string
  jobTitle?: string | null
  leadSource?: string | null
  lifecycleStage?: LifecycleStage
  owner?: string | null
  birthday?: string | null
  notes?: string
  address?: { street?: string | null; city?: string | null; region?: string | null; postalCode?: string | null; country?: string | null }
  emails: string[]
  phones: string[]
  socialProfiles: string[]
  companyName: string | null
  tagNames: string[]
  customFields: Record<string, string | number | boolean>
}

export type RowResult = { ok: true; row: ImportRow } | { ok: false; reason: string }

const LIST_SPLIT = /\s*(?::::|;|,)\s*/
const LIFECYCLE_SYNONYMS: Record<string, LifecycleStage> = {
  lead: 'lead',
  subscriber: 'lead',
  new: 'lead',
  marketingqualifiedlead: 'lead',
  mql: 'lead',
  salesqualifiedlead: 'prospect',
  sql: 'prospect',
  prospect: 'prospect',
  opportunity: 'prospect',
  customer: 'customer',
  client: 'customer',
  evangelist: 'customer',
  formercustomer: 'former_customer',
  former: 'former_customer',
  churned: 'former_customer',
}
const TRUE = new Set(['yes', 'y', 'true', '1', 'x', 'on', 'checked', 'ja', 'oui', 'si', 'sí'])
const FALSE = new Set(['no', 'n', 'false', '0', 'off', 'unchecked', 'nein', 'non', ''])

function splitName(full: string): { first: string; last: string } {
  const parts = full.trim().split(/\s+/).filter(Boolean)
  if (parts.length <= 1) return { first: parts[0] ?? '', last: '' }
  return { first: parts.slice(0, -1).join(' '), last: parts[parts.length - 1] }
}

function isoDay(value: string): string | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(value.trim())
  if (!m) return null
  const day = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`
  const ms = Date.parse(`${day}T00:00:00Z`)
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === day ? day : null
}

function customValue(def: CustomFieldDef, raw: string): { value: string | number | boolean } | { error: string } {
  const v = raw.trim()
  switch (def.type) {
    case 'text':
      return v.length > 1000 ? { error: `${def.label} is longer than 1,000 characters` } : { value: v }
    case 'number': {
      const n = Number(v.replace(/[\s,](?=\d{3}\b)/g, ''))
      return Number.isFinite(n) ? { value: n } : { error: `${def.label} must be a number, not "${clip(v)}"` }
    }
    case 'checkbox': {
      const k = v.toLowerCase()
      if (TRUE.has(k)) return { value: true }
      if (FALSE.has(k)) return { value: false }
      return { error: `${def.label} must be yes or no, not "${clip(v)}"` }
    }
    case 'date': {
      const day = isoDay(v)
      return day ? { value: day } : { error: `${def.label} must be a date like 2024-05-31, not "${clip(v)}"` }
    }
    case 'select': {
      const option = def.options.find((o) => o.toLowerCase() === v.toLowerCase())
      return option ? { value: option } : { error: `${def.label} must be one of: ${def.options.join(', ')} (not "${clip(v)}")` }
    }
    case 'url':
      return /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v) ? { value: v } : { error: `${def.label} must be a web address starting with https://` }
  }
}

const clip = (s: string, n = 40) => truncate(s, n)

/** The widest cell any field takes (notes); a longer cell rejects its row rather than lose text. */
export const MAX_CELL = 100_000

/**
 * One row → checked contact fields, or the reason it cannot be imported. The same zod schema as
 * contacts.create checks the result, so an import never stores what the form would refuse.
 */
/**
 * Spreadsheet-safe CSV writers (ours too: papaparse's escapeFormulae) put a ' before cells that
 * start with = + - @ so a spreadsheet shows them as text; read such a cell as what it says
 * ("'+49 30 1234" is the phone +49 30 1234).
 */
export function unescapeFormula(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value
}

export function convertRow(
  cells: readonly string[],
  mapping: readonly ImportTarget[],
  headers: readonly string[],
  customFields: ReadonlyMap<string, CustomFieldDef>,
): RowResult {
  const row: ImportRow = { firstName: '', lastName: '', emails: [], phones: [], socialProfiles: [], companyName: null, tagNames: [], customFields: {} }
  let fullName = ''
  const address: NonNullable<ImportRow['address']> = {}
  const notes: string[] = []
  for (let i = 0; i < mapping.length; i++) {
    const target = mapping[i]
    if (target === 'ignore') continue
    const raw = cells[i]
    if (raw === undefined) continue
    if (raw.length > MAX_CELL) {
      return { ok: false, reason: `${headers[i] ?? `Column ${i + 1}`} holds ${raw.length.toLocaleString('en-US')} characters; at most ${MAX_CELL.toLocaleString('en-US')} can be imported` }
    }
    const value = unescapeFormula(raw.trim())
    if (value === '') continue
    switch (target) {
      case 'firstName':
        row.firstName = value
        break
      case 'lastName':
        row.lastName = value
        break
      case 'fullName':
        fullName = value
        break
      case 'email':
        for (const e of value.split(LIST_SPLIT)) if (e && !row.emails.some((x) => x.toLowerCase() === e.toLowerCase())) row.emails.push(e)
        break
      case 'phone':
        for (const p of value.split(/\s*:::\s*/)) if (p && !row.phones.includes(p)) row.phones.push(p)
        break
      case 'social':
        row.socialProfiles.push(/^https?:\/\//i.test(value) ? value : `https://${value}`)
        break
      case 'company':
        row.companyName = value
        break
      case 'tags':
        for (let t of value.split(LIST_SPLIT)) {
          t = t.replace(/^\*\s*/, '').trim()
          if (t && t !== 'myContacts' && !row.tagNames.some((x) => x.toLowerCase() === t.toLowerCase())) row.tagNames.push(t)
        }
        break
      case 'lifecycleStage': {
        const stage = LIFECYCLE_SYNONYMS[headerKey(value)] ?? (LIFECYCLE_STAGES as readonly string[]).find((s) => s === value)
        if (!stage) return { ok: false, reason: `Lifecycle stage "${clip(value)}" is not one of: lead, prospect, customer, former customer` }
        row.lifecycleStage = stage as LifecycleStage
        break
      }
      case 'birthday': {
        const day = isoDay(value)
        if (!day) return { ok: false, reason: `Birthday "${clip(value)}" is not a date like 1990-04-27` }
        row.birthday = day
        break
      }
      case 'notes':
        notes.push(mapping.filter((t) => t === 'notes').length > 1 ? `${headers[i]}: ${value}` : value)
        break
      case 'street':
      case 'city':
      case 'region':
      case 'postalCode':
      case 'country':
        address[target] = value
        break
      case 'jobTitle':
      case 'leadSource':
      case 'owner':
        row[target] = value
        break
      default: {
        const id = target.slice('custom:'.length)
        const def = customFields.get(id)
        if (!def) return { ok: false, reason: `Column ${headers[i]} goes to a custom field that no longer exists` }
        const converted = customValue(def, value)
        if ('error' in converted) return { ok: false, reason: converted.error }
        row.customFields[id] = converted.value
      }
    }
  }
  if (fullName && !row.firstName && !row.lastName) {
    const split = splitName(fullName)
    row.firstName = split.first
    row.lastName = split.last
  }
  if (notes.length) row.notes = notes.join('\n')
  if (Object.keys(address).length) row.address = address

  if (!row.firstName && !row.lastName) {
    return { ok: false, reason: 'No name: the row has no first, last or full name' }
  }
  if (row.companyName && row.companyName.length > 200) return { ok: false, reason: 'Company name is too long: at most 200 characters' }
  for (const t of row.tagNames) if (t.length > 60) return { ok: false, reason: `Tag "${clip(t)}" is too long: at most 60 characters` }
  if (row.tagNames.length > 200) return { ok: false, reason: 'At most 200 tags per contact' }

  const parsed = contactFields.safeParse({
    firstName: row.firstName,
    lastName: row.lastName,
    jobTitle: row.jobTitle,
    leadSource: row.leadSource,
    lifecycleStage: row.lifecycleStage,
    owner: row.owner,
    birthday: row.birthday,
    notes: row.notes,
    address: row.address,
    emails: row.emails.map((value) => ({ value })),
    phones: row.phones.map((value) => ({ value })),
    socialProfiles: row.socialProfiles.map((value) => ({ value })),
  })
  if (!parsed.success) return { ok: false, reason: describeZodError(parsed.error).message }
  const f = parsed.data
  return {
    ok: true,
    row: {
      ...row,
      firstName: f.firstName ?? '',
      lastName: f.lastName ?? '',
      jobTitle: f.jobTitle,
      leadSource: f.leadSource,
      owner: f.owner,
      notes: f.notes,
      address: f.address,
      emails: (f.emails ?? []).map((e) => e.value),
      phones: (f.phones ?? []).map((p) => p.value),
      socialProfiles: (f.socialProfiles ?? []).map((s) => s.value),
    },
  }
}
