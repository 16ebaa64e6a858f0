/** "Show data folder" and "Choose…" a backup copy folder: the system's file manager and folder picker (core only gets this small port). */
import { BrowserWindow, dialog, shell } from 'electron'
import type { FolderOpener } from '../core/services/backups/backup'

export const electronFolderOpener: FolderOpener = {
  /** shell.openPath resolves to '' when it worked, else to an error message. */
  open: (path) => shell.openPath(path),
  /** The native folder picker, over the focused window; null when cancelled. */
  async pick(title) {
    const options: Electron.OpenDialogOptions = { title, buttonLabel: 'Use this folder', properties: ['openDirectory', 'createDirectory'] }
    const window = BrowserWindow.getFocusedWindow()
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
    return result.canceled ? null : (result.filePaths[0] ?? null)
  },
}
