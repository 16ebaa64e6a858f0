/**
 * Kill -9 of a syncing device (issue 15, "Proof"). The sync server runs here (PGlite, on a loopback
 * port); device B is a core here too; device A is a child process (sync-kill-child.ts: a real core
 * on its own data folder, joined to the workspace) that is SIGKILLed at seeded random moments:
 * - before each run B makes a big page set (a CSV import of many contacts, and a new owner on 500
 *   contacts, pushed), so A has pages to pull, and A makes many contacts offline (3,000 the first
 *   time) and gives 500 contacts its own owner, so it has batches to push (and fields both edited);
 * - each run is killed a seeded delay (0-150 ms) after a seeded line of the child (the 1st or 2nd
 *   push sent or answered, the 1st to 4th page asked for or received): runs alternate between
 *   killing during the push and during the pull. Where it landed is read from A's database afterwards (its push mark, its
 *   pull cursor) and from the server (how many of A's ops it holds).
 * A last run is not killed and syncs A until quiet; B syncs too. Then:
 * - nothing lost: the server holds every change-log entry A wrote, once (counted by hlc), with the
 *   client seqs 1..n, and nothing of A that A does not have;
 * - nothing applied twice: A's and B's change logs hold each hlc once and exactly the server's ops;
 *   each contact made (unique first name) is one row on both; A's digest is B's; every owner is that
 *   of its last writer by HLC.
 *
 * SYNC_KILL_SEED=<n> repeats a run (printed), SYNC_KILLS=<n> kills (default 6).
 */
import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { SyncStatus } from '../../src-shared/model/sync'
import { createCore, DATABASE_FILE, type Core } from '../../src-main/core/core'
import { readerOf } from '../../src-main/core/db/access'
import { Statements } from '../../src-main/core/db/statements'
import { syncedDigest } from '../../src-main/core/sync/digest'
import { buildApp, type App } from '../../src-server/server'
import { seededRandom } from '../seeded-random'
import { callers, MIGRATIONS, quietLog, tempDir } from './helpers'

const SEED = Number(process.env.SYNC_KILL_SEED ?? Math.floor(Math.random() * 2 ** 31))
const KILLS = Number(process.env.SYNC_KILLS ?? 6)
const CHILD = resolve(__dirname, 'sync-kill-child.ts')
const ROOT = resolve(__dirname, '../..')
/** Contacts A makes offline before its first run, and before each later one. */
const FIRST_OFFLINE = 3000
const LATER_OFFLINE = 1200
/** Contacts B makes (and pushes) before each run of A: A's pages to pull. */
const B_BATCH = 1000
const PASSWORD = 'correct horse battery'

console.log(`sync-kill: seed ${SEED}, ${KILLS} kills (repeat with SYNC_KILL_SEED=${SEED})`)

type Ok = ReturnType<typeof callers>['ok']

let server: App
let url = ''
beforeAll(async () => {
  server = await buildApp({ database: { kind: 'pglite-memory' }, log: quietLog })
  await server.app.listen({ host: '127.0.0.1', port: 0 })
  const address = server.app.server.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
}, 120_000)
afterAll(async () => {
  await server?.close()
})

/** Reads a device's database on a connection of its own. */
function read<T>(dataDir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true })
  try {
    return fn(db)
  } finally {
    db.close()
  }
}
const meta = (dataDir: string, key: string) => read(dataDir, (db) => db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined)
const digestOf = (dataDir: string) => read(dataDir, (db) => syncedDigest(readerOf(new Statements(db))))
const hlcsOf = (dataDir: string) => read(dataDir, (db) => db.prepare('SELECT hlc FROM change_log').pluck().all() as string[])

function openDevice(dataDir: string, fetchImpl: typeof fetch = fetch): { core: Core; ok: Ok } {
  const core = createCore({ dataDir, migrationsFolder: MIGRATIONS, log: quietLog, version: 'test', scheduler: false, backupTimers: false, syncFetch: fetchImpl })
  return { core, ok: callers(core).ok }
}

/** Sync now until a cycle ends with nothing pending (sync also runs by itself: events, commits). */
async function quiet(ok: Ok): Promise<SyncStatus> {
  for (let round = 0; ; round++) {
    const status = await ok('sync.now')
    if (status.state === 'synced' && status.pending === 0) return status
    if (round >= 20) throw new Error(`not quiet after ${round + 1} rounds: ${JSON.stringify(status)}`)
  }
}

/** A CSV import of `count` contacts named <prefix>N<i>, to its end. */
async function importContacts(d: { core: Core; ok: Ok }, count: number, prefix: string): Promise<void> {
  const rows = Array.from({ length: count }, (_, i) => `${prefix}N${i},Made,${prefix.toLowerCase()}n${i}@kill.example`)
  const preview = await d.ok('imports.prepare', { fileName: 'batch.csv', text: `First name,Last name,Email\n${rows.join('\n')}\n` })
  const finished = new Promise<string>((done) => {
    d.core.on('import.progress', (p) => {
      if (p.status !== 'running') done(p.status)
    })
  })
  await d.ok('imports.start', { sessionId: preview.sessionId, mapping: ['firstName', 'lastName', 'email'], onMatch: 'create' })
  expect(await finished).toBe('done')
}

interface Run {
  killed: boolean
  /** The last line the child printed before the kill. */
  lastLine: string
  output: string
}

/** Runs the child on A's folder; with `kill`, SIGKILLs it `delayMs` after it printed the line `at`. */
function runChild(dataDir: string, args: string[], kill: { at: string; delayMs: number } | null): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    let lastLine = ''
    let armed = false
    let killed = false
    let timer: NodeJS.Timeout | null = null
    let buffered = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk
      buffered += chunk
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl)
        buffered = buffered.slice(nl + 1)
        if (!killed) lastLine = line
        if (kill && !armed && line === kill.at) {
          armed = true
          timer = setTimeout(() => {
            killed = child.kill('SIGKILL')
          }, kill.delayMs)
        }
      }
    })
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk))
    child.on('error', fail)
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer)
      if (killed && signal === 'SIGKILL') done({ killed: true, lastLine, output })
      else if (code === 0 && /^done /m.test(output)) done({ killed: false, lastLine, output })
      else fail(new Error(`The sync child ended with ${signal ?? code}:\n${output}`))
    })
  })
}

/** What the server holds of a device: its ops' client seqs and hlcs. */
async function serverOpsOf(deviceId: string) {
  const rows = await server.db.query<{ seq: string; hlc: string }>('SELECT client_seq::text AS seq, hlc FROM ops WHERE device_id = $1', [deviceId])
  return rows.map((r) => ({ clientSeq: Number(r.seq), hlc: r.hlc })).sort((x, y) => x.clientSeq - y.clientSeq)
}

test('a device killed -9 during push and during pull loses nothing and applies nothing twice', async () => {
  const random = seededRandom(SEED)
  const t0 = performance.now()

  // B creates the workspace; A joins on its own folder (here), then is closed: the child takes it over
  const bDir = tempDir()
  const b = openDevice(bDir)
  await b.ok('sync.connect', { mode: 'create', server: url, email: 'ben@kill.example', password: PASSWORD, name: 'Ben', workspaceName: 'Kill shop' })
  const invite = await b.ok('sync.invite', { role: 'member' })
  const aDir = tempDir()
  const a = openDevice(aDir)
  await a.ok('sync.connect', { mode: 'join', server: url, inviteCode: invite.code, email: 'ana@kill.example', password: PASSWORD, name: 'Ana' })
  await quiet(a.ok)
  a.core.close()
  const aDevice = meta(aDir, 'device_id')!
  const names = new Set<string>()
  const landed: string[] = []
  let killed = 0

  for (let run = 0; run < KILLS; run++) {
    // B's big page set, on the server before A starts
    const bPrefix = `B${run}`
    await importContacts(b, B_BATCH, bPrefix)
    const first = await b.ok('contacts.list', { limit: 500 })
    await b.ok('contacts.bulk', { target: { ids: first.items.map((c) => c.id) }, action: { kind: 'setOwner', owner: `owner-${bPrefix}` } })
    await quiet(b.ok)
    for (let i = 0; i < B_BATCH; i++) names.add(`${bPrefix}N${i}`)

    const count = run === 0 ? FIRST_OFFLINE : LATER_OFFLINE
    const aPrefix = `A${run}`
    for (let i = 0; i < count; i++) names.add(`${aPrefix}N${i}`)
    const duringPush = run % 2 === 0
    // a line of the phase (push batches hold 2,000 ops, pull pages 1,000): the kill lands a little after it
    const at = `${duringPush ? 'push' : 'pull'}${random() < 0.5 ? '' : 'ed'} ${1 + Math.floor(random() * (duringPush ? 2 : 4))}`
    const delayMs = Math.floor(random() * 150)
    const result = await runChild(aDir, [String(count), aPrefix], { at, delayMs })

    // where it landed: A's push mark and pull cursor, and what the server has of A
    const pending = read(aDir, (db) => {
      const mark = JSON.parse(meta(aDir, 'sync.pushed') ?? '{"hlc":""}') as { hlc: string }
      return db.prepare('SELECT count(*) FROM change_log WHERE device_id = ? AND hlc > ?').pluck().get(aDevice, mark.hlc) as number
    })
    const mark = JSON.parse(meta(aDir, 'sync.pushed') ?? '{"clientSeq":0}') as { clientSeq: number }
    const cursor = JSON.parse(meta(aDir, 'sync.cursor') ?? '{"seq":0}') as { seq: number }
    const onServer = (await serverOpsOf(aDevice)).length
    const head = Number((await server.db.query<{ n: string }>('SELECT count(*)::text AS n FROM ops'))[0].n)
    landed.push(
      `${result.killed ? 'killed' : 'not killed'} ${delayMs} ms after "${at}" (last line "${result.lastLine}"): ` +
        `${pending} entries left to push, ack mark ${mark.clientSeq}, server holds ${onServer} of A${onServer > mark.clientSeq ? ' (an answer the kill lost)' : ''}, cursor ${cursor.seq} of ${head}`,
    )
    if (result.killed) killed++
  }

  // the last run is not killed: A syncs until quiet, then B
  const last = await runChild(aDir, [], null)
  expect(last.killed).toBe(false)
  await quiet(b.ok)
  await quiet(b.ok)

  // nothing lost: the server holds every entry A wrote, once, numbered 1..n
  const aOwn = read(aDir, (db) => db.prepare('SELECT hlc FROM change_log WHERE device_id = ? ORDER BY hlc').pluck().all(aDevice) as string[])
  const ofA = await serverOpsOf(aDevice)
  const all = await server.db.query<{ hlc: string }>('SELECT hlc FROM ops')
  console.log(`sync-kill: ${killed} of ${KILLS} runs killed, ${aOwn.length} entries of A, ${all.length} ops in all, ${((performance.now() - t0) / 1000).toFixed(1)} s\n  ${landed.join('\n  ')}`)
  expect(ofA.map((o) => o.clientSeq)).toEqual(Array.from({ length: ofA.length }, (_, i) => i + 1))
  expect(new Set(ofA.map((o) => o.hlc)).size, 'an op of A is on the server twice').toBe(ofA.length)
  expect([...ofA.map((o) => o.hlc)].sort()).toEqual(aOwn)
  const serverHlcs = new Set(all.map((o) => o.hlc))
  expect(serverHlcs.size, 'an op is on the server twice').toBe(all.length)

  // nothing applied twice: each device holds each op once, exactly the server's
  for (const dir of [aDir, bDir]) {
    const hlcs = hlcsOf(dir)
    expect(new Set(hlcs).size).toBe(hlcs.length)
    expect(new Set(hlcs)).toEqual(serverHlcs)
    const contacts = read(dir, (db) => db.prepare("SELECT first_name FROM contacts WHERE last_name = 'Made' OR last_name = 'Offline'").pluck().all() as string[])
    expect(contacts.length - new Set(contacts).size, 'contacts made twice').toBe(0)
    expect(new Set(contacts)).toEqual(names)
  }
  expect(digestOf(aDir)).toBe(digestOf(bDir))

  // per field, the last writer wins: each contact's owner is the value of the owner op with the highest hlc
  const ownerOps = await server.db.query<{ row_id: string; hlc: string; value: string }>("SELECT row_id, hlc, value FROM ops WHERE table_name = 'contacts' AND column_name = 'owner'")
  const lastOwner = new Map<string, { hlc: string; value: unknown }>()
  for (const op of ownerOps) if ((lastOwner.get(op.row_id)?.hlc ?? '') < op.hlc) lastOwner.set(op.row_id, { hlc: op.hlc, value: JSON.parse(op.value) })
  const owners = new Map(read(aDir, (db) => db.prepare('SELECT id, owner FROM contacts').all() as { id: string; owner: string | null }[]).map((r) => [r.id, r.owner]))
  const wrongOwner = [...lastOwner].filter(([id, last]) => owners.get(id) !== last.value)
  expect(wrongOwner.slice(0, 5), 'owners that are not their last writer\'s').toEqual([])
  expect(new Set([...lastOwner.values()].map((o) => String(o.value).slice(0, 7))), 'both devices wrote owners').toEqual(new Set(['owner-A', 'owner-B']))

  expect(killed).toBeGreaterThan(0)
  b.core.close()
}, 600_000)
