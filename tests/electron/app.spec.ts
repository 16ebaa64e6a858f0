/**
 * Launches the built desktop app with Playwright's Electron driver. Runs where an Electron binary
 * is installed (a developer's machine after `npm install`); elsewhere it is reported as skipped.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

const ROOT = resolve(__dirname, '../..')

/** The installed binary, found the way electron/index.js does, but without its download-on-require. */
function electronBinary(): string | null {
  const dir = dirname(createRequire(join(ROOT, 'package.json')).resolve('electron/package.json'))
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8'))
  return existsSync(binary) ? binary : null
}

const binary = electronBinary()
const nativeReady = existsSync(join(ROOT, '.electron-native'))

test.describe('desktop app', () => {
  test.skip(!binary, 'No Electron binary installed here (ELECTRON_SKIP_BINARY_DOWNLOAD); run on a machine with Electron')
  test.skip(!nativeReady, 'better-sqlite3 is not built for Electron yet; run "npm start" once to build it')

  test('starts, creates its database and shows the contacts screen', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'crm-electron-'))
    const app = await electron.launch({
      executablePath: binary!,
      args: [join(ROOT, 'out/main/index.js')],
      env: { ...process.env, CRM_USER_DATA: userData },
      cwd: ROOT,
    })
    try {
      const window = await app.firstWindow()
      await expect(window.getByTestId('empty-state')).toBeVisible()
      // No Node in the page: only the window.crm bridge crosses over.
      const page = await window.evaluate(() => ({
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
        crm: Object.keys((window as unknown as { crm: object }).crm).sort(),
      }))
      expect(page).toEqual({ require: 'undefined', process: 'undefined', crm: ['invoke', 'on'] })
      expect(existsSync(join(userData, 'crm.db'))).toBe(true)

      // The renderer comes from app://crm/ (app-protocol.ts), a secure origin of its own, not file://.
      expect(window.url()).toBe('app://crm/index.html')
      const served = await window.evaluate(async () => {
        const status = async (url: string) => (await fetch(url)).status
        return {
          origin: location.origin,
          secure: isSecureContext,
          index: await status('app://crm/index.html'),
          missing: await status('app://crm/missing.js'),
          traversal: await status('app://crm/..%2f..%2fpackage.json'),
          file: await fetch('file:///etc/hostname').then((r) => r.status, () => 'refused'),
        }
      })
      expect(served).toEqual({ origin: 'app://crm', secure: true, index: 200, missing: 404, traversal: 404, file: 'refused' })

      // A page-made navigation out of the app is refused: the window stays on the app.
      await window.evaluate(() => {
        location.href = 'file:///etc/hostname'
      })
      await window.evaluate(() => {
        location.href = 'https://user:secret@example.com/' // refused, and not handed to the browser either (credentials)
      })
      await expect(window.getByTestId('empty-state')).toBeVisible()
      expect(window.url()).toBe('app://crm/index.html')
    } finally {
      await app.close()
      rmSync(userData, { recursive: true, force: true })
    }
  })
})
