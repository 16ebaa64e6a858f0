/** The one IPC channel: crm:invoke → core.invoke, only for our own renderer; events out on crm:event. */
import { BrowserWindow, ipcMain, type WebFrameMain } from 'electron'
import { EVENT_NAMES } from '../../src-shared/api'
import type { CoreConnection } from '../core/worker/relay'
import { isAppPage } from './navigation-policy'

/** Only the app's own page (app://crm/, or the dev server's) in the window's main frame may call core. */
function isTrustedSender(frame: WebFrameMain | null): boolean {
  return !!frame && frame.parent === null && isAppPage(frame.url, process.env.ELECTRON_RENDERER_URL)
}

export function registerIpc(core: CoreConnection) {
  ipcMain.handle('crm:invoke', (event, name: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame)) {
      return { ok: false, error: { code: 'INTERNAL', message: 'Refused: the request did not come from the app window.' } }
    }
    return core.invoke(String(name), input)
  })
  // reminder.due goes out through the notifier (it also raises the desktop notification)
  for (const name of EVENT_NAMES.filter((n) => n !== 'reminder.due' && n !== 'app.navigate')) {
    core.on(name, (payload) => {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send('crm:event', name, payload)
    })
  }
}
