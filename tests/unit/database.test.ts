import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import { openDatabase } from '../../src-main/core/db/open'
import { MIGRATIONS, openCore, tempDir } from './helpers'

describe('database', () => {
  test('first start creates the file, runs every migration and sets the pragmas', () => {
    const dir = tempDir()
    const { sqlite } = openDatabase({ file: join(dir, 'crm.db'), migrationsFolder: MIGRATIONS })
    try {
      expect(existsSync(join(dir, 'crm.db'))).toBe(true)
      expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000)
      const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()
      expect(tables).toEqual(
        expect.arrayContaining(['activities', 'activity_counts', 'change_log', 'companies', 'contact_channels', 'contact_field_values', 'contact_tags', 'contacts', 'custom_fields', 'deal_stage_visits', 'deals', 'duplicate_dismissals', 'imports', 'meta', 'pipelines', 'rules', 'settings', 'stages', 'tags', 'tasks']),
      )
      const triggers = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all()
      expect(triggers).toEqual([
        'activities_last_contacted_delete',
        'activities_last_contacted_insert',
        'activities_last_contacted_update',
        'activity_counts_delete',
        'activity_counts_insert',
        'activity_counts_owner',
        'activity_counts_update',
      ])
      const applied = sqlite.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()
      expect(applied).toBe(9)
    } finally {
      sqlite.close()
    }
  })

  test('re-opening an existing database keeps the data and migrates nothing twice', async () => {
    const dataDir = tempDir()
    const first = openCore({ dataDir })
    const contact = await first.ok('contacts.create', { firstName: 'Ada', lastName: 'Lovelace' })
    const info = await first.ok('app.info')
    first.core.close()

    const second = openCore({ dataDir })
    expect((await second.ok('contacts.get', { id: contact.id })).displayName).toBe('Ada Lovelace')
    expect((await second.ok('app.info')).contactCount).toBe(info.contactCount)
    second.core.close()

    const db = new Database(join(dataDir, 'crm.db'), { readonly: true })
    expect(db.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(9)
    db.close()
  })

  test('the device id is made once and kept across restarts; the HLC never goes back', async () => {
    const dataDir = tempDir()
    const first = openCore({ dataDir })
    await first.ok('contacts.create', { firstName: 'A' })
    first.core.close()
    const second = openCore({ dataDir })
    second.clock.advance(-60_000) // the wall clock went back a minute
    await second.ok('contacts.create', { firstName: 'B' })
    second.core.close()

    const db = new Database(join(dataDir, 'crm.db'), { readonly: true })
    const devices = db.prepare('SELECT DISTINCT device_id FROM change_log').pluck().all()
    expect(devices).toHaveLength(1)
    const hlcs = db.prepare('SELECT hlc FROM change_log ORDER BY rowid').pluck().all() as string[]
    expect([...hlcs].sort()).toEqual(hlcs)
    db.close()
  })

  test('a missing migrations folder fails loudly instead of starting on an empty schema', () => {
    const dir = tempDir()
    expect(() => openDatabase({ file: join(dir, 'crm.db'), migrationsFolder: join(dir, 'nope') })).toThrow()
  })
})
