/**
 * Backups of the one database file, and restoring one.
 *
 * - A backup is SQLite's online backup (better-sqlite3 db.backup): it copies pages a step at a
 *   time between event-loop turns, so the app stays responsive, and writes made meanwhile through
 *   the same connection are carried into the copy: the file is one consistent state. It is
 *   written to a hidden temp file (.crm-backup-<time>.db.partial), flushed to the disk and renamed
 *   when complete (backup/durable.ts), so a half-written backup never shows up in the list; what a
 *   killed run left is removed when core starts.
 * - Each manual and automatic backup, once whole, is also copied to the second folder the user
 *   chose, if any (copy-folder.ts); a copy that fails is recorded, never fails the backup.
 * - Automatic backups: at start and then on a timer (never more than an hour ahead), one is made
 *   when the newest automatic backup is a day old; then retention (retention.ts) prunes them.
 *   Manual backups and safety copies are never pruned.
 * - Restore never touches the chosen file or the live database until the copy has proven itself:
 *   copy → integrity_check → is it a CRM database of this or an older version → migrate the copy.
 *   Only then core closes the database, the current file becomes crm.db.before-restore-<time>,
 *   the copy takes its place, and core reopens it.
 * - Both are jobs (jobs/runner.ts) with progress and Cancel: a backup reports pages copied / total
 *   and, cancelled, stops the copy and deletes the partial file; a restore reports its four steps
 *   and can be cancelled until the swap (the swap itself is synchronous: nothing runs during it).
 */
import { isTableName, type TableName } from '../../../../src-shared/tables'
import { existsSync, linkSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs'
import { copyFile } from 'node:fs/promises'
import { basename, isAbsolute, join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { AppError } from '../../../../src-shared/errors'
import type { BackupCopyStatus, BackupFile, BackupKind, BackupStatus, PickFolderResult, RestoreResult, ShowFolderResult } from '../../../../src-shared/model/backup'
import { commitTemp, fsyncFile, fsyncFolder, removeTemps, tempPathFor } from '../../backup/durable'
import { planRetention } from '../../backup/retention'
import type { Clock, Logger } from '../../clock'
import { openDatabase, type Sqlite } from '../../db/open'
import type { Job, JobRunner } from '../../jobs/runner'
import type { Timers } from '../../scheduler/scheduler'
import { createCopyFolder } from './copy-folder'
import { fileStamp, freePath, newestFirst, parseBackupName } from './names'

export { fileStamp, parseBackupName } from './names'

export const BACKUP_FOLDER = 'backups'
const DAY = 24 * 60 * 60 * 1000
const HOUR = 60 * 60 * 1000
const MINUTE = 60 * 1000
/** Tables every CRM database has had since the first migration. */
const REQUIRED_TABLES = ['__drizzle_migrations', 'meta', 'contacts', 'companies', 'activities', 'change_log']

/** The system's folders: the desktop app fills this port (Electron's shell and dialog); the browser host has none. */
export interface FolderOpener {
  /** Opens a folder in the file manager; resolves to an error message, '' when it worked (shell.openPath). */
  open(path: string): Promise<string>
  /** The native folder picker; resolves to the folder chosen, or null when cancelled. */
  pick?(title: string): Promise<string | null>
}

export interface BackupDeps {
  dataDir: string
  /** Full path of the live database (crm.db). */
  databaseFile: string
  migrationsFolder: string
  nativeBinding?: string
  clock: Clock
  log: Logger
  /** The open database (a new connection after each restore). */
  live: () => Sqlite
  /**
   * The job runner of the open session (a new one after each restore, like live()). A getter
   * rather than a runner of our own: the runner's jobs live in that session's database, so a
   * backup or restore runs as a job of whichever session is open when it starts.
   */
  jobs: () => JobRunner
  /**
   * Core closes the database, runs swap (which puts the restored file in place and returns how to
   * put the old one back), and reopens. If reopening fails, core calls the undo and reopens again.
   */
  reopen: (swap: () => () => void) => void
  /** Tell every window that these tables changed (after a restore: all of them). */
  changed: (tables: TableName[]) => void
  folders?: FolderOpener
  /** Pages copied per step of the online backup at most (between steps, other work runs). */
  pagesPerStep?: number
}

/** A step of the online backup should take about this long; slower steps copy fewer pages next. */
const STEP_MS = 10
const MIN_PAGES_PER_STEP = 8

function removeQuietly(path: string) {
  try {
    unlinkSync(path)
  } catch {
    // already gone
  }
}

const sidecars = (file: string) => [`${file}-wal`, `${file}-shm`, `${file}-journal`]

function badFile(reason: 'missing' | 'empty' | 'not-sqlite' | 'corrupt' | 'not-crm' | 'newer' | 'live' | 'folder', path: string, extra?: string): AppError {
  const name = basename(path)
  const messages: Record<typeof reason, string> = {
    missing: `There is no file at ${path}. Check the path, or pick one of the backups in the list.`,
    folder: `${path} is a folder. Give the path of a backup file (for example crm-backup-….db) inside it.`,
    empty: `${name} is empty, so it holds no data to restore. Pick another backup.`,
    'not-sqlite': `${name} is not a database file. Pick a backup made by this app (a .db file in the backups folder).`,
    corrupt: `${name} is damaged${extra ? ` (${extra})` : ''}, so it cannot be restored safely. Pick an older backup. Your current data was not changed.`,
    'not-crm': `${name} is a database, but not one from this CRM${extra ? ` (it has no ${extra})` : ''}. Pick a backup made by this app.`,
    newer: `${name} was made by a newer version of the app. Update the app, then restore it.`,
    live: `${name} is the database the app is using right now. Pick a backup instead.`,
  }
  return new AppError(reason === 'missing' ? 'NOT_FOUND' : 'VALIDATION', messages[reason], { reason, path })
}

export function createBackupService(deps: BackupDeps) {
  const { dataDir, databaseFile, clock, log } = deps
  const backupDir = join(dataDir, BACKUP_FOLDER)
  /** Backups run one after another; idle() waits for them and for an automatic round. */
  let queue: Promise<unknown> = Promise.resolve()
  let autoRound: Promise<unknown> = Promise.resolve()
  let restoring = false

  // What a backup or restore killed half-way left (a temp copy with its journal, a staging database):
  // as large as the database and of no use, so it goes at start. Nothing runs yet that could be writing them.
  const leftover = (dir: string, pattern: RegExp) => {
    if (!existsSync(dir)) return
    for (const name of readdirSync(dir)) if (pattern.test(name)) removeQuietly(join(dir, name))
  }
  for (const name of removeTemps(backupDir)) log.info(`Removed ${name}, left by a backup that did not finish`)
  removeTemps(dataDir) // the copy settings' temp file
  leftover(dataDir, /^crm\.db\.restoring-/)
  const copies = createCopyFolder({ dataDir, clock, log }) // and what a killed copy left there

  function list(): BackupFile[] {
    const found: BackupFile[] = []
    const scan = (dir: string, kinds: BackupKind[]) => {
      if (!existsSync(dir)) return
      for (const fileName of readdirSync(dir)) {
        const parsed = parseBackupName(fileName)
        if (!parsed || !kinds.includes(parsed.kind)) continue
        const path = join(dir, fileName)
        try {
          const stat = statSync(path)
          if (stat.isFile()) found.push({ fileName, path, kind: parsed.kind, createdAt: parsed.createdAt, sizeBytes: stat.size })
        } catch {
          // removed while listing
        }
      }
    }
    scan(backupDir, ['manual', 'auto'])
    scan(dataDir, ['safety'])
    return found.sort(newestFirst)
  }

  async function write(kind: 'manual' | 'auto'): Promise<BackupFile> {
    if (restoring) throw new AppError('CONFLICT', 'A restore is in progress. Wait until it has finished, then back up again.')
    const startedAt = clock.now()
    let partial: string | null = null
    try {
      mkdirSync(backupDir, { recursive: true })
      const target = freePath(backupDir, `crm-${kind === 'auto' ? 'auto' : 'backup'}-${fileStamp(startedAt)}`, '.db')
      const file = tempPathFor(target)
      partial = file
      removeQuietly(file)
      const title = kind === 'auto' ? 'Automatic backup' : 'Backing up'
      await deps.jobs().run({ kind: 'backup', title, total: 0, writes: false, background: kind === 'auto' }, (job) => copyTo(job, file))
      commitTemp(file, target)
      partial = null
      const fileName = basename(target)
      const backup: BackupFile = { fileName, path: target, kind, createdAt: parseBackupName(fileName)!.createdAt, sizeBytes: statSync(target).size }
      await copies.copy(backup).catch((error) => log.error('Copying the backup to the second folder failed', error)) // the backup stands whatever happens to its copy
      return backup
    } catch (error) {
      if (partial) for (const f of [partial, ...sidecars(partial)]) removeQuietly(f)
      if (error instanceof AppError) throw error
      log.error('Backup failed', error)
      throw new AppError(
        'INTERNAL',
        `The backup could not be written to ${backupDir} (${(error as Error).message}). Check that the disk has free space and the folder can be written to, then try again.`,
      )
    }
  }

  /**
   * The online backup as a job: SQLite copies `pages` pages a step, better-sqlite3 runs one step
   * per event-loop turn (other commands answer between), and the progress callback after each
   * step reports pages done / total, shrinks the step when it took longer than STEP_MS, and stops
   * the copy once Cancel was asked. The step is timed from a mark set just before it runs (our
   * setImmediate is queued ahead of better-sqlite3's next step).
   */
  async function copyTo(job: Job, file: string) {
    let pages = deps.pagesPerStep ?? 100
    let stepStart = 0
    let stopped = false
    try {
      await deps.live().backup(file, {
        progress({ totalPages, remainingPages }) {
          if (stepStart > 0) {
            const took = performance.now() - stepStart
            if (took > STEP_MS) pages = Math.max(MIN_PAGES_PER_STEP, Math.floor((pages * STEP_MS) / took))
          }
          job.progress(totalPages - remainingPages, totalPages)
          if (job.cancelled) {
            stopped = true
            throw new Error('Cancelled') // better-sqlite3 closes the backup; the pause below says CANCELLED
          }
          setImmediate(() => void (stepStart = performance.now()))
          return pages
        },
      })
    } catch (error) {
      if (!stopped) throw error
    }
    await job.pause() // throws once Cancel was asked, also after the last step: then nothing is kept
  }

  /** Queues a backup behind any running one. */
  function create(kind: 'manual' | 'auto'): Promise<BackupFile> {
    const run = queue.then(() => write(kind))
    queue = run.catch(() => undefined)
    return run
  }

  const idle = () => Promise.all([queue, autoRound]).then(() => undefined)

  // --- automatic backups ---------------------------------------------------------------

  const newestAuto = () => list().find((b) => b.kind === 'auto')?.createdAt ?? null

  function hasData(): boolean {
    return Boolean(
      deps
        .live()
        .prepare(
          `SELECT EXISTS(SELECT 1 FROM contacts) OR EXISTS(SELECT 1 FROM companies) OR EXISTS(SELECT 1 FROM deals)
             OR EXISTS(SELECT 1 FROM activities) OR EXISTS(SELECT 1 FROM tasks)`,
        )
        .pluck()
        .get(),
    )
  }

  /** An automatic backup is due when there is data and the newest automatic one is a day old (or from the future: the clock was wrong). */
  function autoDue(now: number): boolean {
    if (restoring || !hasData()) return false
    const newest = newestAuto()
    return newest === null || now - newest >= DAY || newest - now > DAY
  }

  /** Deletes the automatic backups retention does not keep; returns their names. */
  function prune(): string[] {
    const { remove } = planRetention(list().filter((b) => b.kind === 'auto'))
    for (const b of remove) removeQuietly(b.path)
    if (remove.length) log.info(`Removed ${remove.length} old automatic backup(s)`)
    return remove.map((b) => b.fileName)
  }

  async function runAutoIfDue(): Promise<BackupFile | null> {
    if (!autoDue(clock.now())) return null
    const file = await create('auto')
    prune()
    return file
  }

  let timers: Timers | null = null
  let handle: unknown = null
  let autoRunning = false
  let lastFailed = false

  function armAuto() {
    if (!autoRunning || !timers) return
    if (handle !== null) timers.clearTimeout(handle)
    const now = clock.now()
    const newest = newestAuto()
    // Exactly when the newest automatic backup turns a day old, but check at least hourly
    // (data may appear, the clock may jump); after a failure, wait the full hour.
    const delay = lastFailed || newest === null ? HOUR : Math.min(HOUR, Math.max(MINUTE, newest + DAY - now))
    handle = timers.setTimeout(() => {
      handle = null
      autoTick()
    }, delay)
  }

  function autoTick() {
    if (!autoRunning) return
    let round: Promise<unknown>
    try {
      round = runAutoIfDue().then(
        () => void (lastFailed = false),
        (error) => {
          lastFailed = true
          log.error('The automatic backup failed; it will try again in an hour', error)
        },
      )
    } catch (error) {
      lastFailed = true
      log.error('The automatic backup check failed', error)
      round = Promise.resolve()
    }
    autoRound = round.then(armAuto)
  }

  // --- restore -------------------------------------------------------------------------

  /** Throws unless the file is an intact CRM database this version can open; returns its applied migration count. */
  function check(file: string, shownAs: string): number {
    let db: Database.Database | null = null
    try {
      db = new Database(file, { fileMustExist: true, ...(deps.nativeBinding ? { nativeBinding: deps.nativeBinding } : {}) })
      const rows = db.pragma('integrity_check') as { integrity_check: string }[]
      if (rows.length !== 1 || rows[0].integrity_check !== 'ok') {
        throw badFile('corrupt', shownAs, `${rows.length} problem${rows.length === 1 ? '' : 's'} found`)
      }
      const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[])
      const missing = REQUIRED_TABLES.filter((t) => !tables.has(t))
      if (missing.length) throw badFile('not-crm', shownAs, missing.includes('__drizzle_migrations') ? 'migration history' : `${missing.join(', ')} table`)
      const applied = db.prepare('SELECT created_at AS at FROM __drizzle_migrations').pluck().all() as number[]
      const known = readMigrationFiles({ migrationsFolder: deps.migrationsFolder })
      const latestKnown = Math.max(...known.map((m) => m.folderMillis))
      if (applied.length === 0) throw badFile('not-crm', shownAs, 'migration history')
      if (applied.some((at) => Number(at) > latestKnown)) throw badFile('newer', shownAs)
      return applied.length
    } catch (error) {
      if (error instanceof AppError) throw error
      const code = (error as { code?: string }).code ?? ''
      if (code === 'SQLITE_NOTADB') throw badFile('not-sqlite', shownAs)
      throw badFile('corrupt', shownAs, (error as Error).message)
    } finally {
      db?.close()
    }
  }

  async function restore(input: string): Promise<RestoreResult> {
    if (!isAbsolute(input)) throw new AppError('VALIDATION', `Give the full path of the backup file (it starts with ${resolve('/')}).`, { reason: 'relative', path: input })
    const source = resolve(input)
    if (!existsSync(source)) throw badFile('missing', source)
    const stat = statSync(source)
    if (stat.isDirectory()) throw badFile('folder', source)
    if (source === resolve(databaseFile)) throw badFile('live', source)
    if (stat.size === 0) throw badFile('empty', source)
    if (restoring) throw new AppError('CONFLICT', 'A restore is already in progress. Wait for it to finish.')
    restoring = true
    const staging = join(dataDir, `crm.db.restoring-${fileStamp(clock.now())}`)
    try {
      await idle() // a backup that is being written finishes first: core is about to close its connection
      // The runner of the session open now: after the swap, its last event still goes out (the job
      // is not in the new session's jobs.list, which starts empty).
      const jobs = deps.jobs()
      return await jobs.run({ kind: 'restore', title: `Restoring ${basename(source)}`, total: 4, writes: false }, async (job) => {
        // 1. A copy: the chosen file is never opened for writing. Copied off the thread, so other commands answer.
        for (const f of [staging, ...sidecars(staging)]) removeQuietly(f)
        await copyFile(source, staging)
        if (existsSync(`${source}-wal`)) await copyFile(`${source}-wal`, `${staging}-wal`) // a database copied while its app ran
        job.progress(1)
        await job.pause()
        // 2. Intact, and a CRM database this version understands.
        const before = check(staging, source)
        job.progress(2)
        await job.pause()
        // 3. Migrate the copy now, so a failure here still changes nothing.
        const { sqlite: migrated } = openDatabase({ file: staging, migrationsFolder: deps.migrationsFolder, nativeBinding: deps.nativeBinding })
        const after = migrated.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get() as number
        migrated.pragma('wal_checkpoint(TRUNCATE)')
        migrated.pragma('journal_mode = DELETE') // one self-contained file to move
        migrated.close()
        fsyncFile(staging) // on the disk before it takes crm.db's name
        job.progress(3)
        await job.pause() // the last point where Cancel stops it: from here to the end nothing else runs
        // Another job (a bulk action, an import, a scan) would lose its database half-way: refuse.
        const busy = jobs.list().find((j) => j.id !== job.id && (j.status === 'running' || j.status === 'cancelling'))
        if (busy) throw new AppError('CONFLICT', `“${busy.title}” is still running. Wait for it to finish (or cancel it), then restore. Your data was not changed.`)
        // 4. Swap: the current database becomes the safety copy, the checked copy becomes crm.db.
        const safety = freePath(dataDir, `${basename(databaseFile)}.before-restore-${fileStamp(clock.now())}`, '')
        // crm.db exists at every moment (a crash anywhere leaves a database to open): the current
        // file gets its safety name as a second (hard) link, then the checked copy is renamed over
        // crm.db in one step. Sidecars are gone after a clean close; any left go with the safety copy.
        deps.reopen(() => {
          linkSync(databaseFile, safety)
          for (const f of sidecars(databaseFile)) if (existsSync(f)) renameSync(f, safety + f.slice(databaseFile.length))
          renameSync(staging, databaseFile)
          fsyncFolder(dataDir)
          return () => {
            for (const f of sidecars(safety)) if (existsSync(f)) renameSync(f, databaseFile + f.slice(safety.length))
            renameSync(safety, databaseFile)
          }
        })
        log.info(`Restored ${source}; the previous database is kept as ${safety}`)
        const tables = deps
          .live()
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\'")
          .pluck()
          .all() as string[]
        deps.changed(tables.filter(isTableName))
        job.progress(4)
        return { restoredFrom: source, safetyCopy: safety, migrationsApplied: after - before }
      })
    } catch (error) {
      if (error instanceof AppError) throw error
      log.error('Restore failed', error)
      throw new AppError('INTERNAL', `The backup could not be restored (${(error as Error).message}). Your data was not changed. Check that the disk has free space, then try again.`)
    } finally {
      for (const f of [staging, ...sidecars(staging)]) removeQuietly(f)
      restoring = false
    }
  }

  return {
    backupDir,
    list,
    /** Waits for a backup being written, so the list is complete. */
    async status(): Promise<BackupStatus> {
      await idle()
      const backups = list()
      return { dataDir, backupDir, lastBackupAt: backups.find((b) => b.kind !== 'safety')?.createdAt ?? null, backups, copy: copies.status() }
    },
    /** Sets (or, with null, stops) the second folder, after a backup being copied there has finished. */
    async setCopyFolder(path: string | null): Promise<{ copy: BackupCopyStatus | null }> {
      await idle()
      return { copy: copies.set(path) }
    },
    async pickCopyFolder(): Promise<PickFolderResult> {
      if (!deps.folders?.pick) return { picker: false, path: null }
      try {
        return { picker: true, path: await deps.folders.pick('Choose a folder to copy backups to') }
      } catch (error) {
        throw new AppError('INTERNAL', `The folder picker could not be opened (${(error as Error).message}). Try again, or restart the app.`)
      }
    },
    create,
    restore,
    idle,
    prune,
    runAutoIfDue,
    async showFolder(): Promise<ShowFolderResult> {
      if (!deps.folders) return { path: dataDir, opened: false }
      const problem = await deps.folders.open(dataDir)
      if (problem) throw new AppError('INTERNAL', `The folder could not be opened (${problem}). It is ${dataDir}; open it in your file manager.`, { path: dataDir })
      return { path: dataDir, opened: true }
    },
    /** Starts automatic backups: a check now, then on the timer. */
    startAuto(t: Timers) {
      if (autoRunning) return
      timers = t
      autoRunning = true
      autoTick()
    },
    stopAuto() {
      autoRunning = false
      if (handle !== null && timers) timers.clearTimeout(handle)
      handle = null
    },
  }
}

export type BackupService = ReturnType<typeof createBackupService>
