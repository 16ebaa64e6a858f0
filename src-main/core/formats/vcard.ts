/**
 * vCard 3.0 / 4.0 (and the quoted-printable habits of old 2.1 exports), the pure part: splitting a
 * file into cards, decoding what ical.js does not (quoted-printable values with soft line breaks,
 * bare 2.1 parameters like TEL;HOME;VOICE), mapping a card to checked contact fields or a reason
 * why not, and writing contacts back out as vCard text. No node:, no DOM; core does the writes.
 *
 * ical.js parses and writes each card (folding, escaping, structured values like N and ADR).
 */
import ICAL from 'ical.js'
import { z } from 'zod'
import { emailEntry, phoneEntry, socialEntry, contactCreateInput, type Contact, type ContactFields } from '../../../src-shared/model/contact'
import { calendarDate } from '../../../src-shared/model/common'
import { cutToLength } from '../../../src-shared/text'
import { companyCreateInput } from '../../../src-shared/model/company'
import { tagCreateInput } from '../../../src-shared/model/tag'
import type { VcardVersion } from '../../../src-shared/model/export'
import { describeZodError } from '../../../src-shared/validation'

// ---------------------------------------------------------------------------------------------
// Quoted-printable

/** Decodes a quoted-printable value (soft line breaks already joined) in its charset (UTF-8 unless told). */
export function decodeQuotedPrintable(value: string, charset = 'utf-8'): string {
  const encoder = new TextEncoder()
  const bytes: number[] = []
  for (let i = 0; i < value.length; ) {
    if (value[i] === '=') {
      const hex = value.slice(i + 1, i + 3)
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16))
        i += 3
        continue
      }
      if (i === value.length - 1) break // a stray soft break at the very end
    }
    // anything else is literal (a non-ASCII literal keeps its UTF-8 bytes)
    const ch = String.fromCodePoint(value.codePointAt(i)!)
    for (const b of encoder.encode(ch)) bytes.push(b)
    i += ch.length
  }
  let decoder: TextDecoder
  try {
    decoder = new TextDecoder(charset.toLowerCase())
  } catch {
    decoder = new TextDecoder('utf-8')
  }
  return decoder.decode(new Uint8Array(bytes))
}

// ---------------------------------------------------------------------------------------------
// Splitting a file into cards, line by line

/** One content line, unfolded: name (lower case, without group), raw params, raw value. */
interface RawLine {
  text: string
}

export interface RawCard {
  /** Position in the file, counting from 1. */
  index: number
  /** Unfolded, decoded content lines between BEGIN and END (exclusive), ready for ical.js. */
  lines: string[]
  /** Why the card cannot be read at all (not closed, say). */
  error?: string
}

const BEGIN = /^begin:vcard\s*$/i
const END = /^end:vcard\s*$/i

/** Index of the ':' that ends the name and parameters (a ':' inside a quoted parameter value does not count). */
function valueColon(line: string): number {
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (c === '"') quoted = !quoted
    else if (c === ':' && !quoted) return i
  }
  return -1
}

/** Parameters split on ';' outside quotes. */
function splitParams(head: string): string[] {
  const out: string[] = []
  let quoted = false
  let start = 0
  for (let i = 0; i < head.length; i++) {
    const c = head[i]
    if (c === '"') quoted = !quoted
    else if (c === ';' && !quoted) {
      out.push(head.slice(start, i))
      start = i + 1
    }
  }
  out.push(head.slice(start))
  return out
}

const isQuotedPrintable = (params: string[]) =>
  params.some((p) => /^(encoding=)?quoted-printable$/i.test(p.trim()))

/**
 * Rewrites one unfolded line so ical.js can read it: a quoted-printable value decoded (and its
 * line breaks escaped as \n), ENCODING/CHARSET dropped, 2.1's bare parameters (HOME, PREF, CELL)
 * turned into one TYPE=.
 */
function normalizeLine(line: string): string {
  const colon = valueColon(line)
  if (colon < 0) return line // ical.js says what is wrong with it
  const [name, ...params] = splitParams(line.slice(0, colon))
  let value = line.slice(colon + 1)
  const keep: string[] = []
  const bareTypes: string[] = []
  let charset = 'utf-8'
  const qp = isQuotedPrintable(params)
  for (const raw of params) {
    const p = raw.trim()
    if (!p) continue
    const eq = p.indexOf('=')
    if (eq < 0) {
      if (/^(quoted-printable|8bit|7bit)$/i.test(p)) continue
      if (/^(base64|b)$/i.test(p)) {
        keep.push(`ENCODING=${p}`)
        continue
      }
      bareTypes.push(p)
      continue
    }
    const key = p.slice(0, eq).toLowerCase()
    if (key === 'charset') {
      charset = p.slice(eq + 1).replace(/"/g, '')
      continue
    }
    if (key === 'encoding' && qp) continue
    keep.push(p)
  }
  if (qp) {
    // 2.1 values are not escaped: backslashes, line breaks and (but in CATEGORIES, where they
    // separate) commas need escaping for a 3.0 reader; ';' keeps separating N, ADR and ORG parts
    value = decodeQuotedPrintable(value, charset).replace(/\\/g, '\\\\').replace(/\r\n|\r|\n/g, '\\n')
    if (!/^(?:[\w-]+\.)?categories$/i.test(name)) value = value.replace(/,/g, '\\,')
  }
  if (bareTypes.length) keep.push(`TYPE=${bareTypes.join(',')}`)
  return [name, ...keep].join(';') + ':' + value
}

/**
 * Splits a file into cards. Folded lines (CRLF or LF followed by a space or tab) are joined;
 * quoted-printable soft line breaks (a value ending in "=") take the next line as it is.
 */
export function splitCards(text: string): RawCard[] {
  const physical = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/)
  const logical: RawLine[] = []
  for (let i = 0; i < physical.length; i++) {
    let line = physical[i]
    if ((line.startsWith(' ') || line.startsWith('\t')) && logical.length > 0) {
      logical[logical.length - 1].text += line.slice(1)
      continue
    }
    // quoted-printable soft breaks: "...=C3=\r\n=BC..." continues on the next physical line
    const colon = valueColon(line)
    if (colon > 0 && isQuotedPrintable(splitParams(line.slice(0, colon)).slice(1))) {
      while (line.endsWith('=') && i + 1 < physical.length && !BEGIN.test(physical[i + 1]) && !END.test(physical[i + 1])) {
        line = line.slice(0, -1) + physical[++i]
      }
    }
    logical.push({ text: line })
  }

  const cards: RawCard[] = []
  let current: RawCard | null = null
  for (const { text: line } of logical) {
    if (BEGIN.test(line.trim())) {
      if (current) {
        current.error = 'This card does not end with END:VCARD before the next one begins'
        cards.push(current)
      }
      current = { index: cards.length + 1, lines: [] }
      continue
    }
    if (END.test(line.trim())) {
      if (current) cards.push(current)
      current = null
      continue
    }
    if (!current || line.trim() === '') continue
    current.lines.push(normalizeLine(line))
  }
  if (current) {
    current.error = 'This card does not end with END:VCARD (the file may be cut short)'
    cards.push(current)
  }
  return cards
}

// ---------------------------------------------------------------------------------------------
// jCard helpers

type Params = Record<string, string | string[]>
type JProp = [string, Params, string, ...unknown[]]

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '')
const paramList = (params: Params, key: string): string[] => {
  const v = params[key]
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : []
  return list.flatMap((x) => x.split(',')).map((x) => x.trim().toLowerCase()).filter(Boolean)
}
const paramText = (params: Params, key: string): string | null => {
  const v = params[key]
  if (Array.isArray(v)) return v.join(',')
  return typeof v === 'string' ? v : null
}
const values = (p: JProp): unknown[] => p.slice(3)
/** A text value; a value ical.js split on an unescaped comma (some writers do not escape them) is joined back. */
const firstText = (p: JProp): string =>
  values(p)
    .map((v) => (Array.isArray(v) ? v.map((x) => (Array.isArray(x) ? x.join(' ') : String(x ?? ''))).join(' ') : v === undefined || v === null ? '' : String(v)))
    .join(',')
/** Structured value (N, ADR, ORG) as its components, each component's list joined with spaces. */
const components = (p: JProp): string[] => {
  const v = p[3]
  if (Array.isArray(v)) return v.map((x) => (Array.isArray(x) ? x.filter(Boolean).join(' ') : String(x ?? '')).trim())
  // one component: ical.js gives it as a string, already unescaped
  return [String(v ?? '').trim()]
}

/** 1 (most preferred) .. 100, or Infinity: 4.0 PREF=n, 3.0 TYPE=pref. */
function preference(params: Params): number {
  const pref = paramText(params, 'pref')
  if (pref && /^\d+$/.test(pref)) return Number(pref)
  if (paramList(params, 'type').includes('pref')) return 1
  return Infinity
}

// ---------------------------------------------------------------------------------------------
// Labels ↔ TYPE

type Kind = 'email' | 'phone' | 'social'

/** TYPE value → label, in priority order, per kind. */
const TYPE_LABELS: Record<Kind, [string, string][]> = {
  email: [
    ['work', 'Work'],
    ['home', 'Personal'],
    ['other', 'Other'],
  ],
  phone: [
    ['cell', 'Mobile'],
    ['mobile', 'Mobile'],
    ['iphone', 'Mobile'],
    ['fax', 'Fax'],
    ['pager', 'Pager'],
    ['work', 'Work'],
    ['home', 'Home'],
    ['main', 'Main'],
    ['other', 'Other'],
  ],
  social: [
    ['linkedin', 'LinkedIn'],
    ['twitter', 'Twitter'],
    ['x', 'X'],
    ['facebook', 'Facebook'],
    ['instagram', 'Instagram'],
    ['github', 'GitHub'],
    ['xing', 'XING'],
    ['work', 'Work'],
    ['home', 'Personal'],
  ],
}

/** Label → TYPE values to write (the first TYPE a label maps back to). */
function typesFor(kind: Kind, label: string | null): string[] {
  if (!label) return []
  const l = label.toLowerCase()
  for (const [type, name] of TYPE_LABELS[kind]) if (name.toLowerCase() === l) return [type]
  if (l === 'home') return ['home']
  return []
}

/** The label a card gives: X-LABEL (ours, exact) wins, else the first known TYPE. */
function labelFrom(kind: Kind, params: Params): string | null {
  const own = paramText(params, 'x-label')
  if (own && own.trim()) return cutToLength(own.trim(), 40)
  const types = paramList(params, 'type')
  for (const [type, name] of TYPE_LABELS[kind]) if (types.includes(type)) return name
  return null
}

// ---------------------------------------------------------------------------------------------
// Card → contact fields

/** What a card becomes: contact fields (without ids), plus the company and tag names to resolve. */
export interface CardContact {
  firstName: string
  lastName: string
  jobTitle: string | null
  emails: { value: string; label: string | null; primary: boolean }[]
  phones: { value: string; label: string | null }[]
  socialProfiles: { value: string; label: string | null }[]
  address: { street: string | null; city: string | null; region: string | null; postalCode: string | null; country: string | null }
  birthday: string | null
  notes: string
  companyName: string | null
  tagNames: string[]
}

export type MappedCard =
  | {
      index: number
      ok: true
      name: string
      contact: CardContact
      /** The contact's fields as contacts.create takes them (checked: trimmed, normalized). */
      fields: ContactFields
      warnings: string[]
    }
  | { index: number; ok: false; name?: string; reason: string }

const emailCheck = emailEntry.shape.value
const phoneCheck = phoneEntry.shape.value
const urlCheck = socialEntry.shape.value
const dateCheck = calendarDate('Birthday')

/** "19900427", "1990-04-27", "1990-04-27T10:00:00Z" → "1990-04-27"; null when there is no year. */
export function vcardDate(raw: string): string | null {
  const v = raw.trim()
  let m = /^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$/.exec(v)
  if (m) return `${m[1]}-${m[2]}-${m[3]}`
  m = /^(\d{4})(\d{2})(\d{2})/.exec(v)
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null
}

/** "Zoë Müller" → Zoë / Müller; one word is a first name. */
function splitFullName(full: string): { first: string; last: string } {
  const parts = full.trim().split(/\s+/).filter(Boolean)
  if (parts.length <= 1) return { first: parts[0] ?? '', last: '' }
  return { first: parts.slice(0, -1).join(' '), last: parts[parts.length - 1] }
}

const clip = (s: string, max: number) => cutToLength(s, max)

/** Maps one parsed card (jCard) to contact fields, or a reason why it cannot be imported. */
export function mapCard(index: number, jcard: unknown): MappedCard {
  if (!Array.isArray(jcard) || lower(jcard[0]) !== 'vcard' || !Array.isArray(jcard[1])) {
    return { index, ok: false, reason: 'This is not a vCard' }
  }
  const props = (jcard[1] as JProp[]).filter((p) => Array.isArray(p) && typeof p[0] === 'string')
  const warnings: string[] = []
  const all = (name: string) => props.filter((p) => p[0] === name)
  const first = (name: string) => all(name)[0]

  // name
  const n = first('n')
  const fn = first('fn')
  let firstName = ''
  let lastName = ''
  if (n) {
    const [family = '', given = '', additional = ''] = components(n)
    firstName = [given, additional].filter(Boolean).join(' ')
    lastName = family
  }
  const fullName = fn ? firstText(fn).trim() : ''
  if (!firstName && !lastName && fullName) ({ first: firstName, last: lastName } = splitFullName(fullName))

  // emails, primary (lowest PREF) first
  const emails: CardContact['emails'] = []
  const emailProps = all('email')
    .map((p, i) => ({ p, i, pref: preference(p[1]) }))
    .sort((a, b) => a.pref - b.pref || a.i - b.i)
  for (const { p } of emailProps) {
    const value = firstText(p).trim().replace(/^mailto:/i, '')
    if (!value) continue
    if (!emailCheck.safeParse(value).success) {
      warnings.push(`Email "${clip(value, 80)}" is not a valid address and was left out`)
      continue
    }
    if (emails.some((e) => e.value.toLowerCase() === value.toLowerCase())) continue
    emails.push({ value, label: labelFrom('email', p[1]), primary: emails.length === 0 })
  }

  // phones, preferred first
  const phones: CardContact['phones'] = []
  const phoneProps = all('tel')
    .map((p, i) => ({ p, i, pref: preference(p[1]) }))
    .sort((a, b) => a.pref - b.pref || a.i - b.i)
  for (const { p } of phoneProps) {
    let value = firstText(p).trim()
    // tel: URIs (4.0): tel:+1-555-0100;ext=12
    if (/^tel:/i.test(value)) {
      value = value.slice(4)
      const ext = /;ext=([0-9]+)/i.exec(value)
      value = value.split(';')[0] + (ext ? ` x${ext[1]}` : '')
    }
    if (!value) continue
    if (!phoneCheck.safeParse(value).success) {
      warnings.push(`Phone "${clip(value, 40)}" was left out: ${phoneCheck.safeParse(value).error!.issues[0].message}`)
      continue
    }
    if (phones.some((e) => e.value === value)) continue
    phones.push({ value, label: labelFrom('phone', p[1]) })
  }

  // social profiles: URL and Apple's X-SOCIALPROFILE
  const socialProfiles: CardContact['socialProfiles'] = []
  for (const p of [...all('url'), ...all('x-socialprofile')]) {
    let value = firstText(p).trim()
    if (!value) continue
    if (/^www\./i.test(value)) value = `https://${value}`
    if (!urlCheck.safeParse(value).success) {
      warnings.push(`Link "${clip(value, 80)}" is not a web address (https://…) and was left out`)
      continue
    }
    if (socialProfiles.some((s) => s.value === value)) continue
    socialProfiles.push({ value, label: labelFrom('social', p[1]) })
  }

  // company and title
  const org = first('org')
  let companyName = org ? (components(org)[0] ?? '').trim() || null : null
  if (companyName) {
    const checked = companyCreateInput.safeParse({ name: companyName })
    if (checked.success) companyName = checked.data.name!
    else {
      warnings.push(`Organisation left out: ${describeZodError(checked.error).message}`)
      companyName = null
    }
  }
  const title = first('title')
  const jobTitle = title ? firstText(title).trim() || null : null

  // address: the preferred one, else the first
  const adr = all('adr')
    .map((p, i) => ({ p, i, pref: preference(p[1]) }))
    .sort((a, b) => a.pref - b.pref || a.i - b.i)[0]?.p
  const address: CardContact['address'] = { street: null, city: null, region: null, postalCode: null, country: null }
  if (adr) {
    const [pobox = '', extended = '', street = '', city = '', region = '', postalCode = '', country = ''] = components(adr)
    address.street = [street, extended, pobox].filter(Boolean).join('\n') || null
    address.city = city || null
    address.region = region || null
    address.postalCode = postalCode || null
    address.country = country || null
  }

  // birthday
  let birthday: string | null = null
  const bday = first('bday')
  if (bday) {
    const raw = firstText(bday)
    const date = vcardDate(raw)
    if (date && dateCheck.safeParse(date).success) birthday = date
    else if (/^--/.test(raw.trim())) warnings.push('Birthday has no year and was left out (a birthday needs a full date)')
    else if (raw.trim()) warnings.push(`Birthday "${clip(raw, 40)}" is not a date and was left out`)
  }

  // notes (several NOTE lines become paragraphs)
  const notes = all('note')
    .map((p) => firstText(p).trim())
    .filter(Boolean)
    .join('\n\n')

  // tags
  const tagNames: string[] = []
  for (const p of all('categories')) {
    for (const v of values(p)) {
      for (const part of (Array.isArray(v) ? v : [v]).map((x) => String(x ?? '').replace(/\\;/g, ';').trim())) {
        if (!part) continue
        const checked = tagCreateInput.shape.name.safeParse(part)
        if (!checked.success) {
          warnings.push(`Category "${clip(part, 40)}" left out: ${checked.error.issues[0].message}`)
          continue
        }
        const tag = checked.data
        if (!tagNames.some((t) => t.toLowerCase() === tag.toLowerCase())) tagNames.push(tag)
      }
    }
  }

  // no name: fall back to the email, then the organisation
  if (!firstName.trim() && !lastName.trim()) {
    if (emails[0]) firstName = emails[0].value
    else if (companyName) firstName = companyName
    else return { index, ok: false, reason: 'This card has no name, email or organisation, so there is nothing to call the contact' }
  }
  const name = `${firstName} ${lastName}`.trim()

  const contact: CardContact = {
    firstName: firstName.trim(),
    lastName: lastName.trim(),
    jobTitle,
    emails,
    phones,
    socialProfiles,
    address,
    birthday,
    notes,
    companyName,
    tagNames,
  }
  // the same checks as the contact form (lengths, control characters): the card's reason if not
  const checked = contactCreateInput.safeParse(toContactFields(contact))
  if (!checked.success) return { index, ok: false, name, reason: describeZodError(checked.error).message }
  return { index, ok: true, name, contact, fields: checked.data, warnings }
}

/** The card's fields in the shape of contacts.create (company and tags are resolved by core). */
export function toContactFields(c: CardContact): z.input<typeof contactCreateInput> {
  return {
    firstName: c.firstName,
    lastName: c.lastName,
    jobTitle: c.jobTitle,
    emails: c.emails.map((e) => ({ value: e.value, label: e.label, primary: e.primary })),
    phones: c.phones.map((p) => ({ value: p.value, label: p.label })),
    socialProfiles: c.socialProfiles.map((s) => ({ value: s.value, label: s.label })),
    address: c.address,
    birthday: c.birthday,
    notes: c.notes,
  }
}

/** Parses a whole file: one result per card, in file order. Unknown properties are ignored. */
export function parseVcards(text: string): MappedCard[] {
  return splitCards(text).map((card) => {
    if (card.error) return { index: card.index, ok: false, name: guessName(card.lines), reason: card.error }
    // 4.0 must come first for ical.js to read the card as 4.0
    const lines = [...card.lines]
    const v = lines.findIndex((l) => /^version:/i.test(l))
    if (v > 0) lines.unshift(...lines.splice(v, 1))
    let jcard: unknown
    try {
      jcard = ICAL.parse(`BEGIN:VCARD\r\n${lines.join('\r\n')}\r\nEND:VCARD\r\n`)
    } catch (error) {
      return { index: card.index, ok: false, name: guessName(card.lines), reason: `This card could not be read: ${readableParseError(error)}` }
    }
    return mapCard(card.index, jcard)
  })
}

/** ical.js's parser messages, said the way a person fixing the file needs them. */
function readableParseError(error: unknown): string {
  const why = error instanceof Error ? error.message : String(error)
  const noColon = /^invalid line \(no token ";" or ":"\) "(.*)"$/s.exec(why)
  if (noColon) return `the line "${clip(noColon[1], 80)}" is not a vCard property (a property looks like NAME:value)`
  const badParams = /^Invalid parameters in '(.*)'$/s.exec(why)
  if (badParams) return `the parameters of the line "${clip(badParams[1], 80)}" are malformed`
  return why
}

/** The FN of a card ical.js could not read, for the rejection list. */
function guessName(lines: string[]): string | undefined {
  const fn = lines.find((l) => /^(?:[\w-]+\.)?fn[;:]/i.test(l))
  if (!fn) return undefined
  const colon = valueColon(fn)
  return colon > 0 ? clip(fn.slice(colon + 1).replace(/\\(.)/g, '$1').trim(), 200) || undefined : undefined
}

// ---------------------------------------------------------------------------------------------
// Contacts → vCard text

type ExportContact = Pick<
  Contact,
  'id' | 'firstName' | 'lastName' | 'displayName' | 'jobTitle' | 'companyName' | 'emails' | 'phones' | 'socialProfiles' | 'tags' | 'address' | 'birthday' | 'notes'
>

/** TYPE and X-LABEL params for a channel: X-LABEL only where TYPE alone would not give the label back. */
function channelParams(kind: Kind, label: string | null, preferred: boolean, version: VcardVersion): Params {
  const types = typesFor(kind, label)
  const params: Params = {}
  if (kind === 'email' && version === '3.0') types.unshift('internet')
  if (preferred && version === '3.0') types.push('pref')
  if (types.length === 1) params.type = types[0]
  else if (types.length > 1) params.type = types
  if (preferred && version === '4.0') params.pref = '1'
  if (label && labelFrom(kind, { type: types }) !== label) params['x-label'] = label
  return params
}

/** Writes contacts as one vCard file (4.0 unless told), CRLF line ends, long lines folded. */
export function contactsToVcard(contacts: ExportContact[], version: VcardVersion = '4.0'): string {
  return contacts.map((c) => contactToVcard(c, version)).join('')
}

export function contactToVcard(c: ExportContact, version: VcardVersion = '4.0'): string {
  const props: JProp[] = [['version', {}, 'text', version]]
  const add = (name: string, params: Params, type: string, ...value: unknown[]) => props.push([name, params, type, ...value])
  // value types chosen so ical.js writes no VALUE= parameter where the version has a default
  add('prodid', {}, version === '4.0' ? 'unknown' : 'text', '-//Desktop CRM//vCard export//EN')
  add('uid', {}, 'text', `urn:uuid:${c.id}`)
  add('fn', {}, 'text', c.displayName || `${c.firstName} ${c.lastName}`.trim())
  add('n', {}, 'text', [c.lastName, c.firstName, '', '', ''])
  if (c.companyName) add('org', {}, 'text', [c.companyName])
  if (c.jobTitle) add('title', {}, 'text', c.jobTitle)
  const emails = [...c.emails].sort((a, b) => Number(b.primary) - Number(a.primary))
  emails.forEach((e, i) => add('email', channelParams('email', e.label, i === 0 && emails.length > 0, version), 'text', e.value))
  c.phones.forEach((p, i) => add('tel', channelParams('phone', p.label, i === 0 && c.phones.length > 1, version), version === '4.0' ? 'text' : 'phone-number', p.value))
  const a = c.address
  if (a.street || a.city || a.region || a.postalCode || a.country) {
    add('adr', {}, 'text', ['', '', a.street ?? '', a.city ?? '', a.region ?? '', a.postalCode ?? '', a.country ?? ''])
  }
  if (c.birthday) add('bday', {}, version === '4.0' ? 'date-and-or-time' : 'date', c.birthday)
  if (c.notes) add('note', {}, 'text', c.notes)
  for (const s of c.socialProfiles) add('url', channelParams('social', s.label, false, version), 'uri', s.value)
  if (c.tags.length) add('categories', {}, 'text', ...c.tags.map((t) => t.name))
  // ical.js folds at 75 octets plus the leading space; RFC 6350 wants 75 with it
  const fold = ICAL.foldLength
  ICAL.foldLength = 74
  try {
    const text = ICAL.stringify(['vcard', props, []])
    return text.endsWith('\r\n') ? text : text + '\r\n'
  } finally {
    ICAL.foldLength = fold
  }
}
