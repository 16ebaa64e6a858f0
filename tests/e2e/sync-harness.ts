/**
 * Processes for the sync tests (e2e and renderer): the real sync server (`src-server/main.ts`,
 * PGlite in a temp folder) and browser hosts (`src-main/host/main.ts`, each on its own data
 * folder), started as children and read until they print their address. Node only (no Playwright
 * import), so the renderer tests use the server from here too (PGlite's WebAssembly build does not
 * start inside jsdom: its Blob has no arrayBuffer()).
 *
 * A server stops and starts again on the same folder and port: the devices keep the address they
 * were given, and the workspace (accounts, ops) is still there.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const ROOT = resolve(__dirname, '../..')
const START_TIMEOUT_MS = 60_000

/** Starts `node --import tsx <args>` and resolves with the first match of `ready` in its output. */
function spawnReady(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, what: string): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  return new Promise((resolvePromise, reject) => {
    // a guard only (a child that hangs), never a synchronisation: the address line is the condition
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${what} did not start in ${START_TIMEOUT_MS / 1000} s:\n${output}`))
    }, START_TIMEOUT_MS)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = ready.exec(output)
      if (match) {
        clearTimeout(timer)
        child.stdout!.off('data', onData)
        child.stderr!.off('data', onData)
        // keep draining, so a chatty child never blocks on a full pipe
        child.stdout!.resume()
        child.stderr!.resume()
        resolvePromise({ child, match })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`${what} exited (${code ?? signal}) before it was ready:\n${output}`))
    })
  })
}

/** SIGTERM: the child finishes its requests and closes its database; SIGKILL is a crash. */
function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolvePromise) => {
    child.once('exit', () => resolvePromise())
    child.kill(signal)
  })
}

export interface SyncServer {
  /** http://127.0.0.1:<port>, the same after a restart. */
  readonly url: string
  readonly dataDir: string
  readonly running: boolean
  /** Stops it (the devices then see it offline). */
  stop(): Promise<void>
  /** Starts it again on the same folder and port. */
  start(): Promise<void>
  /** Stops it and removes its folder. */
  close(): Promise<void>
}

/** The sync server as `npm run server` runs it, with PGlite in a fresh temp folder, on a free loopback port. */
export async function startSyncServer(): Promise<SyncServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-sync-server-'))
  let port = 0
  let url = ''
  let child: ChildProcess | null = null
  const env = () => {
    const e: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', CRM_SERVER_DIR: dataDir }
    delete e.DATABASE_URL // PGlite in the folder, whatever the shell has
    return e
  }
  const start = async () => {
    if (child) return
    const started = await spawnReady(['src-server/main.ts'], env(), /Sync server listening on (http:\/\/\S+)/, 'The sync server')
    child = started.child
    url = started.match[1]
    port = Number(new URL(url).port)
  }
  const stop = async () => {
    if (!child) return
    const c = child
    child = null
    await stopChild(c)
  }
  try {
    await start()
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  return {
    get url() {
      return url
    },
    dataDir,
    get running() {
      return child !== null
    },
    stop,
    start,
    async close() {
      await stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export interface BrowserHost {
  /** The app's address with its access token. */
  readonly url: string
  readonly dataDir: string
  close(): Promise<void>
}

/** A browser host (real core, real SQLite) on a fresh data folder, serving the built renderer (CRM_RENDERER_DIR: one built elsewhere). */
export async function startBrowserHost(): Promise<BrowserHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-e2e-sync-'))
  const rendererDir = process.env.CRM_RENDERER_DIR ? ['--renderer-dir', process.env.CRM_RENDERER_DIR] : []
  let started
  try {
    started = await spawnReady(['src-main/host/main.ts', '--data-dir', dataDir, '--port', '0', ...rendererDir], process.env, /CRM host ready at (\S+)/, 'The browser host')
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  const { child, match } = started
  return {
    url: match[1],
    dataDir,
    async close() {
      await stopChild(child)
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
