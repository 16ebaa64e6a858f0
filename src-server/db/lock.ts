/**
 * The lock file of a PGlite folder. PGlite takes no lock on its data directory, and two
 * processes on one folder corrupt it (pglite#1106, #709), so the server holds `server.lock`
 * (created with O_EXCL, holding its pid) for as long as it runs. A lock whose pid is no longer
 * running (a server killed with -9, a power cut) is stale and taken over; a live one refuses the
 * second server with one sentence that names the folder and the pid.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'

export const LOCK_FILE = 'server.lock'

export class FolderLockedError extends Error {
  constructor(
    readonly folder: string,
    readonly pid: number,
  ) {
    super(
      `Another sync server (pid ${pid}) is using the folder ${folder}: stop it first, or start this one with another folder. If no server is running, delete ${join(folder, LOCK_FILE)}.`,
    )
    this.name = 'FolderLockedError'
  }
}

export interface FolderLock {
  readonly path: string
  release(): void
}

/** True when a process with this pid exists (EPERM: it exists but is another user's). */
function running(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const readPid = (file: string): number | null => {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10)
    return Number.isInteger(pid) ? pid : 0
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

function create(file: string): boolean {
  let fd: number
  try {
    fd = openSync(file, 'wx', 0o644)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  try {
    writeSync(fd, `${process.pid}\n`)
  } finally {
    closeSync(fd)
  }
  return true
}

/**
 * Takes the lock of `folder` (which must exist) or throws FolderLockedError. A stale lock is
 * moved aside under a name of our own first and checked there: if someone else replaced it in
 * the meantime (their pid, not the dead one), it is put back and we refuse.
 */
export function lockFolder(folder: string): FolderLock {
  const file = join(folder, LOCK_FILE)
  for (let attempt = 0; attempt < 5; attempt++) {
    if (create(file)) {
      return {
        path: file,
        release() {
          if (readPid(file) === process.pid) unlinkSync(file)
        },
      }
    }
    const pid = readPid(file)
    if (pid === null) continue // removed meanwhile: try again
    if (running(pid)) throw new FolderLockedError(folder, pid)
    const aside = `${file}.stale-${process.pid}-${attempt}`
    try {
      renameSync(file, aside)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw error
    }
    const moved = readPid(aside)
    if (moved !== pid && moved !== null && running(moved)) {
      // a live server's fresh lock, taken between our read and our rename: give it back
      try {
        linkSync(aside, file)
      } catch {
        // someone holds `file` again already
      }
      unlinkSync(aside)
      throw new FolderLockedError(folder, moved)
    }
    unlinkSync(aside)
  }
  const pid = readPid(file) ?? 0
  throw new FolderLockedError(folder, pid)
}
