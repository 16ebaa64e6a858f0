/**
 * Electron lifecycle: one instance, one secure window, core created on ready and closed on quit.
 * All behaviour lives in src-main/core; this file only wires Electron to it.
 */
import { join } from 'node:path'
import { app, BrowserWindow, dialog, powerMonitor, protocol, session, shell, type Tray } from 'electron'
import type { Settings } from '../../src-shared/model/settings'
import { startCoreWorker, type CoreConnection } from '../core/worker/relay'
import { APP_SCHEME_PRIVILEGES, serveAppRequest } from './app-protocol'
import { electronFolderOpener } from './folders'
import { registerIpc } from './ipc'
import { nativeSqliteBinding } from './native-binding'
import { createElectronNotifier } from './notifier'
import { allowsInWindowOnly, APP_ENTRY_URL, APP_SCHEME, decideNavigation, externalTarget, isAppOrigin, isAppPage } from './navigation-policy'
import { createTray } from './tray'
import { startAutoUpdate } from './updater'

/** electron-vite dev serves the renderer itself (hot reload); otherwise it comes from app://crm/. */
const devServerUrl = process.env.ELECTRON_RENDERER_URL
const rendererDir = join(__dirname, '../renderer')

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
  void window.loadURL(devServerUrl ?? APP_ENTRY_URL)
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

/** Hands a link that passed externalTarget to the system; no browser or mail client is only logged. */
function openOutside(url: string) {
  shell.openExternal(url).catch((error: unknown) => console.warn('Could not open', url, error instanceof Error ? error.message : error))
}

// A separate profile for tests and for trying things out: CRM_USER_DATA=/some/folder npm start
if (process.env.CRM_USER_DATA) app.setPath('userData', process.env.CRM_USER_DATA)

// Must happen before ready: app:// becomes a standard, secure origin for the renderer.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }])

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the database: hand over to it (it focuses its window) and leave.
  app.quit()
} else {
  app.on('second-instance', focusWindow)

  // The window stays on the app's own pages (navigation-policy.ts decides). A link out the user
  // followed opens in the system browser or mail client; redirects, subframes, new windows and
  // webviews never get anything.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      const decision = decideNavigation(event.url, devServerUrl)
      if (decision.allow) return
      event.preventDefault()
      if (decision.openExternally) openOutside(decision.openExternally)
    })
    // Fires for every frame; the main frame's links are will-navigate's to decide (once, above).
    contents.on('will-frame-navigate', (event) => {
      if (!event.isMainFrame && !allowsInWindowOnly(event.url, devServerUrl)) event.preventDefault()
    })
    contents.on('will-redirect', (event) => {
      if (!allowsInWindowOnly(event.url, devServerUrl)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      const target = externalTarget(url)
      if (target) openOutside(target)
      return { action: 'deny' }
    })
  })

  app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request))
    // Notifications, and only for the app's own page.
    session.defaultSession.setPermissionRequestHandler((wc, permission, callback) =>
      callback(permission === 'notifications' && isAppPage(wc.getURL(), devServerUrl)),
    )
    session.defaultSession.setPermissionCheckHandler(
      (_wc, permission, requestingOrigin) => permission === 'notifications' && isAppOrigin(requestingOrigin, devServerUrl),
    )

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
