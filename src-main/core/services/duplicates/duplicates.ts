/**
 * Duplicate contacts: found by grouping (the same email; a phone digits tail, confirmed by phoneKeyParts;
 * the same or a one-typo name at the same company); reviewed and merged pair by pair. A merge is
 * ONE transaction through the repository, so undo is revertTransactions of that transaction.
 *
 * The scan is a read job ('duplicates.scan', jobs/runner.ts): it reads the channel and contact
 * rows in pages by rowid and groups them as it goes, in slices of ≤ CHUNK_BUDGET_MS with a pause
 * between, so other commands answer meanwhile (0.6–0.8 s at 100k contacts). Its result is cached
 * per change-log position and region; two scans asked at once share one.
 */
import { AppError } from '../../../../src-shared/errors'
import type { Contact } from '../../../../src-shared/model/contact'
import {
  MERGE_FIELDS,
  type DuplicateList,
  type DuplicatePair,
  type DuplicateReason,
  type DuplicateSide,
  type EmailMatch,
  type MergeField,
  type MergeInput,
  type MergeResult,
} from '../../../../src-shared/model/duplicate'
import { editDistance, emailKey, formatE164, nameKey, phoneKey, phoneKeyParts } from '../../formats/phone'
import { revertTransactions } from '../../db/revert'
import type { Writer } from '../../db/repository'
import { CHUNK_BUDGET_MS, type Job, type JobRunner } from '../../jobs/runner'
import { addressColumns } from '../address'
import { invalid, type ServiceContext } from '../context'
import type { ContactsService } from '../contacts/contacts'
import { phoneRegionOf } from '../settings/settings'
import type { TasksService } from '../tasks/tasks'

/** In a bigger group (20 people sharing info@…) every member pairs with the oldest only. */
const ALL_PAIRS_UP_TO = 8
/** Companies up to this size compare every two names; bigger ones use one-deletion keys. */
const PAIRWISE_NAMES_UP_TO = 200
/** A typo counts as "similar" only in names at least this long (after normalisation). */
const SIMILAR_MIN_LENGTH = 10

const SCORE = { email: 3, phone: 2, name: 2, similarName: 1 } as const

// Digits of a phone before any extension ("x12", "ext. 12"), as SQL; the last 7 are the blocking key.
const PHONE_DIGITS_SQL = `replace(replace(replace(replace(replace(replace(replace(
  CASE WHEN instr(lower(ch.value), 'x') > 0 THEN substr(ch.value, 1, instr(lower(ch.value), 'x') - 1) ELSE ch.value END,
  ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')`
const PHONE_TAIL_SQL = `substr(rtrim(lower(${PHONE_DIGITS_SQL}), 'et'), -7)`

/** The contact form's email check: lower(trim(value)) is the expression of contact_channels_value_key, so it is one index lookup. */
export const CHECK_EMAIL_SQL = `SELECT c.id, c.first_name, c.last_name, ch.value FROM contact_channels ch JOIN contacts c ON c.id = ch.contact_id
  WHERE ch.kind = 'email' AND lower(trim(ch.value)) = ? AND ch.deleted_at IS NULL AND c.deleted_at IS NULL AND c.id IS NOT ?
  ORDER BY c.created_at LIMIT 5`

/**
 * Live emails shared by two or more live contacts, among candidate keys (a JSON array): the scan
 * finds the keys held by two or more contacts in its paged pass over contact_channels (a plain
 * scan: walking contact_channels_value_key in key order costs a random table read per row, as
 * SQLite does not use an expression index as a covering one), then looks up only those few keys
 * here, through that index (lower(trim(value)), exactly its expression), joined to live contacts.
 */
export const EMAIL_GROUPS_SQL = `SELECT lower(trim(ch.value)) AS k, json_group_array(DISTINCT ch.contact_id) AS ids
  FROM contact_channels ch JOIN contacts c ON c.id = ch.contact_id
  WHERE ch.kind = 'email' AND lower(trim(ch.value)) IN (SELECT value FROM json_each(?)) AND ch.deleted_at IS NULL AND c.deleted_at IS NULL
  GROUP BY k HAVING count(DISTINCT ch.contact_id) > 1`

/** Rows per page of the scan's reads (a few ms each), and keys or ids per lookup. */
const PAGE = 2000
const LOOKUP = 500

/** The order of SQLite's BINARY collation (UTF-8 bytes, i.e. code points), not UTF-16 units. */
function binaryOrder(a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!
    const y = b.codePointAt(i)!
    if (x !== y) return x < y ? -1 : 1
    if (x > 0xffff) i++
  }
  return a.length < b.length ? -1 : 1
}

/** length(text) >= 3 as SQLite counts characters (code points, not UTF-16 units). */
const threeOrMoreChars = (text: string) => text.length >= 6 || [...text].length >= 3

/** Adds id to a key's contacts: one id as a string, two or more distinct as an array. */
function addId(map: Map<string, string | string[]>, key: string, id: string) {
  const ids = map.get(key)
  if (ids === undefined) map.set(key, id)
  else if (typeof ids === 'string') {
    if (ids !== id) map.set(key, [ids, id])
  } else if (!ids.includes(id)) ids.push(id)
}

interface Found {
  a: string
  b: string
  reasons: DuplicateReason[]
}

interface Scan {
  version: string
  pairs: Found[]
  contacts: number
  dismissed: number
}

/** A phone channel: rowid, contact. */
type PhoneRow = [number, string]

export const pairKey = (x: string, y: string) => (x < y ? `${x}:${y}` : `${y}:${x}`)

export function createDuplicatesService(ctx: ServiceContext, deps: { contacts: ContactsService; tasks: TasksService; jobs: JobRunner }) {
  const { q, repo } = ctx
  let cache: Scan | null = null
  /** Scans under way, by version: a second caller shares the running one. */
  const running = new Map<string, Promise<Scan>>()
  // The paged reads are NOT INDEXED: a rowid range in table order, never an index walk plus a
  // sort per page. One pass over live email and phone channels: the email key is lower(trim(value)), the
  // expression of contact_channels_value_key; the phone key is the last 7 digits (PHONE_TAIL_SQL).
  const channelPage = q.get(
    `SELECT ch.rowid, ch.kind = 'email', ch.contact_id,
       CASE ch.kind WHEN 'email' THEN lower(trim(ch.value)) ELSE ${PHONE_TAIL_SQL} END
     FROM contact_channels ch NOT INDEXED WHERE ch.rowid > ? AND ch.kind IN ('email', 'phone') AND ch.deleted_at IS NULL
     ORDER BY ch.rowid LIMIT ?`,
  )
  const emailGroups = q.get(EMAIL_GROUPS_SQL)
  const channelValues = q.get('SELECT rowid, value FROM contact_channels WHERE rowid IN (SELECT value FROM json_each(?))')
  const liveContacts = q.get('SELECT id FROM contacts WHERE deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))')
  const companyPage = q.get('SELECT rowid, id FROM companies NOT INDEXED WHERE rowid > ? AND deleted_at IS NULL ORDER BY rowid LIMIT ?')
  const contactPage = q.get(
    `SELECT rowid, id, first_name, last_name, company_id FROM contacts NOT INDEXED
     WHERE rowid > ? AND deleted_at IS NULL AND company_id IS NOT NULL ORDER BY rowid LIMIT ?`,
  )

  // ---- dismissed pairs: synced rows (contact_a < contact_b); undismiss is a soft delete ----
  function dismissed(): Set<string> {
    const keys = new Set<string>()
    for (const [a, b] of q.get('SELECT contact_a, contact_b FROM duplicate_dismissals WHERE deleted_at IS NULL').raw().iterate() as Iterable<
      [string, string]
    >) {
      keys.add(`${a}:${b}`)
    }
    return keys
  }

  // ---- detection ----
  /** The scan for this region and change-log position: cached, shared while it runs, else a new job. */
  async function detect(region: string | null): Promise<Scan> {
    const version = `${region}|${q.one<{ hlc: string | null }>('SELECT max(hlc) AS hlc FROM change_log')!.hlc}`
    if (cache?.version === version) return cache
    const shared = running.get(version)
    if (shared) return shared
    const total = maxRowid('contact_channels') + maxRowid('contacts') + 1 // rows to read, then the companies (known later)
    const scan = deps.jobs
      // background: the sidebar's count asks for it after changes; the Duplicates view shows its own loading
      .run({ kind: 'duplicates.scan', title: 'Looking for duplicate contacts', total, writes: false, background: true }, (job) => detectIn(job, region, version))
      .finally(() => running.delete(version))
    running.set(version, scan)
    return scan
  }

  const maxRowid = (table: 'contact_channels' | 'contacts') => q.one<{ n: number | null }>(`SELECT max(rowid) AS n FROM ${table}`)!.n ?? 0

  /**
   * The scan itself, in slices of ≤ CHUNK_BUDGET_MS: paged reads by rowid (never a statement left
   * open across a pause), grouped in memory. Progress: rows read (channels, then contacts), then
   * companies compared. Writes made meanwhile may or may not be seen; the result is cached under
   * the version it started at, so the next call after them scans again.
   */
  async function detectIn(job: Job, region: string | null, version: string): Promise<Scan> {
    let sliceStart = performance.now()
    let done = 0
    /** Lets other commands answer (and Cancel stop the scan); also between the phases, whatever their size. */
    const pause = async () => {
      job.progress(done)
      await job.pause()
      sliceStart = performance.now()
    }
    /** Pauses once this slice has used its budget. */
    const slice = () => (performance.now() - sliceStart < CHUNK_BUDGET_MS ? undefined : pause())
    /** Reads a `rowid > ? ... ORDER BY rowid LIMIT ?` statement page by page (counted: rowids read add to the progress). */
    const pages = async (statement: typeof channelPage, each: (row: unknown[]) => void, counted = true) => {
      let after = 0
      for (;;) {
        const rows = statement.raw().all(after, PAGE) as unknown[][]
        for (const row of rows) each(row)
        if (rows.length < PAGE) return
        const last = rows[rows.length - 1][0] as number
        if (counted) done += last - after
        after = last
        await slice()
      }
    }
    /** Runs one statement per LOOKUP items of a JSON array parameter. */
    const lookup = async <T>(items: readonly unknown[], run: (json: string) => T[]): Promise<T[]> => {
      const out: T[] = []
      for (let i = 0; i < items.length; i += LOOKUP) {
        out.push(...run(JSON.stringify(items.slice(i, i + LOOKUP))))
        await slice()
      }
      return out
    }

    const skip = dismissed()
    const found = new Map<string, Found>()
    const add = (x: string, y: string, reason: DuplicateReason) => {
      if (x === y) return
      const key = pairKey(x, y)
      if (skip.has(key)) return
      const entry = found.get(key) ?? { a: x < y ? x : y, b: x < y ? y : x, reasons: [] }
      if (!entry.reasons.some((r) => r.kind === reason.kind && r.value === reason.value)) entry.reasons.push(reason)
      found.set(key, entry)
    }
    const addGroup = (ids: string[], reason: DuplicateReason) => {
      const sorted = [...new Set(ids)].sort() // UUIDv7: oldest first
      if (sorted.length <= ALL_PAIRS_UP_TO) {
        for (let i = 0; i < sorted.length; i++) for (let j = i + 1; j < sorted.length; j++) add(sorted[i], sorted[j], reason)
      } else {
        for (const id of sorted.slice(1)) add(sorted[0], id, reason)
      }
    }

    // 1. Live email and phone channels, grouped by key. Kept: the contacts of each email key; the
    //    rows of each phone tail of 3+ characters (a tail held once stays one row, not an array).
    const emails = new Map<string, string | string[]>()
    const phones = new Map<string, PhoneRow | PhoneRow[]>()
    await pages(channelPage, (row) => {
      const [rowid, isEmail, contactId, key] = row as [number, number, string, string]
      if (isEmail) return addId(emails, key, contactId)
      if (!threeOrMoreChars(key)) return
      const entry: PhoneRow = [rowid, contactId]
      const held = phones.get(key)
      if (held === undefined) phones.set(key, entry)
      else if (typeof held[0] === 'number') phones.set(key, [held as PhoneRow, entry])
      else (held as PhoneRow[]).push(entry)
    })

    await pause()

    // 2. Same email: the keys two or more contacts hold, looked up through the index with live
    //    contacts only (EMAIL_GROUPS_SQL), in key order.
    const emailKeys: string[] = []
    for (const [key, ids] of emails) if (typeof ids !== 'string') emailKeys.push(key)
    emails.clear()
    emailKeys.sort(binaryOrder)
    const groups = await lookup(emailKeys, (json) => emailGroups.raw().all(json) as [string, string][])
    groups.sort((x, y) => binaryOrder(x[0], y[0]))
    for (const [k, ids] of groups) addGroup(JSON.parse(ids) as string[], { kind: 'email', value: k, label: `same email ${k}` })

    await pause()

    // 3. Same phone: the tails two or more live contacts hold; only those few candidates are
    //    parsed to E.164, in rowid order
    const tailRows: PhoneRow[][] = []
    for (const rows of phones.values()) {
      if (typeof rows[0] === 'number') continue
      const list = rows as PhoneRow[]
      if (list.some((r) => r[1] !== list[0][1])) tailRows.push(list)
    }
    phones.clear()
    const maybeLive = [...new Set(tailRows.flatMap((rows) => rows.map((r) => r[1])))]
    const live = new Set(await lookup(maybeLive, (json) => liveContacts.pluck().all(json) as string[]))
    const candidates: PhoneRow[] = []
    for (const rows of tailRows) {
      const alive = rows.filter((r) => live.has(r[1]))
      if (alive.some((r) => r[1] !== alive[0][1])) candidates.push(...alive)
    }
    candidates.sort((x, y) => x[0] - y[0])
    const values = new Map(await lookup(candidates.map((c) => c[0]), (json) => channelValues.raw().all(json) as [number, string][]))
    // grouped by the number (phoneKeyParts: E.164, or the same digits when unreadable), then by extension
    type PhoneGroup = { plain: string[]; exts: Map<string, string[]>; shown: string }
    const phoneGroups = new Map<string, PhoneGroup>()
    for (let i = 0; i < candidates.length; i++) {
      const [rowid, contactId] = candidates[i]
      const value = values.get(rowid)!
      const parts = phoneKeyParts(value, region)
      if (parts) {
        const e164 = !parts.number.startsWith('digits:')
        const group: PhoneGroup = phoneGroups.get(parts.number) ?? { plain: [], exts: new Map(), shown: e164 ? formatE164(parts.number) : value.trim() }
        if (parts.ext === null) group.plain.push(contactId)
        else group.exts.set(parts.ext, [...(group.exts.get(parts.ext) ?? []), contactId])
        phoneGroups.set(parts.number, group)
      }
      if (i % 64 === 63) await slice()
    }
    // Two extensions of one line are two desks (colleagues at one switchboard): not suggested. The
    // line without an extension and one of its extensions may well be one person: suggested.
    for (const [number, g] of phoneGroups) {
      const plain = [...new Set(g.plain)].sort()
      if (plain.length > 1) addGroup(plain, { kind: 'phone', value: number, label: `same phone ${g.shown}` })
      for (const [ext, ids] of g.exts) {
        const reason: DuplicateReason = { kind: 'phone', value: `${number};ext=${ext}`, label: `same phone ${g.shown} ext. ${ext}` }
        const mine = [...new Set(ids)].sort()
        if (mine.length > 1) addGroup(mine, reason)
        // a big group pairs with its oldest only, as addGroup does
        const desks = plain.length > ALL_PAIRS_UP_TO ? plain.slice(0, 1) : plain
        for (const id of mine.length > ALL_PAIRS_UP_TO ? mine.slice(0, 1) : mine) for (const desk of desks) add(desk, id, reason)
      }
    }

    await pause()

    // 4. Names at the same (live) company: the people read by rowid, grouped by company, then
    //    compared company by company (in company id order); a big company's similar names in slices.
    const liveCompanies = new Set<string>()
    await pages(companyPage, (row) => void liveCompanies.add(row[1] as string), false)
    const byCompany = new Map<string, Person[]>()
    await pages(contactPage, (row) => {
      const [, id, first, last, companyId] = row as [number, string, string, string, string]
      if (!liveCompanies.has(companyId)) return
      const key = nameKey(first, last)
      if (!key) return
      const people = byCompany.get(companyId)
      const person = { id, key, flat: key.replace(/ /g, '') }
      if (people) people.push(person)
      else byCompany.set(companyId, [person])
    })
    job.progress(done, done + byCompany.size + 1)
    const companyName = (id: string) => q.one<{ name: string }>('SELECT name FROM companies WHERE id = ?', id)!.name
    for (const companyId of [...byCompany.keys()].sort()) {
      const people = byCompany.get(companyId)!
      done++
      if (people.length < 2) continue
      const same = new Map<string, string[]>()
      for (const p of people) {
        const ids = same.get(p.key)
        if (ids) ids.push(p.id)
        else same.set(p.key, [p.id])
      }
      let company: string | null = null
      for (const ids of same.values()) {
        if (ids.length < 2) continue
        company ??= companyName(companyId)
        addGroup(ids, { kind: 'name', value: company, label: `same name at ${company}` })
      }
      const similar: [string, string][] = []
      for (const _ of similarNames(people, similar)) await slice()
      for (const [x, y] of similar) {
        company ??= companyName(companyId)
        add(x, y, { kind: 'similarName', value: company, label: `similar name at ${company}` })
      }
      await slice()
    }
    byCompany.clear()

    const contacts = q.one<{ n: number }>('SELECT count(*) AS n FROM contacts WHERE deleted_at IS NULL')!.n
    const pairs = [...found.values()]
    for (const p of pairs) p.reasons.sort((r, s) => SCORE[s.kind] - SCORE[r.kind])
    pairs.sort((p, r) => scoreOf(r) - scoreOf(p) || (p.a < r.a ? -1 : p.a > r.a ? 1 : p.b < r.b ? -1 : 1))
    cache = { version, pairs, contacts, dismissed: skip.size }
    return cache
  }

  function sides(ids: string[]): Map<string, DuplicateSide> {
    const rows = q.all<{ id: string; first_name: string; last_name: string; company: string | null; created_at: number; email: string | null; phone: string | null }>(
      `SELECT c.id, c.first_name, c.last_name, co.name AS company, c.created_at,
         (SELECT value FROM contact_channels WHERE contact_id = c.id AND kind = 'email' AND deleted_at IS NULL ORDER BY is_primary DESC, position LIMIT 1) AS email,
         (SELECT value FROM contact_channels WHERE contact_id = c.id AND kind = 'phone' AND deleted_at IS NULL ORDER BY position LIMIT 1) AS phone
       FROM contacts c LEFT JOIN companies co ON co.id = c.company_id AND co.deleted_at IS NULL
       WHERE c.id IN (SELECT value FROM json_each(?))`,
      JSON.stringify(ids),
    )
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          displayName: `${r.first_name} ${r.last_name}`.trim(),
          companyName: r.company,
          primaryEmail: r.email,
          primaryPhone: r.phone,
          createdAt: r.created_at,
        },
      ]),
    )
  }

  async function list(input: { region?: string; limit: number }): Promise<DuplicateList> {
    const { limit } = input
    const region = phoneRegionOf(q, input.region)
    const { pairs, contacts, dismissed: dismissedCount } = await detect(region)
    const shown = pairs.slice(0, limit)
    const info = sides(shown.flatMap((p) => [p.a, p.b]))
    return {
      pairs: shown.map(
        (p): DuplicatePair => ({ key: pairKey(p.a, p.b), a: info.get(p.a)!, b: info.get(p.b)!, reasons: p.reasons, score: scoreOf(p) }),
      ),
      total: pairs.length,
      checked: { contacts, region },
      dismissedCount,
    }
  }

  // ---- the pair under review ----
  function pair({ a, b }: { a: string; b: string }) {
    if (a === b) throw invalid('b', 'Pick two different contacts to compare.')
    const counts = (id: string) =>
      q.one<{ activities: number; deals: number; tasks: number }>(
        `SELECT (SELECT count(*) FROM activities WHERE contact_id = ? AND deleted_at IS NULL) AS activities,
                (SELECT count(*) FROM deals WHERE contact_id = ? AND deleted_at IS NULL) AS deals,
                (SELECT count(*) FROM tasks WHERE contact_id = ? AND deleted_at IS NULL) AS tasks`,
        id,
        id,
        id,
      )!
    const left = deps.contacts.get(a)
    const right = deps.contacts.get(b)
    return { a: left, b: right, counts: { [a]: counts(a), [b]: counts(b) } }
  }

  // ---- merge ----
  function requireLive(id: string, what: string) {
    const row = q.one<{ deleted_at: number | null }>('SELECT deleted_at FROM contacts WHERE id = ?', id)
    if (!row) throw new AppError('NOT_FOUND', `${what} was not found. It may have been removed; refresh the list.`, { id })
    if (row.deleted_at !== null) {
      throw new AppError('CONFLICT', `${what} was deleted, so it cannot be merged. Restore it first, or refresh the list.`, { id })
    }
  }

  function merge(input: MergeInput): MergeResult {
    const { survivorId, otherId } = input
    if (survivorId === otherId) throw invalid('otherId', 'A contact cannot be merged with itself; pick two different contacts.')
    requireLive(survivorId, 'The contact to keep')
    requireLive(otherId, 'The contact to merge in')
    const survivor = deps.contacts.get(survivorId)
    const other = deps.contacts.get(otherId)
    const moved = { activities: 0, deals: 0, tasks: 0, tags: 0, channels: 0, customFields: 0 }

    const txId = repo.write((w) => {
      w.update('contacts', survivorId, scalarPatch(survivor, other, input.picks))
      moved.channels = moveChannels(w, survivorId, otherId)
      moved.tags = moveTags(w, survivorId, otherId)
      moved.customFields = moveCustomValues(w, survivorId, otherId, input.customFieldPicks)
      for (const [table, key] of [
        ['activities', 'activities'],
        ['deals', 'deals'],
        ['tasks', 'tasks'],
      ] as const) {
        for (const r of q.all<{ id: string }>(`SELECT id FROM ${table} WHERE contact_id = ? AND deleted_at IS NULL`, otherId)) {
          w.update(table, r.id, { contactId: survivorId })
          moved[key]++
        }
      }
      w.softDelete('contacts', otherId)
      // one keep-in-touch follow-up, due from the merged history
      deps.tasks.syncKeepInTouch(survivorId)
      return w.txId
    })
    cache = null
    return { survivor: deps.contacts.get(survivorId), txId, moved }
  }

  function undoMerge({ txId }: { txId: string }) {
    const merged = q.one<{ row_id: string }>(
      `SELECT row_id FROM change_log WHERE tx_id = ? AND table_name = 'contacts' AND column_name = 'deleted_at' AND value <> 'null' LIMIT 1`,
      txId,
    )
    if (!merged) throw new AppError('NOT_FOUND', 'That merge was not found, so there is nothing to undo.', { txId })
    const other = q.one<{ deleted_at: number | null }>('SELECT deleted_at FROM contacts WHERE id = ?', merged.row_id)
    if (other && other.deleted_at === null) throw new AppError('CONFLICT', 'This merge was already undone.', { txId })
    const result = revertTransactions(ctx, [txId])
    cache = null
    return result
  }

  // ---- the contact form's warning ----
  function checkEmail({ email, excludeId }: { email: string; excludeId?: string }): EmailMatch[] {
    const key = emailKey(email)
    if (!/^[^@\s]+@[^@\s]+$/.test(key)) return []
    return q
      .all<{ id: string; first_name: string; last_name: string; value: string }>(CHECK_EMAIL_SQL, key, excludeId ?? null)
      .filter((r, i, all) => all.findIndex((s) => s.id === r.id) === i)
      .map((r) => ({ id: r.id, displayName: `${r.first_name} ${r.last_name}`.trim(), email: r.value }))
  }

  function setDismissed(x: string, y: string, on: boolean) {
    if (x === y) throw invalid('b', 'Pick two different contacts.')
    for (const id of [x, y]) {
      if (!q.one('SELECT 1 FROM contacts WHERE id = ?', id)) throw new AppError('NOT_FOUND', 'That contact was not found; refresh the list.', { id })
    }
    const [a, b] = x < y ? [x, y] : [y, x]
    const count = repo.write((w) => {
      // after a sync there may be two live rows for one pair (no UNIQUE constraint): undismiss ends all
      const live = q.all<{ id: string }>('SELECT id FROM duplicate_dismissals WHERE contact_a = ? AND contact_b = ? AND deleted_at IS NULL', a, b)
      if (on) {
        if (live.length > 0) return 0
        w.insert('duplicate_dismissals', { contactA: a, contactB: b })
        return 1
      }
      for (const row of live) w.softDelete('duplicate_dismissals', row.id)
      return live.length > 0 ? 1 : 0
    })
    if (count > 0) cache = null
    return { count }
  }

  // ---- merge parts ----
  function scalarPatch(s: Contact, o: Contact, picks: Partial<Record<MergeField, 'survivor' | 'other'>>) {
    const patch: Record<string, unknown> = {}
    for (const field of MERGE_FIELDS) {
      const side = picks[field] ?? (isEmpty(s, field) && !isEmpty(o, field) ? 'other' : 'survivor')
      if (side !== 'other') continue
      switch (field) {
        case 'address':
          Object.assign(patch, addressColumns(o.address))
          break
        case 'keepInTouch':
          patch.keepInTouchCount = o.keepInTouch?.count ?? null
          patch.keepInTouchUnit = o.keepInTouch?.unit ?? null
          break
        default:
          patch[field] = o[field]
      }
    }
    if (!(patch.firstName ?? s.firstName) && !(patch.lastName ?? s.lastName)) {
      throw invalid('picks', 'The merged contact needs a first or last name; keep one of them.')
    }
    return patch
  }

  /** Two channels with one key are one: a phone by phoneKey (its extension kept: a desk and its extension are two phones). */
  function channelKey(kind: string, value: string, region: string | null): string {
    if (kind === 'email') return emailKey(value)
    if (kind === 'phone') return phoneKey(value, region) ?? value.trim()
    return value.trim().toLowerCase().replace(/\/+$/, '')
  }

  /** Union: the other's channels the survivor lacks move over, after the survivor's own; the rest stay on the tombstone. */
  function moveChannels(w: Writer, survivorId: string, otherId: string): number {
    const mine = q.all<{ kind: string; value: string; position: number }>(
      'SELECT kind, value, position FROM contact_channels WHERE contact_id = ? AND deleted_at IS NULL',
      survivorId,
    )
    const region = phoneRegionOf(q)
    const have = new Set(mine.map((c) => `${c.kind}\u0000${channelKey(c.kind, c.value, region)}`))
    const next = new Map<string, number>()
    for (const c of mine) next.set(c.kind, Math.max(next.get(c.kind) ?? 0, c.position + 1))
    const hasPrimary = q.one('SELECT 1 FROM contact_channels WHERE contact_id = ? AND kind = ? AND is_primary = 1 AND deleted_at IS NULL', survivorId, 'email')
    let count = 0
    for (const c of q.all<{ id: string; kind: string; value: string; is_primary: number }>(
      'SELECT id, kind, value, is_primary FROM contact_channels WHERE contact_id = ? AND deleted_at IS NULL ORDER BY kind, position',
      otherId,
    )) {
      const key = `${c.kind}\u0000${channelKey(c.kind, c.value, region)}`
      if (have.has(key)) continue
      have.add(key)
      const position = next.get(c.kind) ?? 0
      next.set(c.kind, position + 1)
      w.update('contact_channels', c.id, { contactId: survivorId, position, isPrimary: hasPrimary ? 0 : c.is_primary })
      count++
    }
    return count
  }

  function moveTags(w: Writer, survivorId: string, otherId: string): number {
    const mine = new Set(
      q.all<{ tag_id: string }>('SELECT tag_id FROM contact_tags WHERE contact_id = ? AND deleted_at IS NULL', survivorId).map((r) => r.tag_id),
    )
    let count = 0
    for (const r of q.all<{ id: string; tag_id: string }>('SELECT id, tag_id FROM contact_tags WHERE contact_id = ? AND deleted_at IS NULL', otherId)) {
      if (mine.has(r.tag_id)) continue
      w.update('contact_tags', r.id, { contactId: survivorId })
      count++
    }
    return count
  }

  function moveCustomValues(w: Writer, survivorId: string, otherId: string, picks: Record<string, 'survivor' | 'other'>): number {
    const mine = new Map(
      q
        .all<{ id: string; field_id: string }>('SELECT id, field_id FROM contact_field_values WHERE contact_id = ? AND deleted_at IS NULL', survivorId)
        .map((r) => [r.field_id, r.id]),
    )
    let count = 0
    for (const r of q.all<{ id: string; field_id: string }>(
      'SELECT id, field_id FROM contact_field_values WHERE contact_id = ? AND deleted_at IS NULL',
      otherId,
    )) {
      const own = mine.get(r.field_id)
      if (own) {
        if (picks[r.field_id] !== 'other') continue
        w.softDelete('contact_field_values', own)
      }
      w.update('contact_field_values', r.id, { contactId: survivorId })
      count++
    }
    return count
  }

  return {
    list,
    count: async (region?: string) => ({ count: (await detect(phoneRegionOf(q, region))).pairs.length }),
    pair,
    merge,
    undoMerge,
    checkEmail,
    dismiss: ({ a, b }: { a: string; b: string }) => setDismissed(a, b, true),
    undismiss: ({ a, b }: { a: string; b: string }) => setDismissed(a, b, false),
  }
}

function scoreOf(p: { reasons: DuplicateReason[] }): number {
  return p.reasons.reduce((sum, r) => sum + SCORE[r.kind], 0)
}

function isEmpty(c: Contact, field: MergeField): boolean {
  switch (field) {
    case 'address':
      return Object.values(c.address).every((v) => v === null || v === '')
    case 'keepInTouch':
      return c.keepInTouch === null
    case 'notes':
      return c.notes === ''
    case 'lifecycleStage':
      return false
    default: {
      const v = c[field]
      return v === null || v === ''
    }
  }
}

/** Pairs of people whose names differ by one typo (both long enough), never the exact-same ones. */
interface Person {
  id: string
  key: string
  /** key without spaces: what the edit distance is measured on */
  flat: string
}

/**
 * Appends to `out` the pairs whose names are one typo apart; yields every SLICE_CHECKS comparisons
 * so the caller can pause (a company of thousands takes a while).
 */
const SLICE_CHECKS = 2000
function* similarNames(people: Person[], out: [string, string][]): Generator<void> {
  const long = people.filter((p) => p.flat.length >= SIMILAR_MIN_LENGTH)
  let checks = 0
  const check = (x: (typeof long)[number], y: (typeof long)[number]) => {
    checks++
    if (x.id === y.id || x.key === y.key || Math.abs(x.flat.length - y.flat.length) > 1) return
    // one edit leaves the first or the last half of the shorter name untouched: a cheap test first
    const h = Math.floor(Math.min(x.flat.length, y.flat.length) / 2)
    if (!x.flat.startsWith(y.flat.slice(0, h)) && !x.flat.endsWith(y.flat.slice(-h))) return
    if (editDistance(x.flat, y.flat, 1) === 1) out.push(x.id < y.id ? [x.id, y.id] : [y.id, x.id])
  }
  if (long.length <= PAIRWISE_NAMES_UP_TO) {
    for (let i = 0; i < long.length; i++) {
      for (let j = i + 1; j < long.length; j++) check(long[i], long[j])
      if (checks >= SLICE_CHECKS) {
        checks = 0
        yield
      }
    }
    return
  }
  // symmetric one-deletion keys: two strings one edit apart share one of them
  const buckets = new Map<string, number[]>()
  long.forEach((p, i) => {
    const keys = new Set([p.flat])
    for (let k = 0; k < p.flat.length; k++) keys.add(p.flat.slice(0, k) + p.flat.slice(k + 1))
    for (const key of keys) {
      const members = buckets.get(key)
      if (members) members.push(i)
      else buckets.set(key, [i])
    }
  })
  yield
  const seen = new Set<string>()
  for (const members of buckets.values()) {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const pk = `${members[i]}:${members[j]}`
        if (seen.has(pk)) continue
        seen.add(pk)
        check(long[members[i]], long[members[j]])
      }
    }
    if (checks >= SLICE_CHECKS) {
      checks = 0
      yield
    }
  }
}
export type DuplicatesService = ReturnType<typeof createDuplicatesService>
