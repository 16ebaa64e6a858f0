import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import { createCore } from '../../src-main/core/core'
import { openDatabase } from '../../src-main/core/db/open'
import { callers, fakeClock, MIGRATIONS, migrationsBefore, openCore, quietLog, tempDir } from './helpers'

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
        expect.arrayContaining(['activities', 'activity_counts', 'change_log', 'companies', 'contact_channels', 'contact_field_values', 'contact_tags', 'contacts', 'custom_fields', 'deal_stage_visits', 'deals', 'duplicate_dismissals', 'imports', 'live_counts', 'meta', 'pipelines', 'rules', 'saved_views', 'settings', 'stages', 'tags', 'tasks']),
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
        'contacts_live_count_delete',
        'contacts_live_count_insert',
        'contacts_live_count_update',
        'search_channels_delete',
        'search_channels_insert',
        'search_channels_update',
        'search_companies_delete',
        'search_companies_insert',
        'search_companies_update',
        'search_contacts_delete',
        'search_contacts_insert',
        'search_contacts_update',
        'search_deals_delete',
        'search_deals_insert',
        'search_deals_update',
        'search_notes_delete',
        'search_notes_insert',
        'search_notes_update',
      ])
      // the search index: FTS5 tables (derived, kept by the triggers above) and the notes' content view
      expect(tables).toEqual(expect.arrayContaining(['search_companies', 'search_contacts', 'search_deals', 'search_notes']))
      expect(sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'view'").pluck().all()).toEqual(['search_notes_source'])
      const applied = sqlite.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()
      expect(applied).toBe(17)
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
    expect(db.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(17)
    db.close()
  })

  test('the device id is made once and kept across restarts; the HLC never goes back', async () => {
    const dataDir = tempDir()
    const first = openCore({ dataDir })
    const a = await first.ok('contacts.create', { firstName: 'A' })
    first.core.close()
    const second = openCore({ dataDir })
    second.clock.advance(-60_000) // the wall clock went back a minute
    const b = await second.ok('contacts.create', { firstName: 'B' })
    second.core.close()

    const db = new Database(join(dataDir, 'crm.db'), { readonly: true })
    const devices = db.prepare('SELECT DISTINCT device_id FROM change_log').pluck().all()
    expect(devices).toHaveLength(1)
    const hlcOf = (id: string) => db.prepare('SELECT max(hlc) FROM change_log WHERE row_id = ?').pluck().get(id) as string
    expect(hlcOf(b.id) > hlcOf(a.id)).toBe(true)
    db.close()
  })

  test('migration 0009 keeps every change-log entry and keys the table on its HLC alone', async () => {
    const older = migrationsBefore(9)
    const dataDir = tempDir()
    const before = createCore({ dataDir, migrationsFolder: older, clock: fakeClock(), log: quietLog, scheduler: false })
    const made = await before.invoke('contacts.create', { firstName: 'Ada', emails: [{ value: 'ada@example.com' }] })
    expect(made.ok).toBe(true)
    const read = () => {
      const db = new Database(join(dataDir, 'crm.db'), { readonly: true })
      try {
        return {
          entries: db.prepare('SELECT * FROM change_log ORDER BY hlc').all(),
          sql: db.prepare("SELECT sql FROM sqlite_master WHERE name = 'change_log'").pluck().get() as string,
        }
      } finally {
        db.close()
      }
    }
    const old = read()
    before.close()
    expect(old.entries.length).toBeGreaterThan(3)
    expect(old.sql).not.toMatch(/WITHOUT ROWID/)

    openCore({ dataDir })
    const now = read()
    // later migrations add columns (0015: member_id, lost): every entry keeps every field it had
    expect(now.entries.map((e) => Object.fromEntries(Object.keys(old.entries[0] as object).map((k) => [k, (e as Record<string, unknown>)[k]])))).toEqual(old.entries)
    expect(now.sql).toMatch(/WITHOUT ROWID/)
  })

  test('live_counts: backfilled by migration 0012, then follows every way a contact comes and goes', async () => {
    const older = migrationsBefore(12)
    const dataDir = tempDir()
    const before = createCore({ dataDir, migrationsFolder: older, clock: fakeClock(), log: quietLog, scheduler: false })
    const old = callers(before)
    const made = []
    for (const firstName of ['A', 'B', 'C', 'D']) made.push(await old.ok('contacts.create', { firstName }))
    await old.ok('contacts.delete', { ids: [made[3].id] })
    before.close()

    const env = openCore({ dataDir })
    const counter = () => {
      const db = new Database(join(dataDir, 'crm.db'), { readonly: true })
      try {
        const n = db.prepare("SELECT n FROM live_counts WHERE name = 'contacts'").pluck().get()
        const real = db.prepare('SELECT count(*) FROM contacts WHERE deleted_at IS NULL').pluck().get()
        return { n, real }
      } finally {
        db.close()
      }
    }
    const total = async () => (await env.ok('contacts.list', { limit: 1 })).total
    expect(counter()).toEqual({ n: 3, real: 3 })
    expect(await total()).toBe(3)

    await env.ok('contacts.create', { firstName: 'E' })
    expect(counter()).toEqual({ n: 4, real: 4 })
    await env.ok('contacts.delete', { ids: [made[0].id, made[1].id] })
    expect(counter()).toEqual({ n: 2, real: 2 })
    await env.ok('contacts.delete', { ids: [made[0].id] }) // already deleted: no change
    expect(counter()).toEqual({ n: 2, real: 2 })
    await env.ok('contacts.restore', { ids: [made[0].id, made[3].id] })
    expect(counter()).toEqual({ n: 4, real: 4 })
    const bulk = await env.ok('contacts.bulk', { target: { query: {} }, action: { kind: 'delete' } })
    expect(counter()).toEqual({ n: 0, real: 0 })
    expect(await total()).toBe(0)
    await env.ok('contacts.bulkUndo', { jobId: bulk.jobId })
    expect(counter()).toEqual({ n: 4, real: 4 })
    // an edit that does not touch deleted_at, a bulk insert (vCard import), a hard delete (raw)
    await env.ok('contacts.update', { id: made[2].id, patch: { lastName: 'Z' } })
    await env.ok('vcard.import', { text: 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:F G\r\nN:G;F;;;\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:H I\r\nN:I;H;;;\r\nEND:VCARD\r\n' })
    expect(counter()).toEqual({ n: 6, real: 6 })
    const db = new Database(join(dataDir, 'crm.db'))
    db.prepare('DELETE FROM contacts WHERE id = ?').run(made[2].id)
    db.prepare('UPDATE contacts SET deleted_at = NULL WHERE id = ?').run(made[0].id) // already live: no change
    db.close()
    expect(counter()).toEqual({ n: 5, real: 5 })
    expect(await total()).toBe(5)
  })

  test('a missing migrations folder fails loudly instead of starting on an empty schema', () => {
    const dir = tempDir()
    expect(() => openDatabase({ file: join(dir, 'crm.db'), migrationsFolder: join(dir, 'nope') })).toThrow()
  })
})
