/**
 * The sync client (core/sync) against the REAL sync server (src-server, PGlite in a temp folder, on
 * a loopback port): two or three cores, each on its own SQLite file, sharing one workspace.
 * Nothing is mocked; waits are for conditions, never for time.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, test, vi } from 'vitest'
import type { SyncStatus } from '../../src-shared/model/sync'
import { readerOf } from '../../src-main/core/db/access'
import { Statements } from '../../src-main/core/db/statements'
import { syncedDigest } from '../../src-main/core/sync/digest'
import { DATABASE_FILE } from '../../src-main/core/core'
import { startServer } from '../../src-server/server'
import { openCore, readDb, tempDir } from './helpers'

type Server = Awaited<ReturnType<typeof startServer>>
const servers: Server[] = []
afterEach(async () => {
  while (servers.length) await servers.pop()!.close()
})

/** A server on PGlite in `dataDir` (the same folder again after a stop: the same data). */
async function server(dataDir = tempDir(), port = 0): Promise<Server & { dataDir: string }> {
  const s = await startServer({ database: { kind: 'pglite', dataDir }, port })
  servers.push(s)
  return Object.assign(s, { dataDir })
}

async function stop(s: Server) {
  servers.splice(servers.indexOf(s), 1)
  await s.close()
}

const PASSWORD = 'correct horse battery'

/** A device: a core on its own data folder, with its real clock (the server refuses clocks far ahead). */
function device(clockOffsetMs = 0) {
  const clock = { now: () => Date.now() + clockOffsetMs, set() {}, advance() {} }
  const d = openCore({ clock: clock as never })
  const status = () => d.ok('sync.status')
  /** Waits until the status satisfies `check` (sync runs on its own: events, retries). */
  const until = async (check: (s: SyncStatus) => boolean, what = 'sync status') => {
    let last: SyncStatus | undefined
    await vi.waitFor(
      async () => {
        last = await status()
        if (!check(last)) throw new Error(`${what} not reached: ${JSON.stringify(last)}`)
      },
      { timeout: 20_000, interval: 25 },
    )
    return last!
  }
  const digest = () => {
    const db = new Database(join(d.dataDir, DATABASE_FILE), { readonly: true })
    try {
      return syncedDigest(readerOf(new Statements(db)))
    } finally {
      db.close()
    }
  }
  const names = async () => (await d.ok('contacts.list', { limit: 500 })).items.map((c) => `${c.firstName} ${c.lastName}`.trim()).sort()
  return { ...d, status, until, digest, names }
}

/** A creates the workspace; every other device joins with an invite code. */
async function team(url: string, count: number, clockOffsetsMs: number[] = []) {
  const devices = Array.from({ length: count }, (_, i) => device(clockOffsetsMs[i] ?? 0))
  await devices[0].ok('sync.connect', { mode: 'create', server: url, email: 'ana@shop.example', password: PASSWORD, name: 'Ana', workspaceName: 'The Shop' })
  for (let i = 1; i < count; i++) {
    const invite = await devices[0].ok('sync.invite', { role: 'member' })
    await devices[i].ok('sync.connect', { mode: 'join', server: url, inviteCode: invite.code, email: `member${i}@shop.example`, password: PASSWORD, name: `Member ${i}` })
  }
  return devices
}

/** Every device has pushed and pulled everything: the same digest everywhere. */
async function converged(devices: ReturnType<typeof device>[]) {
  for (let round = 0; round < 2; round++) for (const d of devices) await d.ok('sync.now')
  for (const d of devices) await d.until((s) => s.state === 'synced', 'synced')
  const digests = devices.map((d) => d.digest())
  expect(new Set(digests).size).toBe(1)
}

describe('sync client against the real server', () => {
  test('create, invite, join: a contact made on A appears on B by itself (live events), and the seeded pipeline stays one', async () => {
    const s = await server()
    const [a, b] = await team(s.url, 2)
    expect((await a.status()).connection).toMatchObject({ workspaceName: 'The Shop', role: 'owner', accountName: 'Ana' })
    expect((await b.status()).connection).toMatchObject({ workspaceName: 'The Shop', role: 'member' })

    await a.ok('contacts.create', { firstName: 'Grace', lastName: 'Hopper', emails: [{ value: 'grace@navy.example' }] })
    await vi.waitFor(async () => expect(await b.names()).toContain('Grace Hopper'), { timeout: 20_000, interval: 25 })
    await converged([a, b])
    expect(await b.ok('pipelines.list')).toHaveLength(1)
    expect(await b.ok('rules.list')).toHaveLength(2)
  })

  test('offline for a while on both sides: every edit of both arrives after the server is back, per field', async () => {
    const s = await server()
    const [a, b] = await team(s.url, 2)
    const ada = await a.ok('contacts.create', { firstName: 'Ada', lastName: 'Lovelace' })
    await converged([a, b])

    const { dataDir } = s
    const port = Number(new URL(s.url).port)
    await stop(s)
    await a.ok('contacts.update', { id: ada.id, patch: { jobTitle: 'Analyst' } })
    await b.ok('contacts.update', { id: ada.id, patch: { leadSource: 'Referral' } })
    await b.ok('contacts.create', { firstName: 'Offline', lastName: 'Made' })
    const offline = await a.ok('sync.now')
    expect(offline.state).toBe('offline')
    expect(offline.pending).toBeGreaterThan(0)
    expect(offline.error?.message).toMatch(/Could not reach the sync server/)

    await server(dataDir, port)
    await converged([a, b])
    expect(await a.names()).toEqual(['Ada Lovelace', 'Offline Made'])
    expect(await b.ok('contacts.get', { id: ada.id })).toMatchObject({ jobTitle: 'Analyst', leadSource: 'Referral' })
  })

  test("the same field on both: the later edit wins everywhere; the history names who, and the loser's edit shows as overwritten", async () => {
    const s = await server()
    const [a, b] = await team(s.url, 2, [0, 60_000]) // b's clock a minute ahead (allowed): its edit is the later one
    const ada = await a.ok('contacts.create', { firstName: 'Ada' })
    await converged([a, b])
    await stop(s)
    await a.ok('contacts.update', { id: ada.id, patch: { jobTitle: 'first' } })
    await b.ok('contacts.update', { id: ada.id, patch: { jobTitle: 'second' } })
    await server(s.dataDir, Number(new URL(s.url).port))
    await b.ok('sync.now') // b's later edit reaches the server first; a's arrives at b after it
    await converged([a, b])
    expect((await a.ok('contacts.get', { id: ada.id })).jobTitle).toBe('second')
    const history = await b.ok('contacts.history', { id: ada.id })
    const fromAna = history.entries.find((e) => !e.thisDevice && e.changes.some((c) => c.field === 'job_title'))
    expect(fromAna).toMatchObject({ by: 'Ana' })
    expect(fromAna!.changes.find((c) => c.field === 'job_title')).toMatchObject({ value: 'first', lost: true })
  })

  test('signing out first syncs; when it cannot, it says how many changes stay local and signs out only when told', async () => {
    const s = await server()
    const [a] = await team(s.url, 1)
    await a.until((st) => st.state === 'synced')
    await stop(s)
    await a.ok('contacts.create', { firstName: 'Unsent' })
    const refused = await a.ok('sync.signOut')
    expect(refused).toMatchObject({ signedOut: false })
    expect(refused.unsynced).toBeGreaterThan(0)
    expect((await a.status()).state).not.toBe('off')
    const forced = await a.ok('sync.signOut', { force: true })
    expect(forced.signedOut).toBe(true)
    expect(forced.status.state).toBe('off')
    expect(await a.names()).toEqual(['Unsent']) // local data stays
  })

  test('a pull that deletes most contacts here waits; "keep" restores them for everyone', async () => {
    const s = await server()
    const [a, b] = await team(s.url, 2)
    const made = []
    for (let i = 0; i < 6; i++) made.push(await a.ok('contacts.create', { firstName: `P${i}` }))
    await converged([a, b])
    await b.ok('sync.signOut') // b away while a deletes
    await a.ok('contacts.delete', { ids: made.slice(0, 4).map((c) => c.id) })
    await a.until((st) => st.state === 'synced')
    await b.ok('sync.connect', { mode: 'signIn', server: s.url, email: 'member1@shop.example', password: PASSWORD })
    const paused = await b.until((st) => st.state === 'paused', 'paused')
    expect(paused.paused).toEqual({ deletes: 4, contacts: 6 })
    expect(await b.names()).toHaveLength(6) // nothing deleted yet
    await b.ok('sync.resolvePause', { apply: false })
    await converged([a, b])
    expect(await a.names()).toHaveLength(6)
  })

  test('bad connections: a wrong password, an unreachable server, a second workspace on the same data', async () => {
    const s = await server()
    const [a] = await team(s.url, 1)
    const other = device()
    const wrong = await other.err('sync.connect', { mode: 'signIn', server: s.url, email: 'ana@shop.example', password: 'not the password' })
    expect(wrong.code).toBe('VALIDATION')
    const closed = await other.err('sync.connect', { mode: 'signIn', server: 'http://127.0.0.1:9', email: 'ana@shop.example', password: PASSWORD })
    expect(closed.code).toBe('UNAVAILABLE')
    expect(closed.message).toMatch(/Could not reach the sync server at http:\/\/127\.0\.0\.1:9/)
    expect((await other.status()).state).toBe('off')

    await a.ok('sync.signOut')
    const mixed = await a.err('sync.connect', { mode: 'create', server: s.url, email: 'ana3@shop.example', password: PASSWORD, name: 'Ana', workspaceName: 'Third' })
    expect(mixed.code).toBe('CONFLICT')
    expect(mixed.message).toMatch(/belongs to another workspace/)
  })

  test('a clock far ahead is refused with what to do; the edits stay waiting', async () => {
    const s = await server()
    const [a] = await team(s.url, 1)
    const ahead = device(10 * 60_000)
    const invite = await a.ok('sync.invite', { role: 'member' })
    await ahead.ok('contacts.create', { firstName: 'Future' })
    await ahead.ok('sync.connect', { mode: 'join', server: s.url, inviteCode: invite.code, email: 'late@shop.example', password: PASSWORD, name: 'Late' })
    const st = await ahead.until((x) => x.state === 'error', 'error')
    expect(st.error?.message).toMatch(/clock is more than 5 minutes ahead/)
    expect(st.pending).toBeGreaterThan(0)
    expect(await ahead.names()).toEqual(['Future'])
  })

  test('an op of a newer app version (a table this one does not know) is kept for later, and sync goes on', async () => {
    const s = await server()
    const [a, b] = await team(s.url, 2)
    await converged([a, b])
    const token = JSON.parse(readDb(a.dataDir, (db) => db.prepare("SELECT value FROM meta WHERE key = 'sync.token'").pluck().get() as string))
    const workspaceId = (await a.status()).connection!.workspaceId
    const response = await fetch(`${s.url}/v1/workspaces/${workspaceId}/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        deviceId: 'newerversion01',
        ops: [{ clientSeq: 1, hlc: `${Date.now().toString(16).padStart(12, '0')}-0000-newerversion01`, schemaVersion: 2, txId: 'tx-1', table: 'tickets', rowId: 'ticket-1', column: '*', value: '{"subject":"Broken"}' }],
      }),
    })
    expect(response.status).toBe(200)
    await converged([a, b])
    const kept = readDb(b.dataDir, (db) => db.prepare('SELECT op FROM sync_deferred').pluck().all() as string[])
    expect(kept.map((op) => JSON.parse(op).table)).toEqual(['tickets'])
    await b.ok('contacts.create', { firstName: 'After' })
    await converged([a, b])
    expect(await a.names()).toEqual(['After'])
  })

  test('a device with its own data joins: its data goes up once, and the same person on both becomes a duplicate suggestion, not a merge', async () => {
    const s = await server()
    const a = device()
    const b = device()
    await a.ok('contacts.create', { firstName: 'Grace', lastName: 'Hopper', emails: [{ value: 'grace@navy.example' }] })
    await b.ok('contacts.create', { firstName: 'Grace', lastName: 'Hopper', emails: [{ value: 'Grace@Navy.example' }] })
    await b.ok('contacts.create', { firstName: 'Only', lastName: 'OnB' })
    await a.ok('sync.connect', { mode: 'create', server: s.url, email: 'ana@shop.example', password: PASSWORD, name: 'Ana', workspaceName: 'The Shop' })
    const invite = await a.ok('sync.invite', { role: 'member' })
    await b.ok('sync.connect', { mode: 'join', server: s.url, inviteCode: invite.code, email: 'ben@shop.example', password: PASSWORD, name: 'Ben' })
    await converged([a, b])
    expect(await a.names()).toEqual(['Grace Hopper', 'Grace Hopper', 'Only OnB'])
    expect((await a.ok('duplicates.count', {})).count).toBe(1)
  })

  test('a synced database restored from a backup becomes a new device: its next edits reach the team, and what came after the backup comes back', async () => {
    const s = await server()
    const [a, b] = await team(s.url, 2)
    const ada = await a.ok('contacts.create', { firstName: 'Ada' })
    await converged([a, b])
    const backup = await a.ok('backups.create')
    await a.ok('contacts.create', { firstName: 'AfterBackup' })
    await converged([a, b])
    await a.ok('backups.restore', { path: backup.path })
    await a.ok('contacts.update', { id: ada.id, patch: { jobTitle: 'Edited after restore' } })
    await converged([a, b])
    expect((await b.ok('contacts.get', { id: ada.id })).jobTitle).toBe('Edited after restore')
    expect(await a.names()).toEqual(['Ada', 'AfterBackup'])
    expect((await a.status()).pending).toBe(0)
  })
})
