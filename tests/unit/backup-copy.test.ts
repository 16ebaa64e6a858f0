/**
 * "Also copy backups to" a second folder (issue 14), on the real core with real temp folders: every
 * manual and automatic backup is copied there whole; the folder is this computer's own setting (not
 * in the database); a folder that disappears or turns unwritable never fails the backup, and the
 * status says what to do; retention there removes only automatic backups this computer wrote; the
 * path is validated; the native picker is a port the browser host does not have.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { COPY_SETTINGS_FILE } from '../../src-main/core/services/backups/copy-folder'
import { fileStamp, parseBackupName } from '../../src-main/core/services/backups/backup'
import { openBackupCore, withData } from './backup-core'
import { fakeClock, readDb, tempDir } from './helpers'

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
const files = (dir: string) => readdirSync(dir).sort()
const autosIn = (dir: string) => files(dir).filter((f) => f.startsWith('crm-auto-'))
const ownerOf = (dataDir: string) => (JSON.parse(readFileSync(join(dataDir, COPY_SETTINGS_FILE), 'utf8')) as { owner: string }).owner

/** A folder outside the data folder, as a USB drive or a synced folder would be. */
function driveFolder(): string {
  const folder = join(tempDir(), 'USB', 'Backups')
  mkdirSync(folder, { recursive: true })
  return folder
}

describe('copies in a second folder', { timeout: 60_000 }, () => {
  test('each manual backup is also copied there, byte for byte, under its name; the status says when the last copy was made', async () => {
    const env = openBackupCore({ auto: false })
    await withData(env)
    const folder = driveFolder()
    expect((await env.ok('backups.status')).copy).toBeNull()
    expect(await env.ok('backups.setCopyFolder', { path: folder })).toEqual({ copy: { folder, lastCopyAt: null, problem: null } })

    const backup = await env.ok('backups.create')
    expect(files(folder)).toEqual([backup.fileName]) // no temp file left beside it
    expect(readFileSync(join(folder, backup.fileName)).equals(readFileSync(backup.path))).toBe(true)
    const status = await env.ok('backups.status')
    expect(status.copy).toEqual({ folder, lastCopyAt: env.clock.now(), problem: null })
    // the list is of the main folder: the copy is not listed twice
    expect(status.backups.map((b) => b.fileName)).toEqual([backup.fileName])

    env.clock.advance(HOUR)
    const second = await env.ok('backups.create')
    expect(files(folder)).toEqual([backup.fileName, second.fileName].sort())
    expect((await env.ok('backups.status')).copy!.lastCopyAt).toBe(env.clock.now())
    expect(readDb(join(folder, backup.fileName), (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok') // (last: reading adds -wal and -shm)
  })

  test('the folder is this computer’s: kept beside the database, in no table, through a restart and a restore', async () => {
    const dataDir = tempDir()
    const env = openBackupCore({ dataDir, auto: false })
    await withData(env)
    const before = await env.ok('backups.create') // made before the folder was chosen
    const folder = driveFolder()
    await env.ok('backups.setCopyFolder', { path: folder })
    const inTables = readDb(dataDir, (db) => {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]
      return tables.filter((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all()).includes('USB'))
    })
    expect(inTables).toEqual([])
    expect(existsSync(join(dataDir, COPY_SETTINGS_FILE))).toBe(true)

    await env.ok('backups.restore', { path: before.path }) // the restored database never knew the folder
    expect((await env.ok('backups.status')).copy!.folder).toBe(folder)
    env.core.close()
    const again = openBackupCore({ dataDir, auto: false })
    expect((await again.ok('backups.status')).copy!.folder).toBe(folder)
  })

  test('a folder that disappears (the drive unplugged): the backup still succeeds, the status says what to do; plugged back in, copies go on', async () => {
    const env = openBackupCore({ auto: false })
    await withData(env)
    const folder = driveFolder()
    await env.ok('backups.setCopyFolder', { path: folder })
    const first = await env.ok('backups.create')
    const copiedAt = env.clock.now()

    rmSync(folder, { recursive: true })
    const unplugged = `The backup folder ${folder} is not available. Plug in the drive or choose another folder.`
    expect((await env.ok('backups.status')).copy).toEqual({ folder, lastCopyAt: copiedAt, problem: unplugged }) // seen before any backup
    env.clock.advance(HOUR)
    const meanwhile = await env.ok('backups.create')
    expect(existsSync(meanwhile.path)).toBe(true)
    expect((await env.ok('backups.status')).copy).toEqual({ folder, lastCopyAt: copiedAt, problem: unplugged })

    mkdirSync(folder, { recursive: true }) // back, but without the backup made meanwhile
    expect((await env.ok('backups.status')).copy!.problem).toBe(`The last backup was not copied to ${folder}: the folder was not available then. Back up now to make a copy there.`)
    env.clock.advance(HOUR)
    const next = await env.ok('backups.create')
    expect(files(folder)).toEqual([next.fileName])
    expect((await env.ok('backups.status')).copy).toEqual({ folder, lastCopyAt: env.clock.now(), problem: null })
    expect(first.fileName).not.toBe(next.fileName)
  })

  test('a folder that cannot be written (its drive now a path under a regular file, or a file in its place): backups go on, the status warns', async () => {
    const env = openBackupCore({ auto: false })
    await withData(env)
    const root = tempDir()
    const drive = join(root, 'drive')
    const folder = join(drive, 'Backups')
    mkdirSync(folder, { recursive: true })
    await env.ok('backups.setCopyFolder', { path: folder })
    rmSync(drive, { recursive: true })
    writeFileSync(drive, 'a regular file where the drive was') // folder is now a path under a file: nothing can be written there, even as root
    const backup = await env.ok('backups.create')
    expect(existsSync(backup.path)).toBe(true)
    expect((await env.ok('backups.status')).copy!.problem).toBe(`The backup folder ${folder} is not available. Plug in the drive or choose another folder.`)

    rmSync(drive)
    mkdirSync(drive)
    writeFileSync(folder, 'a file by the folder’s name')
    env.clock.advance(HOUR)
    await env.ok('backups.create')
    expect((await env.ok('backups.status')).copy!.problem).toBe(`The backup folder ${folder} is a file now, not a folder. Choose another folder.`)
    expect(readFileSync(folder, 'utf8')).toBe('a file by the folder’s name') // never overwritten
  })

  test('automatic backups are copied too; retention there is the main folder’s, and removes only the automatic backups this computer wrote', async () => {
    const dataDir = tempDir()
    const clock = fakeClock(new Date(2026, 2, 1, 9, 0).getTime())
    const setup = openBackupCore({ dataDir, clock, auto: false })
    await withData(setup)
    const folder = driveFolder()
    await setup.ok('backups.setCopyFolder', { path: folder })
    const manual = await setup.ok('backups.create')
    setup.core.close()
    // another computer copies to the same synced folder: its files look like ours, but are not ours to remove
    const foreign = [`crm-auto-${fileStamp(clock.now() - 40 * DAY)}.db`, `crm-auto-${fileStamp(clock.now() - 39 * DAY)}.db`]
    for (const name of [...foreign, 'notes.txt']) writeFileSync(join(folder, name), 'not ours')

    const env = openBackupCore({ dataDir, clock })
    await env.ok('backups.status')
    const start = clock.now()
    while (clock.now() < start + 20 * DAY - HOUR) await env.step()
    const mainAutos = autosIn(join(dataDir, 'backups'))
    expect(mainAutos.length).toBeGreaterThan(7) // 7 daily and the weekly ones before them
    expect(mainAutos.length).toBeLessThan(20) // some were pruned
    expect(files(folder)).toEqual([...mainAutos, ...foreign, manual.fileName, 'notes.txt'].sort())
    expect(mainAutos.every((f) => parseBackupName(f)?.kind === 'auto')).toBe(true)
  })

  test('a temp file a killed copy left there is removed at start; another computer’s temp file is left alone', async () => {
    const dataDir = tempDir()
    const env = openBackupCore({ dataDir, auto: false })
    await withData(env)
    const folder = driveFolder()
    await env.ok('backups.setCopyFolder', { path: folder })
    const backup = await env.ok('backups.create')
    env.core.close()
    const mine = `.crm-auto-2026-01-16T09-00-00Z.db.${ownerOf(dataDir)}.partial`
    const theirs = '.crm-auto-2026-01-16T09-00-00Z.db.0badf00d.partial'
    writeFileSync(join(folder, mine), 'half a copy')
    writeFileSync(join(folder, theirs), 'being written by another computer')
    openBackupCore({ dataDir, auto: false })
    expect(files(folder)).toEqual([theirs, backup.fileName].sort())
  })

  test('Stop copying: later backups stay in the main folder only; the copies there are kept', async () => {
    const env = openBackupCore({ auto: false })
    await withData(env)
    const folder = driveFolder()
    await env.ok('backups.setCopyFolder', { path: folder })
    const copied = await env.ok('backups.create')
    expect(await env.ok('backups.setCopyFolder', { path: null })).toEqual({ copy: null })
    env.clock.advance(HOUR)
    await env.ok('backups.create')
    expect(files(folder)).toEqual([copied.fileName])
    expect((await env.ok('backups.status')).copy).toBeNull()
  })
})

describe('choosing the folder', { timeout: 60_000 }, () => {
  test('a path that is not an absolute, existing, writable folder outside the data folder is refused with what to do, and nothing changes', async () => {
    const env = openBackupCore({ auto: false })
    const folder = driveFolder()
    await env.ok('backups.setCopyFolder', { path: folder })
    const file = join(tempDir(), 'a-file.txt')
    writeFileSync(file, 'x')
    const refused = async (path: string, reason: string, message: string) => {
      const error = await env.err('backups.setCopyFolder', { path })
      expect(error).toMatchObject({ code: 'VALIDATION', details: { reason } })
      expect(error.message).toBe(message)
    }
    await refused('USB/Backups', 'relative', 'Give the full path of the folder (it starts with /).')
    await refused(join(folder, 'missing'), 'missing', `There is no folder at ${join(folder, 'missing')}. Check the path, or plug in the drive it is on.`)
    await refused(join(file, 'under-a-file'), 'missing', `There is no folder at ${join(file, 'under-a-file')}. Check the path, or plug in the drive it is on.`)
    await refused(file, 'not-folder', `${file} is a file, not a folder. Choose a folder.`)
    const inside = (path: string) =>
      `${path} is inside the app's data folder (${env.dataDir}), so a copy there is lost with it. Choose a folder on another drive, such as a USB drive or a synced folder.`
    await refused(env.dataDir, 'inside-data', inside(env.dataDir))
    mkdirSync(join(env.dataDir, 'backups', 'more'), { recursive: true })
    await refused(join(env.dataDir, 'backups', 'more'), 'inside-data', inside(join(env.dataDir, 'backups', 'more')))
    await refused(`${env.dataDir}/backups/../backups`, 'inside-data', inside(join(env.dataDir, 'backups')))
    expect((await env.err('backups.setCopyFolder', { path: '  ' })).message).toBe('Type the full path of a folder, or choose one.')
    // the folder chosen before stands
    expect((await env.ok('backups.status')).copy!.folder).toBe(folder)
    // a folder beside the data folder whose name starts the same is not inside it
    const beside = `${env.dataDir}-copies`
    mkdirSync(beside)
    expect((await env.ok('backups.setCopyFolder', { path: beside })).copy!.folder).toBe(beside)
  })

  // root writes through any mode bits: this one only runs as a regular user (the path-under-a-file cases above run everywhere)
  test.skipIf(process.getuid?.() === 0)('a folder without write permission is refused', async () => {
    const env = openBackupCore({ auto: false })
    const folder = driveFolder()
    chmodSync(folder, 0o500)
    try {
      const error = await env.err('backups.setCopyFolder', { path: folder })
      expect(error).toMatchObject({ code: 'VALIDATION', details: { reason: 'not-writable' } })
    } finally {
      chmodSync(folder, 0o700)
    }
  })

  test('the native picker is a port: the browser host has none (the path is typed), the desktop app answers the folder or null when cancelled', async () => {
    const browser = openBackupCore({ auto: false })
    expect(await browser.ok('backups.pickCopyFolder')).toEqual({ picker: false, path: null })
    const answers: (string | null)[] = ['/media/usb/Backups', null]
    const titles: string[] = []
    const desktop = openBackupCore({ auto: false, folders: { open: async () => '', pick: async (title) => (titles.push(title), answers.shift()!) } })
    expect(await desktop.ok('backups.pickCopyFolder')).toEqual({ picker: true, path: '/media/usb/Backups' })
    expect(await desktop.ok('backups.pickCopyFolder')).toEqual({ picker: true, path: null })
    expect(titles).toEqual(['Choose a folder to copy backups to', 'Choose a folder to copy backups to'])
    expect((await desktop.ok('backups.status')).copy).toBeNull() // picking alone sets nothing
    const broken = openBackupCore({ auto: false, folders: { open: async () => '', pick: () => Promise.reject(new Error('no display')) } })
    expect((await broken.err('backups.pickCopyFolder')).message).toBe('The folder picker could not be opened (no display). Try again, or restart the app.')
  })
})
