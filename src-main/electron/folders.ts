/** "Show data folder": opens a folder in the system file manager (core only gets this small port). */
import { shell } from 'electron'
import type { FolderOpener } from '../core/services/backups/backup'

export const electronFolderOpener: FolderOpener = {
  /** shell.openPath resolves to '' when it worked, else to an error message. */
  open: (path) => shell.openPath(path),
}
