/**
 * Sync client bench, against the real server (`src-server/main.ts`, PGlite, in its own process as in
 * real use, on loopback):
 * 1. Initial download: a workspace holding CONTACTS contacts and ACTIVITIES history entries (pushed
 *    by a device through the push route, not measured); a new device signs in and pulls it all
 *    (pages, checksums, the fold, the triggers), measured from connect to 'synced'. Next to it,
 *    raw prepared inserts of the same rows into a fresh database of the same schema (same triggers),
 *    in transactions of 1,000. Ratio = raw / download (goal ≥ 0.5).
 * 2. Edit → visible: device A edits a contact, device B (live events) shows it; p50/p95 of 100.
 * BENCH_QUICK=1: 10,000 contacts and 100,000 entries. BENCH_SYNC_CONTACTS / BENCH_SYNC_ACTIVITIES.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { SYNC_SCHEMA_VERSION, type PushOp, type SessionAnswer, type WorkspaceSummary } from '../../src-shared/sync-protocol'
import type { SyncStatus } from '../../src-shared/model/sync'
import { createCore, type Core } from '../../src-main/core/core'
import { openDatabase } from '../../src-main/core/db/open'
import { spawn, type ChildProcess } from 'node:child_process'

const QUICK = process.env.BENCH_QUICK === '1'
const CONTACTS = Number(process.env.BENCH_SYNC_CONTACTS ?? (QUICK ? 10_000 : 100_000))
const ACTIVITIES = Number(process.env.BENCH_SYNC_ACTIVITIES ?? (QUICK ? 100_000 : 1_000_000))
const MIGRATIONS = resolve(__dirname, '../../drizzle')
const quiet = { info() {}, warn() {}, error() {} }
const PASSWORD = 'bench password 1'
const dirs: string[] = []
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-sync-bench-'))
  dirs.push(dir)
  return dir
}

/** The rows of the data set, as SQL column → value (what an insert entry '*' carries). */
function* rows(): Generator<{ table: 'contacts' | 'activities'; id: string; fields: Record<string, unknown> }> {
  const start = Date.UTC(2024, 0, 1)
  const contactIds: string[] = []
  for (let i = 0; i < CONTACTS; i++) {
    const id = uuidv7()
    contactIds.push(id)
    yield { table: 'contacts', id, fields: { first_name: `First${i}`, last_name: `Last${i % 997}`, lifecycle_stage: 'lead', notes: '', created_at: start + i } }
  }
  for (let i = 0; i < ACTIVITIES; i++) {
    yield {
      table: 'activities',
      id: uuidv7(),
      fields: { type: 'note', contact_id: contactIds[i % CONTACTS], occurred_at: start + i * 1000, body: `Note ${i} about the order`, created_at: start + i },
    }
  }
}

async function json<T>(url: string, init: RequestInit & { token?: string; body?: string }): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (init.token) headers.authorization = `Bearer ${init.token}`
  const response = await fetch(url, { ...init, headers })
  if (!response.ok) throw new Error(`${init.method} ${url}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

function waitFor(core: Core, check: (s: SyncStatus) => boolean): Promise<SyncStatus> {
  return new Promise((done) => {
    const off = core.on('sync.status', (s) => {
      if (check(s)) {
        off()
        done(s)
      }
    })
    void core.invoke('sync.status').then((r) => {
      if (r.ok && check(r.value)) {
        off()
        done(r.value)
      }
    })
  })
}

/** The sync server as `npm run server` starts it, on a free port; resolves once it listens. */
function startServerProcess(dataDir: string): Promise<{ url: string; close(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src-server/main.ts'], {
    cwd: resolve(__dirname, '../..'),
    env: { ...process.env, PORT: '0', CRM_SERVER_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((done, fail) => {
    let output = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (\S+)/.exec(output)
      if (match) done({ url: match[1], close: () => new Promise((closed) => (child.once('exit', () => closed()), child.kill('SIGTERM'))) })
    })
    child.once('exit', (code) => fail(new Error(`the sync server exited with ${code}: ${output}`)))
  })
}

async function main() {
  // raw inserts first: they hold this thread for a minute, which would let kept-alive sockets go stale
  // --- raw inserts of the same rows, same schema and triggers ---
  const rawDir = temp()
  const { sqlite } = openDatabase({ file: join(rawDir, 'raw.db'), migrationsFolder: MIGRATIONS })
  const r0 = performance.now()
  const statements = new Map<string, { run(...params: unknown[]): unknown }>()
  let batch: { table: string; id: string; fields: Record<string, unknown> }[] = []
  const now = Date.now()
  const write = sqlite.transaction((items: typeof batch) => {
    for (const item of items) {
      const names = ['id', 'updated_at', 'deleted_at', ...Object.keys(item.fields)]
      const key = `${item.table}:${names.join(',')}`
      let statement = statements.get(key)
      if (!statement) statements.set(key, (statement = sqlite.prepare(`INSERT INTO ${item.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`)))
      statement.run(item.id, now, null, ...Object.values(item.fields))
    }
  })
  for (const row of rows()) {
    batch.push(row)
    if (batch.length === 1000) (write(batch), (batch = []))
  }
  write(batch)
  const rawMs = performance.now() - r0
  sqlite.close()

  const server = await startServerProcess(temp())
  try {
    // --- a workspace with the data set, pushed by one device ---
    const owner = await json<SessionAnswer>(`${server.url}/v1/accounts`, { method: 'POST', body: JSON.stringify({ email: 'owner@bench.example', password: PASSWORD, name: 'Owner' }) })
    const workspace = await json<WorkspaceSummary>(`${server.url}/v1/workspaces`, { method: 'POST', token: owner.token, body: JSON.stringify({ name: 'Bench' }) })
    const t0 = performance.now()
    let ops: PushOp[] = []
    let seq = 0
    let counter = 0
    const ms = Date.now() - 60_000
    const flush = async () => {
      if (ops.length === 0) return
      await json(`${server.url}/v1/workspaces/${workspace.id}/push`, { method: 'POST', token: owner.token, body: JSON.stringify({ deviceId: 'benchseeder01', ops }) })
      ops = []
    }
    for (const row of rows()) {
      seq++
      counter++
      ops.push({
        clientSeq: seq,
        hlc: `${(ms + Math.floor(counter / 60_000)).toString(16).padStart(12, '0')}-${(counter % 60_000).toString(16).padStart(4, '0')}-benchseeder01`,
        schemaVersion: SYNC_SCHEMA_VERSION,
        txId: `tx-${Math.floor(seq / 1000)}`,
        table: row.table,
        rowId: row.id,
        column: '*',
        value: JSON.stringify(row.fields),
      })
      if (ops.length === 2000) await flush()
    }
    await flush()
    console.log(`seeded the server with ${(CONTACTS + ACTIVITIES).toLocaleString('en-US')} ops in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

    // --- a new device downloads it ---
    const b = createCore({ dataDir: temp(), migrationsFolder: MIGRATIONS, log: quiet, scheduler: false, backupTimers: false })
    const invite = await json<{ code: string }>(`${server.url}/v1/workspaces/${workspace.id}/invites`, { method: 'POST', token: owner.token, body: JSON.stringify({ role: 'member' }) })
    const d0 = performance.now()
    const connected = await b.invoke('sync.connect', { mode: 'join', server: server.url, inviteCode: invite.code, email: 'b@bench.example', password: PASSWORD, name: 'B' })
    if (!connected.ok) throw new Error(connected.error.message)
    await waitFor(b, (s) => s.state === 'synced')
    const downloadMs = performance.now() - d0
    const total = CONTACTS + ACTIVITIES
    console.log(`initial download of ${CONTACTS.toLocaleString('en-US')} contacts + ${ACTIVITIES.toLocaleString('en-US')} history entries:`)
    console.log(`  raw inserts ${(rawMs / 1000).toFixed(1)} s (${Math.round(total / (rawMs / 1000)).toLocaleString('en-US')} rows/s)`)
    console.log(`  sync download ${(downloadMs / 1000).toFixed(1)} s (${Math.round(total / (downloadMs / 1000)).toLocaleString('en-US')} rows/s)`)
    console.log(`  ratio raw/download ${(rawMs / downloadMs).toFixed(2)} (goal ≥ 0.5)`)

    // --- edit → visible on the other device ---
    const a = createCore({ dataDir: temp(), migrationsFolder: MIGRATIONS, log: quiet, scheduler: false, backupTimers: false })
    const invite2 = await json<{ code: string }>(`${server.url}/v1/workspaces/${workspace.id}/invites`, { method: 'POST', token: owner.token, body: JSON.stringify({ role: 'member' }) })
    const joined = await a.invoke('sync.connect', { mode: 'join', server: server.url, inviteCode: invite2.code, email: 'a@bench.example', password: PASSWORD, name: 'A' })
    if (!joined.ok) throw new Error(joined.error.message)
    await waitFor(a, (s) => s.state === 'synced')
    const made = await a.invoke('contacts.create', { firstName: 'Latency' })
    if (!made.ok) throw new Error(made.error.message)
    const id = made.value.id
    const seen = async (title: string) => {
      for (;;) {
        const got = await b.invoke('contacts.get', { id })
        if (got.ok && got.value.jobTitle === title) return
        await new Promise<void>((done) => {
          const off = b.on('data.changed', () => (off(), done()))
        })
      }
    }
    const samples: number[] = []
    for (let i = 0; i < 100; i++) {
      const title = `Title ${i}`
      const e0 = performance.now()
      const visible = seen(title)
      await a.invoke('contacts.update', { id, patch: { jobTitle: title } })
      await visible
      samples.push(performance.now() - e0)
    }
    samples.sort((x, y) => x - y)
    console.log(`edit on A → visible on B (100 edits): p50 ${samples[49].toFixed(0)} ms, p95 ${samples[94].toFixed(0)} ms (goal ≤ 300 ms)`)
    a.close()
    b.close()
  } finally {
    await server.close()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
