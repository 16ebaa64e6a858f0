/**
 * Electron lifecycle: one instance, one secure window, core created on ready and closed on quit.
 * All behaviour lives in src-main/core; this file only wires Electron to it.
 */
import { join } from 'node:path'
import { app, BrowserWindow, session, shell } from 'electron'
import { createCore, type Core } from '../core/core'
import { registerIpc } from './ipc'
import { nativeSqliteBinding } from './native-binding'
import { startAutoUpdate } from './updater'

let win: BrowserWindow | null = null
let core: Core | null = null

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
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void window.loadFile(join(__dirname, '../renderer/index.html'))
  window.on('closed', () => {
    if (win === window) win = null
  })
  return window
}

function focusWindow() {
  if (!win) win = createWindow()
  if (win.isMinimized()) win.restore()
  win.focus()
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

    core = createCore({
      dataDir: app.getPath('userData'),
      migrationsFolder: app.isPackaged ? join(process.resourcesPath, 'drizzle') : join(app.getAppPath(), 'drizzle'),
      nativeBinding: nativeSqliteBinding(),
      version: app.getVersion(),
    })
    registerIpc(core)
    win = createWindow()
    startAutoUpdate()

    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) win = createWindow()
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => core?.close())
}
