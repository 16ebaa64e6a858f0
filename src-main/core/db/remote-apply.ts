/**
 * How another device's change-log entries (pulled by sync) become rows here: the repository's
 * Writer.applyRemote, inside a transaction of origin 'remote'. The rule is per-field last writer
 * wins by HLC, and it is computed, not patched: a row is the fold, in HLC order, of its entries
 * (an insert entry '*' sets the fields it names, any other entry one field). Every device holds
 * the same entries once synced, so every device folds them to the same row, whatever order they
 * arrived in. Each entry is logged with its own HLC, device, transaction and member, so it is
 * never pushed again (the outbox is this device's entries only) and an entry seen twice (same
 * HLC) is applied once. A remote entry that arrives after a later edit of its field had won is
 * marked `lost` for the record's history.
 */
import { MAX_DRIFT_MS, parseHlc } from '../../../src-shared/hlc'
import { PARENT_COLUMNS, REMOVE_COLUMN } from '../../../src-shared/sync-protocol'
import type { Statements } from './statements'
import type { SyncedTableName } from './schema'

/** One change-log entry of another device, as the server sends it back. */
export interface RemoteEntry {
  hlc: string
  deviceId: string
  memberId: string | null
  txId: string
  table: string
  rowId: string
  column: string
  /** JSON text: the field's value, or for '*' the object of the new row's fields. */
  value: string
}

export interface RemoteApplyResult {
  /** Entries logged now (the rest had been applied before). */
  applied: number
  /** Entries this version cannot apply (unknown table or column): the caller keeps them for after an upgrade. */
  deferred: RemoteEntry[]
  /** Rows inserted, updated, deleted or restored. */
  rows: number
  /** Rows this apply soft-deleted (a pull that deletes many contacts is checked before, see sync/pull.ts). */
  deleted: { table: SyncedTableName; id: string }[]
  /** Rows removed from this device (made private to someone else), with what belongs to them. */
  removed: number
  /**
   * Rows that entries changed but that are not here: this device may not have seen them before
   * (a record shared again after being private): the caller asks the server for their history.
   */
  missing: { table: SyncedTableName; id: string }[]
}

/** This device's entries not yet pushed: kept when a row is removed, so they still reach the server. */
export interface Unpushed {
  devices: readonly string[]
  afterHlc: string
}

export interface RemoteApplyDeps {
  statements: Statements
  /** SQL column names per synced table (what the change log names). */
  columns: Record<SyncedTableName, Set<string>>
  now: number
  /** Merges a remote HLC into this device's clock (throws when it is too far ahead). */
  receive(hlc: string): void
  /** Records a changed row for the Commit and data.changed. */
  changed(table: SyncedTableName, id: string, kind: 'insert' | 'update' | 'delete' | 'restore', previous?: Record<string, unknown>): void
  warn(message: string): void
  /** Whose entries a remove keeps (none when not given). */
  unpushed?: Unpushed
  /**
   * Fold again the rows of entries already here too: a row's whole history fetched after it was
   * removed may hold only entries this device kept (its own, not pushed then) for a row now absent.
   */
  resettle?: boolean
}

const INSERTED = '*'
// Never written by an entry: the id is the entry's row, updated_at is local bookkeeping.
const UNLOGGED = new Set(['id', 'updated_at'])
/** Columns kept by SQL triggers on each device (derived, never synced). */
const DERIVED: Partial<Record<SyncedTableName, Set<string>>> = { contacts: new Set(['last_contacted_at']) }

type Values = Record<string, unknown>

/** The fields an entry writes, or null when it names a table or column this version does not know. */
function fieldsOf(entry: RemoteEntry, known: Set<string> | undefined): Values | null {
  if (!known) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(entry.value)
  } catch {
    return null
  }
  if (entry.column === INSERTED) {
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null
    const fields = parsed as Values
    for (const key of Object.keys(fields)) if (!known.has(key)) return null
    return fields
  }
  return known.has(entry.column) ? { [entry.column]: parsed } : null
}

export function applyRemoteEntries(deps: RemoteApplyDeps, entries: readonly RemoteEntry[]): RemoteApplyResult {
  const { statements: s } = deps
  const result: RemoteApplyResult = { applied: 0, deferred: [], rows: 0, deleted: [], removed: 0, missing: [] }
  const exists = s.get('SELECT 1 FROM change_log WHERE hlc = ?')
  const logEntry = s.get(
    'INSERT INTO change_log (hlc, device_id, tx_id, table_name, row_id, column_name, value, member_id, lost) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)',
  )
  const hasEntries = s.get('SELECT 1 FROM change_log WHERE table_name = ? AND row_id = ? LIMIT 1')
  const touched = new Map<string, { table: SyncedTableName; rowId: string; fresh: Set<string> }>()
  for (const entry of entries) {
    const table = entry.table as SyncedTableName
    const known = Object.hasOwn(deps.columns, table) ? deps.columns[table] : undefined
    if (entry.column === REMOVE_COLUMN) {
      // not a change of the row: this device may no longer see it (an unknown table has nothing here to remove)
      if (known) result.removed += removeRow(deps, table, entry.rowId, touched)
      continue
    }
    if (!fieldsOf(entry, known)) {
      result.deferred.push(entry)
      continue
    }
    if (exists.get(entry.hlc)) {
      const key = `${table}\u0000${entry.rowId}`
      if (deps.resettle && !touched.has(key)) touched.set(key, { table, rowId: entry.rowId, fresh: new Set() })
      continue
    }
    try {
      deps.receive(entry.hlc)
    } catch {
      // Our clock is behind the team's: apply the edit anyway (never lose it), without dragging our clock.
      if (parseHlc(entry.hlc).ms - deps.now > MAX_DRIFT_MS) deps.warn(`A change from another device is dated ahead of this computer's clock (${entry.hlc})`)
    }
    const key = `${table}\u0000${entry.rowId}`
    // A new row nothing here knows of (the bulk of an initial download): its insert entry is the whole fold.
    const fresh = entry.column === INSERTED && !touched.has(key) && !hasEntries.get(table, entry.rowId)
    logEntry.run(entry.hlc, entry.deviceId, entry.txId, table, entry.rowId, entry.column, entry.value, entry.memberId)
    result.applied++
    if (fresh) {
      result.rows += insertRow(deps, table, entry.rowId, fieldsOf(entry, known)!)
      continue
    }
    let row = touched.get(key)
    if (!row) touched.set(key, (row = { table, rowId: entry.rowId, fresh: new Set() }))
    row.fresh.add(entry.hlc)
  }
  const changed = deps.changed
  const tracking: RemoteApplyDeps = {
    ...deps,
    changed(table, id, kind, previous) {
      if (kind === 'delete') result.deleted.push({ table, id })
      changed(table, id, kind, previous)
    },
  }
  const present = (table: SyncedTableName, id: string) => s.one(`SELECT 1 AS one FROM ${table} WHERE id = ?`, id) !== undefined
  for (const { table, rowId, fresh } of touched.values()) {
    result.rows += settleRow(tracking, table, rowId, fresh)
    if (!present(table, rowId)) result.missing.push({ table, id: rowId })
  }
  return result
}

/** Synced tables whose rows belong to a contact or a deal, by the column that says which. */
function childTables(columns: Record<SyncedTableName, Set<string>>, parentColumn: string): SyncedTableName[] {
  return (Object.keys(columns) as SyncedTableName[]).filter((t) => columns[t].has(parentColumn))
}

/**
 * Removes a row this device may no longer see (made private to another member, see
 * src-server/visibility.ts) and the rows that belong to it, two levels down, as the server
 * judges: their rows and their change-log entries go (a record shared again comes back whole from
 * the server), except this device's entries not yet pushed. Not logged, never pushed: nobody
 * deleted anything. Returns the rows removed.
 */
function removeRow(deps: RemoteApplyDeps, table: SyncedTableName, rowId: string, touched: Map<string, unknown>): number {
  const { statements: s } = deps
  const targets: { table: SyncedTableName; id: string }[] = [{ table, id: rowId }]
  let level = targets.filter((t) => t.table === 'contacts' || t.table === 'deals')
  for (let depth = 0; depth < 2 && level.length; depth++) {
    const next: typeof level = []
    for (const parent of level) {
      const column = Object.keys(PARENT_COLUMNS).find((c) => PARENT_COLUMNS[c] === parent.table)!
      for (const child of childTables(deps.columns, column)) {
        for (const { id } of s.all<{ id: string }>(`SELECT id FROM ${child} WHERE ${column} = ?`, parent.id)) {
          const found = { table: child, id }
          targets.push(found)
          if (child === 'contacts' || child === 'deals') next.push(found)
        }
      }
    }
    level = next
  }
  const keep = deps.unpushed ?? { devices: [], afterHlc: '\uffff' }
  const forget = s.get('DELETE FROM change_log WHERE table_name = ? AND row_id = ? AND NOT (hlc > ? AND device_id IN (SELECT value FROM json_each(?)))')
  let removed = 0
  for (const target of targets) {
    const row = s.one<Values>(`SELECT * FROM ${target.table} WHERE id = ?`, target.id)
    forget.run(target.table, target.id, keep.afterHlc, JSON.stringify(keep.devices))
    touched.delete(`${target.table}\u0000${target.id}`)
    if (!row) continue
    s.get(`DELETE FROM ${target.table} WHERE id = ?`).run(target.id)
    deps.changed(target.table, target.id, 'delete', row)
    removed++
  }
  return removed
}

/**
 * Writes the row that the fold of its change-log entries gives (see the module comment) and marks
 * the `fresh` entries that no field kept as lost. Returns 1 when the row changed, else 0. A row
 * whose insert entry has not arrived yet stays absent; its entries wait in the log for it.
 */
export function settleRow(deps: RemoteApplyDeps, table: SyncedTableName, rowId: string, fresh: ReadonlySet<string> = new Set()): number {
  const { statements: s } = deps
  const known = deps.columns[table]
  const derived = DERIVED[table]
  const entries = s.all<{ hlc: string; column_name: string; value: string }>(
    'SELECT hlc, column_name, value FROM change_log WHERE table_name = ? AND row_id = ? ORDER BY hlc',
    table,
    rowId,
  )
  const values: Values = {}
  const writer = new Map<string, string>() // column → hlc of the entry whose value it holds
  let inserted = false
  for (const entry of entries) {
    const fields = fieldsOf({ ...entry, column: entry.column_name } as unknown as RemoteEntry, known)
    if (!fields) continue // a newer version's entry, applied after the upgrade
    if (entry.column_name === INSERTED) inserted = true
    for (const [column, value] of Object.entries(fields)) {
      if (UNLOGGED.has(column) || derived?.has(column)) continue
      values[column] = value
      writer.set(column, entry.hlc)
    }
  }
  const winners = new Set(writer.values())
  for (const hlc of fresh) if (!winners.has(hlc)) s.get('UPDATE change_log SET lost = 1 WHERE hlc = ?').run(hlc)
  const current = s.one<Values>(`SELECT * FROM ${table} WHERE id = ?`, rowId)
  if (!current) return inserted ? insertRow(deps, table, rowId, values) : 0
  const differing = Object.keys(values).filter((n) => bind(values[n]) !== current[n])
  if (differing.length === 0) return 0
  s.get(`UPDATE ${table} SET ${[...differing, 'updated_at'].map((n) => `${n} = ?`).join(', ')} WHERE id = ?`).run(
    ...differing.map((n) => bind(values[n])),
    deps.now,
    rowId,
  )
  const previous: Values = {}
  for (const n of differing) previous[n] = current[n]
  const kind = !differing.includes('deleted_at') ? 'update' : values.deleted_at === null ? 'restore' : 'delete'
  deps.changed(table, rowId, kind, previous)
  return 1
}

/** Inserts a row that is not here yet from its folded fields (those of other versions or derived already left out). */
function insertRow(deps: RemoteApplyDeps, table: SyncedTableName, rowId: string, fields: Values): number {
  const row: Values = { created_at: deps.now, deleted_at: null }
  const derived = DERIVED[table]
  for (const [column, value] of Object.entries(fields)) if (!UNLOGGED.has(column) && !derived?.has(column)) row[column] = value
  row.id = rowId
  row.updated_at = deps.now
  const names = Object.keys(row)
  deps.statements.get(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...names.map((n) => bind(row[n])))
  deps.changed(table, rowId, 'insert')
  return 1
}

/** SQLite has no booleans (the repository's rule). */
function bind(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0
  return value ?? null
}
