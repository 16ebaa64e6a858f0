/**
 * Undo of whole transactions (an import, a merge...) from the change log, through the one write
 * path, so the undo is itself logged and synced like any edit:
 * - a row those transactions inserted is soft-deleted (the tombstone keeps sync honest);
 * - a field they changed goes back to its value before them (the latest earlier entry for it, or
 *   the row's insert entry, which holds every non-null field) — unless a later transaction changed
 *   that field since: that newer edit is kept and counted, never clobbered. A row with no entry at
 *   all before them (written raw, e.g. by a migration) keeps the field too, counted the same way.
 */
import { getTableColumns } from 'drizzle-orm'
import type { ServiceContext } from '../services/context'
import { INSERTED } from './repository'
import { syncedTables, type SyncedTableName } from './schema'

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

export function revertTransactions(ctx: ServiceContext, txIds: string[]): { reverted: number; keptLaterEdits: number } {
  const txs = JSON.stringify([...new Set(txIds)])
  return ctx.repo.write((w) => {
    // One line per changed field: the first and last HLC these transactions wrote it with.
    const entries = ctx.q.all<Entry>(
      `SELECT table_name, row_id, column_name, min(hlc) AS first, max(hlc) AS last FROM change_log
       WHERE tx_id IN (SELECT value FROM json_each(?)) GROUP BY table_name, row_id, column_name`,
      txs,
    )
    const inserted = new Set(entries.filter((e) => e.column_name === INSERTED).map((e) => `${e.table_name}\u0000${e.row_id}`))
    const touched = new Set<string>()
    let keptLaterEdits = 0

    const insertedByTable = new Map<SyncedTableName, string[]>()
    for (const key of inserted) {
      const [table, id] = key.split('\u0000') as [SyncedTableName, string]
      const ids = insertedByTable.get(table) ?? []
      ids.push(id)
      insertedByTable.set(table, ids)
      touched.add(key)
    }
    for (const [table, ids] of insertedByTable) w.softDeleteMany(table, ids)

    const patches = new Map<string, Record<string, unknown>>()
    for (const e of entries) {
      const key = `${e.table_name}\u0000${e.row_id}`
      if (inserted.has(key)) continue
      const later = ctx.q.one(
        `SELECT 1 FROM change_log WHERE table_name = ? AND row_id = ? AND column_name = ? AND hlc > ?
         AND tx_id NOT IN (SELECT value FROM json_each(?)) LIMIT 1`,
        e.table_name,
        e.row_id,
        e.column_name,
        e.last,
        txs,
      )
      if (later) {
        keptLaterEdits++
        continue
      }
      // the field's own entry, or the row's insert entry (which holds every non-null field)
      const before = ctx.q.one<{ column_name: string; value: string }>(
        `SELECT column_name, value FROM change_log WHERE table_name = ? AND row_id = ? AND column_name IN (?, '${INSERTED}') AND hlc < ?
         AND tx_id NOT IN (SELECT value FROM json_each(?)) ORDER BY hlc DESC LIMIT 1`,
        e.table_name,
        e.row_id,
        e.column_name,
        e.first,
        txs,
      )
      const prop = propertyNames.get(e.table_name)?.get(e.column_name)
      if (!prop) continue // a column dropped since: nothing to put back
      if (!before) {
        // No history before these transactions: the row predates its change log (written by a
        // migration or raw). Its earlier value is unknown, so the field is left as it is.
        keptLaterEdits++
        continue
      }
      const patch = patches.get(key) ?? {}
      const value = JSON.parse(before.value)
      patch[prop] = before.column_name === INSERTED ? (value[e.column_name] ?? null) : value
      patches.set(key, patch)
    }
    for (const [key, patch] of patches) {
      const [table, id] = key.split('\u0000') as [SyncedTableName, string]
      if (w.update(table, id, patch) > 0) touched.add(key)
    }
    return { reverted: touched.size, keptLaterEdits }
  })
}
