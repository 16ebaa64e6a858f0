/**
 * The process sync-kill.test.ts kills: a real core on a data folder that is connected to the test's
 * sync server, syncing until nothing is left to push or pull. Run as
 *   node --import tsx tests/unit/sync-kill-child.ts <dataDir> [<count> <prefix>]
 * With a count, it first imports that many contacts (a CSV import; first names <prefix>N0, N1...)
 * while offline (its fetch fails as a cut cable would), and sets the owner of the first 500 contacts
 * of its list to "owner-<prefix>" (a bulk action: the other device does the same to its first 500,
 * so many fields are edited on both sides), so they wait in the outbox; then it goes online and
 * says "started".
 * Its syncFetch is the real fetch, with a line on stdout around every request (synchronous on a
 * pipe), which is how the parent knows which phase the child is in when it picks a moment to kill:
 *   "push <n>" before the n-th push is sent, "pushed <n>" when its answer came (before the core
 *   reads it), "pull <n>" before the n-th page is asked for, "pulled <n>" when it came.
 * "done <json>" when the device is quiet: state synced, nothing pending (the core is closed after).
 */
import { resolve } from 'node:path'
import { createCore, type Core } from '../../src-main/core/core'
import type { SyncStatus } from '../../src-shared/model/sync'

const [dataDir, count, prefix] = process.argv.slice(2)
const say = (line: string) => process.stdout.write(`${line}\n`)

async function invoke<T>(core: Core, name: string, input?: unknown): Promise<T> {
  const result = await core.invoke(name, input)
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`)
  return result.value as T
}

const counts = { push: 0, pull: 0 }
let offline = Number(count) > 0
const syncFetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
  if (offline) throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('offline (test)'), { code: 'ECONNREFUSED' }) })
  const url = String(input)
  const kind = init.method === 'POST' && url.endsWith('/push') ? 'push' : /\/ops\?/.test(url) ? 'pull' : null
  if (!kind) return fetch(input, init)
  const n = ++counts[kind]
  say(`${kind} ${n}`)
  const response = await fetch(input, init)
  const body = await response.arrayBuffer()
  say(`${kind}ed ${n}`)
  return new Response(body, { status: response.status, headers: response.headers })
}) as typeof fetch

async function main() {
  const core = createCore({
    dataDir,
    migrationsFolder: resolve(__dirname, '../../drizzle'),
    log: { info() {}, warn() {}, error: (...args: unknown[]) => console.error(...args) },
    version: 'test',
    scheduler: false,
    backupTimers: false,
    syncFetch,
  })
  if (offline) {
    const rows = Array.from({ length: Number(count) }, (_, i) => `${prefix}N${i},Offline,${prefix.toLowerCase()}n${i}@kill.example`)
    const preview = await invoke<{ sessionId: string }>(core, 'imports.prepare', { fileName: 'offline.csv', text: `First name,Last name,Email\n${rows.join('\n')}\n` })
    const finished = new Promise<string>((done) => {
      core.on('import.progress', (p) => {
        if (p.status !== 'running') done(p.status)
      })
    })
    await invoke(core, 'imports.start', { sessionId: preview.sessionId, mapping: ['firstName', 'lastName', 'email'], onMatch: 'create' })
    const status = await finished
    if (status !== 'done') throw new Error(`the offline import ended ${status}`)
    const first = await invoke<{ items: { id: string }[] }>(core, 'contacts.list', { limit: 500 })
    await invoke(core, 'contacts.bulk', { target: { ids: first.items.map((c) => c.id) }, action: { kind: 'setOwner', owner: `owner-${prefix}` } })
    offline = false
  }
  say('started')
  // the core starts a cycle by itself when it opens; Sync now until a cycle ends with nothing left
  let status: SyncStatus
  for (let round = 0; ; round++) {
    status = await invoke<SyncStatus>(core, 'sync.now')
    if (status.state === 'synced' && status.pending === 0) break
    if (round >= 20) throw new Error(`not quiet after ${round + 1} rounds: ${JSON.stringify(status)}`)
  }
  say(`done ${JSON.stringify({ ...counts, pending: status.pending })}`)
  core.close()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
