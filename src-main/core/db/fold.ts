/** crm_fold(text) in SQL: src-shared's fold, for filters on a connection (db/open.ts, the bench's raw one). */
import type Database from 'better-sqlite3'
import { fold } from '../../../src-shared/fold'

export function registerFold(db: Database.Database): void {
  db.function('crm_fold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? fold(value) : value))
}
