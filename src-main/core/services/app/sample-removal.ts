/**
 * "Remove sample data": exactly the rows the sample load inserted, found from the load's own
 * record (its jobs rows and their transactions in the change log), never by names. What the user
 * worked on since stays, with what it needs:
 * - a sample row is worked on when a transaction that is not the sample's (nor a removal's, nor
 *   the undo of one) changed it: an edit, a tag added, a phone changed;
 * - a sample record is needed when a row that is still kept points at it: the user's note on a
 *   sample contact, the user's contact at a sample company, a worked-on contact's company;
 * - a kept record keeps its parts (emails and phones, tag links, field values, a deal's stage visits).
 * The sample's other rows (its made-up history on a kept contact too) go, soft-deleted in chunks as
 * a write job, so the jobs panel's Undo brings back exactly them. Between chunks the user may work
 * on a row still to go: each chunk first looks for commits since the last one and plans again.
 */
import type { SampleDataRemoval, SampleDataStatus, SampleRecord, SampleRecordKind } from '../../../../src-shared/api/app'
import { AppError } from '../../../../src-shared/errors'
import type { Reader } from '../../db/access'
import { INSERTED, type Writer } from '../../db/repository'
import type { SyncedTableName } from '../../db/schema'
import type { JobRunner } from '../../jobs/runner'

/** The records a person sees and counts; the parts below go and stay with them. */
const RECORDS: readonly SampleRecordKind[] = ['contacts', 'companies', 'deals', 'activities', 'tasks', 'tags']

/** Rows that belong to a record (their column names it): kept with it, removed with it. */
const PARTS: Partial<Record<SyncedTableName, { column: string; parent: SampleRecordKind }>> = {
  contact_channels: { column: 'contact_id', parent: 'contacts' },
  contact_tags: { column: 'contact_id', parent: 'contacts' },
  contact_field_values: { column: 'contact_id', parent: 'contacts' },
  deal_stage_visits: { column: 'deal_id', parent: 'deals' },
}

/** What a row points at: a row that stays keeps these (a part's parent among them). */
const LINKS: Partial<Record<SyncedTableName, Array<{ column: string; target: SampleRecordKind }>>> = {
  contacts: [{ column: 'company_id', target: 'companies' }],
  activities: [
    { column: 'contact_id', target: 'contacts' },
    { column: 'company_id', target: 'companies' },
    { column: 'deal_id', target: 'deals' },
  ],
  deals: [
    { column: 'contact_id', target: 'contacts' },
    { column: 'company_id', target: 'companies' },
  ],
  tasks: [
    { column: 'contact_id', target: 'contacts' },
    { column: 'deal_id', target: 'deals' },
    { column: 'company_id', target: 'companies' },
  ],
  contact_tags: [
    { column: 'contact_id', target: 'contacts' },
    { column: 'tag_id', target: 'tags' },
  ],
  contact_channels: [{ column: 'contact_id', target: 'contacts' }],
  contact_field_values: [{ column: 'contact_id', target: 'contacts' }],
  deal_stage_visits: [{ column: 'deal_id', target: 'deals' }],
}

/** Parts first, records after: a contact goes after its channels (the search index follows the contact). */
const REMOVAL_ORDER: readonly SyncedTableName[] = [...(Object.keys(PARTS) as SyncedTableName[]), 'activities', 'tasks', 'deals', 'contacts', 'companies', 'tags']

interface Row {
  table: SyncedTableName
  id: string
  links: Record<string, string | null>
}

const key = (table: string, id: string) => `${table}\u0000${id}`
const json = (values: Iterable<string>) => JSON.stringify([...values])

interface Plan {
  /** Live sample rows to soft-delete, in REMOVAL_ORDER. */
  remove: Array<{ table: SyncedTableName; id: string }>
  counts: Record<SampleRecordKind, number>
  /** Sample records that stay: worked on, or needed by what is. */
  kept: SampleRecord[]
}

function txIdsOf(q: Reader, sql: string, ...params: unknown[]): string[] {
  return q.all<{ tx_ids: string }>(sql, ...params).flatMap((r) => JSON.parse(r.tx_ids) as string[])
}

/**
 * The sample's transactions (loads that finished or were interrupted, not undone or cancelled),
 * and "ours": those plus every removal's and every undo of a removal's, which are not the user's work.
 */
function sampleTransactions(q: Reader, extra: readonly string[] = []): { sample: string[]; ours: Set<string> } {
  const sample = txIdsOf(q, "SELECT tx_ids FROM jobs WHERE kind = 'sampleData' AND status IN ('done', 'interrupted')")
  const removals = q.all<{ id: string; tx_ids: string }>("SELECT id, tx_ids FROM jobs WHERE kind = 'sampleData.remove'")
  const undos = txIdsOf(
    q,
    "SELECT tx_ids FROM jobs WHERE kind = 'revert' AND json_valid(params) AND params ->> '$.undoes' IN (SELECT value FROM json_each(?))",
    json(removals.map((r) => r.id)),
  )
  return { sample, ours: new Set([...sample, ...removals.flatMap((r) => JSON.parse(r.tx_ids) as string[]), ...undos, ...extra]) }
}

function plan(q: Reader, extraOurs: readonly string[] = []): Plan {
  const { sample, ours } = sampleTransactions(q, extraOurs)
  const oursJson = json(ours)
  // every live row the sample inserted, with what it points at
  const inserted = new Map<SyncedTableName, string[]>()
  for (const r of q.all<{ table_name: SyncedTableName; row_id: string }>(
    `SELECT table_name, row_id FROM change_log WHERE column_name = '${INSERTED}' AND tx_id IN (SELECT value FROM json_each(?))`,
    json(sample),
  )) {
    if (!(r.table_name in LINKS) && !RECORDS.includes(r.table_name as SampleRecordKind)) continue
    const ids = inserted.get(r.table_name)
    if (ids) ids.push(r.row_id)
    else inserted.set(r.table_name, [r.row_id])
  }
  const rows = new Map<string, Row>()
  for (const [table, ids] of inserted) {
    const columns = (LINKS[table] ?? []).map((l) => l.column)
    for (const r of q.all<Record<string, string | null> & { id: string }>(
      `SELECT id${columns.map((c) => `, ${c}`).join('')} FROM ${table} WHERE deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))`,
      json(ids),
    )) {
      rows.set(key(table, r.id), { table, id: r.id, links: r })
    }
  }

  const kept = new Set<string>()
  const worked = new Set<string>()
  // parts by their record, so a kept record keeps them
  const partsOf = new Map<string, Row[]>()
  for (const row of rows.values()) {
    const part = PARTS[row.table]
    const parent = part && row.links[part.column]
    if (!parent) continue
    const parts = partsOf.get(key(part.parent, parent))
    if (parts) parts.push(row)
    else partsOf.set(key(part.parent, parent), [row])
  }
  const keep = (k: string) => {
    const pending = [k]
    while (pending.length > 0) {
      const next = pending.pop()!
      const row = rows.get(next)
      if (!row || kept.has(next)) continue
      kept.add(next)
      for (const link of LINKS[row.table] ?? []) {
        const target = row.links[link.column]
        if (target) pending.push(key(link.target, target))
      }
      for (const part of partsOf.get(next) ?? []) pending.push(key(part.table, part.id))
    }
  }

  for (const [table, ids] of inserted) {
    // worked on: changed by a transaction that is not ours
    for (const r of q.all<{ row_id: string }>(
      `SELECT DISTINCT row_id FROM change_log WHERE table_name = ? AND row_id IN (SELECT value FROM json_each(?))
       AND tx_id NOT IN (SELECT value FROM json_each(?))`,
      table,
      json(ids),
      oursJson,
    )) {
      if (rows.has(key(table, r.row_id))) {
        worked.add(key(table, r.row_id))
        keep(key(table, r.row_id))
      }
    }
  }
  // needed: a live row that is not the sample's points at a sample record
  for (const [table, links] of Object.entries(LINKS) as Array<[SyncedTableName, Array<{ column: string; target: SampleRecordKind }>]>) {
    const own = json(inserted.get(table) ?? [])
    for (const link of links) {
      const targets = inserted.get(link.target)
      if (!targets?.length) continue
      for (const r of q.all<{ target: string }>(
        `SELECT DISTINCT ${link.column} AS target FROM ${table} WHERE deleted_at IS NULL
         AND ${link.column} IN (SELECT value FROM json_each(?)) AND id NOT IN (SELECT value FROM json_each(?))`,
        json(targets),
        own,
      )) {
        worked.add(key(link.target, r.target))
        keep(key(link.target, r.target))
      }
    }
  }

  const counts = Object.fromEntries(RECORDS.map((t) => [t, 0])) as Record<SampleRecordKind, number>
  const remove: Plan['remove'] = []
  for (const table of REMOVAL_ORDER) {
    for (const id of inserted.get(table) ?? []) {
      const k = key(table, id)
      if (!rows.has(k) || kept.has(k)) continue
      // a part of a record that is gone already (the user deleted that contact): left as it is, so restoring it brings it back whole
      const part = PARTS[table]
      const parent = part && rows.get(k)!.links[part.column]
      if (part && parent && !rows.has(key(part.parent, parent))) continue
      remove.push({ table, id })
      if (RECORDS.includes(table as SampleRecordKind)) counts[table as SampleRecordKind]++
    }
  }
  const keptRecords = [...kept]
    .map((k) => rows.get(k)!)
    .filter((r) => RECORDS.includes(r.table as SampleRecordKind))
    .map((r) => ({ kind: r.table as SampleRecordKind, id: r.id, name: nameOf(q, r.table as SampleRecordKind, r.id), workedOn: worked.has(key(r.table, r.id)) }))
    // what the user worked on first, then what it needs; contacts first in each
    .sort((a, b) => Number(b.workedOn) - Number(a.workedOn) || RECORDS.indexOf(a.kind) - RECORDS.indexOf(b.kind) || a.name.localeCompare(b.name))
  return { remove, counts, kept: keptRecords }
}

/** What a person calls the record: a contact's or company's name, a deal's or task's title. */
function nameOf(q: Reader, kind: SampleRecordKind, id: string): string {
  const sql: Record<SampleRecordKind, string> = {
    contacts: "SELECT ltrim(first_name || ' ' || last_name) AS name FROM contacts WHERE id = ?",
    companies: 'SELECT name FROM companies WHERE id = ?',
    deals: 'SELECT title AS name FROM deals WHERE id = ?',
    tasks: 'SELECT title AS name FROM tasks WHERE id = ?',
    tags: "SELECT 'Tag ' || name AS name FROM tags WHERE id = ?",
    activities: "SELECT coalesce(subject, 'A history entry') AS name FROM activities WHERE id = ?",
  }
  return q.one<{ name: string }>(sql[kind], id)?.name || 'Unnamed'
}

const total = (counts: Record<SampleRecordKind, number>) => RECORDS.reduce((n, t) => n + counts[t], 0)

export function sampleDataStatus(q: Reader): SampleDataStatus {
  const p = plan(q)
  return { loaded: p.remove.length + p.kept.length > 0, records: total(p.counts), counts: p.counts, kept: p.kept }
}

/** Rows per soft-delete statement: a history entry costs ~0.3 ms (its counting triggers), so a slice stays well inside a chunk's budget. */
const SLICE = 25

/** Soft-deletes a run of rows of one table per statement, until the chunk's budget is spent. */
function removeSome(w: Writer, queue: Plan['remove'], budgetMs: number): number {
  const t0 = performance.now()
  let removed = 0
  do {
    const table = queue[0].table
    let n = 0
    while (n < queue.length && n < SLICE && queue[n].table === table) n++
    const slice = queue.splice(0, n)
    w.softDeleteMany(table, slice.map((r) => r.id))
    removed += slice.filter((r) => RECORDS.includes(r.table as SampleRecordKind)).length
  } while (queue.length > 0 && performance.now() - t0 < budgetMs)
  return removed
}

export function removeSampleData(q: Reader, jobs: JobRunner): Promise<SampleDataRemoval> {
  const first = plan(q)
  if (first.remove.length === 0) {
    throw new AppError(
      'NOT_FOUND',
      first.kept.length > 0 ? 'There is no sample data left to remove: the sample records still here are ones you worked on.' : 'There is no sample data to remove.',
    )
  }
  const records = total(first.counts)
  return jobs.run({ kind: 'sampleData.remove', title: `Removing sample data (${records} records)`, total: first.remove.length, writes: true }, async (job) => {
    const mine: string[] = []
    let current = first
    let queue = [...first.remove]
    let removed = 0
    let done = 0
    let seen = q.one<{ hlc: string | null }>('SELECT max(hlc) AS hlc FROM change_log')?.hlc ?? ''
    while (queue.length > 0) {
      job.write((w) => {
        mine.push(w.txId)
        // someone else committed since the last chunk: what they touched may be work to keep now
        const foreign = q.one('SELECT 1 FROM change_log WHERE hlc > ? AND tx_id NOT IN (SELECT value FROM json_each(?)) LIMIT 1', seen, json(mine))
        if (foreign) {
          current = plan(q, mine)
          queue = [...current.remove]
        }
        if (queue.length === 0) return
        const n = queue.length
        removed += removeSome(w, queue, job.budgetMs)
        done += n - queue.length
        job.progress(done, done + queue.length)
        seen = q.one<{ hlc: string }>('SELECT max(hlc) AS hlc FROM change_log')!.hlc
      })
      if (queue.length > 0) await job.pause()
    }
    return { removed, kept: current.kept, jobId: job.id }
  })
}
