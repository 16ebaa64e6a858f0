/** The names of backup files: what kind, and when, a file name says; a free name for a new one. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { BackupFile, BackupKind } from '../../../../src-shared/model/backup'

/** 2026-01-15T09-00-00Z: sorts by time, safe in file names on every system. */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/:/g, '-') + 'Z'
}

const STAMP = '(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2})-(\\d{2})-(\\d{2})Z'
const BACKUP_NAME = new RegExp(`^crm-(backup|auto)-${STAMP}(?:-(\\d+))?\\.db$`)
const SAFETY_NAME = new RegExp(`^crm\\.db\\.before-restore-${STAMP}(?:-(\\d+))?$`)

function stampToMs(m: RegExpExecArray, from: number): number {
  const [y, mo, d, h, mi, s] = m.slice(from, from + 6).map(Number)
  return Date.UTC(y, mo - 1, d, h, mi, s)
}

/** kind and time of a backup from its file name, or null for any other file (a temp file too: it starts with a dot). */
export function parseBackupName(fileName: string): { kind: BackupKind; createdAt: number; seq: number } | null {
  const b = BACKUP_NAME.exec(fileName)
  if (b) return { kind: b[1] === 'auto' ? 'auto' : 'manual', createdAt: stampToMs(b, 2), seq: Number(b[8] ?? 1) }
  const s = SAFETY_NAME.exec(fileName)
  if (s) return { kind: 'safety', createdAt: stampToMs(s, 1), seq: Number(s[7] ?? 1) }
  return null
}

/** Newest first; within one second, the later "-2", "-3" copies first. */
export const newestFirst = (a: BackupFile, b: BackupFile) => b.createdAt - a.createdAt || parseBackupName(b.fileName)!.seq - parseBackupName(a.fileName)!.seq

/** dir/base + ext, or dir/base-2 + ext, ... whichever does not exist yet. */
export function freePath(dir: string, base: string, ext: string): string {
  for (let n = 1; ; n++) {
    const path = join(dir, `${base}${n === 1 ? '' : `-${n}`}${ext}`)
    if (!existsSync(path)) return path
  }
}
