/**
 * Electron lifecycle: one instance, one secure window, core created on ready and closed on quit.
 * All behaviour lives in src-main/core; this file only wires Electron to it.
 */
import { join } from 'node:path'
import { app, BrowserWindow, dialog, powerMonitor, session, shell, type Tray } from 'electron'
import type { Settings } from '../../src-shared/model/settings'
import { startCoreWorker, type CoreConnection } from '../core/worker/relay'
import { electronFolderOpener } from './folders'
import { registerIpc } from './ipc'
import { nativeSqliteBinding } from './native-binding'
import { createElectronNotifier } from './notifier'
import { createTray } from './tray'
import { startAutoUpdate } from './updater'

let win: BrowserWindow | null = null
let core: CoreConnection | null = null
let tray: Tray | null = null
let quitting = false
let settings: Pick<Settings, 'keepRunningInTray' | 'openAtLogin'> = { keepRunningInTray: true, openAtLogin: false }

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Desktop CRM',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  })
  window.once('ready-to-show', () => window.show())
  // Closing hides the window into the tray (a setting, on by default) so reminders keep firing.
  window.on('close', (event) => {
    if (!quitting && settings.keepRunningInTray && tray) {
      event.preventDefault()
      window.hide()
    }
  })
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void window.loadFile(join(__dirname, '../renderer/index.html'))
  window.on('closed', () => {
    if (win === window) win = null
  })
  return window
}

function focusWindow(): BrowserWindow {
  if (!win) win = createWindow()
  if (win.isMinimized()) win.restore()
  win.show()
  win.focus()
  return win
}

/** Reads the desktop settings from core and applies them (tray, open at login). */
async function applySettings() {
  const result = (await core?.invoke('settings.get')) as { ok: boolean; value?: Settings } | undefined
  if (!result?.ok || !result.value) return
  settings = result.value
  if (app.isPackaged) app.setLoginItemSettings({ openAtLogin: settings.openAtLogin })
}

// A separate profile for tests and for trying things out: CRM_USER_DATA=/some/folder npm start
if (process.env.CRM_USER_DATA) app.setPath('userData', process.env.CRM_USER_DATA)

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the database: hand over to it (it focuses its window) and leave.
  app.quit()
} else {
  app.on('second-instance', focusWindow)

  // Navigation away from the app and new windows are denied; https links open in the browser.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (url !== contents.getURL()) event.preventDefault()
    })
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) void shell.openExternal(url)
      return { action: 'deny' }
    })
  })

  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'notifications'))
    session.defaultSession.setPermissionCheckHandler((_wc, permission) => permission === 'notifications')

    // Core runs in its own thread (out/main/core-worker.js, built beside this file): this process
    // only relays, so the window repaints, moves and closes whatever core is doing.
    core = startCoreWorker({
      entry: join(__dirname, 'core-worker.js'),
      dataDir: app.getPath('userData'),
      migrationsFolder: app.isPackaged ? join(process.resourcesPath, 'drizzle') : join(app.getAppPath(), 'drizzle'),
      nativeBinding: nativeSqliteBinding(),
      version: app.getVersion(),
      folders: electronFolderOpener,
    })
    core.ready.catch((error: Error) => {
      dialog.showErrorBox('The CRM could not open its database', `${error.message}\n\nData folder: ${app.getPath('userData')}`)
    })
    const notifier = createElectronNotifier({ showWindow: focusWindow, invoke: (name, input) => core!.invoke(name, input) })
    core.on('reminder.due', ({ notices }) => notifier.notify(notices))
    registerIpc(core)
    void applySettings()
    core.on('data.changed', ({ tables }) => {
      if (tables.includes('settings')) void applySettings()
    })
    // A laptop that slept or was locked: fire what came due meanwhile, now.
    powerMonitor.on('resume', () => core?.wake())
    powerMonitor.on('unlock-screen', () => core?.wake())
    tray = createTray(focusWindow, () => {
      quitting = true
      app.quit()
    })
    win = createWindow()
    startAutoUpdate()

    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) win = createWindow()
    })
  })

  app.on('before-quit', () => {
    quitting = true
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  // Let core finish its transaction and close the database before the process ends.
  let closed = false
  app.on('will-quit', (event) => {
    if (closed || !core) return
    event.preventDefault()
    void core.close().finally(() => {
      closed = true
      app.quit()
    })
  })
}
