import { app } from 'electron'
import { autoUpdater } from 'electron-updater'

/** Checks for an update in the background; offline is the normal case, so failures are only logged. */
export function startAutoUpdate() {
  if (!app.isPackaged) return
  autoUpdater.checkForUpdatesAndNotify().catch((error: unknown) => {
    console.warn('Update check skipped:', error instanceof Error ? error.message : error)
  })
}
