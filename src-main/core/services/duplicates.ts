/**
 * Duplicate contacts: found by grouping (SQL where it can: the same email; a phone digits tail,
 * confirmed in E.164), by name at the same company; reviewed and merged pair by pair. A merge is
 * ONE transaction through the repository, so undo is revertTransactions of that transaction.
 */
import { AppError } from '../../../src-shared/errors'
import type { Contact } from '../../../src-shared/model/contact'
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
} from '../../../src-shared/model/duplicate'
import { editDistance, emailKey, formatE164, nameKey, phoneDigits, toE164 } from '../../../src-shared/phone'
import { revertTransactions } from '../db/revert'
import type { Writer } from '../db/repository'
import { addressColumns } from './address'
import { invalid, type ServiceContext } from './context'
import type { ContactsService } from './contacts'
import type { TasksService } from './tasks'

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
 * Live emails shared by two or more live contacts. First the keys held by two or more live channels:
 * a plain scan and sort (NOT INDEXED: walking contact_channels_value_key in key order costs a random
 * table read per row, as SQLite does not use an expression index as a covering one: 2.5× slower at
 * 100k). Then only those few keys, looked up through that index (lower(trim(value)), exactly its
 * expression), joined to live contacts.
 */
export const EMAIL_GROUPS_SQL = `WITH dup AS MATERIALIZED (
    SELECT lower(trim(value)) AS k FROM contact_channels NOT INDEXED
    WHERE kind = 'email' AND deleted_at IS NULL GROUP BY k HAVING count(*) > 1)
  SELECT lower(trim(ch.value)) AS k, json_group_array(DISTINCT ch.contact_id) AS ids
  FROM contact_channels ch JOIN contacts c ON c.id = ch.contact_id
  WHERE ch.kind = 'email' AND lower(trim(ch.value)) IN dup AND ch.deleted_at IS NULL AND c.deleted_at IS NULL
  GROUP BY k HAVING count(DISTINCT ch.contact_id) > 1`

interface Found {
  a: string
  b: string
  reasons: DuplicateReason[]
}

export const pairKey = (x: string, y: string) => (x < y ? `${x}:${y}` : `${y}:${x}`)

export function createDuplicatesService(ctx: ServiceContext, deps: { contacts: ContactsService; tasks: TasksService }) {
  const { q, repo } = ctx
  let cache: { version: string; pairs: Found[]; contacts: number; dismissed: number } | null = null
  const phoneCandidates = q.get(
    `WITH p AS MATERIALIZED (
       SELECT ch.rowid AS r, ch.contact_id, ch.value, ${PHONE_TAIL_SQL} AS tail
       FROM contact_channels ch NOT INDEXED WHERE ch.kind = 'phone' AND ch.deleted_at IS NULL),
     cand AS MATERIALIZED (
       SELECT p.r, p.contact_id, p.value, p.tail FROM p JOIN contacts c ON c.id = p.contact_id
       WHERE c.deleted_at IS NULL AND length(p.tail) >= 3 AND p.tail IN (SELECT tail FROM p GROUP BY tail HAVING count(*) > 1))
     SELECT contact_id, value FROM cand
     WHERE tail IN (SELECT tail FROM cand GROUP BY tail HAVING count(DISTINCT contact_id) > 1) ORDER BY r`,
  )
  // lower(trim(value)): exactly the expression of the index contact_channels_value_key
  const emailGroups = q.get(EMAIL_GROUPS_SQL)

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
  function detect(region: string | null): { pairs: Found[]; contacts: number; dismissed: number } {
    const version = `${region}|${q.one<{ hlc: string | null }>('SELECT max(hlc) AS hlc FROM change_log')!.hlc}`
    if (cache?.version === version) return cache
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

    // same email: EMAIL_GROUPS_SQL
    for (const [k, ids] of emailGroups.raw().iterate() as Iterable<[string, string]>) {
      addGroup(JSON.parse(ids) as string[], { kind: 'email', value: k, label: `same email ${k}` })
    }
    // same phone: SQL groups by the last 7 digits (computed once per row: the MATERIALIZED CTE;
    // first the tails held twice by any live channels, a cheap superset, then exactly those with
    // two live contacts); only those few candidates are parsed to E.164 here
    const phoneGroups = new Map<string, { ids: string[]; shown: string }>()
    for (const p of phoneCandidates.all() as { contact_id: string; value: string }[]) {
      const e164 = toE164(p.value, region)
      // unreadable without a region: only the very same digits count
      const key = e164 ?? `digits:${phoneDigits(p.value)}`
      const group = phoneGroups.get(key) ?? { ids: [], shown: e164 ? formatE164(e164) : p.value.trim() }
      group.ids.push(p.contact_id)
      phoneGroups.set(key, group)
    }
    for (const [value, g] of phoneGroups) {
      if (new Set(g.ids).size > 1) addGroup(g.ids, { kind: 'phone', value, label: `same phone ${g.shown}` })
    }
    // names at the same company: walked company by company along the contacts_company index
    const companyName = (id: string) => q.one<{ name: string }>('SELECT name FROM companies WHERE id = ?', id)!.name
    const flushCompany = (companyId: string, people: Person[]) => {
      if (people.length < 2) return
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
      for (const [x, y] of similarNames(people)) {
        company ??= companyName(companyId)
        add(x, y, { kind: 'similarName', value: company, label: `similar name at ${company}` })
      }
    }
    let currentCompany: string | null = null
    let people: Person[] = []
    const rows = q
      .get(
        // NOT INDEXED: one scan and a sort beat a random table read per contact along contacts_company
        `SELECT c.id, c.first_name, c.last_name, c.company_id FROM contacts c NOT INDEXED
         WHERE c.deleted_at IS NULL AND c.company_id IN (SELECT id FROM companies WHERE deleted_at IS NULL)
         ORDER BY c.company_id`,
      )
      .raw()
      .iterate() as Iterable<[string, string, string, string]>
    for (const [id, first, last, companyId] of rows) {
      if (companyId !== currentCompany) {
        if (currentCompany) flushCompany(currentCompany, people)
        currentCompany = companyId
        people = []
      }
      const key = nameKey(first, last)
      if (key) people.push({ id, key, flat: key.replace(/ /g, '') })
    }
    if (currentCompany) flushCompany(currentCompany, people)
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

  function list({ region, limit }: { region?: string; limit: number }): DuplicateList {
    const { pairs, contacts, dismissed: dismissedCount } = detect(region ?? null)
    const shown = pairs.slice(0, limit)
    const info = sides(shown.flatMap((p) => [p.a, p.b]))
    return {
      pairs: shown.map(
        (p): DuplicatePair => ({ key: pairKey(p.a, p.b), a: info.get(p.a)!, b: info.get(p.b)!, reasons: p.reasons, score: scoreOf(p) }),
      ),
      total: pairs.length,
      checked: { contacts, region: region ?? null },
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

  function channelKey(kind: string, value: string): string {
    if (kind === 'email') return emailKey(value)
    if (kind === 'phone') return toE164(value, null) ?? phoneDigits(value)
    return value.trim().toLowerCase().replace(/\/+$/, '')
  }

  /** Union: the other's channels the survivor lacks move over, after the survivor's own; the rest stay on the tombstone. */
  function moveChannels(w: Writer, survivorId: string, otherId: string): number {
    const mine = q.all<{ kind: string; value: string; position: number }>(
      'SELECT kind, value, position FROM contact_channels WHERE contact_id = ? AND deleted_at IS NULL',
      survivorId,
    )
    const have = new Set(mine.map((c) => `${c.kind}\u0000${channelKey(c.kind, c.value)}`))
    const next = new Map<string, number>()
    for (const c of mine) next.set(c.kind, Math.max(next.get(c.kind) ?? 0, c.position + 1))
    const hasPrimary = q.one('SELECT 1 FROM contact_channels WHERE contact_id = ? AND kind = ? AND is_primary = 1 AND deleted_at IS NULL', survivorId, 'email')
    let count = 0
    for (const c of q.all<{ id: string; kind: string; value: string; is_primary: number }>(
      'SELECT id, kind, value, is_primary FROM contact_channels WHERE contact_id = ? AND deleted_at IS NULL ORDER BY kind, position',
      otherId,
    )) {
      const key = `${c.kind}\u0000${channelKey(c.kind, c.value)}`
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
    count: (region?: string) => ({ count: detect(region ?? null).pairs.length }),
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

function similarNames(people: Person[]): [string, string][] {
  const out: [string, string][] = []
  const long = people.filter((p) => p.flat.length >= SIMILAR_MIN_LENGTH)
  const check = (x: (typeof long)[number], y: (typeof long)[number]) => {
    if (x.id === y.id || x.key === y.key || Math.abs(x.flat.length - y.flat.length) > 1) return
    // one edit leaves the first or the last half of the shorter name untouched: a cheap test first
    const h = Math.floor(Math.min(x.flat.length, y.flat.length) / 2)
    if (!x.flat.startsWith(y.flat.slice(0, h)) && !x.flat.endsWith(y.flat.slice(-h))) return
    if (editDistance(x.flat, y.flat, 1) === 1) out.push(x.id < y.id ? [x.id, y.id] : [y.id, x.id])
  }
  if (long.length <= PAIRWISE_NAMES_UP_TO) {
    for (let i = 0; i < long.length; i++) for (let j = i + 1; j < long.length; j++) check(long[i], long[j])
    return out
  }
  // symmetric one-deletion keys: two strings one edit apart share one of them
  const buckets = new Map<string, number[]>()
  long.forEach((p, i) => {
    const keys = new Set([p.flat])
    for (let k = 0; k < p.flat.length; k++) keys.add(p.flat.slice(0, k) + p.flat.slice(k + 1))
    for (const key of keys) buckets.set(key, [...(buckets.get(key) ?? []), i])
  })
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
  }
  return out
}
export type DuplicatesService = ReturnType<typeof createDuplicatesService>
