/**
 * Writes the import's rows, one chunk at a time, through the Writer of the chunk's transaction:
 * new companies, contacts with their channels, tags and custom values (multi-row inserts, the
 * contact search index deferred to one statement per chunk), and updates of the contacts a row
 * matches. A dry run takes the same decisions with no Writer and only counts.
 */
import type { CustomFieldDef, ImportRow } from '../../../../src-shared/csv-mapping'
import type { ImportJob, ImportOptions } from '../../../../src-shared/model/import'
import { TAG_COLORS } from '../../../../src-shared/model/tag'
import type { Reader } from '../../db/access'
import { contactTagId, makeIdFactory } from '../../db/ids'
import { phoneKey, phoneTail } from '../../formats/phone'
import type { Writer } from '../../db/repository'
import { addressColumns } from '../address'
import type { ServiceContext } from '../context'
import { writeCustomValues } from '../contacts/custom-field-values'
import { phoneRegionOf } from '../settings/settings'
import { readRow, rejectionOf, type ParsedCsv } from './parse'

const MAX_REJECTIONS_KEPT = 5000

/** The counters a chunk adds to: the job's own (a failure puts them back to the committed ones). */
export type ImportTally = Pick<ImportJob, 'created' | 'updated' | 'skipped' | 'rejected' | 'companiesCreated' | 'rejections'>

export interface ChunkWriter {
  /** Rows [from, to): written through w, or only counted (dry run: w is null). */
  chunk(w: Writer | null, from: number, to: number): void
}

type Values = Record<string, unknown>

/** What the import knows of the database, read once at its start and kept up to date as it writes. */
interface Known {
  /** Match rows to existing contacts (onMatch is not 'create'): by email, then by phone. */
  match: boolean
  /** The region phones are keyed in (phoneKey): the setting, else the locale's. */
  region: string | null
  emails: Map<string, string>
  /** By phoneTail, oldest first; each key (phoneKey) computed when a number with the same tail is looked up. */
  phones: Map<string, PhoneEntry[]>
  companies: Map<string, string>
  tags: Map<string, string>
}

interface PhoneEntry {
  value: string
  contactId: string
  /** phoneKey(value), once computed (undefined: not yet) */
  key?: string | null
}

/** Rows of the chunk's new contacts, written together by flush(). */
interface Pending {
  companies: Values[]
  contacts: Values[]
  channels: Values[]
  tags: Values[]
  values: Values[]
}

const lower = (s: string) => s.toLowerCase()

// One factory for the whole process, as before the split: a chunk makes several ids per row.
const nextId = makeIdFactory()

export function readCustomFieldDefs(q: Reader): CustomFieldDef[] {
  return q
    .all<{ id: string; label: string; type: CustomFieldDef['type']; options: string }>(
      'SELECT id, label, type, options FROM custom_fields WHERE deleted_at IS NULL ORDER BY position',
    )
    .map((f) => ({ ...f, options: JSON.parse(f.options) as string[] }))
}

/** The live contacts' emails and phones (when matching), companies and tags by lower-cased name; the oldest wins. */
function readKnown(q: Reader, match: boolean): Known {
  const region = phoneRegionOf(q)
  const emails = new Map<string, string>()
  const phones = new Map<string, PhoneEntry[]>()
  if (match) {
    const rows = q.all<{ contact_id: string; kind: string; value: string }>(
      `SELECT ch.contact_id, ch.kind, ch.value FROM contact_channels ch JOIN contacts c ON c.id = ch.contact_id
       WHERE ch.deleted_at IS NULL AND c.deleted_at IS NULL AND ch.kind IN ('email', 'phone') ORDER BY c.created_at, c.id`,
    )
    for (const r of rows) {
      if (r.kind === 'email') {
        if (!emails.has(lower(r.value))) emails.set(lower(r.value), r.contact_id)
      } else {
        addPhone(phones, phoneTail(r.value, region), { value: r.value, contactId: r.contact_id })
      }
    }
  }
  const companies = new Map<string, string>()
  for (const c of q.all<{ id: string; name: string }>('SELECT id, name FROM companies WHERE deleted_at IS NULL ORDER BY created_at, id')) {
    if (!companies.has(lower(c.name))) companies.set(lower(c.name), c.id)
  }
  const tags = new Map<string, string>()
  for (const t of q.all<{ id: string; name: string }>('SELECT id, name FROM tags WHERE deleted_at IS NULL ORDER BY created_at, id')) {
    if (!tags.has(lower(t.name))) tags.set(lower(t.name), t.id)
  }
  return { match, region, emails, phones, companies, tags }
}

function addPhone(phones: Known['phones'], tail: string, entry: PhoneEntry): void {
  const list = phones.get(tail)
  if (list) list.push(entry)
  else phones.set(tail, [entry])
}

/** The oldest contact holding this phone (phoneKey), parsing only the numbers that share its tail. */
function phoneOwner(known: Known, phone: string): string | undefined {
  const candidates = known.phones.get(phoneTail(phone, known.region))
  if (!candidates) return undefined
  const key = phoneKey(phone, known.region)
  if (!key) return undefined
  for (const c of candidates) {
    if (c.key === undefined) c.key = phoneKey(c.value, known.region)
    if (c.key === key) return c.contactId
  }
  return undefined
}

function findMatch(known: Known, row: ImportRow): string | null {
  if (!known.match) return null
  for (const e of row.emails) {
    const id = known.emails.get(lower(e))
    if (id) return id
  }
  for (const p of row.phones) {
    const id = phoneOwner(known, p)
    if (id) return id
  }
  return null
}

/** Later rows of the file match the contact a row made or updated, as they would an existing one. */
function remember(known: Known, row: ImportRow, id: string): void {
  if (!known.match) return
  for (const e of row.emails) if (!known.emails.has(lower(e))) known.emails.set(lower(e), id)
  // after the older holders of a number: the oldest still wins
  for (const p of row.phones) addPhone(known.phones, phoneTail(p, known.region), { value: p, contactId: id })
}

/**
 * New companies and contacts of a chunk are written together (Writer.insertMany: one statement
 * per ~100 rows), before any update of an existing contact (which may name a new company). The
 * contact search triggers wait while contacts and channels are written: one statement indexes
 * the new contacts at the end (db/search-index.ts), in the chunk's transaction.
 */
function flush(w: Writer, pending: Pending): void {
  if (pending.companies.length > 0) w.insertMany('companies', pending.companies)
  pending.companies = []
  if (pending.contacts.length === 0) return // channels, tags and values are only of new contacts
  w.deferContactIndex(() => {
    const index = w.insertMany('contacts', pending.contacts)
    w.insertMany('contact_channels', pending.channels)
    return { index }
  })
  w.insertMany('contact_tags', pending.tags)
  w.insertMany('contact_field_values', pending.values)
  pending.contacts = []
  pending.channels = []
  pending.tags = []
  pending.values = []
}

/** Queues a new contact with its channels, tag links and custom values; returns its id. */
function queueContact(pending: Pending, row: ImportRow, company: string | null | undefined, tagId: (name: string) => string): string {
  const id = nextId()
  pending.contacts.push({
    id,
    firstName: row.firstName,
    lastName: row.lastName,
    jobTitle: row.jobTitle ?? null,
    companyId: company ?? null,
    leadSource: row.leadSource ?? null,
    lifecycleStage: row.lifecycleStage ?? 'lead',
    owner: row.owner ?? null,
    birthday: row.birthday ?? null,
    notes: row.notes ?? '',
    ...addressColumns(row.address),
  })
  const channel = (kind: string, value: string, isPrimary: number, position: number) =>
    pending.channels.push({ id: nextId(), contactId: id, kind, value, label: null, isPrimary, position })
  row.emails.forEach((value, position) => channel('email', value, position === 0 ? 1 : 0, position))
  row.phones.forEach((value, position) => channel('phone', value, 0, position))
  row.socialProfiles.forEach((value, position) => channel('social', value, 0, position))
  for (const tag of new Set(row.tagNames.map(tagId))) pending.tags.push({ id: contactTagId(id, tag), contactId: id, tagId: tag })
  for (const [fieldId, value] of Object.entries(row.customFields)) {
    pending.values.push({ id: nextId(), contactId: id, fieldId, value: JSON.stringify(value) })
  }
  return id
}

/** Fields the file fills replace the contact's; empty cells leave them; new emails, phones and tags are added. */
function updateContact(ctx: ServiceContext, w: Writer, id: string, row: ImportRow, company: string | null | undefined, tagId: (name: string) => string, region: string | null): void {
  const { q } = ctx
  const patch: Record<string, unknown> = {
    jobTitle: row.jobTitle ?? undefined,
    companyId: company ?? undefined,
    leadSource: row.leadSource ?? undefined,
    lifecycleStage: row.lifecycleStage,
    owner: row.owner ?? undefined,
    birthday: row.birthday ?? undefined,
    notes: row.notes || undefined,
    ...addressColumns(row.address),
  }
  if (row.firstName) patch.firstName = row.firstName
  if (row.lastName) patch.lastName = row.lastName
  for (const k of Object.keys(patch)) if (patch[k] === null) delete patch[k]
  w.update('contacts', id, patch)

  const existing = q.all<{ kind: string; value: string; position: number }>(
    'SELECT kind, value, position FROM contact_channels WHERE contact_id = ? AND deleted_at IS NULL',
    id,
  )
  const addChannels = (kind: string, values: string[], key: (v: string) => string | null) => {
    const mine = existing.filter((c) => c.kind === kind)
    const have = new Set(mine.map((c) => key(c.value)))
    let position = mine.reduce((m, c) => Math.max(m, c.position + 1), 0)
    for (const value of values) {
      const k = key(value)
      if (k !== null && have.has(k)) continue
      have.add(k)
      const isPrimary = kind === 'email' && mine.length === 0 && position === 0 ? 1 : 0
      w.insert('contact_channels', { contactId: id, kind, value, label: null, isPrimary, position: position++ })
    }
  }
  addChannels('email', row.emails, lower)
  addChannels('phone', row.phones, (v) => phoneKey(v, region) ?? v.trim())
  addChannels('social', row.socialProfiles, lower)
  for (const name of row.tagNames) {
    const tag = tagId(name)
    const link = q.one<{ id: string; deleted_at: number | null }>(
      'SELECT id, deleted_at FROM contact_tags WHERE contact_id = ? AND tag_id = ? ORDER BY deleted_at IS NULL DESC LIMIT 1',
      id,
      tag,
    )
    if (!link) w.insert('contact_tags', { id: contactTagId(id, tag), contactId: id, tagId: tag })
    else if (link.deleted_at !== null) w.restore('contact_tags', link.id)
  }
  if (Object.keys(row.customFields).length) writeCustomValues(ctx, w, id, row.customFields)
}

/**
 * The writer of one import run: reads what it must know of the database now (custom fields,
 * match keys, companies, tags), then decides and writes row by row, chunk after chunk.
 */
export function createChunkWriter(ctx: ServiceContext, file: ParsedCsv, options: ImportOptions, tally: ImportTally): ChunkWriter {
  const defs = new Map(readCustomFieldDefs(ctx.q).map((d) => [d.id, d]))
  const known = readKnown(ctx.q, options.onMatch !== 'create')
  const pending: Pending = { companies: [], contacts: [], channels: [], tags: [], values: [] }
  let tagColor = known.tags.size
  let dryIds = 0

  const companyId = (w: Writer | null, name: string | null): string | null | undefined => {
    if (!name) return undefined
    const have = known.companies.get(lower(name))
    if (have) return have
    let id = `dry-company-${known.companies.size}`
    if (w) {
      id = nextId()
      pending.companies.push({ id, name, notes: '' }) // written by flush(), before the contacts that name it
    }
    known.companies.set(lower(name), id)
    tally.companiesCreated++
    return id
  }
  // A new tag is inserted at once (not queued): the update of a contact may link it in the same chunk.
  const tagId = (w: Writer | null, name: string): string => {
    const have = known.tags.get(lower(name))
    if (have) return have
    const id = w ? w.insert('tags', { name, color: TAG_COLORS[tagColor++ % TAG_COLORS.length] }) : `dry-tag-${known.tags.size}`
    known.tags.set(lower(name), id)
    return id
  }
  const reject = (index: number, reason: string, cellCount = false) => {
    tally.rejected++
    if (tally.rejections.length < MAX_REJECTIONS_KEPT) tally.rejections.push(rejectionOf(file, index, reason, cellCount))
  }

  return {
    chunk(w, from, to) {
      const tagOf = (name: string) => tagId(w, name)
      for (let i = from; i < to; i++) {
        const result = readRow(file, i, options, defs)
        if (!result.ok) {
          reject(i, result.reason, 'cellCount' in result)
          continue
        }
        const row = result.row
        const existing = findMatch(known, row)
        if (existing && options.onMatch === 'skip') {
          tally.skipped++
          continue
        }
        const company = companyId(w, row.companyName)
        if (existing && options.onMatch === 'update') {
          if (w) {
            flush(w, pending) // the match may be a contact made earlier in this chunk
            updateContact(ctx, w, existing, row, company, tagOf, known.region)
          } else for (const name of row.tagNames) tagId(null, name)
          remember(known, row, existing)
          tally.updated++
          continue
        }
        let id: string
        if (w) id = queueContact(pending, row, company, tagOf)
        else {
          for (const name of row.tagNames) tagId(null, name)
          id = `dry-contact-${dryIds++}`
        }
        remember(known, row, id)
        tally.created++
      }
      if (w) flush(w, pending)
    },
  }
}
