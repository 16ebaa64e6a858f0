/** The contract of backups and restore. */
import {
  type BackupCopyStatus,
  type BackupFile,
  type BackupStatus,
  type PickFolderResult,
  type RestoreResult,
  type ShowFolderResult,
  backupCopyFolderInput,
  backupRestoreInput,
} from '../model/backup'
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
  /**
   * "Also copy backups to": sets the second folder (absolute, an existing folder, writable, not inside the
   * data folder; else VALIDATION with details.reason) or, with null, stops copying. A property of this
   * computer, kept beside the database (not in the synced settings). Answers the copy's status (null: none).
   */
  'backups.setCopyFolder': command<{ copy: BackupCopyStatus | null }>()(backupCopyFolderInput),
  /** The desktop app's native folder picker (path null when cancelled); the browser host answers picker: false, and the path is typed. */
  'backups.pickCopyFolder': command<PickFolderResult>()(none),
  /** Opens the data folder in the file manager (desktop app); the browser host returns the path only (opened: false). */
  'app.showDataFolder': command<ShowFolderResult>()(none),
} satisfies CommandMap
