/** The contract of backups and restore. */
import { type BackupFile, type BackupStatus, type RestoreResult, type ShowFolderResult, backupRestoreInput } from '../model/backup'
import { command, none, type CommandMap } from './command'

export const backupsCommands = {
  /** Backups newest first (manual, automatic, safety copies), the data and backup folders, the last backup time. */
  'backups.status': command<BackupStatus>()(none, { reads: ['settings'] }),
  /** "Back up now": SQLite's online backup into <dataDir>/backups/crm-backup-<time>.db, consistent while the app runs. */
  'backups.create': command<BackupFile>()(none),
  /**
   * Restores a backup file (full path): checked on a copy first (integrity, a CRM database, not newer than
   * this app), migrated forward; the current database is kept as crm.db.before-restore-<time>. A bad file
   * is refused with VALIDATION (details.reason) and nothing changes. data.changed goes out for every table.
   */
  'backups.restore': command<RestoreResult>()(backupRestoreInput),
  /** Opens the data folder in the file manager (desktop app); the browser host returns the path only (opened: false). */
  'app.showDataFolder': command<ShowFolderResult>()(none),
} satisfies CommandMap
