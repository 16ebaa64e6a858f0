/**
 * "Also copy backups to": a second folder, on another disk (a USB drive, a synced folder), that
 * every manual and automatic backup is copied to once it is whole in the backups folder.
 *
 * - The folder is a property of this computer, so it is kept in a small file beside the database
 *   (backup-copy.json), not in the database: the synced settings table would hand it to every
 *   device of the team, and a restore (or a backup taken to another computer) would bring back
 *   whatever folder the backup's computer had.
 * - A copy is written under a temp name in that folder and renamed when whole (durable.ts). The
 *   temp name carries this computer's mark, so a leftover is removed only if it is ours.
 * - The folder may be shared (a synced folder other devices copy to as well): retention removes
 *   only automatic backups this computer wrote there (their paths are recorded), never another file.
 * - A copy that fails (the drive unplugged, the disk full) never fails the backup: the reason is
 *   recorded and the status says what to do, until a later copy works or the folder changes.
 */
import { randomBytes } from 'node:crypto'
import { accessSync, constants, existsSync, readFileSync, realpathSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { copyFile } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { AppError } from '../../../../src-shared/errors'
import type { BackupCopyStatus, BackupFile } from '../../../../src-shared/model/backup'
import { planRetention } from '../../backup/retention'
import { commitTemp, removeTemps, tempPathFor } from '../../backup/durable'
import type { Clock, Logger } from '../../clock'
import { freePath, parseBackupName } from './names'

export const COPY_SETTINGS_FILE = 'backup-copy.json'

interface CopySettings {
  folder: string | null
  /** Marks this computer's temp files in the folder (others may write there too). */
  owner: string
  lastCopyAt: number | null
  /** The last copy that failed, until one works or the folder changes; unavailable: the folder was not there (or not writable). */
  failure: { message: string; at: number; unavailable?: boolean } | null
  /** Full paths of the automatic backups copied by this computer: the only files retention may remove. */
  written: string[]
}

const unavailable = (folder: string) => `The backup folder ${folder} is not available. Plug in the drive or choose another folder.`

/** What is wrong with the folder right now, or null when a copy can be written there. */
export function folderProblem(folder: string): string | null {
  let isFolder: boolean
  try {
    isFolder = statSync(folder).isDirectory()
  } catch {
    return unavailable(folder) // gone, unplugged, or a path under a file
  }
  if (!isFolder) return `The backup folder ${folder} is a file now, not a folder. Choose another folder.`
  try {
    accessSync(folder, constants.W_OK)
  } catch {
    return `The backup folder ${folder} cannot be written to. Check that the drive is not locked or read-only, or choose another folder.`
  }
  return null
}

export function createCopyFolder(deps: { dataDir: string; clock: Clock; log: Logger }) {
  const { dataDir, clock, log } = deps
  const settingsFile = join(dataDir, COPY_SETTINGS_FILE)
  const settings = load()
  if (settings.folder) removeTemps(settings.folder, settings.owner) // what a copy killed half-way left

  function load(): CopySettings {
    const fresh: CopySettings = { folder: null, owner: randomBytes(4).toString('hex'), lastCopyAt: null, failure: null, written: [] }
    if (!existsSync(settingsFile)) return fresh
    try {
      const read = JSON.parse(readFileSync(settingsFile, 'utf8')) as Partial<CopySettings>
      return {
        folder: typeof read.folder === 'string' ? read.folder : null,
        owner: typeof read.owner === 'string' && /^[0-9a-f]{8}$/.test(read.owner) ? read.owner : fresh.owner,
        lastCopyAt: typeof read.lastCopyAt === 'number' ? read.lastCopyAt : null,
        failure: read.failure && typeof read.failure.message === 'string' ? read.failure : null,
        written: Array.isArray(read.written) ? read.written.filter((p): p is string => typeof p === 'string') : [],
      }
    } catch (error) {
      log.warn(`${settingsFile} could not be read; backups are not copied to a second folder until one is chosen again`, error)
      return fresh
    }
  }

  /** Written whole or not at all, like a backup. */
  function save() {
    const temp = tempPathFor(settingsFile)
    writeFileSync(temp, JSON.stringify(settings, null, 2))
    commitTemp(temp, settingsFile)
  }

  function fail(message: string, unavailable = false) {
    settings.failure = { message, at: clock.now(), unavailable }
    log.warn(message)
    try {
      save()
    } catch (error) {
      log.error('The failed copy could not be recorded', error)
    }
  }

  /** The folder's full path, or a VALIDATION error that says what is wrong (details.reason). */
  function validate(input: string): string {
    const refuse = (reason: string, message: string) => new AppError('VALIDATION', message, { reason, path: input })
    if (!isAbsolute(input)) throw refuse('relative', `Give the full path of the folder (it starts with ${resolve('/')}).`)
    const folder = resolve(input)
    let isFolder: boolean
    try {
      isFolder = statSync(folder).isDirectory()
    } catch {
      throw refuse('missing', `There is no folder at ${folder}. Check the path, or plug in the drive it is on.`)
    }
    if (!isFolder) throw refuse('not-folder', `${folder} is a file, not a folder. Choose a folder.`)
    const data = realpathSync.native(dataDir)
    const inside = relative(data, realpathSync.native(folder))
    if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
      throw refuse(
        'inside-data',
        `${folder} is inside the app's data folder (${dataDir}), so a copy there is lost with it. Choose a folder on another drive, such as a USB drive or a synced folder.`,
      )
    }
    // Can we write there? Only trying tells (permissions, a read-only drive, a locked share).
    const probe = join(folder, `.crm-write-test.${settings.owner}.partial`)
    try {
      writeFileSync(probe, 'test')
      unlinkSync(probe)
    } catch (error) {
      throw refuse('not-writable', `${folder} cannot be written to (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Choose a folder you can save files in.`)
    }
    return folder
  }

  /** Removes the automatic backups this computer copied to the folder that retention does not keep. */
  function prune(folder: string) {
    const mine = settings.written.filter((path) => dirname(path) === folder && existsSync(path))
    const dated = mine.flatMap((path) => {
      const parsed = parseBackupName(basename(path))
      return parsed?.kind === 'auto' ? [{ fileName: basename(path), path, createdAt: parsed.createdAt }] : []
    })
    const { remove } = planRetention(dated)
    const removed = new Set<string>()
    for (const b of remove) {
      try {
        unlinkSync(b.path)
        removed.add(b.path)
      } catch (error) {
        log.warn(`An old automatic backup could not be removed from ${folder}`, error)
      }
    }
    // forget what is gone (removed now, or deleted by the user); other folders' entries stay for a return to them
    settings.written = settings.written.filter((path) => dirname(path) !== folder || (existsSync(path) && !removed.has(path)))
    if (removed.size) log.info(`Removed ${removed.size} old automatic backup(s) from ${folder}`)
  }

  /**
   * The folder now: a problem found on the spot (the drive unplugged) comes first; then the last
   * copy's failure, said anew when the folder is back (so it does not claim a drive is missing).
   */
  function status(): BackupCopyStatus | null {
    const { folder, failure } = settings
    if (!folder) return null
    const missed = failure?.unavailable
      ? `The last backup was not copied to ${folder}: the folder was not available then. Back up now to make a copy there.`
      : (failure?.message ?? null)
    return { folder, lastCopyAt: settings.lastCopyAt, problem: folderProblem(folder) ?? missed }
  }

  return {
    status,

    /** Sets the folder (validated) or, with null, stops copying; the copies already there stay. */
    set(path: string | null): BackupCopyStatus | null {
      const folder = path === null ? null : validate(path)
      if (folder !== settings.folder) {
        settings.folder = folder
        settings.lastCopyAt = null
        settings.failure = null
      }
      save()
      return status()
    },

    /** Copies a whole backup to the folder; never throws: a failure is recorded for the status. */
    async copy(backup: BackupFile): Promise<void> {
      const folder = settings.folder
      if (!folder) return
      const problem = folderProblem(folder)
      if (problem) return fail(problem, true)
      let temp: string | null = null
      try {
        removeTemps(folder, settings.owner)
        const target = freePath(folder, backup.fileName.replace(/\.db$/, ''), '.db')
        temp = tempPathFor(target, settings.owner)
        await copyFile(backup.path, temp) // off the thread: other commands answer meanwhile
        commitTemp(temp, target)
        temp = null
        if (backup.kind === 'auto') settings.written.push(target)
        settings.lastCopyAt = clock.now()
        settings.failure = null
        prune(folder)
        save()
      } catch (error) {
        if (temp) removeTemps(dirname(temp), settings.owner)
        const gone = folderProblem(folder) // unplugged half-way
        fail(
          gone ?? `The backup ${backup.fileName} could not be copied to ${folder} (${(error as Error).message}). Check that the drive has free space, then back up again, or choose another folder.`,
          gone !== null,
        )
      }
    },
  }
}

export type CopyFolder = ReturnType<typeof createCopyFolder>
