/**
 * Kill -9 of the SYNC SERVER (issue 15, "Proof"; the client side is sync-kill.test.ts). The real
 * server (`src-server/main.ts`, PGlite in a folder) runs as a child, with sync-server-kill-child.ts
 * loaded first: it prints where the server is in its database work ("inserted", "committed",
 * "page") and can stop it dead at one of those points. (It is startSyncServer's command of
 * tests/e2e/sync-harness.ts, spawned here: that helper's child can be neither read nor killed at a
 * chosen point.) Two real devices (cores here, each on its own data folder) share a workspace:
 * 1. A makes 2,000 contacts (CSV imports of 250) and edits fields (one by one and a bulk owner)
 *    while it syncs; B is off the network meanwhile;
 * 2. B comes back and catches up page by page;
 * 3. A and B take turns editing the same fields (each round starts after the other's edits arrived).
 * The server is SIGKILLed at seeded moments, one per run of the server: frozen right after a push's
 * ops were inserted (not committed) or right after the commit (answer not sent), once a seeded
 * number of ops reached it (wherever that lands), frozen after a page was read, or around B's n-th
 * page request (before it is sent, or after its answer came). Each time it is started again on the
 * same folder and port: the lock the dead server left is taken over. The devices retry (Sync now)
 * until quiet. Then, from the server's folder (the server stopped):
 * - every (device_id, client_seq) once, client seqs 1..n per device, the workspace seqs 1..head;
 * - every change-log entry each device wrote is on the server once, and each device holds exactly the
 *   server's ops;
 * - A's syncedDigest is B's; one row per contact made; every field holds its last edit.
 * Also, at the moment: a push killed before its commit is not on the server (the device's next push
 * is stored from that push's first seq), one killed after its commit is (stored from after its last);
 * some push was answered as a repeat (an answer a kill lost).
 *
 * SYNC_SEED=<n> repeats a run's plans (printed; where a free-running kill lands may differ);
 * SYNC_SERVER_KILLS=<n> kills (default 8).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, expect, test } from 'vitest'
import type { SyncStatus } from '../../src-shared/model/sync'
import type { PushAnswer, PushOp } from '../../src-shared/sync-protocol'
import { createCore, type Core } from '../../src-main/core/core'
import { readerOf } from '../../src-main/core/db/access'
import { Statements } from '../../src-main/core/db/statements'
import { syncedDigest } from '../../src-main/core/sync/digest'
import { seededRandom } from '../seeded-random'
import { callers, MIGRATIONS, quietLog, readDb, tempDir } from './helpers'

const SEED = Number(process.env.SYNC_SEED ?? Math.floor(Math.random() * 2 ** 31))
const KILLS = Number(process.env.SYNC_SERVER_KILLS ?? 8)
const ROOT = resolve(__dirname, '../..')
const PRELOAD = resolve(__dirname, 'sync-server-kill-child.ts')
const BATCHES = 8
const BATCH = 250
const PASSWORD = 'correct horse battery'
/** A guard against a child that hangs (never a synchronisation: its address line is the condition). */
const START_TIMEOUT_MS = 60_000

console.log(`sync-server-kill: seed ${SEED}, ${KILLS} kills (repeat with SYNC_SEED=${SEED})`)

type Ok = ReturnType<typeof callers>['ok']

/** When the server of one run dies. */
type Plan =
  | { kind: 'freeze'; point: 'inserted' | 'committed' | 'page'; k: number }
  | { kind: 'ops'; after: number }
  | { kind: 'pullB'; n: number; moment: 'before' | 'answered' }

const describePlan = (p: Plan) =>
  p.kind === 'freeze'
    ? `frozen at ${p.point} #${p.k}`
    : p.kind === 'ops'
      ? `once ${p.after} ops were inserted`
      : `${p.moment === 'before' ? 'before' : 'after the answer of'} B's page request #${p.n}`

interface Push {
  device: string
  first: number
  last: number
  accepted: number
}

interface Kill {
  plan: Plan
  /** The server's last line before it died, and what the devices had in flight. */
  lastLine: string
  inFlight: string[]
  /** A push in flight (the frozen one, or any): its device and client seqs, and how many inserts the server had made before the kill. */
  push?: { device: string; first: number; last: number; insertsBefore: number }
}

const dataRoot = mkdtempSync(join(tmpdir(), 'crm-server-kill-'))
/** Every server child this file started: one still running when the test failed is ended here. */
const children: ChildProcess[] = []
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  rmSync(dataRoot, { recursive: true, force: true })
})

/**
 * The server, one run at a time on one folder and port. A run's plan says when it is killed; the
 * kill starts the next run (with the next plan) at once; `ready` is the running one's start.
 */
function killableServer(plans: Plan[]) {
  const dir = join(dataRoot, 'server')
  let port = 0
  let url = ''
  let run: { child: ChildProcess; pid: number; plan: Plan | null; up: boolean; lines: string[]; inserted: number; dying: Promise<void> | null; exit: Promise<NodeJS.Signals | number | null> } | null = null
  const kills: Kill[] = []
  const pushes: Push[] = []
  /** Every push transaction's insert the server reported, over all runs, in order (committed or not). */
  const inserts: { device: string; first: number; last: number }[] = []
  const inFlight = new Map<string, { device: string; first: number; last: number } | null>()
  let ready: Promise<void> = Promise.resolve()

  function start(plan: Plan | null): Promise<void> {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', CRM_SERVER_DIR: dir, SERVER_FREEZE: plan?.kind === 'freeze' ? `${plan.point}:${plan.k}` : '' }
    delete env.DATABASE_URL // PGlite in the folder, whatever the shell has
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', PRELOAD, 'src-server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(child)
    const exit = new Promise<NodeJS.Signals | number | null>((done) => child.once('exit', (code, signal) => done(signal ?? code)))
    const current = { child, pid: child.pid!, plan, up: false, lines: [] as string[], inserted: 0, dying: null as Promise<void> | null, exit }
    run = current
    let output = ''
    let buffered = ''
    return new Promise<void>((started, fail) => {
      const timer = setTimeout(() => fail(new Error(`The sync server did not start in ${START_TIMEOUT_MS / 1000} s:\n${output}`)), START_TIMEOUT_MS)
      void exit.then((how) => {
        clearTimeout(timer)
        if (!current.dying) fail(new Error(`The sync server ended by itself (${how}):\n${output}`))
      })
      child.stderr!.on('data', (chunk: Buffer) => void (output += chunk))
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk
        buffered += chunk
        for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
          const line = buffered.slice(0, nl)
          buffered = buffered.slice(nl + 1)
          const listening = /Sync server listening on (http:\/\/\S+)/.exec(line)
          if (listening) {
            clearTimeout(timer)
            url = listening[1]
            port = Number(new URL(url).port)
            // the lock is this run's: the dead one's was taken over
            expect(Number(readFileSync(join(dir, 'server.lock'), 'utf8'))).toBe(current.pid)
            current.up = true
            started()
            continue
          }
          if (current.dying) continue
          current.lines.push(line)
          const [what, , n, device, first, last] = line.split(' ')
          if (what === 'inserted') inserts.push({ device, first: Number(first), last: Number(last) })
          if (what === 'frozen') void kill(current)
          else if (what === 'inserted' && plan?.kind === 'ops' && (current.inserted += Number(n)) >= plan.after) void kill(current)
        }
      })
    })
  }

  /**
   * SIGKILL, then the next run on the same folder (whose lock still names the dead server).
   * Resolves when it is dead; `ready` when the next one listens.
   */
  function kill(target: NonNullable<typeof run>): Promise<unknown> {
    if (target !== run || target.dying) return target.exit
    const lastLine = target.lines[target.lines.length - 1] ?? '(nothing yet)'
    const record: Kill = { plan: target.plan!, lastLine, inFlight: [...inFlight.keys()] }
    const frozen = /^frozen (?:inserted|committed) \d+ \d+ (\S+) (\d+) (\d+)$/.exec(lastLine)
    // a push in flight: the seqs the server took as new if it got as far as inserting them, else the device's
    const sent = [...inFlight.values()].find(Boolean)
    const inserted = sent && [...target.lines].reverse().find((l) => l.startsWith('inserted ') && l.endsWith(` ${sent.device} ${l.split(' ')[4]} ${sent.last}`))
    const pushing = frozen
      ? { device: frozen[1], first: Number(frozen[2]), last: Number(frozen[3]) }
      : inserted
        ? { device: sent.device, first: Number(inserted.split(' ')[4]), last: sent.last }
        : sent
    if (pushing) record.push = { ...pushing, insertsBefore: inserts.length }
    kills.push(record)
    target.child.kill('SIGKILL')
    target.dying = (async () => {
      expect(await target.exit).toBe('SIGKILL')
      expect(Number(readFileSync(join(dir, 'server.lock'), 'utf8')), 'the dead server left its lock').toBe(target.pid)
      await start(plans.shift() ?? null)
    })()
    ready = target.dying
    return target.exit
  }

  /** A device's fetch: the real one, off the network while `offline()`, watched (pushes, B's pages) for the plans. */
  function fetchFor(name: string, offline: () => boolean): typeof fetch {
    let pulls = 0
    let pullsOfRun: unknown = null
    return (async (input: string | URL | Request, init: RequestInit = {}) => {
      if (offline()) throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('off the network (test)'), { code: 'ECONNREFUSED' }) })
      const address = String(input)
      const isPush = init.method === 'POST' && address.endsWith('/push')
      const isPull = /\/ops\?/.test(address)
      if (!isPush && !isPull) return fetch(input, init)
      // requests while the next run starts are refused; they count for no run
      const current = run?.up && !run.dying ? run : null
      if (pullsOfRun !== current) ((pullsOfRun = current), (pulls = 0))
      const plan = current?.plan
      const pageOfPlan = isPull && name === 'B' && plan?.kind === 'pullB' && ++pulls === plan.n ? plan.moment : null
      let what = `${name} pull after ${new URL(address).searchParams.get('after')}`
      let body: { deviceId: string; ops: PushOp[] } | null = null
      let seqs: { device: string; first: number; last: number } | null = null
      if (isPush) {
        body = JSON.parse(String(init.body)) as { deviceId: string; ops: PushOp[] }
        seqs = { device: body.deviceId, first: body.ops[0].clientSeq, last: body.ops[body.ops.length - 1].clientSeq }
        what = `${name} push ${seqs.first}-${seqs.last}`
      }
      // dead before the request is sent: it is refused (the next run is still starting)
      if (pageOfPlan === 'before') await kill(current!)
      inFlight.set(what, seqs)
      try {
        const response = await fetch(input, init)
        const bytes = await response.arrayBuffer()
        if (seqs && response.ok) pushes.push({ ...seqs, accepted: (JSON.parse(Buffer.from(bytes).toString('utf8')) as PushAnswer).accepted })
        // the page came; the server dies before the next request (the page is this device's to apply)
        if (pageOfPlan === 'answered') void kill(current!)
        return new Response(bytes, { status: response.status, headers: response.headers })
      } finally {
        inFlight.delete(what)
      }
    }) as typeof fetch
  }

  return {
    /** The first run, with no plan (the workspace is set up on it). */
    start: () => (ready = start(null)),
    /** A clean stop and a run with the first plan. */
    async next() {
      await this.stop()
      await (ready = start(plans.shift() ?? null))
    },
    get ready() {
      return ready
    },
    get url() {
      return url
    },
    dir,
    kills,
    pushes,
    inserts,
    plansLeft: () => plans.length + (run?.plan && !run.dying ? 1 : 0),
    fetchFor,
    /** SIGTERM: the server finishes and closes its database (and lock). */
    async stop() {
      await ready
      const last = run!
      last.dying = Promise.resolve()
      last.child.kill('SIGTERM')
      expect(await last.exit).toBe(0)
    },
  }
}

/** Seeded plans: phase 1 (A pushes) kills in pushes, phase 2 (B catches up) in B's pull, phase 3 anywhere. */
function makePlans(random: () => number): { plans: Plan[]; phases: [number, number, number] } {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))
  // a phase-1 batch brings ~600 ops; a phase-3 round 25 edits
  const push = (i: number, ops = 600): Plan =>
    i % 3 === 0 ? { kind: 'freeze', point: 'committed', k: int(1, 3) } : i % 3 === 1 ? { kind: 'freeze', point: 'inserted', k: int(1, 3) } : { kind: 'ops', after: int(1, ops) }
  const pull = (i: number): Plan => (i % 3 === 2 ? { kind: 'freeze', point: 'page', k: int(1, 4) } : { kind: 'pullB', n: int(1, 3), moment: i % 3 === 0 ? 'answered' : 'before' })
  const phase1 = Math.max(1, Math.ceil(KILLS / 2))
  const phase2 = Math.min(KILLS - phase1, 2)
  const offset = int(0, 2)
  const plans: Plan[] = []
  for (let i = 0; i < phase1; i++) plans.push(push(i + offset))
  for (let i = 0; i < phase2; i++) plans.push(pull(i + offset))
  for (let i = phase1 + phase2; i < KILLS; i++) plans.push(random() < 0.5 ? push(int(0, 2), 40) : pull(int(0, 2)))
  return { plans, phases: [phase1, phase2, KILLS - phase1 - phase2] }
}

function openDevice(name: string, server: ReturnType<typeof killableServer>, offline: () => boolean) {
  const dataDir = tempDir()
  const core: Core = createCore({ dataDir, migrationsFolder: MIGRATIONS, log: quietLog, version: 'test', scheduler: false, backupTimers: false, syncFetch: server.fetchFor(name, offline) })
  const { ok } = callers(core)
  /** Sync now until a cycle ends with nothing to push or pull; a dead server is waited for (its restart), never slept on. */
  const quiet = async (): Promise<SyncStatus> => {
    let status: SyncStatus | null = null
    for (let round = 0; round < 60; round++) {
      await server.ready
      status = await ok('sync.now')
      if (status.state === 'synced' && status.pending === 0) return status
      if (status.state !== 'offline' && status.state !== 'syncing' && status.state !== 'waiting') break
    }
    throw new Error(`${name} is not quiet: ${JSON.stringify(status)}`)
  }
  return { name, dataDir, core, ok, quiet }
}

/** A CSV import of `count` contacts named <prefix>N<i> (last name Made), to its end. */
async function importContacts(core: Core, ok: Ok, count: number, prefix: string): Promise<void> {
  const rows = Array.from({ length: count }, (_, i) => `${prefix}N${i},Made,${prefix.toLowerCase()}n${i}@server-kill.example`)
  const preview = await ok('imports.prepare', { fileName: 'batch.csv', text: `First name,Last name,Email\n${rows.join('\n')}\n` })
  const finished = new Promise<string>((done) => {
    const off = core.on('import.progress', (p) => {
      if (p.status !== 'running') {
        off?.()
        done(p.status)
      }
    })
  })
  await ok('imports.start', { sessionId: preview.sessionId, mapping: ['firstName', 'lastName', 'email'], onMatch: 'create' })
  expect(await finished).toBe('done')
}

const FIELDS = { jobTitle: 'job_title', owner: 'owner', leadSource: 'lead_source' } as const
type Field = keyof typeof FIELDS

test('the sync server killed -9 during pushes and pulls loses no op and stores or applies none twice', async () => {
  const t0 = performance.now()
  const random = seededRandom(SEED)
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))
  const { plans, phases } = makePlans(random)
  const server = killableServer(plans)
  /** Whether kills planned for this phase are still to come (the plans of later phases are queued behind them). */
  const killsLeft = (phase: 1 | 2 | 3) => server.plansLeft() > phases.slice(phase).reduce((x, y) => x + y, 0)
  await server.start()

  let bOffline = false
  const a = openDevice('A', server, () => false)
  const b = openDevice('B', server, () => bOffline)
  const devices = [a, b]
  try {
    await a.ok('sync.connect', { mode: 'create', server: server.url, email: 'ana@server-kill.example', password: PASSWORD, name: 'Ana', workspaceName: 'Kill the server' })
    const invite = await a.ok('sync.invite', { role: 'member' })
    await b.ok('sync.connect', { mode: 'join', server: server.url, inviteCode: invite.code, email: 'ben@server-kill.example', password: PASSWORD, name: 'Ben' })
    await a.quiet()
    await b.quiet()
    await server.next()
    const deviceOf = Object.fromEntries(devices.map((d) => [readDb(d.dataDir, (db) => db.prepare("SELECT value FROM meta WHERE key = 'device_id'").pluck().get() as string), d.name]))

    /** The last value written to each field, by the test (contact id + field → value). */
    const lastWrite = new Map<string, string>()
    const ids: string[] = []
    let edit = 0
    const editFields = async (d: typeof a, count: number) => {
      for (let i = 0; i < count; i++) {
        const id = ids[int(0, Math.min(ids.length, 300) - 1)] // a few hundred contacts: most fields edited more than once
        const field = (['jobTitle', 'owner', 'leadSource'] as Field[])[int(0, 2)]
        const value = `${d.name}-${field}-${++edit}`
        const result = await d.core.invoke('contacts.update', { id, patch: { [field]: value } })
        if (!result.ok && result.error.code === 'NOT_FOUND') throw new Error(`${d.name} does not have contact ${id}, made on A: an op of A never reached it`)
        if (!result.ok) throw new Error(`contacts.update failed: ${result.error.code} ${result.error.message}`)
        lastWrite.set(`${id} ${field}`, value)
      }
    }

    // 1. A makes 2,000 contacts and edits, syncing as it goes (every commit starts a cycle); B is away
    const phaseSeconds: string[] = []
    let phaseStart = performance.now()
    const phaseEnd = () => {
      phaseSeconds.push(((performance.now() - phaseStart) / 1000).toFixed(1))
      phaseStart = performance.now()
    }
    bOffline = true
    for (let batch = 0; batch < BATCHES; batch++) {
      await importContacts(a.core, a.ok, BATCH, `C${batch}`)
      const made = readDb(a.dataDir, (db) => db.prepare('SELECT id FROM contacts WHERE first_name LIKE ? ORDER BY first_name').pluck().all(`C${batch}N%`) as string[])
      ids.push(...made)
      await editFields(a, 30)
      const owned = made.slice(0, 50)
      await a.ok('contacts.bulk', { target: { ids: owned }, action: { kind: 'setOwner', owner: `bulk-${batch}` } })
      for (const id of owned) lastWrite.set(`${id} owner`, `bulk-${batch}`)
      await a.quiet()
    }
    for (let extra = 0; killsLeft(1) && extra < 30; extra++) {
      await editFields(a, 20)
      await a.quiet()
    }

    phaseEnd()

    // 2. B is back: it catches up page by page (A's ops), the server killed around its pages
    bOffline = false
    await b.quiet()
    for (let extra = 0; killsLeft(2) && extra < 30; extra++) {
      await editFields(a, 20)
      await a.quiet()
      await b.quiet()
    }

    phaseEnd()

    // 3. turns: one device edits fields the other edited, after the other's edits have arrived
    for (let round = 0; round < 6 || (killsLeft(3) && round < 40); round++) {
      const [editor, other] = round % 2 === 0 ? [b, a] : [a, b]
      await editFields(editor, 25)
      await editor.quiet()
      await other.quiet()
    }
    await a.quiet()
    await b.quiet()
    await a.quiet()
    phaseEnd()
    const kills = server.kills
    await server.stop()

    // the server's folder, read after a clean stop
    const pg = await PGlite.create(join(server.dir, 'pgdata'))
    const ops = (await pg.query<{ seq: number; device_id: string; client_seq: number; hlc: string }>('SELECT seq::int, device_id, client_seq::int, hlc FROM ops ORDER BY seq')).rows
    const head = (await pg.query<{ seq: number }>('SELECT seq::int FROM workspaces')).rows
    const lastSeqs = (await pg.query<{ device_id: string; last_client_seq: number }>('SELECT device_id, last_client_seq::int FROM devices')).rows
    await pg.close()

    const seconds = ((performance.now() - t0) / 1000).toFixed(1)
    /** Where the server stored that device's ops from, the next time after the kill (the server starts right after what it holds). */
    const nextInsert = (push: NonNullable<Kill['push']>) => server.inserts.slice(push.insertsBefore).find((i) => i.device === push.device)
    const where = kills.map((k, i) => {
      const next = k.push && nextInsert(k.push)
      const after = !k.push
        ? ''
        : !next
          ? `; ${deviceOf[k.push.device]} stored nothing new after it`
          : `; ${deviceOf[k.push.device]}'s next ops were stored from #${next.first} (${next.first === k.push.first ? 'none of that push had been kept' : next.first === k.push.last + 1 ? 'that push had been kept' : 'part of it had been kept'})`
      return `#${i + 1} ${describePlan(k.plan)}: server's last line "${k.lastLine}", in flight [${k.inFlight.join(', ')}]${after}`
    })
    const repeated = server.pushes.filter((p) => p.accepted < p.last - p.first + 1)
    console.log(
      `sync-server-kill: ${kills.length} kills, ${ops.length} ops on the server, ${repeated.length} pushes answered as (partly) repeats, ${seconds} s (phases ${phaseSeconds.join(' + ')} s; seed ${SEED})\n  ${where.join('\n  ')}`,
    )
    expect(kills.length).toBe(KILLS)

    // at the moment: a push killed before its commit is not on the server, one killed after it is
    for (const k of kills) {
      if (!k.push || k.plan.kind !== 'freeze' || k.plan.point === 'page') continue
      // rolled back: the device's next ops are stored from the killed push's first seq; committed: after its last
      const next = nextInsert(k.push)
      if (next || k.plan.point === 'inserted') expect(next?.first, describePlan(k.plan)).toBe(k.plan.point === 'committed' ? k.push.last + 1 : k.push.first)
    }

    // the server: each (device, client seq) once, 1..n per device, workspace seqs 1..head, each hlc once
    expect(ops.map((o) => o.seq)).toEqual(Array.from({ length: ops.length }, (_, i) => i + 1))
    expect(head).toEqual([{ seq: ops.length }])
    expect(new Set(ops.map((o) => o.hlc)).size, 'an op is on the server twice').toBe(ops.length)
    for (const [deviceId, name] of Object.entries(deviceOf)) {
      const seqs = ops.filter((o) => o.device_id === deviceId).map((o) => o.client_seq)
      expect(seqs, `${name}'s client seqs`).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1))
      expect(lastSeqs.find((r) => r.device_id === deviceId)?.last_client_seq).toBe(seqs.length)
    }

    // every device: all it wrote is on the server, and it holds exactly the server's ops
    const serverHlcs = ops.map((o) => o.hlc).sort()
    const rowsOf = new Map<string, Map<string, Record<string, string | null>>>()
    for (const d of devices) {
      const [deviceId] = Object.entries(deviceOf).find(([, name]) => name === d.name)!
      readDb(d.dataDir, (db) => {
        const own = db.prepare('SELECT hlc FROM change_log WHERE device_id = ? ORDER BY hlc').pluck().all(deviceId) as string[]
        expect(own, `${d.name}'s entries on the server`).toEqual(ops.filter((o) => o.device_id === deviceId).map((o) => o.hlc).sort())
        const all = db.prepare('SELECT hlc FROM change_log ORDER BY hlc').pluck().all() as string[]
        expect(all, `${d.name} holds the server's ops, each once`).toEqual(serverHlcs)
        const names = db.prepare("SELECT first_name FROM contacts WHERE last_name = 'Made'").pluck().all() as string[]
        expect(names.length, `${d.name}: contacts made`).toBe(BATCHES * BATCH)
        expect(new Set(names).size, `${d.name}: a contact made twice`).toBe(names.length)
        rowsOf.set(d.name, new Map((db.prepare('SELECT id, job_title, owner, lead_source FROM contacts').all() as Record<string, string | null>[]).map((r) => [r.id!, r])))
      })
    }
    const digests = devices.map((d) => readDb(d.dataDir, (db) => syncedDigest(readerOf(new Statements(db)))))
    expect(digests[1], "B's digest is A's").toBe(digests[0])

    // the last edit of each field wins, on both
    for (const d of devices) {
      const rows = rowsOf.get(d.name)!
      const wrong = [...lastWrite].filter(([key, value]) => {
        const [id, field] = key.split(' ') as [string, Field]
        return rows.get(id)?.[FIELDS[field]] !== value
      })
      expect(wrong.slice(0, 5), `${d.name}: fields that do not hold their last edit (of ${lastWrite.size})`).toEqual([])
    }
    if (kills.some((k) => k.plan.kind === 'freeze' && k.plan.point === 'committed' && k.push)) {
      expect(repeated.length, 'a push answered as repeats (a kill after a commit)').toBeGreaterThan(0)
    }
  } finally {
    for (const d of devices) d.core.close()
  }
}, 180_000)
