/**
 * Backups on real SQLite files: back up → change → restore gives back exactly the earlier rows;
 * a backup taken while writes go on is one consistent state; damaged, foreign, empty and newer
 * files are refused and the live data stays as it was; an older backup is migrated forward;
 * automatic backups run at start and daily on a hand-driven timer and keep 7 daily + 4 weekly.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import { localDay, planRetention } from '../../src-main/core/backup/retention'
import { DATABASE_FILE } from '../../src-main/core/core'
import { openDatabase } from '../../src-main/core/db/open'
import { fileStamp, parseBackupName } from '../../src-main/core/services/backups/backup'
import type { BackupFile } from '../../src-shared/model/backup'
import { openBackupCore, withData } from './backup-core'
import { fakeClock, MIGRATIONS, readDb, tempDir } from './helpers'

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR

/** Every row of every table, in a stable order: what "the exact earlier data" means. */
function dump(file: string): Record<string, unknown[]> {
  return readDb(file, (db) => {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]
    const out: Record<string, unknown[]> = {}
    for (const t of tables) {
      out[t] = (db.prepare(`SELECT * FROM "${t}"`).all() as unknown[]).map((r) => JSON.stringify(r, (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : v))).sort()
    }
    return out
  })
}

const liveFile = (dataDir: string) => join(dataDir, DATABASE_FILE)
const safetyCopies = (dataDir: string) => readdirSync(dataDir).filter((f) => f.includes('before-restore'))
const leftovers = (dataDir: string) => readdirSync(dataDir).filter((f) => f.includes('restoring') || f.endsWith('.partial'))


describe('back up and restore', { timeout: 60_000 }, () => {
  test('backup → change → restore gives back exactly the earlier rows, keeps a safety copy, and tells every window', async () => {
    const env = openBackupCore({ auto: false })
    const ada = await withData(env)
    const backup = await env.ok('backups.create')
    expect(backup.kind).toBe('manual')
    expect(backup.fileName).toBe(`crm-backup-${fileStamp(env.clock.now())}.db`)
    expect(backup.path).toBe(join(env.dataDir, 'backups', backup.fileName))
    expect(backup.sizeBytes).toBeGreaterThan(10_000)
    expect(readdirSync(join(env.dataDir, 'backups'))).toEqual([backup.fileName]) // no .partial left behind
    const before = dump(liveFile(env.dataDir))
    expect(before.contacts.length).toBeGreaterThan(10)

    // changes after the backup: a new contact, an edit, a deletion, a deal won
    env.clock.advance(HOUR)
    const eve = await env.ok('contacts.create', { firstName: 'Eve', lastName: 'After' })
    await env.ok('contacts.update', { id: ada.id, patch: { notes: 'changed after the backup' } })
    const list = await env.ok('contacts.list', { limit: 3 })
    await env.ok('contacts.delete', { ids: [list.items[2].id] })
    const changedState = dump(liveFile(env.dataDir))
    expect(changedState).not.toEqual(before)

    env.changed.length = 0
    const result = await env.ok('backups.restore', { path: backup.path })
    expect(result.restoredFrom).toBe(backup.path)
    expect(result.migrationsApplied).toBe(0)
    expect(result.safetyCopy).toMatch(/crm\.db\.before-restore-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/)

    // exactly the earlier rows, every table (change log included)
    expect(dump(liveFile(env.dataDir))).toEqual(before)
    // the data as it was just before the restore is kept, and is listed
    expect(dump(result.safetyCopy)).toEqual(changedState)
    const status = await env.ok('backups.status')
    expect(status.backups.map((b) => b.kind).sort()).toEqual(['manual', 'safety'])
    expect(status.lastBackupAt).toBe(backup.createdAt)
    expect(leftovers(env.dataDir)).toEqual([])

    // every window hears about every table
    expect(env.changed).toHaveLength(1)
    expect(env.changed[0]).toEqual(expect.arrayContaining(['contacts', 'companies', 'deals', 'tasks', 'activities', 'settings']))

    // and the reopened core works: reads and writes on the restored data
    expect((await env.ok('contacts.get', { id: ada.id })).notes).toBe('first')
    expect((await env.err('contacts.get', { id: eve.id })).code).toBe('NOT_FOUND')
    const after = await env.ok('contacts.create', { firstName: 'Zed', lastName: 'Later' })
    expect((await env.ok('contacts.get', { id: after.id })).firstName).toBe('Zed')
    // the change log carries on from the restored one (no HLC went backwards)
    const db = new Database(liveFile(env.dataDir), { readonly: true })
    const hlcs = db.prepare('SELECT hlc FROM change_log WHERE row_id = ?').pluck().all(after.id) as string[]
    const maxBefore = (before.change_log as string[]).map((r) => JSON.parse(r).hlc as string).sort().at(-1)!
    db.close()
    expect(hlcs.every((h) => h > maxBefore)).toBe(true)
  })

  test('restoring a safety copy undoes the restore; restore works again and again', async () => {
    const env = openBackupCore({ auto: false })
    await withData(env)
    const first = await env.ok('backups.create')
    await env.ok('contacts.create', { firstName: 'Only', lastName: 'InSecond' })
    const second = dump(liveFile(env.dataDir))
    const { safetyCopy } = await env.ok('backups.restore', { path: first.path })
    env.clock.advance(1000)
    await env.ok('backups.restore', { path: safetyCopy })
    expect(dump(liveFile(env.dataDir))).toEqual(second)
    expect(safetyCopies(env.dataDir)).toHaveLength(2)
    // two in one second: the later one is listed first
    const again = await env.ok('backups.create')
    const againToo = await env.ok('backups.create')
    expect(againToo.fileName).toBe(again.fileName.replace('.db', '-2.db'))
    expect((await env.ok('backups.status')).backups.slice(0, 2).map((b) => b.fileName)).toEqual([againToo.fileName, again.fileName])
  })

  test('what a backup or restore killed half-way left is removed at start; the backups stay', async () => {
    const dataDir = tempDir()
    const env = openBackupCore({ dataDir, auto: false })
    await withData(env)
    const kept = await env.ok('backups.create')
    env.core.close()
    const backupDir = join(dataDir, 'backups')
    writeFileSync(join(backupDir, '.crm-backup-2026-01-15T09-00-00.db.partial'), randomBytes(4096))
    writeFileSync(join(dataDir, 'crm.db.restoring-2026-01-15T09-00-00'), randomBytes(4096))
    writeFileSync(join(dataDir, 'crm.db.restoring-2026-01-15T09-00-00-wal'), randomBytes(4096))
    const again = openBackupCore({ dataDir, auto: false })
    expect(readdirSync(backupDir)).toEqual([kept.fileName])
    expect(readdirSync(dataDir).filter((f) => f.includes('restoring'))).toEqual([])
    expect((await again.ok('contacts.list', {})).total).toBeGreaterThan(0)
  })

  test('the temp files of a killed automatic or manual backup (and the journal SQLite keeps beside one) are removed at start', async () => {
    const dataDir = tempDir()
    const env = openBackupCore({ dataDir, auto: false })
    await withData(env)
    const kept = await env.ok('backups.create')
    env.core.close()
    const backupDir = join(dataDir, 'backups')
    const temps = [
      '.crm-auto-2026-01-15T09-00-00Z.db.partial',
      '.crm-auto-2026-01-15T09-00-00Z.db.partial-journal',
      '.crm-backup-2026-01-15T09-00-00Z-2.db.partial-journal',
    ]
    for (const name of temps) writeFileSync(join(backupDir, name), randomBytes(4096))
    writeFileSync(join(backupDir, 'notes.txt'), 'a file of the user’s own') // not ours: stays
    const again = openBackupCore({ dataDir, auto: false })
    expect(readdirSync(backupDir).sort()).toEqual([kept.fileName, 'notes.txt'].sort())
    expect((await again.ok('backups.status')).backups.map((b) => b.fileName)).toEqual([kept.fileName])
  })

  test('a temp name is never listed or offered for restore, even when the file in it is a whole backup', async () => {
    const env = openBackupCore({ auto: false })
    await withData(env)
    const kept = await env.ok('backups.create')
    // a backup being written right now looks like this: a whole database under its temp name
    for (const name of ['.crm-backup-2026-01-16T09-00-00Z.db.partial', '.crm-auto-2026-01-16T09-00-00Z.db.partial']) {
      copyFileSync(kept.path, join(env.dataDir, 'backups', name))
      expect(parseBackupName(name)).toBeNull()
    }
    const status = await env.ok('backups.status')
    expect(status.backups.map((b) => b.fileName)).toEqual([kept.fileName])
    expect(status.lastBackupAt).toBe(kept.createdAt)
  })

  test('a backup takes its name only when its file is whole: the file under the name is an intact database with all the data', async () => {
    const env = openBackupCore({ auto: false })
    await withData(env)
    const backup = await env.ok('backups.create')
    expect(readdirSync(join(env.dataDir, 'backups'))).toEqual([backup.fileName]) // (reading it below adds SQLite's -wal and -shm)
    expect(readDb(backup.path, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok')
    expect(readDb(backup.path, (db) => db.prepare('SELECT count(*) FROM contacts WHERE deleted_at IS NULL').pluck().get())).toBe((await env.ok('contacts.list', {})).total)
  })

  test('a backup taken while writes go on is one consistent state', async () => {
    const env = openBackupCore({ auto: false })
    // enough pages that the online backup takes many steps (100 pages each) between event-loop turns
    const notes = 'x'.repeat(3000)
    for (let i = 0; i < 800; i++) await env.ok('contacts.create', { firstName: `Bulk${i}`, lastName: 'Writer', notes })
    const count = () => env.ok('contacts.list', { limit: 1 }).then((p) => p.total)

    let done = false
    let countAtCompletion = -1
    const backupPromise = env.ok('backups.create').then(async (file) => {
      done = true
      return file
    })
    // the first write after completion is counted synchronously in the continuation below
    let writesDuring = 0
    let i = 0
    while (!done) {
      await env.ok('contacts.create', { firstName: `During${i++}`, lastName: 'Backup' })
      if (!done) writesDuring++
      await new Promise((r) => setImmediate(r))
    }
    const file: BackupFile = await backupPromise
    countAtCompletion = await count()
    expect(writesDuring, 'writes should have happened while the backup ran').toBeGreaterThan(2)

    const db = new Database(file.path, { readonly: true })
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(db.pragma('foreign_key_check')).toEqual([])
      // every contact in the copy has its change-log entries, and every logged contact is in the copy
      const contacts = db.prepare('SELECT id FROM contacts').pluck().all() as string[]
      const logged = db.prepare("SELECT DISTINCT row_id FROM change_log WHERE table_name = 'contacts'").pluck().all() as string[]
      expect(new Set(logged)).toEqual(new Set(contacts))
      // the copy is the state at one moment: 800 + some of the writes made during it, in order
      const during = db.prepare("SELECT first_name FROM contacts WHERE last_name = 'Backup'").pluck().all() as string[]
      expect(contacts.length).toBe(800 + during.length)
      expect(during.length).toBeGreaterThan(0)
      expect(new Set(during)).toEqual(new Set(Array.from({ length: during.length }, (_, n) => `During${n}`)))
      expect(contacts.length).toBeLessThanOrEqual(countAtCompletion)
    } finally {
      db.close()
    }
  })

  test('restore of a backup made at an older schema migrates it forward', async () => {
    // a database as the first released version left it: only the first four migrations
    const oldMigrations = join(tempDir(), 'drizzle')
    mkdirSync(join(oldMigrations, 'meta'), { recursive: true })
    const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] }
    const total = journal.entries.length
    journal.entries = journal.entries.slice(0, 4)
    writeFileSync(join(oldMigrations, 'meta/_journal.json'), JSON.stringify(journal))
    for (const e of journal.entries) copyFileSync(join(MIGRATIONS, `${e.tag}.sql`), join(oldMigrations, `${e.tag}.sql`))
    const oldFile = join(tempDir(), 'old-crm.db')
    const { sqlite: old } = openDatabase({ file: oldFile, migrationsFolder: oldMigrations })
    old.prepare("INSERT INTO meta (key, value) VALUES ('device_id', 'olddevice0000001')").run()
    old.prepare("INSERT INTO contacts (id, created_at, updated_at, first_name, last_name) VALUES ('0190aaaa-0000-7000-8000-000000000001', 1, 1, 'Old', 'Timer')").run()
    old.pragma('wal_checkpoint(TRUNCATE)')
    old.close()

    const env = openBackupCore({ auto: false })
    await withData(env)
    const result = await env.ok('backups.restore', { path: oldFile })
    expect(result.migrationsApplied).toBe(total - 4)
    const contact = await env.ok('contacts.get', { id: '0190aaaa-0000-7000-8000-000000000001' })
    expect(contact.firstName).toBe('Old')
    // what newer migrations brought works on it: tasks and the default pipeline
    expect((await env.ok('pipelines.list')).length).toBeGreaterThan(0)
    await env.ok('tasks.create', { title: 'Call the old timer', dueAt: env.clock.now() + DAY, contactId: contact.id })
    const db = new Database(liveFile(env.dataDir), { readonly: true })
    expect(db.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(total)
    db.close()
    // the chosen file itself was only read
    const check = new Database(oldFile, { readonly: true })
    expect(check.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(4)
    check.close()
  })
})

describe('bad files are refused and change nothing', { timeout: 60_000 }, () => {
  async function refuses(env: ReturnType<typeof openBackupCore>, path: string, code: string, message: RegExp) {
    const before = dump(liveFile(env.dataDir))
    const beforeFiles = readdirSync(env.dataDir).sort()
    env.changed.length = 0
    const error = await env.err('backups.restore', { path })
    expect(error.code).toBe(code)
    expect(error.message).toMatch(message)
    expect(dump(liveFile(env.dataDir))).toEqual(before)
    expect(readdirSync(env.dataDir).filter((f) => !f.startsWith('crm.db-')).sort()).toEqual(beforeFiles.filter((f) => !f.startsWith('crm.db-')))
    expect(safetyCopies(env.dataDir)).toEqual([])
    expect(env.changed).toEqual([])
    // the live database is still open and writable
    await env.ok('contacts.create', { firstName: 'Still', lastName: 'Here' })
    return error
  }

  test('random bytes', async () => {
    const env = openBackupCore({ auto: false })
    await withData(env)
    const file = join(tempDir(), 'random.db')
    writeFileSync(file, randomBytes(64 * 1024))
    const error = await refuses(env, file, 'VALIDATION', /random\.db is not a database file\. Pick a backup made by this app/)
    expect(error.details).toMatchObject({ reason: 'not-sqlite' })
  })

  test('a truncated backup', async () => {
    const env = openBackupCore({ auto: false })
    await withData(env)
    const backup = await env.ok('backups.create')
    const file = join(tempDir(), 'truncated.db')
    copyFileSync(backup.path, file)
    truncateSync(file, Math.floor(backup.sizeBytes / 2))
    const error = await refuses(env, file, 'VALIDATION', /truncated\.db is damaged.*Pick an older backup\. Your current data was not changed\./)
    expect(error.details).toMatchObject({ reason: 'corrupt' })
  })

  test('a backup with damaged pages in the middle', async () => {
    const env = openBackupCore({ auto: false })
    await withData(env)
    const backup = await env.ok('backups.create')
    const bytes = readFileSync(backup.path)
    randomBytes(8 * 4096).copy(bytes, 4 * 4096) // pages 5–12 overwritten
    const file = join(tempDir(), 'damaged.db')
    writeFileSync(file, bytes)
    await refuses(env, file, 'VALIDATION', /damaged\.db is damaged/)
  })

  test('an SQLite file that is not a CRM database', async () => {
    const env = openBackupCore({ auto: false })
    await withData(env)
    const file = join(tempDir(), 'photos.db')
    const other = new Database(file)
    other.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT); INSERT INTO photos (path) VALUES (\'a.jpg\')')
    other.close()
    const error = await refuses(env, file, 'VALIDATION', /photos\.db is a database, but not one from this CRM/)
    expect(error.details).toMatchObject({ reason: 'not-crm' })
  })

  test('an empty file, a folder, a missing file, a relative path, the live database itself', async () => {
    const env = openBackupCore({ auto: false })
    await withData(env)
    const empty = join(tempDir(), 'empty.db')
    writeFileSync(empty, '')
    await refuses(env, empty, 'VALIDATION', /empty\.db is empty/)
    await refuses(env, tempDir(), 'VALIDATION', /is a folder/)
    await refuses(env, join(tempDir(), 'nope.db'), 'NOT_FOUND', /There is no file at .*nope\.db/)
    await refuses(env, 'backups/crm.db', 'VALIDATION', /Give the full path/)
    await refuses(env, liveFile(env.dataDir), 'VALIDATION', /the database the app is using right now/)
    expect((await env.err('backups.restore', { path: '  ' })).code).toBe('VALIDATION')
  })

  test('a backup from a newer version of the app', async () => {
    const env = openBackupCore({ auto: false })
    await withData(env)
    const backup = await env.ok('backups.create')
    const file = join(tempDir(), 'newer.db')
    copyFileSync(backup.path, file)
    const db = new Database(file)
    db.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('future', Date.UTC(2100, 0, 1))
    db.close()
    const error = await refuses(env, file, 'VALIDATION', /made by a newer version of the app\. Update the app/)
    expect(error.details).toMatchObject({ reason: 'newer' })
  })
})

describe('automatic backups', { timeout: 60_000 }, () => {
  const autos = (dataDir: string) =>
    readdirSync(join(dataDir, 'backups'))
      .filter((f) => f.startsWith('crm-auto-'))
      .sort()

  test('retention from the file dates: 60 daily backups leave the 7 newest days and the last of each of the 4 weeks before', () => {
    const start = new Date(2026, 0, 1, 10, 0).getTime()
    const files = Array.from({ length: 60 }, (_, d) => {
      const createdAt = new Date(2026, 0, 1 + d, 10, 0).getTime()
      return { fileName: `crm-auto-${fileStamp(createdAt)}.db`, createdAt }
    })
    const { keep, remove } = planRetention(files)
    expect(keep).toHaveLength(11)
    expect(remove).toHaveLength(49)
    const days = keep.map((f) => localDay(f.createdAt) - localDay(start))
    // 2026-01-01 is a Thursday: day 52 is a Sunday, the end of the week before the daily ones
    expect(days).toEqual([59, 58, 57, 56, 55, 54, 53, 52, 45, 38, 31])
    // two on one day: the newer one stays
    const twice = planRetention([
      { fileName: 'a', createdAt: new Date(2026, 0, 1, 8).getTime() },
      { fileName: 'b', createdAt: new Date(2026, 0, 1, 20).getTime() },
    ])
    expect(twice.keep.map((f) => f.fileName)).toEqual(['b'])
    // gaps (the laptop was off some days): 7 newest days, then the newest of each older week that has one
    const sparse = [0, 3, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20].map((d) => ({ fileName: `d${d}`, createdAt: new Date(2026, 0, 1 + d, 9).getTime() }))
    expect(planRetention(sparse).keep.map((f) => f.fileName)).toEqual(['d20', 'd19', 'd18', 'd17', 'd16', 'd15', 'd14', 'd13', 'd10', 'd3'])
    // pruning every day as backups arrive ends where pruning once does
    let rolling: typeof files = []
    for (const f of files) rolling = planRetention([...rolling, f]).keep
    expect(rolling).toEqual(keep)
  })

  test('at start when the newest is a day old, then once a day on the timer; 60 days keep exactly 7 daily + 4 weekly', async () => {
    const dataDir = tempDir()
    const clock = fakeClock(new Date(2026, 2, 1, 9, 0).getTime())
    // an empty database gets no automatic backup
    const empty = openBackupCore({ dataDir, clock })
    await empty.ok('backups.status')
    expect(existsSync(join(dataDir, 'backups'))).toBe(false)
    expect(empty.pending()!.ms).toBe(HOUR)
    await withData(empty)
    const manual = await empty.ok('backups.create') // manual backups are never pruned
    empty.core.close()

    const env = openBackupCore({ dataDir, clock })
    await env.ok('backups.status')
    expect(autos(dataDir)).toEqual([`crm-auto-${fileStamp(clock.now())}.db`]) // at start: none was there yet
    const seen = new Set(autos(dataDir))
    const start = clock.now()
    while (clock.now() < start + 60 * DAY - HOUR) {
      await env.step()
      for (const f of autos(dataDir)) seen.add(f)
      // the timer never looks more than an hour ahead
      expect(env.pending()!.ms).toBeLessThanOrEqual(HOUR)
    }
    // one a day, exactly a day apart
    const made = [...seen].map((f) => parseBackupName(f)!.createdAt).sort((a, b) => a - b)
    expect(made).toHaveLength(60)
    expect(made.every((t, i) => i === 0 || t - made[i - 1] === DAY)).toBe(true)

    const kept = autos(dataDir).map((f) => localDay(parseBackupName(f)!.createdAt) - localDay(start))
    // 2026-03-01 is a Sunday: day 52 is the Wednesday of the week that the daily ones start in
    expect(kept.sort((a, b) => b - a)).toEqual([59, 58, 57, 56, 55, 54, 53, 52, 49, 42, 35])
    expect(existsSync(manual.path)).toBe(true)
    const status = await env.ok('backups.status')
    expect(status.backups).toHaveLength(12)
    expect(status.backups[0].createdAt).toBe(made[59])
    expect(status.lastBackupAt).toBe(made[59])
  })

  test('a restart within a day makes no new backup; a restart a day later does', async () => {
    const dataDir = tempDir()
    const clock = fakeClock()
    const first = openBackupCore({ dataDir, clock, auto: false })
    await withData(first)
    first.core.close()
    const a = openBackupCore({ dataDir, clock })
    await a.ok('backups.status')
    expect(autos(dataDir)).toHaveLength(1)
    a.core.close()
    clock.advance(23 * HOUR)
    const b = openBackupCore({ dataDir, clock })
    await b.ok('backups.status')
    expect(autos(dataDir)).toHaveLength(1)
    expect(b.pending()!.ms).toBe(HOUR) // due in an hour: checked then
    b.core.close()
    clock.advance(HOUR)
    const c = openBackupCore({ dataDir, clock })
    await c.ok('backups.status')
    expect(autos(dataDir)).toHaveLength(2)
  })
})

describe('the data folder', () => {
  test('without a file manager (browser host) the path comes back to be shown; the desktop opens it', async () => {
    const env = openBackupCore({ auto: false })
    expect(await env.ok('app.showDataFolder')).toEqual({ path: env.dataDir, opened: false })
    const opened: string[] = []
    const desktop = openBackupCore({ auto: false, folders: { open: async (p) => (opened.push(p), '') } })
    expect(await desktop.ok('app.showDataFolder')).toEqual({ path: desktop.dataDir, opened: true })
    expect(opened).toEqual([desktop.dataDir])
    const broken = openBackupCore({ auto: false, folders: { open: async () => 'No application is associated' } })
    const error = await broken.err('app.showDataFolder')
    expect(error.message).toContain(broken.dataDir)
    const status = await env.ok('backups.status')
    expect(status).toMatchObject({ dataDir: env.dataDir, backupDir: join(env.dataDir, 'backups'), lastBackupAt: null, backups: [] })
  })
})
