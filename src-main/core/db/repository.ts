/**
 * THE write path for synced tables: every insert, update and (soft) delete writes the row and one
 * change-log entry per changed field, with an HLC, in the same transaction. Nothing else writes
 * a synced table.
 */
import { getTableColumns } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { AppError } from '../../../src-shared/errors'
import type { HybridLogicalClock } from '../../../src-shared/hlc'
import type { Clock } from '../clock'
import type { Sqlite } from './open'
import { syncedTables, type SyncedTableName } from './schema'
import { Statements } from './statements'

type Values = Record<string, unknown>

/** Property name (camelCase, as in schema.ts) → SQL column name, per synced table. */
const columnNames: Record<SyncedTableName, Map<string, string>> = Object.fromEntries(
  Object.entries(syncedTables).map(([table, def]) => [
    table,
    new Map(Object.entries(getTableColumns(def)).map(([prop, column]) => [prop, column.name])),
  ]),
) as Record<SyncedTableName, Map<string, string>>

// Columns the change log does not carry: the row id is the entry's row_id; updated_at is the HLC.
const UNLOGGED = new Set(['id', 'updated_at'])

/**
 * An insert is logged as ONE entry, column_name '*', whose value is the object of the row's
 * non-null fields (SQL column names). It means exactly what one entry per field with the same HLC
 * would (per-field last-writer-wins still holds: every field of the new row carries that HLC),
 * at a fifth of the writes; updates keep one entry per changed field.
 */
export const INSERTED = '*'

function insertedFields(columns: Values): Values {
  const fields: Values = {}
  for (const [name, value] of Object.entries(columns)) {
    if (!UNLOGGED.has(name) && value !== null && value !== undefined) fields[name] = value
  }
  return fields
}

export interface Writer {
  readonly now: number
  readonly txId: string
  insert(table: SyncedTableName, values: Values): string
  /**
   * Same as insert() for each row, in order (same columns, same change-log entries and HLCs), but
   * with multi-row INSERT statements for the rows and their change-log entries: bulk paths (CSV
   * import) pay one statement per ~100 rows instead of one per row and per field.
   */
  insertMany(table: SyncedTableName, rows: Values[]): string[]
  /** Writes only the fields that differ; returns how many did. */
  update(table: SyncedTableName, id: string, patch: Values): number
  /** softDelete() for many rows at once (undo of an import); returns how many were live. */
  softDeleteMany(table: SyncedTableName, ids: string[]): number
  softDelete(table: SyncedTableName, id: string): boolean
  restore(table: SyncedTableName, id: string): boolean
}

export class Repository {
  private readonly statements: Statements
  private current: Writer | null = null

  constructor(
    private readonly sqlite: Sqlite,
    private readonly clock: Clock,
    private readonly hlc: HybridLogicalClock,
    private readonly deviceId: string,
    private readonly onCommit: (tables: string[]) => void,
  ) {
    this.statements = new Statements(sqlite)
  }

  /** Runs fn in one transaction; nested calls join the outer one. Announces the changed tables after commit. */
  write<T>(fn: (writer: Writer) => T): T {
    if (this.current) return fn(this.current)
    const changed = new Set<string>()
    const writer = this.makeWriter(changed)
    this.current = writer
    let result: T
    try {
      result = this.sqlite.transaction(() => fn(writer))()
    } finally {
      this.current = null
    }
    if (changed.size > 0) this.onCommit([...changed])
    return result
  }

  private makeWriter(changed: Set<string>): Writer {
    const now = this.clock.now()
    const txId = uuidv7()
    const log = (table: SyncedTableName, rowId: string, column: string, value: unknown) => {
      this.statements
        .get(
          'INSERT INTO change_log (hlc, device_id, tx_id, table_name, row_id, column_name, value) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(this.hlc.now(), this.deviceId, txId, table, rowId, column, JSON.stringify(value ?? null))
    }

    const insert = (table: SyncedTableName, values: Values): string => {
      const id = typeof values.id === 'string' ? values.id : uuidv7()
      const row: Values = { ...values, id, createdAt: now, updatedAt: now, deletedAt: values.deletedAt ?? null }
      const columns = toColumns(table, row)
      const names = Object.keys(columns)
      this.statements
        .get(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`)
        .run(...names.map((n) => bind(columns[n])))
      log(table, id, INSERTED, insertedFields(columns))
      changed.add(table)
      return id
    }

    const LOG_COLUMNS = '(hlc, device_id, tx_id, table_name, row_id, column_name, value)'
    const LOG_BATCH = 100
    const ROW_BATCH = 100
    const insertMany = (table: SyncedTableName, rows: Values[]): string[] => {
      const ids: string[] = []
      const log: unknown[] = []
      const flushLog = (all: boolean) => {
        let at = 0
        const full = Math.floor(log.length / 7 / LOG_BATCH) * LOG_BATCH * 7
        if (full > 0) {
          const statement = this.statements.get(`INSERT INTO change_log ${LOG_COLUMNS} VALUES ${Array(LOG_BATCH).fill('(?, ?, ?, ?, ?, ?, ?)').join(', ')}`)
          for (; at < full; at += LOG_BATCH * 7) statement.run(...log.slice(at, at + LOG_BATCH * 7))
        }
        if (all) {
          const single = this.statements.get(`INSERT INTO change_log ${LOG_COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?)`)
          for (; at < log.length; at += 7) single.run(...log.slice(at, at + 7))
        }
        log.splice(0, at)
      }
      // consecutive rows with the same columns go in one statement
      let i = 0
      while (i < rows.length) {
        const group: Values[] = []
        let names: string[] | null = null
        let signature = ''
        while (i < rows.length && group.length < ROW_BATCH) {
          const values = rows[i]
          const id = typeof values.id === 'string' ? values.id : uuidv7()
          const columns = toColumns(table, { ...values, id, createdAt: now, updatedAt: now, deletedAt: values.deletedAt ?? null })
          const keys = Object.keys(columns)
          const sig = keys.join(',')
          if (names && sig !== signature) break
          names = keys
          signature = sig
          group.push(columns)
          ids.push(id)
          log.push(this.hlc.now(), this.deviceId, txId, table, id, INSERTED, JSON.stringify(insertedFields(columns)))
          i++
        }
        // full batches share one statement; a short tail goes row by row (no statement per tail length)
        const placeholders = `(${names!.map(() => '?').join(', ')})`
        const batch = group.length === ROW_BATCH ? group.length : 1
        const statement = this.statements.get(`INSERT INTO ${table} (${names!.join(', ')}) VALUES ${Array(batch).fill(placeholders).join(', ')}`)
        for (let g = 0; g < group.length; g += batch) {
          const args: unknown[] = []
          for (const columns of group.slice(g, g + batch)) for (const n of names!) args.push(bind(columns[n]))
          statement.run(...args)
        }
        flushLog(false)
      }
      flushLog(true)
      if (rows.length > 0) changed.add(table)
      return ids
    }

    const update = (table: SyncedTableName, id: string, patch: Values): number => {
      const existing = this.statements.one<Values>(`SELECT * FROM ${table} WHERE id = ?`, id)
      if (!existing) throw new AppError('NOT_FOUND', `That record no longer exists (${table} ${id}).`)
      const columns = toColumns(table, patch)
      const differing = Object.keys(columns).filter((n) => !UNLOGGED.has(n) && bind(columns[n]) !== existing[n])
      if (differing.length === 0) return 0
      const assignments = [...differing, 'updated_at'].map((n) => `${n} = ?`).join(', ')
      this.statements
        .get(`UPDATE ${table} SET ${assignments} WHERE id = ?`)
        .run(...differing.map((n) => bind(columns[n])), now, id)
      for (const name of differing) log(table, id, name, columns[name])
      changed.add(table)
      return differing.length
    }

    const isDeleted = (table: SyncedTableName, id: string): boolean => {
      const row = this.statements.one<{ deleted_at: number | null }>(`SELECT deleted_at FROM ${table} WHERE id = ?`, id)
      if (!row) throw new AppError('NOT_FOUND', `That record no longer exists (${table} ${id}).`)
      return row.deleted_at !== null
    }

    /** Soft-deletes the live rows among ids: one UPDATE and one multi-row log insert per 500 ids. */
    const softDeleteMany = (table: SyncedTableName, ids: string[]): number => {
      const markDeleted = this.statements.get(
        `UPDATE ${table} SET deleted_at = ?, updated_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL RETURNING id`,
      )
      let count = 0
      for (let at = 0; at < ids.length; at += 500) {
        const done = markDeleted.all(now, now, JSON.stringify(ids.slice(at, at + 500))) as { id: string }[]
        for (const { id } of done) log(table, id, 'deleted_at', now)
        count += done.length
      }
      if (count > 0) changed.add(table)
      return count
    }

    return {
      now,
      txId,
      insert,
      insertMany,
      softDeleteMany,
      update,
      softDelete: (table, id) => !isDeleted(table, id) && update(table, id, { deletedAt: now }) > 0,
      restore: (table, id) => isDeleted(table, id) && update(table, id, { deletedAt: null }) > 0,
    }
  }
}

function toColumns(table: SyncedTableName, values: Values): Values {
  const names = columnNames[table]
  const out: Values = {}
  for (const [prop, value] of Object.entries(values)) {
    if (value === undefined) continue
    const column = names.get(prop)
    if (!column) throw new Error(`Unknown column ${table}.${prop}`)
    out[column] = value
  }
  return out
}

/** SQLite has no booleans; store them as 0/1 like the schema's integer flags. */
function bind(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0
  return value ?? null
}
