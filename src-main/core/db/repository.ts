/**
 * THE write path for synced tables: every insert, update and (soft) delete writes the row and one
 * change-log entry per changed field, with an HLC, in the same transaction. Nothing else writes
 * a synced table. Its core is Writer.apply(ops): the named methods are built on it, and a change
 * that arrives from elsewhere (sync) takes the same path with origin 'remote'. Once a transaction
 * commits, the repository announces it ({ txId, origin, changes }) to whoever subscribed.
 */
import type { Statement } from 'better-sqlite3'
import { getTableColumns } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { AppError } from '../../../src-shared/errors'
import { formatHlc, type HybridLogicalClock } from '../../../src-shared/hlc'
import type { Clock, Logger } from '../clock'
import type { Sqlite } from './open'
import { applyRemoteEntries, type RemoteApplyResult, type RemoteEntry, type Unpushed } from './remote-apply'
import { syncedTables, type SyncedTableName } from './schema'
import { deferContactIndex, pauseContactIndex, reindexContacts, type Deferred } from './search-index'
import { Statements } from './statements'

type Values = Record<string, unknown>

/** Property name (camelCase, as in schema.ts) → SQL column name, per synced table. */
const columnNames: Record<SyncedTableName, Map<string, string>> = Object.fromEntries(
  Object.entries(syncedTables).map(([table, def]) => [
    table,
    new Map(Object.entries(getTableColumns(def)).map(([prop, column]) => [prop, column.name])),
  ]),
) as Record<SyncedTableName, Map<string, string>>

/** SQL column names per synced table: what change-log entries may name. */
const loggedColumns = Object.fromEntries(Object.entries(columnNames).map(([table, names]) => [table, new Set(names.values())])) as Record<
  SyncedTableName,
  Set<string>
>

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

/** One change to one row of a synced table: what Writer.apply takes (local edits and, later, remote ones). */
export type Op =
  | { op: 'insert'; table: SyncedTableName; values: Values }
  | { op: 'update'; table: SyncedTableName; id: string; patch: Values }
  | { op: 'delete'; table: SyncedTableName; id: string }
  | { op: 'restore'; table: SyncedTableName; id: string }

/** Where a transaction's changes come from: this device, or another one (through sync). */
export type Origin = 'local' | 'remote'

/** A row a committed transaction changed; an update also carries the previous values of the fields it changed. */
export interface Change {
  table: SyncedTableName
  id: string
  kind: 'insert' | 'update' | 'delete' | 'restore'
  previous?: Values
}

/** What a committed transaction announces to the repository's subscribers. */
export interface Commit {
  txId: string
  origin: Origin
  tables: SyncedTableName[]
  changes: Change[]
}

export interface Writer {
  readonly now: number
  readonly txId: string
  readonly origin: Origin
  /**
   * Applies the ops in order; returns per op the new row's id (insert), the number of fields
   * written (update) or whether the row changed state (delete, restore). Consecutive inserts into
   * one table go in multi-row statements.
   */
  apply(ops: readonly Op[]): (string | number | boolean)[]
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
  /** Inserts of many contacts (an import chunk) with their search indexing done once, at the end (db/search-index.ts). */
  deferContactIndex<T extends Deferred>(fn: () => T): T
  /**
   * Another device's change-log entries (sync's pull), logged with their own HLC, device and member
   * and folded into rows by per-field last-writer-wins (db/remote-apply.ts). Only in a transaction
   * of origin 'remote', so they are never pushed again as this device's changes.
   */
  applyRemote(entries: readonly RemoteEntry[], options?: { unpushed?: Unpushed; resettle?: boolean }): RemoteApplyResult
}

export class Repository {
  private readonly statements: Statements
  /** Multi-row INSERT statements by width, batch size and prefix (see insertRows). */
  private readonly batches = new Map<string, Statement>()
  private current: Writer | null = null
  private readonly subscribers = new Set<(commit: Commit) => void>()
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
    this.announce(tables)
  }

  /**
   * Calls listener after every commit of a synced change, in commit order (also while a job holds
   * data.changed back). A listener that writes starts its own transaction. Returns unsubscribe.
   */
  onCommitted(listener: (commit: Commit) => void): () => void {
    this.subscribers.add(listener)
    return () => this.subscribers.delete(listener)
  }

  /** The longest write transaction so far (ms), for app.diagnostics and the bench. */
  longestWriteMs = 0

  constructor(
    private readonly sqlite: Sqlite,
    private readonly clock: Clock,
    private readonly hlc: HybridLogicalClock,
    private readonly deviceId: string,
    /** Tells the windows which tables changed (data.changed). */
    private readonly announce: (tables: SyncedTableName[]) => void,
    private readonly log: Logger = console,
  ) {
    this.statements = new Statements(sqlite)
  }

  /**
   * Runs fn in one transaction; nested calls join the outer one. After commit: data.changed for
   * the changed tables, then the subscribers get the Commit.
   */
  write<T>(fn: (writer: Writer) => T, options: { origin?: Origin; seed?: boolean } = {}): T {
    if (this.current) return fn(this.current)
    const changed = new Set<SyncedTableName>()
    const changes: Change[] = []
    const reindex = new Set<string>()
    const writer = this.makeWriter(changed, changes, reindex, options.origin ?? 'local', options.seed ?? false)
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
    const tables = [...changed]
    if (this.holds > 0) for (const table of changed) this.held.add(table)
    else this.announce(tables)
    const commit: Commit = { txId: writer.txId, origin: writer.origin, tables, changes }
    for (const listener of [...this.subscribers]) {
      try {
        listener(commit)
      } catch (error) {
        this.log.error('A listener of committed changes failed (the commit itself stands)', error)
      }
    }
    return result
  }

  /** Applies ops in one transaction (or the current one). */
  apply(ops: readonly Op[], options: { origin?: Origin } = {}): (string | number | boolean)[] {
    return this.write((w) => w.apply(ops), options)
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

  /**
   * The HLC of a seeded row's entry (the default pipeline, the seeded rules: same stable ids on
   * every device): before any real edit (ms 0, 1...), so a device that joins a team, or seeds again
   * after its records were taken off, never undoes what the team changed in them (a renamed stage,
   * a rule switched on). A counter in meta keeps them unique on this device for good.
   */
  private seedHlc(): string {
    const row = this.statements.get("SELECT value FROM meta WHERE key = 'seed_hlc'").get() as { value: string } | undefined
    const n = row ? Number(row.value) : 0
    this.statements.get("INSERT INTO meta (key, value) VALUES ('seed_hlc', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(n + 1))
    return formatHlc({ ms: Math.floor(n / 0x10000), counter: n % 0x10000, node: this.deviceId })
  }

  private makeWriter(changed: Set<SyncedTableName>, changes: Change[], reindex: Set<string>, origin: Origin, seed = false): Writer {
    const stamp = () => (seed ? this.seedHlc() : this.hlc.now())
    const now = this.clock.now()
    // a seeded row is the same on every device, to its creation time (whichever device's seed wins the fold)
    const created = seed ? 0 : now
    const txId = uuidv7()
    const deviceId = this.deviceId
    const log = (table: SyncedTableName, rowId: string, column: string, value: unknown) => {
      this.statements
        .get(
          'INSERT INTO change_log (hlc, device_id, tx_id, table_name, row_id, column_name, value) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(stamp(), deviceId, txId, table, rowId, column, JSON.stringify(value ?? null))
    }
    /** Change-log entries queued by the bulk paths, written by flushLog() in multi-row statements. */
    const queued: unknown[] = []
    const queueLog = (table: SyncedTableName, rowId: string, column: string, json: string) => {
      queued.push(stamp(), deviceId, txId, table, rowId, column, json)
    }
    const flushLog = () => {
      this.insertRows(LOG_INSERT, 7, queued)
      queued.length = 0
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
          else if (prop === 'createdAt') (value = created), (seen |= 2)
          else if (prop === 'updatedAt') (value = now), (seen |= 4)
          else if (prop === 'deletedAt') (value = value ?? null), (seen |= 8)
          if (value === undefined) continue
          const column = names.get(prop)
          if (!column) throw new Error(`Unknown column ${table}.${prop}`)
          columns.push(column)
          values.push(value)
        }
        if (!(seen & 1)) columns.push('id'), values.push(id)
        if (!(seen & 2)) columns.push('created_at'), values.push(created)
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
          const fields: Values = {} // the insert's entry: the non-null fields but id and updated_at
          for (let c = 0; c < columns.length; c++) {
            const value = values[c]
            args.push(bind(value))
            if (value !== null && !UNLOGGED.has(columns[c])) fields[columns[c]] = value
          }
          ids.push(id)
          changes.push({ table, id, kind: 'insert' })
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
      const previous: Values = {}
      for (const name of differing) previous[name] = existing[name]
      const kind = !differing.includes('deleted_at') ? 'update' : columns.deleted_at === null ? 'restore' : 'delete'
      changes.push({ table, id, kind, previous })
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
            changes.push({ table, id: row.id, kind: 'delete', previous: { deleted_at: null } })
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

    const apply = (ops: readonly Op[]): (string | number | boolean)[] => {
      const results: (string | number | boolean)[] = []
      for (let i = 0; i < ops.length; ) {
        const op = ops[i]
        if (op.op === 'insert') {
          const rows: Values[] = []
          for (; i < ops.length && ops[i].op === 'insert' && ops[i].table === op.table; i++) rows.push((ops[i] as typeof op).values)
          for (const id of insertMany(op.table, rows)) results.push(id)
          continue
        }
        if (op.op === 'update') results.push(update(op.table, op.id, op.patch))
        else if (op.op === 'delete') results.push(!isDeleted(op.table, op.id) && update(op.table, op.id, { deletedAt: now }) > 0)
        else results.push(isDeleted(op.table, op.id) && update(op.table, op.id, { deletedAt: null }) > 0)
        i++
      }
      return results
    }

    return {
      now,
      txId,
      origin,
      apply,
      insert: (table, values) => apply([{ op: 'insert', table, values }])[0] as string,
      insertMany, // what apply does with consecutive inserts, without an op object per row (the import's hot path)
      softDeleteMany,
      update: (table, id, patch) => apply([{ op: 'update', table, id, patch }])[0] as number,
      softDelete: (table, id) => apply([{ op: 'delete', table, id }])[0] as boolean,
      restore: (table, id) => apply([{ op: 'restore', table, id }])[0] as boolean,
      deferContactIndex: (fn) => deferContactIndex(this.statements, fn),
      applyRemote: (entries, options) => {
        if (origin !== 'remote') throw new Error('applyRemote needs a transaction of origin remote')
        return applyRemoteEntries(
          {
            statements: this.statements,
            columns: loggedColumns,
            now,
            receive: (hlc) => void this.hlc.receive(hlc),
            changed: (table, id, kind, previous) => {
              changed.add(table)
              changes.push({ table, id, kind, previous })
            },
            warn: (message) => this.log.warn(message),
            unpushed: options?.unpushed,
            resettle: options?.resettle,
          },
          entries,
        )
      },
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
