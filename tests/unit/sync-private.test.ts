/**
 * Private records end to end: real cores on their own SQLite files and the REAL sync server
 * (PGlite on loopback). A contact made private leaves the other members' computers with its
 * history, deals and tasks (rows and change-log entries: nothing of it stays on their disks), an
 * edit made meanwhile is never lost, and shared again it comes back whole.
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
import { openCore, tempDir } from './helpers'

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
  const sql = <T>(query: string, ...params: unknown[]): T[] => {
    const db = new Database(join(d.dataDir, DATABASE_FILE), { readonly: true })
    try {
      return db.prepare(query).all(...params) as T[]
    } finally {
      db.close()
    }
  }
  const digest = () => {
    const db = new Database(join(d.dataDir, DATABASE_FILE), { readonly: true })
    try {
      return syncedDigest(readerOf(new Statements(db)))
    } finally {
      db.close()
    }
  }
  const names = async () => (await d.ok('contacts.list', { limit: 500 })).items.map((c) => c.displayName).sort()
  return { ...d, status, until, sql, digest, names }
}
type Device = ReturnType<typeof device>

async function quiet(devices: Device[]) {
  for (let round = 0; round < 2; round++) for (const d of devices) await d.ok('sync.now')
  for (const d of devices) await d.until((s) => s.state === 'synced', 'synced')
}

/** What of a contact is on a computer: its row, the rows that belong to it, and their change-log entries. */
function traces(d: Device, ids: { contact: string; deal: string; activity: string; task: string }) {
  const rows = d.sql<{ n: number }>(
    `SELECT (SELECT count(*) FROM contacts WHERE id = ?) + (SELECT count(*) FROM contact_channels WHERE contact_id = ?) + (SELECT count(*) FROM deals WHERE id = ?)
       + (SELECT count(*) FROM activities WHERE id = ?) + (SELECT count(*) FROM tasks WHERE id = ?) + (SELECT count(*) FROM deal_stage_visits WHERE deal_id = ?) AS n`,
    ids.contact,
    ids.contact,
    ids.deal,
    ids.activity,
    ids.task,
    ids.deal,
  )[0].n
  const log = d.sql<{ n: number }>('SELECT count(*) AS n FROM change_log WHERE row_id IN (?, ?, ?, ?)', ids.contact, ids.deal, ids.activity, ids.task)[0].n
  return { rows, log }
}

describe('private records', () => {
  test('a private contact leaves the others with what belongs to it, an edit meanwhile is kept, and it comes back whole when shared', async () => {
    const dataDir = tempDir()
    let s = await startServer({ database: { kind: 'pglite', dataDir }, port: 0 })
    servers.push(s)
    const port = Number(new URL(s.url).port)
    const [a, b, c] = [device(), device(), device()]
    await a.ok('sync.connect', { mode: 'create', server: s.url, email: 'ana@shop.example', password: PASSWORD, name: 'Ana', workspaceName: 'Shop' })
    for (const [i, d] of [b, c].entries()) {
      const invite = await a.ok('sync.invite', { role: 'member' })
      await d.ok('sync.connect', { mode: 'join', server: s.url, inviteCode: invite.code, email: `m${i}@shop.example`, password: PASSWORD, name: `Member ${i}` })
    }
    const secret = await a.ok('contacts.create', { firstName: 'Secret', lastName: 'Client', emails: [{ value: 'secret@client.example' }] })
    await b.ok('contacts.create', { firstName: 'Public', lastName: 'Person' })
    const [pipeline] = await a.ok('pipelines.list')
    const deal = await a.ok('deals.create', { title: 'Secret deal', pipelineId: pipeline.id, stageId: pipeline.stages[0].id, contactId: secret.id })
    const activity = await a.ok('activities.create', { type: 'call', contactId: secret.id, subject: 'First call' })
    const task = await a.ok('tasks.create', { title: 'Call back', dueAt: Date.now() + 86_400_000, contactId: secret.id })
    const ids = { contact: secret.id, deal: deal.id, activity: activity.id, task: task.id }
    await quiet([a, b, c])
    expect(await b.names()).toEqual(['Public Person', 'Secret Client'])

    // offline: B edits the contact while A makes it private
    await (servers.splice(servers.indexOf(s), 1), s.close())
    await b.ok('contacts.update', { id: secret.id, patch: { jobTitle: 'CFO' } })
    expect(await a.ok('sync.setPrivate', { table: 'contacts', id: secret.id, private: true })).toEqual({ privateTo: (await a.status()).connection!.memberId })
    s = await startServer({ database: { kind: 'pglite', dataDir }, port })
    servers.push(s)
    await quiet([a, b, c])

    for (const d of [b, c]) {
      expect(await d.names()).toEqual(['Public Person'])
      expect(traces(d, ids), 'nothing of it left on the disk').toEqual({ rows: 0, log: 0 })
      expect((await d.ok('search.query', { text: 'Secret' })).contacts).toHaveLength(0)
    }
    expect(b.digest()).toBe(c.digest())
    const kept = await a.ok('contacts.get', { id: secret.id })
    expect(kept).toMatchObject({ jobTitle: 'CFO', privateTo: expect.any(String) })
    expect((await a.ok('deals.get', { id: deal.id })).title).toBe('Secret deal')

    // A works on it while private: nobody else hears of it
    await a.ok('contacts.update', { id: secret.id, patch: { notes: 'Confidential terms' } })
    await quiet([a, b, c])
    expect(traces(b, ids)).toEqual({ rows: 0, log: 0 })

    // shared again: everyone gets it whole, with B's edit and A's private work, the same everywhere
    expect(await a.ok('sync.setPrivate', { table: 'contacts', id: secret.id, private: false })).toEqual({ privateTo: null })
    await quiet([a, b, c])
    for (const d of [b, c]) {
      expect(await d.ok('contacts.get', { id: secret.id })).toMatchObject({ jobTitle: 'CFO', notes: 'Confidential terms', privateTo: null, emails: [{ value: 'secret@client.example' }] })
      expect((await d.ok('deals.get', { id: deal.id })).title).toBe('Secret deal')
      expect((await d.ok('activities.list', { contactId: secret.id })).map((x) => x.subject)).toContain('First call')
    }
    expect(new Set([a.digest(), b.digest(), c.digest()]).size).toBe(1)
  })

  test('making a record private needs a connection, an existing record and a valid request', async () => {
    const alone = device()
    const contact = await alone.ok('contacts.create', { firstName: 'Solo' })
    const offline = await alone.err('sync.setPrivate', { table: 'contacts', id: contact.id, private: true })
    expect(offline.code).toBe('CONFLICT')
    expect(offline.message).toContain('Settings → Sync')

    const s = await startServer({ database: { kind: 'pglite-memory' }, port: 0 })
    servers.push(s)
    await alone.ok('sync.connect', { mode: 'create', server: s.url, email: 'solo@shop.example', password: PASSWORD, name: 'Solo', workspaceName: 'Solo' })
    expect((await alone.err('sync.setPrivate', { table: 'contacts', id: 'no-such-id', private: true })).code).toBe('NOT_FOUND')
    for (const bad of [{ table: 'companies', id: contact.id, private: true }, { table: 'contacts', id: contact.id }, { table: 'contacts', id: '', private: true }, { table: 'contacts', id: contact.id, private: 'yes' }]) {
      expect((await alone.err('sync.setPrivate', bad as never)).code).toBe('VALIDATION')
    }
    expect((await alone.ok('contacts.get', { id: contact.id })).privateTo).toBeNull()
  })
})
