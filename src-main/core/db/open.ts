import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { registerFold } from './fold'
import * as schema from './schema'

export interface OpenOptions {
  /** Path of the SQLite file; created on first start. */
  file: string
  /** Folder with the drizzle-kit migrations (drizzle/ in the repo, resources/drizzle when packaged). */
  migrationsFolder: string
  /** Path to a better_sqlite3.node built for this runtime (Electron has its own ABI). */
  nativeBinding?: string
}

export type Sqlite = Database.Database

/** Opens (creating if needed) the database, sets the pragmas and migrates it in place. */
export function openDatabase({ file, migrationsFolder, nativeBinding }: OpenOptions) {
  const sqlite = new Database(file, nativeBinding ? { nativeBinding } : {})
  try {
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = NORMAL') // safe with WAL: a power cut loses at most the last commits, never corrupts
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    // Text filters compare folded text (services/contact-filter.ts): lower case, accents stripped.
    registerFold(sqlite)
    const db = drizzle(sqlite, { schema })
    migrate(db, { migrationsFolder })
    return { sqlite, db }
  } catch (error) {
    sqlite.close()
    throw error
  }
}
