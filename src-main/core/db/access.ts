/**
 * The write rule as types (after Signal's ReadableDB / WritableDB): services read through a Reader,
 * write synced tables only through the Repository's Writer (row + change log + HLC), and write the
 * few local-only tables (never synced) through a LocalWriter that names them. Both check at run
 * time too, so a wrong statement fails in the first test that runs it, not in a user's sync.
 */
import type { RunResult, Statement } from 'better-sqlite3'
import { AppError } from '../../../src-shared/errors'
import { Statements } from './statements'

/** A prepared statement that only reads (better-sqlite3's `readonly`). */
export type ReadStatement = Omit<Statement, 'run'>

export interface Reader {
  get(sql: string): ReadStatement
  all<T>(sql: string, ...params: unknown[]): T[]
  one<T>(sql: string, ...params: unknown[]): T | undefined
  /** False once the database is closed (a job stops at its next chunk). */
  readonly open: boolean
}

/** Tables of this device only: job and import records, the device id and sync's cursor, ops waiting for an upgrade. Synced tables are not here. */
export const LOCAL_TABLES = ['imports', 'jobs', 'meta', 'sync_deferred'] as const
export type LocalTable = (typeof LOCAL_TABLES)[number]

export interface LocalWriter {
  /** Runs an INSERT, UPDATE or DELETE on a local table (or a temp object); anything else throws. */
  run(sql: string, ...params: unknown[]): RunResult
}

/** Statements that only read: the check runs once, when a SQL text is first prepared (no cost per call). */
class ReadOnlyStatements extends Statements {
  protected override prepare(sql: string): Statement {
    const statement = super.prepare(sql)
    if (!statement.readonly) throw new AppError('INTERNAL', `A read was asked to write (${sql.slice(0, 60)}…); writes go through the repository.`)
    return statement
  }
}

/** A Reader over the same connection as q, with its own cache of checked statements. */
export function readerOf(q: Statements): Reader {
  return new ReadOnlyStatements(q.sqlite)
}

const TARGET = /^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM|CREATE\s+VIRTUAL\s+TABLE(?:\s+IF\s+NOT\s+EXISTS)?)\s+([\w.]+)/i

/** The table a write statement targets, or null when it is not a single-table write. */
export function writeTarget(sql: string): string | null {
  return TARGET.exec(sql)?.[1] ?? null
}

export function localWriterOf(q: Statements): LocalWriter {
  const allowed = new Set<string>(LOCAL_TABLES)
  const checked = new Set<string>()
  return {
    run(sql, ...params) {
      if (!checked.has(sql)) {
        const target = writeTarget(sql)
        if (!target || !(allowed.has(target) || target.startsWith('temp.'))) {
          throw new AppError('INTERNAL', `A local write may only touch ${LOCAL_TABLES.join(', ')} or temp tables, not ${target ?? sql.slice(0, 40)}.`)
        }
        checked.add(sql)
      }
      return q.get(sql).run(...params)
    },
  }
}
