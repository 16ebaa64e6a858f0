/**
 * THE write path for synced tables: every insert, update and (soft) delete writes the row and one
 * change-log entry per changed field, with an HLC, in the same transaction. Nothing else writes
 * a synced table.
 */
import type { Statement } from 'better-sqlite3'
import { getTableColumns } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { AppError } from '../../../src-shared/errors'
import type { HybridLogicalClock } from '../../../src-shared/hlc'
import type { Clock } from '../clock'
import type { Sqlite } from './open'
import { syncedTables, type SyncedTableName } from './schema'
import { pauseContactIndex, reindexContacts } from './search-index'
import { Statements } from './statements'

type Values = Record<string, unknown>

/** Property name (camelCase, as in schema.ts) → SQL column name, per synced table. */
const columnNames: Record<SyncedTableName, Map<string, string>> = Object.fromEntries(
  Object.entries(syncedTables).map(([table, def]) => [
    table,
    new Map(Object.entries(getTableColumns(def)).map(([prop, column]) => [prop, column.name])),
  ]),
) as Record<SyncedTableName, Map<string, string>>

const LOG_INSERT = 'INSERT INTO change_log (hlc, device_id, tx_id, table_name, row_id, column_name, value)'
/** Rows per multi-row INSERT (then smaller powers of two for the rest). */
const BATCH_SIZES = [100, 64, 32, 16, 8, 4, 2, 1]

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
  /** Multi-row INSERT statements by width, batch size and prefix (see insertRows). */
  private readonly batches = new Map<string, Statement>()
  private current: Writer | null = null
  private holds = 0
  private readonly held = new Set<SyncedTableName>()

  /**
   * While a long job runs, commits collect their changed tables instead of announcing each one
   * (a job commits up to 50 chunks a second: every view would refetch 50 times). The job runner
   * announces them with its progress (at most every 100 ms) and when it ends. Returns release.
   */
  hold(): () => void {
    this.holds++
    let released = false
    return () => {
      if (released) return
      released = true
      this.holds--
      if (this.holds === 0) this.announceHeld()
    }
  }

  /** Announces the tables held so far in one data.changed. */
  announceHeld(): void {
    if (this.held.size === 0) return
    const tables = [...this.held]
    this.held.clear()
    this.onCommit(tables)
  }

  /** The longest write transaction so far (ms), for app.diagnostics and the bench. */
  longestWriteMs = 0

  constructor(
    private readonly sqlite: Sqlite,
    private readonly clock: Clock,
    private readonly hlc: HybridLogicalClock,
    private readonly deviceId: string,
    private readonly onCommit: (tables: SyncedTableName[]) => void,
  ) {
    this.statements = new Statements(sqlite)
  }

  /** Runs fn in one transaction; nested calls join the outer one. Announces the changed tables after commit. */
  write<T>(fn: (writer: Writer) => T): T {
    if (this.current) return fn(this.current)
    const changed = new Set<SyncedTableName>()
    const reindex = new Set<string>()
    const writer = this.makeWriter(changed, reindex)
    this.current = writer
    let result: T
    const t0 = performance.now()
    try {
      result = this.sqlite.transaction(() => {
        const value = fn(writer)
        // contacts whose channels softDeleteMany removed with the search triggers paused
        reindexContacts(this.statements, reindex)
        return value
      })()
    } finally {
      this.current = null
      this.longestWriteMs = Math.max(this.longestWriteMs, performance.now() - t0)
    }
    if (changed.size === 0) return result
    if (this.holds > 0) for (const table of changed) this.held.add(table)
    else this.onCommit([...changed])
    return result
  }

  /**
   * Runs the multi-row INSERT `prefix VALUES (?, ...), ...` over args (width values a row): full
   * batches of 100 rows, then the rest in power-of-two batches (64, 32, ... 1), so a chunk pays
   * a handful of statements whatever its length, and only a few statement shapes get prepared.
   */
  private insertRows(prefix: string, width: number, args: unknown[]): void {
    const rows = args.length / width
    let done = 0
    for (const size of BATCH_SIZES) {
      if (rows - done < size) continue
      const key = `${width}\u0000${size}\u0000${prefix}`
      let statement = this.batches.get(key)
      if (!statement) {
        const placeholders = `(${Array(width).fill('?').join(', ')})`
        statement = this.statements.get(`${prefix} VALUES ${Array(size).fill(placeholders).join(', ')}`)
        this.batches.set(key, statement)
      }
      for (; rows - done >= size; done += size) statement.run(args.slice(done * width, (done + size) * width))
    }
  }

  private makeWriter(changed: Set<SyncedTableName>, reindex: Set<string>): Writer {
    const now = this.clock.now()
    const txId = uuidv7()
    const deviceId = this.deviceId
    const log = (table: SyncedTableName, rowId: string, column: string, value: unknown) => {
      this.statements
        .get(
          'INSERT INTO change_log (hlc, device_id, tx_id, table_name, row_id, column_name, value) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(this.hlc.now(), deviceId, txId, table, rowId, column, JSON.stringify(value ?? null))
    }
    /** Change-log entries queued by the bulk paths, written by flushLog() in multi-row statements. */
    const queued: unknown[] = []
    const queueLog = (table: SyncedTableName, rowId: string, column: string, json: string) => {
      queued.push(this.hlc.now(), deviceId, txId, table, rowId, column, json)
    }
    const flushLog = () => {
      this.insertRows(LOG_INSERT, 7, queued)
      queued.length = 0
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

    const insertMany = (table: SyncedTableName, rows: Values[]): string[] => {
      const ids: string[] = []
      const names = columnNames[table]
      // One row's columns and values, as toColumns({ ...values, id, createdAt, updatedAt, deletedAt })
      // gives them (same order), without the copies: this loop runs for every imported row.
      const columns: string[] = []
      const values: unknown[] = []
      const read = (row: Values, id: string) => {
        columns.length = 0
        values.length = 0
        let seen = 0
        for (const prop in row) {
          let value = row[prop]
          if (prop === 'id') (value = id), (seen |= 1)
          else if (prop === 'createdAt') (value = now), (seen |= 2)
          else if (prop === 'updatedAt') (value = now), (seen |= 4)
          else if (prop === 'deletedAt') (value = value ?? null), (seen |= 8)
          if (value === undefined) continue
          const column = names.get(prop)
          if (!column) throw new Error(`Unknown column ${table}.${prop}`)
          columns.push(column)
          values.push(value)
        }
        if (!(seen & 1)) columns.push('id'), values.push(id)
        if (!(seen & 2)) columns.push('created_at'), values.push(now)
        if (!(seen & 4)) columns.push('updated_at'), values.push(now)
        if (!(seen & 8)) columns.push('deleted_at'), values.push(null)
      }
      // consecutive rows with the same columns go in the same statements
      let i = 0
      while (i < rows.length) {
        let group: string[] | null = null
        const args: unknown[] = []
        for (; i < rows.length; i++) {
          const row = rows[i]
          const id = typeof row.id === 'string' ? row.id : uuidv7()
          read(row, id)
          if (group) {
            let same = group.length === columns.length
            for (let c = 0; same && c < columns.length; c++) same = group[c] === columns[c]
            if (!same) break
          } else group = [...columns]
          const fields: Values = {} // the insert's entry: the non-null fields (insertedFields)
          for (let c = 0; c < columns.length; c++) {
            const value = values[c]
            args.push(bind(value))
            if (value !== null && !UNLOGGED.has(columns[c])) fields[columns[c]] = value
          }
          ids.push(id)
          queueLog(table, id, INSERTED, JSON.stringify(fields))
        }
        this.insertRows(`INSERT INTO ${table} (${group!.join(', ')})`, group!.length, args)
      }
      flushLog()
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

    /**
     * Soft-deletes the live rows among ids: one UPDATE per 500 ids, their change-log entries in
     * multi-row inserts. Channels: the search triggers wait, and each contact concerned is
     * re-indexed once, when the transaction ends (not once per channel; not at all if the
     * transaction deletes the contact too, as an undo of an import does).
     */
    const softDeleteMany = (table: SyncedTableName, ids: string[]): number => {
      const channels = table === 'contact_channels'
      const markDeleted = this.statements.get(
        `UPDATE ${table} SET deleted_at = ?, updated_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL RETURNING id${channels ? ', contact_id' : ''}`,
      )
      const deletedAt = JSON.stringify(now)
      let count = 0
      const mark = () => {
        for (let at = 0; at < ids.length; at += 500) {
          const done = markDeleted.all(now, now, JSON.stringify(ids.slice(at, at + 500))) as { id: string; contact_id?: string }[]
          for (const row of done) {
            queueLog(table, row.id, 'deleted_at', deletedAt)
            if (channels) reindex.add(row.contact_id!)
          }
          count += done.length
        }
      }
      if (channels) pauseContactIndex(this.statements, mark)
      else mark()
      flushLog()
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
