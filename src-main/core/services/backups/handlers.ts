/** The backups commands of the contract (src-shared/api/backups.ts), each to its service call. */
import type { backupsCommands } from '../../../../src-shared/api/backups'
import type { HandlersOf } from '../handlers-of'
import type { BackupService } from './backup'

export function backupsHandlers(s: { backups: BackupService }): HandlersOf<typeof backupsCommands> {
  return {
    'backups.status': () => s.backups.status(),
    'backups.create': () => s.backups.create('manual'),
    'backups.restore': (i) => s.backups.restore(i.path),
    'backups.setCopyFolder': (i) => s.backups.setCopyFolder(i.path),
    'backups.pickCopyFolder': () => s.backups.pickCopyFolder(),
    'app.showDataFolder': () => s.backups.showFolder(),
  }
}
