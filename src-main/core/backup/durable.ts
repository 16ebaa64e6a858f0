/**
 * Files that appear whole or not at all. A file is written under a hidden temp name in the folder
 * it will live in (a rename across folders or drives would be a copy, not one step), flushed to the
 * disk, then renamed to its name; the folder is flushed so the rename itself survives a power cut.
 * A run killed half-way leaves only a temp file, which is never listed and is removed at the next
 * start (removeTemps).
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

const TEMP_SUFFIX = '.partial'

/**
 * The temp name of a file: `.crm-backup-<time>.db.partial` beside `crm-backup-<time>.db`. `owner`
 * marks temp files of this computer in a folder others may write too (a synced folder):
 * `.crm-backup-<time>.db.<owner>.partial`.
 */
export function tempPathFor(target: string, owner?: string): string {
  return join(dirname(target), `.${basename(target)}${owner ? `.${owner}` : ''}${TEMP_SUFFIX}`)
}

/**
 * Temp files of ours: `.crm-…partial`, with the journal, WAL or shared-memory file SQLite keeps
 * beside a database it is writing (the online backup writes one). With owner: only those marked so.
 */
export function isTempName(fileName: string, owner?: string): boolean {
  if (!fileName.startsWith('.crm-')) return false
  const file = fileName.replace(/-(journal|wal|shm)$/, '')
  return file.endsWith(owner ? `.${owner}${TEMP_SUFFIX}` : TEMP_SUFFIX)
}

/** Removes the temp files of ours in dir (see isTempName); a folder that is not there has none. Returns their names. */
export function removeTemps(dir: string, owner?: string): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    if (!isTempName(name, owner)) continue
    try {
      unlinkSync(join(dir, name))
      removed.push(name)
    } catch {
      // gone already, or not ours to remove after all (a folder by that name): left alone
    }
  }
  return removed
}

/** Flushes a file's content to the disk. */
export function fsyncFile(path: string) {
  const fd = openSync(path, 'r+')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Flushes a folder's entries (a rename) to the disk where the system allows it (not on Windows, where a rename is durable once done). */
export function fsyncFolder(dir: string) {
  let fd: number
  try {
    fd = openSync(dir, 'r')
  } catch {
    return
  }
  try {
    fsyncSync(fd)
  } catch {
    // some file systems (and Windows) refuse fsync on a folder
  } finally {
    closeSync(fd)
  }
}

/** The last step of writing a file: the whole temp file flushed, renamed to its name in one step, the rename flushed. */
export function commitTemp(temp: string, target: string) {
  fsyncFile(temp)
  renameSync(temp, target)
  fsyncFolder(dirname(target))
}
