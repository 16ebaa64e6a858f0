/**
 * e2e fixture: every test gets its own browser host (real core, real SQLite file in a fresh data
 * folder) serving the built renderer (out/renderer, built by `npm test` before Playwright runs).
 * `app.url` carries the access token; `shot(name)` saves a screenshot as a test artifact.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'

const ROOT = resolve(__dirname, '../..')

export interface HostedApp {
  url: string
  dataDir: string
  /**
   * Restart the host on the same data folder (proves data survives a restart); clockOffsetDays
   * runs core's clock that many days ahead (deals rot, follow-ups come due) without waiting.
   */
  restart(options?: { clockOffsetDays?: number; kill?: boolean }): Promise<string>
}

async function startHost(dataDir: string, clockOffsetDays = 0, extra: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  // CRM_RENDERER_DIR: a renderer built elsewhere (`npx electron-vite build --outDir X` gives X/renderer).
  const rendererDir = process.env.CRM_RENDERER_DIR ? ['--renderer-dir', process.env.CRM_RENDERER_DIR] : []
  const args = ['--import', 'tsx', 'src-main/host/main.ts', '--data-dir', dataDir, '--port', '0', '--clock-offset-days', String(clockOffsetDays), ...rendererDir, ...extra]
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`Host did not start in 30 s:\n${output}`)), 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /CRM host ready at (\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolvePromise(match[1])
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`Host exited with ${code}:\n${output}`))
    })
  })
  return { url, child }
}

/** SIGTERM lets the host finish its requests and close the database; SIGKILL is a crash or power cut. */
function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolvePromise) => {
    child.once('exit', () => resolvePromise())
    child.kill(signal)
  })
}

export const test = base.extend<{
  app: HostedApp
  shot: (name: string) => Promise<void>
  /** Option: fills the fresh data folder BEFORE the host starts on it (test.use({ prepareData: async ({}, use) => use(fn) })). */
  prepareData: ((dataDir: string) => void | Promise<void>) | undefined
  /** Option: more flags for the host (src-main/host/main.ts), e.g. ['--job-pause-ms', '60']. */
  hostArgs: string[]
}>({
  prepareData: [undefined, { option: true }],
  hostArgs: [[], { option: true }],
  app: async ({ prepareData, hostArgs }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'crm-e2e-'))
    await prepareData?.(dataDir)
    let host = await startHost(dataDir, 0, hostArgs)
    await use({
      get url() {
        return host.url
      },
      dataDir,
      async restart(options) {
        await stop(host.child, options?.kill ? 'SIGKILL' : 'SIGTERM')
        host = await startHost(dataDir, options?.clockOffsetDays, hostArgs)
        return host.url
      },
    })
    await stop(host.child)
    rmSync(dataDir, { recursive: true, force: true })
  },
  shot: async ({ page }, use, testInfo) => {
    await use(async (name: string) => {
      const path = testInfo.outputPath(`${name}.png`)
      await page.screenshot({ path, animations: 'disabled' }) // finished transitions, e.g. after a colour-scheme switch
      await testInfo.attach(name, { path, contentType: 'image/png' })
    })
  },
})

export { expect }

/** Opens the app and waits until the renderer has mounted. */
export async function openApp(page: Page, app: HostedApp, hash = '') {
  await page.goto(app.url + hash)
  await page.waitForFunction(() => Boolean((window as unknown as { crm?: unknown }).crm))
}

/** Screenshots `name-light` and `name-dark` (a moment for colours that are read at paint, e.g. charts), then back to light. */
export async function shots(page: Page, shot: (name: string) => Promise<void>, name: string) {
  await shot(`${name}-light`)
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.waitForTimeout(150)
  await shot(`${name}-dark`)
  await page.emulateMedia({ colorScheme: 'light' })
}

export type Invoke = <T = any>(name: string, input?: unknown) => Promise<T>

/** Calls core through the page's own window.crm, as the app does; throws on an AppError. */
export function bridge(page: Page): Invoke {
  return (name, input) =>
    page.evaluate(
      async ([n, i]) => {
        const crm = (window as unknown as { crm: { invoke(n: string, i: unknown): Promise<{ ok: boolean; value?: unknown; error?: unknown }> } }).crm
        const r = await crm.invoke(n as string, i)
        if (!r.ok) throw new Error(JSON.stringify(r.error))
        return r.value
      },
      [name, input] as const,
    ) as never
}
