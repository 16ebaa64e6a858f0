/**
 * Sync server under load: ONE server process (`src-server/main.ts`, as `npm run server` starts it;
 * PGlite on disk, or BENCH_SYNC_DATABASE_URL=postgres://… for PostgreSQL, where the bench creates
 * fresh databases) and BENCH_SYNC_DEVICES (50) devices, each the one device of its own account,
 * all members of ONE workspace (BENCH_SYNC_WORKSPACES=n spreads them round-robin over n). Each
 * device, for 60 s (BENCH_QUICK=1: 10 s; BENCH_SYNC_SECONDS), loops: push a batch of 10–200
 * contact ops (new contacts with an email row, field edits of its contacts), the next batch on the
 * ack; every 5th push, a pull from its cursor to the head in pages of 1,000 (checksum and gapless
 * seqs checked, as the client does). A failed push is sent again as is (it is idempotent).
 * Each device connects from its own loopback address (127.0.0.x), as devices on a network do:
 * the server's per-address throttling of account creation then applies to each on its own.
 *
 * After the run: every workspace pulled whole, checked: each acked (deviceId, clientSeq) stored
 * exactly once, nothing stored that was not acked, seqs 1..head without a gap. Errors (any
 * non-2xx, a network error, a bad page) and lost ops must be 0: exit code 1 otherwise.
 *
 * Reference in the same run, once the server has stopped: the same number of ops in the same batch
 * sizes written straight into the same kind of database (a fresh one, the server's migrations),
 * with the server's own INSERT … SELECT FROM unnest, one transaction per batch, one connection.
 * Ratio = server ops/s ÷ raw ops/s: what HTTP, auth, validation, the device lock and the seq
 * allocation cost, with 50 devices sharing the server.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { HybridLogicalClock } from '../../src-shared/hlc'
import {
  DEFAULT_PULL_OPS,
  MAX_PULL_OPS,
  SYNC_SCHEMA_VERSION,
  pageChecksumInput,
  type PullAnswer,
  type PushAnswer,
  type PushOp,
  type SessionAnswer,
  type WorkspaceSummary,
} from '../../src-shared/sync-protocol'
import { migrate } from '../../src-server/db/migrate'
import { openPglite } from '../../src-server/db/pglite'
import type { Database } from '../../src-server/db/port'
import { openPostgres } from '../../src-server/db/postgres'
import { createDatabase } from '../server/pg-cluster'

const QUICK = process.env.BENCH_QUICK === '1'
const SECONDS = Number(process.env.BENCH_SYNC_SECONDS ?? (QUICK ? 10 : 60))
const DEVICES = Number(process.env.BENCH_SYNC_DEVICES ?? 50)
const WORKSPACES = Number(process.env.BENCH_SYNC_WORKSPACES ?? 1)
const PG_URL = process.env.BENCH_SYNC_DATABASE_URL
const MIN_OPS = 10
const MAX_OPS = 200
const PULL_EVERY = 5
const PASSWORD = 'bench password 1'
const ROOT = resolve(__dirname, '../..')

// nearest rank, as percentiles.ts picks its p95 (that file runs a function; these are samples of a run)
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))] ?? 0
const int = (n: number) => Math.round(n).toLocaleString('en-US')
const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0))

/** Seeded, so the raw reference can make ops of the same shapes. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const FIRST = ['Ana', 'Ben', 'Chloé', 'David', 'Eva', 'Farid', 'Grace', 'Hugo', 'Inès', 'Jonas', 'Kai', 'Lena', 'Marta', 'Noah', 'Olga', 'Pedro']
const LAST = ['Martin', 'Bernard', 'Dubois', 'Schmidt', 'García', 'Rossi', 'Novak', 'Kowalski', 'Smith', 'Jensen', 'Silva', 'Müller']
const TITLES = ['Buyer', 'Head of purchasing', 'Office manager', 'CEO', 'Sales lead', 'Accountant', null]
const STAGES = ['lead', 'prospect', 'customer', 'churned']
const CITIES = [
  ['Lyon', 'FR'],
  ['Berlin', 'DE'],
  ['Porto', 'PT'],
  ['Leeds', 'GB'],
  ['Gdańsk', 'PL'],
]
const NOTE = 'Met at the trade fair; wants a quote for the spring order and a call back after the holidays. '

/** What one device's app writes: new contacts (the row and its email) and edits of its contacts' fields. */
class OpMaker {
  private readonly clock: HybridLogicalClock
  private readonly rand: () => number
  private readonly contacts: string[] = []
  next = 1

  constructor(
    readonly deviceId: string,
    seed: number,
  ) {
    this.clock = new HybridLogicalClock(deviceId, Date.now)
    this.rand = random(seed)
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)]
  }

  private op(txId: string, table: string, rowId: string, column: string, value: unknown): PushOp {
    return { clientSeq: this.next++, hlc: this.clock.now(), schemaVersion: SYNC_SCHEMA_VERSION, txId, table, rowId, column, value: JSON.stringify(value) }
  }

  size(): number {
    return MIN_OPS + Math.floor(this.rand() * (MAX_OPS - MIN_OPS + 1))
  }

  batch(n: number): PushOp[] {
    const ops: PushOp[] = []
    while (ops.length < n) {
      const txId = uuidv7()
      const now = Date.now()
      if (this.contacts.length < 20 || this.rand() < 0.3) {
        const id = uuidv7()
        this.contacts.push(id)
        const first = this.pick(FIRST)
        const last = this.pick(LAST)
        const [city, country] = this.pick(CITIES)
        const title = this.pick(TITLES)
        ops.push(
          this.op(txId, 'contacts', id, '*', {
            first_name: first,
            last_name: last,
            ...(title ? { job_title: title } : {}),
            lifecycle_stage: this.pick(STAGES),
            lead_source: 'trade fair',
            address_city: city,
            address_country: country,
            notes: NOTE.repeat(Math.floor(this.rand() * 4)),
            created_at: now,
            updated_at: now,
          }),
        )
        if (ops.length < n) {
          ops.push(this.op(txId, 'contact_channels', uuidv7(), '*', { contact_id: id, kind: 'email', value: `${first}.${last}@example.com`.toLowerCase(), created_at: now, updated_at: now }))
        }
      } else {
        const id = this.pick(this.contacts)
        const edits = 1 + Math.floor(this.rand() * 3)
        for (let i = 0; i < edits && ops.length < n; i++) {
          const kind = this.rand()
          if (kind < 0.35) ops.push(this.op(txId, 'contacts', id, 'job_title', this.pick(TITLES)))
          else if (kind < 0.6) ops.push(this.op(txId, 'contacts', id, 'lifecycle_stage', this.pick(STAGES)))
          else if (kind < 0.85) ops.push(this.op(txId, 'contacts', id, 'notes', NOTE.repeat(1 + Math.floor(this.rand() * 3))))
          else ops.push(this.op(txId, 'contacts', id, 'address_city', this.pick(CITIES)[0]))
        }
      }
    }
    return ops
  }
}

// ---- HTTP: node:http, one kept-alive socket per device, bound to the device's own address ----

interface Reply {
  status: number
  text: string
}

class Client {
  private readonly agent: http.Agent
  constructor(
    private readonly base: URL,
    readonly localAddress: string,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  }

  send(method: string, path: string, token?: string, body?: unknown): Promise<Reply> {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const headers: Record<string, string | number> = {}
    if (token) headers.authorization = `Bearer ${token}`
    if (payload !== undefined) (headers['content-type'] = 'application/json'), (headers['content-length'] = Buffer.byteLength(payload))
    return new Promise((done, fail) => {
      const request = http.request({ host: this.base.hostname, port: this.base.port, path, method, headers, agent: this.agent, localAddress: this.localAddress }, (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => done({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
        response.on('error', fail)
      })
      request.on('error', fail)
      request.end(payload)
    })
  }

  async json<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
    const reply = await this.send(method, path, token, body)
    if (reply.status < 200 || reply.status > 299) throw new Error(`${method} ${path}: ${reply.status} ${reply.text.slice(0, 300)}`)
    return JSON.parse(reply.text) as T
  }

  close(): void {
    this.agent.destroy()
  }
}

// ---- errors, by reason ----

const errors = new Map<string, number>()
let errorCount = 0
function fail(what: string, reason: string): void {
  errorCount++
  const key = `${what}: ${reason.replace(/\s+/g, ' ').slice(0, 240)}`
  errors.set(key, (errors.get(key) ?? 0) + 1)
}
function reasonOf(reply: Reply): string {
  try {
    const body = JSON.parse(reply.text) as { error?: { code?: string; message?: string } }
    if (body.error) return `${reply.status} ${body.error.code}: ${body.error.message}`
  } catch {
    // not JSON: the text as is
  }
  return `${reply.status} ${reply.text}`
}

// ---- the server process ----

interface ServerProcess {
  url: string
  pid: number
  loggedErrors: string[]
  close(): Promise<void>
}

function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src-server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const loggedErrors: string[] = []
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk.toString()
    loggedErrors.push(text)
    process.stderr.write(`server: ${text}`)
  })
  return new Promise((done, reject) => {
    let output = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (\S+)/.exec(output)
      if (match) {
        done({
          url: match[1],
          pid: child.pid!,
          loggedErrors,
          close: () => new Promise((closed) => (child.exitCode !== null ? closed() : (child.once('exit', () => closed()), child.kill('SIGTERM')))),
        })
      }
    })
    child.once('exit', (code) => reject(new Error(`the sync server exited with ${code}: ${output}${loggedErrors.join('')}`)))
  })
}

/** CPU seconds a process has used (Linux /proc; null elsewhere). */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100 // utime + stime, in clock ticks (100/s on Linux)
  } catch {
    return null
  }
}

// ---- devices ----

interface Device {
  index: number
  client: Client
  maker: OpMaker
  token: string
  workspaceId: string
  acked: number
  cursor: number
  epoch: string
}

const pushLatencies: number[] = []
const pullLatencies: number[] = []
const pullToHead: number[] = []
/** Sizes of the acked pushes, in the order they were acked (the raw reference writes the same). */
const ackedSizes: number[] = []
let pulledOps = 0

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

let pullsCut = 0

/**
 * Pulls from the device's cursor to the head, checking each page as the client does (no record
 * is private here: every page is gapless). Stops at the end of the run, unfinished.
 */
async function pullToTheHead(device: Device, end: number): Promise<void> {
  const t0 = performance.now()
  for (;;) {
    if (performance.now() >= end) return void pullsCut++
    const path = `/v1/workspaces/${device.workspaceId}/ops?epoch=${device.epoch}&after=${device.cursor}&limit=${DEFAULT_PULL_OPS}`
    const t = performance.now()
    let reply: Reply
    try {
      reply = await device.client.send('GET', path, device.token)
    } catch (error) {
      fail('pull', `network: ${(error as Error).message}`)
      return
    }
    pullLatencies.push(performance.now() - t)
    if (reply.status !== 200) return fail('pull', reasonOf(reply))
    const page = JSON.parse(reply.text) as PullAnswer
    if (device.epoch && page.epoch !== device.epoch) return fail('pull', `the epoch changed from ${device.epoch} to ${page.epoch}`)
    if (sha256(pageChecksumInput(page.ops)) !== page.checksum) return fail('pull', `page after ${device.cursor}: checksum mismatch`)
    for (let i = 0; i < page.ops.length; i++) {
      if (page.ops[i].seq !== device.cursor + i + 1) return fail('pull', `page after ${device.cursor}: seq ${page.ops[i].seq} at position ${i} (a gap)`)
    }
    device.epoch = page.epoch
    device.cursor = page.next
    pulledOps += page.ops.length
    if (page.next >= page.head) break
  }
  pullToHead.push(performance.now() - t0)
}

async function runDevice(device: Device, end: number): Promise<void> {
  let pushes = 0
  let ops: PushOp[] | null = null
  let failures = 0
  // past the end, a batch that failed is sent again until it is acked (all that was pushed is acked)
  while (performance.now() < end || (ops !== null && failures > 0 && failures < 10)) {
    ops ??= device.maker.batch(device.maker.size())
    const t = performance.now()
    let reply: Reply
    try {
      reply = await device.client.send('POST', `/v1/workspaces/${device.workspaceId}/push`, device.token, { deviceId: device.maker.deviceId, ops })
    } catch (error) {
      fail('push', `network: ${(error as Error).message}`)
      failures++
      await new Promise((r) => setTimeout(r, 1000)) // the client's first retry delay
      continue
    }
    const took = performance.now() - t
    if (reply.status !== 200) {
      fail('push', reasonOf(reply))
      failures++
      await new Promise((r) => setTimeout(r, 1000))
      continue
    }
    const answer = JSON.parse(reply.text) as PushAnswer
    const last = ops[ops.length - 1].clientSeq
    if (answer.lastClientSeq !== last) fail('push', `acked up to #${answer.lastClientSeq}, pushed up to #${last}`)
    if (failures === 0 && answer.accepted !== ops.length) fail('push', `accepted ${answer.accepted} of ${ops.length} new ops`)
    pushLatencies.push(took)
    ackedSizes.push(ops.length)
    device.acked = answer.lastClientSeq
    ops = null
    failures = 0
    // devices pull at staggered pushes (device i after its (i mod 5)+1-th), not all at once
    if ((++pushes + device.index) % PULL_EVERY === 0 && performance.now() < end) await pullToTheHead(device, end)
  }
}

/** Every op of the workspace, checked against what its devices had acked. */
async function verify(client: Client, token: string, workspaceId: string, devices: Device[]): Promise<{ ops: number; lost: number; duplicates: number; unacked: number; gaps: number }> {
  const counts = new Map<string, Uint8Array>(devices.map((d) => [d.maker.deviceId, new Uint8Array(d.acked + 1)]))
  let after = 0
  let head = 0
  let ops = 0
  let duplicates = 0
  let unacked = 0
  let gaps = 0
  for (;;) {
    const page = await client.json<PullAnswer>('GET', `/v1/workspaces/${workspaceId}/ops?after=${after}&limit=${MAX_PULL_OPS}`, token)
    if (sha256(pageChecksumInput(page.ops)) !== page.checksum) throw new Error(`verify: checksum mismatch after ${after}`)
    for (const op of page.ops) {
      if (op.seq !== after + 1) gaps++
      after = op.seq
      ops++
      const seen = counts.get(op.deviceId)
      if (!seen || op.clientSeq > seen.length - 1) unacked++
      else if (seen[op.clientSeq]++ > 0) duplicates++
    }
    head = page.head
    if (page.ops.length === 0 || page.next >= page.head) break
  }
  if (after !== head) gaps++
  let lost = 0
  for (const seen of counts.values()) for (let seq = 1; seq < seen.length; seq++) if (seen[seq] === 0) lost++
  return { ops, lost, duplicates, unacked, gaps }
}

// ---- the raw reference ----

const RAW_INSERT = `INSERT INTO ops (workspace_id, seq, device_id, client_seq, member_id, hlc, schema_version, tx_id, table_name, row_id, column_name, value, received_at)
  SELECT $1, u.seq, $2, u.client_seq, $3, u.hlc, u.schema_version, u.tx_id, u.table_name, u.row_id, u.column_name, u.value, $4
    FROM unnest($5::bigint[], $6::bigint[], $7::text[], $8::int[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
      AS u(seq, client_seq, hlc, schema_version, tx_id, table_name, row_id, column_name, value)`

async function rawInserts(db: Database, sizes: readonly number[]): Promise<number> {
  await migrate(db)
  const now = Date.now()
  const devices = Array.from({ length: DEVICES }, (_, i) => new OpMaker(`rawdevice${String(i).padStart(3, '0')}`, 1_000 + i))
  await db.transaction(async (tx) => {
    await tx.query("INSERT INTO accounts (id, email, name, password_hash, created_at) VALUES ('a', 'raw@bench.example', 'Raw', 'x', $1)", [now])
    await tx.query("INSERT INTO workspaces (id, name, epoch, seq, created_at) VALUES ('w', 'Raw', 'e', 0, $1)", [now])
    await tx.query("INSERT INTO members (workspace_id, id, account_id, role, created_at) VALUES ('w', 'm', 'a', 'owner', $1)", [now])
    for (const d of devices) await tx.query("INSERT INTO devices (workspace_id, device_id, member_id, last_client_seq, created_at) VALUES ('w', $1, 'm', 0, $2)", [d.deviceId, now])
  })
  // the ops are made before the clock starts: the reference times the database alone
  let seq = 0
  const batches = sizes.map((n, i) => {
    const maker = devices[i % devices.length]
    const ops = maker.batch(n)
    const first = seq + 1
    seq += n
    return { maker, ops, first }
  })
  const t0 = performance.now()
  for (const { maker, ops, first } of batches) {
    await db.transaction((tx) =>
      tx.query(RAW_INSERT, [
        'w',
        maker.deviceId,
        'm',
        now,
        ops.map((_, i) => first + i),
        ops.map((op) => op.clientSeq),
        ops.map((op) => op.hlc),
        ops.map((op) => op.schemaVersion),
        ops.map((op) => op.txId),
        ops.map((op) => op.table),
        ops.map((op) => op.rowId),
        ops.map((op) => op.column),
        ops.map((op) => op.value),
      ]),
    )
  }
  return performance.now() - t0
}

async function main() {
  const dirs: string[] = []
  const temp = () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-sync-server-bench-'))
    dirs.push(dir)
    return dir
  }
  const serverUrl = PG_URL ? await createDatabase(PG_URL, 'crm_bench') : null
  const server = await startServerProcess(serverUrl ? { DATABASE_URL: serverUrl } : { CRM_SERVER_DIR: temp() })
  const where = serverUrl ? 'PostgreSQL (BENCH_SYNC_DATABASE_URL, pool of 10)' : 'PGlite on disk'
  const base = new URL(server.url)
  const clients: Client[] = []
  let exitCode = 0
  try {
    // --- accounts, workspaces, members: device i's account is created from its own address ---
    const addressOf = (i: number) => `127.0.${Math.floor((i + 2) / 250)}.${((i + 2) % 250) + 2}`
    const sessions: SessionAnswer[] = new Array(DEVICES)
    for (let start = 0; start < DEVICES; start += 4) {
      await Promise.all(
        Array.from({ length: Math.min(4, DEVICES - start) }, async (_, k) => {
          const i = start + k
          const client = new Client(base, addressOf(i))
          clients[i] = client
          sessions[i] = await client.json<SessionAnswer>('POST', '/v1/accounts', undefined, { email: `device${i}@bench.example`, password: PASSWORD, name: `Device ${i}` })
        }),
      )
    }
    const owners: { index: number; workspace: WorkspaceSummary }[] = []
    for (let w = 0; w < Math.min(WORKSPACES, DEVICES); w++) {
      owners.push({ index: w, workspace: await clients[w].json<WorkspaceSummary>('POST', '/v1/workspaces', sessions[w].token, { name: `Bench ${w + 1}` }) })
    }
    const devices: Device[] = []
    for (let i = 0; i < DEVICES; i++) {
      const owner = owners[i % owners.length]
      if (i !== owner.index) {
        const invite = await clients[owner.index].json<{ code: string }>('POST', `/v1/workspaces/${owner.workspace.id}/invites`, sessions[owner.index].token, { role: 'member' })
        await clients[i].json('POST', '/v1/invites/accept', sessions[i].token, { code: invite.code })
      }
      devices.push({ index: i, client: clients[i], maker: new OpMaker(`benchdevice${String(i).padStart(3, '0')}`, i + 1), token: sessions[i].token, workspaceId: owner.workspace.id, acked: 0, cursor: 0, epoch: '' })
    }

    // --- the run ---
    const load = loadavg()[0]
    const cpu0 = cpuSeconds(server.pid)
    const benchCpu0 = process.cpuUsage()
    const t0 = performance.now()
    const end = t0 + SECONDS * 1000
    await Promise.all(devices.map((d) => runDevice(d, end)))
    const wallS = (performance.now() - t0) / 1000
    const serverCpu = cpu0 === null ? null : cpuSeconds(server.pid)! - cpu0
    const benchCpu = process.cpuUsage(benchCpu0)

    // --- everything pushed is there, once, in gapless seqs ---
    const checked = { ops: 0, lost: 0, duplicates: 0, unacked: 0, gaps: 0 }
    for (const owner of owners) {
      const result = await verify(clients[owner.index], sessions[owner.index].token, owner.workspace.id, devices.filter((d) => d.workspaceId === owner.workspace.id))
      for (const key of Object.keys(checked) as (keyof typeof checked)[]) checked[key] += result[key]
    }
    for (const client of clients) client.close()
    await server.close()

    // --- raw reference: the same batches straight into the same kind of database ---
    const rawDb = PG_URL ? await openPostgres(await createDatabase(PG_URL, 'crm_bench_raw')) : await openPglite(temp())
    let rawMs: number
    try {
      rawMs = await rawInserts(rawDb, ackedSizes)
    } finally {
      await rawDb.close()
    }

    const pushes = pushLatencies.length
    const ops = ackedSizes.reduce((a, b) => a + b, 0)
    const opsPerS = ops / wallS
    const rawPerS = ops / (rawMs / 1000)
    pushLatencies.sort((a, b) => a - b)
    pullLatencies.sort((a, b) => a - b)
    pullToHead.sort((a, b) => a - b)
    const lost = checked.lost + checked.duplicates + checked.unacked + checked.gaps + (checked.ops === ops ? 0 : Math.abs(checked.ops - ops))
    const shape = owners.length === 1 ? `${DEVICES} members of 1 workspace` : `${DEVICES} members spread over ${owners.length} workspaces`
    console.log(`\nsync server under load: ${DEVICES} devices (${shape}), ${wallS.toFixed(1)} s, one server process on ${where}; ${cpus().length} CPUs shared by the server${serverUrl ? ', PostgreSQL' : ''} and the devices (load average ${load.toFixed(1)} at the start)`)
    console.log(`  pushes: ${int(pushes / wallS)}/s (${int(pushes)} pushes of ${MIN_OPS}–${MAX_OPS} ops, mean ${(ops / pushes).toFixed(0)})`)
    console.log(`  ops pushed: ${int(opsPerS)}/s (${int(ops)} ops)`)
    console.log(`  push latency: p50 ${ms(pct(pushLatencies, 0.5))} ms, p95 ${ms(pct(pushLatencies, 0.95))} ms, p99 ${ms(pct(pushLatencies, 0.99))} ms, max ${ms(pushLatencies.at(-1) ?? 0)} ms`)
    console.log(`  pull page latency (≤ ${DEFAULT_PULL_OPS} ops): p50 ${ms(pct(pullLatencies, 0.5))} ms, p95 ${ms(pct(pullLatencies, 0.95))} ms, p99 ${ms(pct(pullLatencies, 0.99))} ms (${int(pullLatencies.length)} pages, ${int(pulledOps / wallS)} ops/s pulled)`)
    const cut = `${pullsCut} cut short by the end of the run`
    console.log(
      pullToHead.length
        ? `  pull to the head (every ${PULL_EVERY}th push): p50 ${ms(pct(pullToHead, 0.5))} ms, p95 ${ms(pct(pullToHead, 0.95))} ms, p99 ${ms(pct(pullToHead, 0.99))} ms (${int(pullToHead.length)} pulls; ${cut})`
        : `  pull to the head (every ${PULL_EVERY}th push): none finished within the run (${cut})`,
    )
    console.log(`  errors: ${errorCount}${server.loggedErrors.length ? ` (the server logged ${server.loggedErrors.length} errors)` : ''}`)
    for (const [reason, n] of errors) console.log(`    ${n} × ${reason}`)
    console.log(
      `  lost: ${lost} (pulled back ${int(checked.ops)} ops: ${checked.lost} acked missing, ${checked.duplicates} stored twice, ${checked.unacked} stored unacked, ${checked.gaps} seq gaps)`,
    )
    console.log(`  raw reference: the server's INSERT … SELECT unnest of the same ${int(ackedSizes.length)} batches, one transaction each, one connection: ${int(rawPerS)} ops/s (${(rawMs / 1000).toFixed(1)} s)`)
    console.log(`  ratio server/raw ops/s: ${(opsPerS / rawPerS).toFixed(2)}`)
    if (serverCpu !== null) {
      console.log(`  CPU over the run: server process ${serverCpu.toFixed(1)} s (${((serverCpu / wallS) * 100).toFixed(0)}% of one CPU), devices (this process) ${((benchCpu.user + benchCpu.system) / 1e6).toFixed(1)} s`)
    }
    if (errorCount > 0 || lost > 0 || server.loggedErrors.length > 0) exitCode = 1
  } finally {
    for (const client of clients) client?.close()
    await server.close()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  }
  process.exit(exitCode)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
