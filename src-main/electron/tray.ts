/** The tray icon that keeps the app (and its reminders) running while the window is closed. */
import { join } from 'node:path'
import { app, Menu, nativeImage, Tray } from 'electron'

export function createTray(show: () => void, quit: () => void): Tray {
  const file = app.isPackaged ? join(process.resourcesPath, 'tray.png') : join(app.getAppPath(), 'resources', 'tray.png')
  const tray = new Tray(nativeImage.createFromPath(file))
  tray.setToolTip('Desktop CRM — reminders stay on')
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open Desktop CRM', click: show },
      { type: 'separator' },
      { label: 'Quit', click: quit },
    ]),
  )
  tray.on('click', show)
  return tray
}
