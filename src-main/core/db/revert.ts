/**
 * Undo of whole transactions (an import, a merge, a bulk action...) from the change log, through
 * the one write path, so the undo is itself logged and synced like any edit:
 * - a row those transactions inserted is soft-deleted (the tombstone keeps sync honest);
 * - a field they changed goes back to its value before them (the latest earlier entry for it, or
 *   the row's insert entry, which holds every non-null field) — unless a later transaction changed
 *   that field since: that newer edit is kept and counted, never clobbered. A row with no entry at
 *   all before them (written raw, e.g. by a migration) keeps the field too, counted the same way.
 *
 * Reverter does it in steps, newest transaction first, so a long undo (100,000 imported rows) runs
 * as many short transactions with reads answered in between (jobs/runner.ts). The undo's own
 * transactions count as "ours", never as a later edit to keep.
 */
import { getTableColumns } from 'drizzle-orm'
import type { Repository, Writer } from './repository'
import { INSERTED } from './repository'
import { syncedTables, type SyncedTableName } from './schema'
import type { Reader } from './access'

/** SQL column name → property name (as the repository takes them), per synced table. */
const propertyNames = new Map(
  Object.entries(syncedTables).map(([table, def]) => [
    table,
    new Map(Object.entries(getTableColumns(def)).map(([prop, column]) => [column.name, prop])),
  ]),
)

interface Entry {
  table_name: SyncedTableName
  row_id: string
  column_name: string
  first: string
  last: string
}

export interface RevertResult {
  reverted: number
  keptLaterEdits: number
}

/** Soft-deletes of inserted rows go in slices of this many ids (one UPDATE each). */
const DELETE_SLICE = 250

export class Reverter {
  private readonly pending: string[]
  private readonly ours: Set<string>
  private oursJson = ''
  private entries: Entry[] = []
  private at = 0
  private readonly touched = new Set<string>()
  private kept = 0
  /** Transactions of the set fully reverted so far. */
  doneTransactions = 0

  constructor(
    private readonly q: Reader,
    txIds: string[],
  ) {
    // UUIDv7 ids sort by time: newest first, so each field ends at its value before the oldest.
    this.pending = [...new Set(txIds)].sort().reverse()
    this.ours = new Set(this.pending)
  }

  get result(): RevertResult {
    return { reverted: this.touched.size, keptLaterEdits: this.kept }
  }

  /**
   * Reverts entries inside w's transaction until budgetMs is spent (at least one slice); returns
   * true while there is more to do.
   */
  step(w: Writer, budgetMs: number): boolean {
    if (!this.ours.has(w.txId)) {
      this.ours.add(w.txId)
      this.oursJson = ''
    }
    const t0 = performance.now()
    do {
      if (this.at >= this.entries.length && !this.load()) return false
      this.slice(w)
      if (this.at >= this.entries.length) this.doneTransactions++
    } while (performance.now() - t0 < budgetMs)
    return this.at < this.entries.length || this.pending.length > 0
  }

  private json(): string {
    if (!this.oursJson) this.oursJson = JSON.stringify([...this.ours])
    return this.oursJson
  }

  /**
   * The next transaction's changed fields: inserts first (they go in slices), contacts before the
   * rest (a channel deleted after its contact has no search entry to redo), then field edits.
   */
  private load(): boolean {
    const txId = this.pending.shift()
    if (txId === undefined) return false
    this.entries = this.q.all<Entry>(
      `SELECT table_name, row_id, column_name, min(hlc) AS first, max(hlc) AS last FROM change_log
       WHERE tx_id = ? GROUP BY table_name, row_id, column_name
       ORDER BY column_name <> '${INSERTED}', table_name <> 'contacts', table_name, row_id`,
      txId,
    )
    this.at = 0
    if (this.entries.length === 0) this.doneTransactions++
    return this.entries.length > 0 || this.load()
  }

  private slice(w: Writer) {
    const first = this.entries[this.at]
    if (first.column_name === INSERTED) {
      // a run of inserted rows of one table: one soft-delete statement
      const ids: string[] = []
      while (this.at < this.entries.length && ids.length < DELETE_SLICE) {
        const e = this.entries[this.at]
        if (e.column_name !== INSERTED || e.table_name !== first.table_name) break
        ids.push(e.row_id)
        this.touched.add(`${e.table_name}\u0000${e.row_id}`)
        this.at++
      }
      w.softDeleteMany(first.table_name, ids)
      return
    }
    // the fields of one row
    const patch: Record<string, unknown> = {}
    const rowKey = `${first.table_name}\u0000${first.row_id}`
    while (this.at < this.entries.length) {
      const e = this.entries[this.at]
      if (e.table_name !== first.table_name || e.row_id !== first.row_id) break
      this.at++
      const prop = propertyNames.get(e.table_name)?.get(e.column_name)
      if (!prop) continue // a column dropped since: nothing to put back
      if (this.insertedByUs(e)) continue // the row itself goes (or went) as a whole
      const later = this.q.one(
        `SELECT 1 FROM change_log WHERE table_name = ? AND row_id = ? AND column_name = ? AND hlc > ?
         AND tx_id NOT IN (SELECT value FROM json_each(?)) LIMIT 1`,
        e.table_name,
        e.row_id,
        e.column_name,
        e.last,
        this.json(),
      )
      if (later) {
        this.kept++
        continue
      }
      // the field's own entry, or the row's insert entry (which holds every non-null field)
      const before = this.q.one<{ column_name: string; value: string }>(
        `SELECT column_name, value FROM change_log WHERE table_name = ? AND row_id = ? AND column_name IN (?, '${INSERTED}') AND hlc < ?
         AND tx_id NOT IN (SELECT value FROM json_each(?)) ORDER BY hlc DESC LIMIT 1`,
        e.table_name,
        e.row_id,
        e.column_name,
        e.first,
        this.json(),
      )
      if (!before) {
        // No history before these transactions: the row predates its change log (written by a
        // migration or raw). Its earlier value is unknown, so the field is left as it is.
        this.kept++
        continue
      }
      const value = JSON.parse(before.value)
      patch[prop] = before.column_name === INSERTED ? (value[e.column_name] ?? null) : value
    }
    if (Object.keys(patch).length > 0 && w.update(first.table_name, first.row_id, patch) > 0) this.touched.add(rowKey)
  }

  /** The row was inserted by one of the transactions being reverted (an older one of the set). */
  private insertedByUs(e: Entry): boolean {
    return Boolean(
      this.q.one(
        `SELECT 1 FROM change_log WHERE table_name = ? AND row_id = ? AND column_name = '${INSERTED}' AND tx_id IN (SELECT value FROM json_each(?)) LIMIT 1`,
        e.table_name,
        e.row_id,
        this.json(),
      ),
    )
  }
}

/** All of it in ONE transaction (a merge, a small undo). Long undos go through the job runner. */
export function revertTransactions(ctx: { q: Reader; repo: Repository }, txIds: string[]): RevertResult {
  return ctx.repo.write((w) => {
    const reverter = new Reverter(ctx.q, txIds)
    while (reverter.step(w, Infinity));
    return reverter.result
  })
}
