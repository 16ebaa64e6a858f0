/**
 * A member removed from the workspace: real cores on their own SQLite files and the REAL sync
 * server (PGlite on loopback). The removed member's computer takes every record of the workspace
 * off (rows and change-log entries), says why, keeps working alone, and a new invite into the same
 * workspace brings everything back with this device's old changes neither lost nor doubled.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, test, vi } from 'vitest'
import type { SyncStatus } from '../../src-shared/model/sync'
import { SYNCED_TABLE_NAMES } from '../../src-shared/tables'
import { readerOf } from '../../src-main/core/db/access'
import { Statements } from '../../src-main/core/db/statements'
import { syncedDigest } from '../../src-main/core/sync/digest'
import { DATABASE_FILE } from '../../src-main/core/core'
import { startServer } from '../../src-server/server'
import { openCore } from './helpers'

type Server = Awaited<ReturnType<typeof startServer>>
const servers: Server[] = []
afterEach(async () => {
  while (servers.length) await servers.pop()!.close()
})

const PASSWORD = 'correct horse battery'

function device() {
  const d = openCore({ clock: { now: () => Date.now(), set() {}, advance() {} } as never })
  const status = () => d.ok('sync.status')
  const until = async (check: (s: SyncStatus) => boolean, what: string) => {
    let last: SyncStatus | undefined
    await vi.waitFor(
      async () => {
        last = await status()
        if (!check(last)) throw new Error(`${what} not reached: ${JSON.stringify(last)}`)
      },
      { timeout: 20_000, interval: 25 },
    )
  }
  const read = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(join(d.dataDir, DATABASE_FILE), { readonly: true })
    try {
      return fn(db)
    } finally {
      db.close()
    }
  }
  const count = (table: string) => read((db) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n)
  const digest = () => read((db) => syncedDigest(readerOf(new Statements(db))))
  return { ...d, status, until, count, digest }
}
type Device = ReturnType<typeof device>

async function quiet(devices: Device[]) {
  for (let round = 0; round < 2; round++) for (const d of devices) await d.ok('sync.now')
  for (const d of devices) await d.until((s) => s.state === 'synced', 'synced')
}

describe('a removed member', () => {
  test("their computer takes the workspace's records off, says why, and a new invite brings them back", async () => {
    const s = await startServer({ database: { kind: 'pglite-memory' }, port: 0 })
    servers.push(s)
    const [a, b] = [device(), device()]
    await a.ok('sync.connect', { mode: 'create', server: s.url, email: 'ana@shop.example', password: PASSWORD, name: 'Ana', workspaceName: 'Shop' })
    const invite = await a.ok('sync.invite', { role: 'member' })
    await b.ok('sync.connect', { mode: 'join', server: s.url, inviteCode: invite.code, email: 'ben@shop.example', password: PASSWORD, name: 'Ben' })
    const [pipeline] = await a.ok('pipelines.list')
    const vip = await a.ok('tags.create', { name: 'VIP' })
    const tagged: string[] = []
    for (let i = 0; i < 40; i++) {
      const who = i % 2 ? a : b
      const contact = await who.ok('contacts.create', { firstName: `Client ${i}`, lastName: 'Ünïcode 👋', emails: [{ value: `c${i}@client.example` }] })
      tagged.push(contact.id)
      await who.ok('activities.create', { type: 'call', contactId: contact.id, subject: `Call ${i}` })
      if (i % 5 === 0) await who.ok('deals.create', { title: `Deal ${i}`, pipelineId: pipeline.id, stageId: pipeline.stages[0].id, contactId: contact.id })
    }
    await quiet([a, b])
    await a.ok('tags.assign', { tagId: vip.id, contactIds: tagged })
    await quiet([a, b])
    expect(b.digest()).toBe(a.digest())
    const benId = (await b.status()).connection!.memberId

    // the owner removes Ben; Ben's next cycle (here by hand; live it is the server's wake-up) takes everything off
    const { members } = await a.ok('sync.removeMember', { memberId: benId })
    expect(members.find((m) => m.id === benId)?.removedAt).toEqual(expect.any(Number))
    // an edit Ben makes before his computer hears of it cannot reach the team any more: counted, not silently gone
    await b.ok('contacts.update', { id: tagged[0], patch: { jobTitle: 'Late edit' } })
    await b.ok('sync.now')
    await b.until((st) => st.state === 'off' && st.removed !== null, 'removed')
    const status = await b.status()
    expect(status.connection).toBeNull()
    expect(status.removed).toMatchObject({ workspaceName: 'Shop', unsent: 1 })
    expect(status.removed!.records).toBeGreaterThan(40 * 3)
    for (const table of SYNCED_TABLE_NAMES.filter((t) => t !== 'pipelines' && t !== 'stages' && t !== 'rules')) expect(b.count(table), table).toBe(0)
    expect((await b.ok('search.query', { text: 'Client' })).contacts).toHaveLength(0)
    // what is left is what a new database starts with (its own default pipeline and rules), nothing of the team's
    expect(b.count("change_log WHERE table_name NOT IN ('pipelines', 'stages', 'rules')")).toBe(0)
    expect(b.count("change_log WHERE device_id <> (SELECT value FROM meta WHERE key = 'device_id')"), 'no entry of the team left').toBe(0)
    expect(b.count('sync_deferred')).toBe(0)
    expect((await b.ok('pipelines.list')).length).toBe(1)
    // Ana's side is untouched
    expect((await a.ok('contacts.list', { limit: 100 })).items).toHaveLength(40)

    // Ben's computer works alone meanwhile
    const solo = await b.ok('contacts.create', { firstName: 'Solo', lastName: 'Work' })
    expect((await b.status()).state).toBe('off')

    // a new invite into the same workspace: everything comes back, the work done alone goes up once
    const back = await a.ok('sync.invite', { role: 'member' })
    await b.ok('sync.connect', { mode: 'join', server: s.url, inviteCode: back.code, email: 'ben@shop.example', password: PASSWORD, name: 'Ben' })
    expect((await b.status()).removed).toBeNull()
    await quiet([a, b])
    expect((await b.ok('contacts.list', { limit: 100 })).items).toHaveLength(41)
    expect((await a.ok('contacts.get', { id: solo.id })).firstName).toBe('Solo')
    expect(b.digest()).toBe(a.digest())
  })

  test('only owners and admins remove a member; the last owner cannot be removed; a member may leave', async () => {
    const s = await startServer({ database: { kind: 'pglite-memory' }, port: 0 })
    servers.push(s)
    const [a, b] = [device(), device()]
    expect((await a.err('sync.removeMember', { memberId: 'x' })).code).toBe('CONFLICT')
    await a.ok('sync.connect', { mode: 'create', server: s.url, email: 'ana@shop.example', password: PASSWORD, name: 'Ana', workspaceName: 'Shop' })
    const invite = await a.ok('sync.invite', { role: 'member' })
    await b.ok('sync.connect', { mode: 'join', server: s.url, inviteCode: invite.code, email: 'ben@shop.example', password: PASSWORD, name: 'Ben' })
    const anaId = (await a.status()).connection!.memberId
    const refused = await b.err('sync.removeMember', { memberId: anaId })
    expect(refused.code).toBe('CONFLICT')
    expect(refused.message).toContain('owners and admins')
    const last = await a.err('sync.removeMember', { memberId: anaId })
    expect(last.message).toMatch(/owner/)
    for (const bad of [{}, { memberId: '' }, { memberId: 42 }, { memberId: 'x'.repeat(65) }]) expect((await a.err('sync.removeMember', bad as never)).code).toBe('VALIDATION')
    expect((await a.status()).connection).not.toBeNull()

    await b.ok('contacts.create', { firstName: 'Kept', lastName: 'Before leaving' })
    await quiet([a, b])
    await b.ok('sync.removeMember', { memberId: (await b.status()).connection!.memberId })
    await b.until((st) => st.state === 'off' && st.removed !== null, 'left')
    expect(b.count('contacts')).toBe(0)
    expect((await a.ok('contacts.list', { limit: 10 })).items.map((c) => c.firstName)).toEqual(['Kept'])
  })
})
