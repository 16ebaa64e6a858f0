/**
 * Applies src-server/drizzle (drizzle-kit's migrations) at start, in ONE transaction under a
 * PostgreSQL advisory lock, so two instances starting together on one database take turns: the
 * second finds everything applied. The bookkeeping is drizzle's own table
 * (drizzle.__drizzle_migrations: hash, created_at = the migration's folder time), so drizzle-kit
 * and this agree on what is applied.
 */
import { resolve } from 'node:path'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import type { Database } from './port'

export const MIGRATIONS_FOLDER = resolve(__dirname, '../drizzle')
/** Any constant: the key of the advisory lock the migrating instance holds. */
const MIGRATION_LOCK = 7_246_311_015

export async function migrate(db: Database, folder = MIGRATIONS_FOLDER): Promise<{ applied: number }> {
  const migrations = readMigrationFiles({ migrationsFolder: folder })
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await tx.query('CREATE SCHEMA IF NOT EXISTS drizzle')
    await tx.query('CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)')
    const [last] = await tx.query<{ created_at: unknown }>('SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1')
    const lastAt = last ? Number(last.created_at) : -1
    const newest = migrations.length ? migrations[migrations.length - 1].folderMillis : -1
    if (lastAt > newest) {
      throw new Error('This database was set up by a newer version of the sync server: run that version (or a newer one) on it.')
    }
    let applied = 0
    for (const migration of migrations) {
      if (migration.folderMillis <= lastAt) continue
      for (const statement of migration.sql) {
        if (statement.trim()) await tx.query(statement)
      }
      await tx.query('INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)', [migration.hash, migration.folderMillis])
      applied++
    }
    return { applied }
  })
}
