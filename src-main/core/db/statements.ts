import type { Statement } from 'better-sqlite3'
import type { Sqlite } from './open'

/** Prepares each SQL text once and hands back the same statement afterwards (hot paths stay hot). */
export class Statements {
  private readonly cache = new Map<string, Statement>()

  constructor(readonly sqlite: Sqlite) {}

  get(sql: string): Statement {
    let statement = this.cache.get(sql)
    if (!statement) {
      statement = this.prepare(sql)
      this.cache.set(sql, statement)
    }
    return statement
  }

  /** Prepares a statement the first time its SQL is seen (a subclass may check it there, once). */
  protected prepare(sql: string): Statement {
    return this.sqlite.prepare(sql)
  }

  /** False once the database is closed. */
  get open(): boolean {
    return this.sqlite.open
  }

  all<T>(sql: string, ...params: unknown[]): T[] {
    return this.get(sql).all(...params) as T[]
  }

  one<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.get(sql).get(...params) as T | undefined
  }
}
