/** Backups: one-click and automatic copies of the database, and restoring one of them. */
import { z } from 'zod'

/**
 * manual: "Back up now" (kept until the user deletes it); auto: the daily backup (7 daily and
 * 4 weekly are kept); safety: the database as it was just before a restore replaced it.
 */
export type BackupKind = 'manual' | 'auto' | 'safety'

export interface BackupFile {
  fileName: string
  /** Full path on this computer: what backups.restore takes. */
  path: string
  kind: BackupKind
  /** When it was made (ms UTC), read from the file name. */
  createdAt: number
  sizeBytes: number
}

export interface BackupStatus {
  /** The folder that holds crm.db. */
  dataDir: string
  /** Where backups are written (<dataDir>/backups). */
  backupDir: string
  /** Newest manual or automatic backup, or null when there is none yet. */
  lastBackupAt: number | null
  /** Newest first. */
  backups: BackupFile[]
  /** The second folder every manual and automatic backup is also copied to (this computer's own setting), or null when there is none. */
  copy: BackupCopyStatus | null
}

/** "Also copy backups to": a folder on another disk (a USB drive, a synced folder). */
export interface BackupCopyStatus {
  /** Full path of the folder on this computer. */
  folder: string
  /** When the last backup was copied there (ms UTC), or null before the first copy. */
  lastCopyAt: number | null
  /**
   * What is wrong, said so the user knows what to do: the folder is not there now (a drive
   * unplugged), cannot be written, or the last copy failed. null when all is well.
   */
  problem: string | null
}

export interface PickFolderResult {
  /** False where no native folder picker exists (browser host): ask for the path instead. */
  picker: boolean
  /** The folder picked, or null when the picker was cancelled (or there is none). */
  path: string | null
}

export interface RestoreResult {
  /** The file that was restored. */
  restoredFrom: string
  /** The database as it was before the restore (a file next to crm.db). */
  safetyCopy: string
  /** How many migrations brought an older backup up to this version of the app. */
  migrationsApplied: number
}

export interface ShowFolderResult {
  path: string
  /** True when the system file manager was asked to open it (desktop app); the browser host only returns the path. */
  opened: boolean
}

export const backupRestoreInput = z.strictObject({
  path: z
    .string()
    .trim()
    .min(1, 'Pick a backup to restore, or give the full path of a backup file.')
    .max(4096, 'That path is too long. Give the full path of a backup file.'),
})

export const backupCopyFolderInput = z.strictObject({
  /** The folder's full path; null stops copying (the copies already there stay). */
  path: z
    .string()
    .trim()
    .min(1, 'Type the full path of a folder, or choose one.')
    .max(4096, 'That path is too long. Give the full path of a folder.')
    .nullable(),
})
