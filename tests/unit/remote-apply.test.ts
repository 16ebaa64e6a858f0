/**
 * The fold of remote change-log entries (db/remote-apply.ts) on real databases, without a server:
 * devices exchange their change-log entries in random orders, repeated and split, and must end
 * with the same rows (syncedDigest), per-field last-writer-wins, nothing applied twice.
 */
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { HybridLogicalClock } from '../../src-shared/hlc'
import { readerOf } from '../../src-main/core/db/access'
import { openDatabase } from '../../src-main/core/db/open'
import type { RemoteEntry } from '../../src-main/core/db/remote-apply'
import { Repository } from '../../src-main/core/db/repository'
import { Statements } from '../../src-main/core/db/statements'
import { syncedDigest } from '../../src-main/core/sync/digest'
import { seededRandom } from '../seeded-random'
import { fakeClock, MIGRATIONS, quietLog, tempDir } from './helpers'

type Clock = ReturnType<typeof fakeClock>

function device(name: string, clock: Clock) {
  const { sqlite } = openDatabase({ file: join(tempDir(), 'crm.db'), migrationsFolder: MIGRATIONS })
  const repo = new Repository(sqlite, clock, new HybridLogicalClock(name, clock.now), name, () => {}, quietLog)
  const q = readerOf(new Statements(sqlite))
  /** This device's own entries, as the server would send them back. */
  const own = (): RemoteEntry[] =>
    (sqlite.prepare('SELECT * FROM change_log WHERE device_id = ? ORDER BY hlc').all(name) as Record<string, string>[]).map((r) => ({
      hlc: r.hlc,
      deviceId: r.device_id,
      memberId: `member-${name}`,
      txId: r.tx_id,
      table: r.table_name,
      rowId: r.row_id,
      column: r.column_name,
      value: r.value,
    }))
  const receive = (entries: RemoteEntry[]) => repo.write((w) => w.applyRemote(entries), { origin: 'remote' })
  const row = (table: string, id: string) => sqlite.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined
  return { name, sqlite, repo, q, own, receive, row, digest: () => syncedDigest(q) }
}

const ID = '0190a1b2-0000-7000-8000-000000000001'

describe('remote apply: per-field last writer wins', () => {
  test('two devices edit different fields of one contact: both edits stay, on both', () => {
    const clock = fakeClock()
    const a = device('deva0001', clock)
    const b = device('devb0001', clock)
    a.repo.write((w) => w.insert('contacts', { id: ID, firstName: 'Ada', lastName: 'Lovelace' }))
    b.receive(a.own())
    clock.advance(1000)
    a.repo.write((w) => w.update('contacts', ID, { jobTitle: 'Analyst' }))
    clock.advance(1000)
    b.repo.write((w) => w.update('contacts', ID, { leadSource: 'Referral' }))
    a.receive(b.own())
    b.receive(a.own())
    for (const d of [a, b]) expect(d.row('contacts', ID)).toMatchObject({ first_name: 'Ada', job_title: 'Analyst', lead_source: 'Referral' })
    expect(a.digest()).toBe(b.digest())
  })

  test('the same field edited on both: the later HLC wins everywhere, and the loser is marked lost where it arrived late', () => {
    const clock = fakeClock()
    const a = device('deva0002', clock)
    const b = device('devb0002', clock)
    a.repo.write((w) => w.insert('contacts', { id: ID, firstName: 'Ada' }))
    b.receive(a.own())
    clock.advance(1000)
    a.repo.write((w) => w.update('contacts', ID, { jobTitle: 'first' }))
    clock.advance(1000)
    b.repo.write((w) => w.update('contacts', ID, { jobTitle: 'second' }))
    a.receive(b.own())
    b.receive(a.own())
    expect(a.row('contacts', ID)!.job_title).toBe('second')
    expect(b.row('contacts', ID)!.job_title).toBe('second')
    const lostOnB = b.sqlite.prepare("SELECT value, lost FROM change_log WHERE column_name = 'job_title' ORDER BY hlc").all()
    expect(lostOnB).toEqual([
      { value: '"first"', lost: 1 },
      { value: '"second"', lost: 0 },
    ])
    expect(a.digest()).toBe(b.digest())
  })

  test('deleted_at is a field: a delete and a later undelete on another device end undeleted; entries seen twice apply once', () => {
    const clock = fakeClock()
    const a = device('deva0003', clock)
    const b = device('devb0003', clock)
    a.repo.write((w) => w.insert('contacts', { id: ID, firstName: 'Ada' }))
    b.receive(a.own())
    clock.advance(1000)
    a.repo.write((w) => w.softDelete('contacts', ID))
    b.receive(a.own())
    clock.advance(1000)
    b.repo.write((w) => w.restore('contacts', ID))
    a.receive(b.own())
    a.receive(b.own()) // repeated delivery
    b.receive(a.own())
    expect(a.row('contacts', ID)!.deleted_at).toBeNull()
    expect(a.sqlite.prepare('SELECT count(*) FROM change_log').pluck().get()).toBe(b.sqlite.prepare('SELECT count(*) FROM change_log').pluck().get())
    expect(a.digest()).toBe(b.digest())
  })

  test('an edit that arrives before its row waits in the log and applies when the insert comes', () => {
    const clock = fakeClock()
    const a = device('deva0004', clock)
    const b = device('devb0004', clock)
    const c = device('devc0004', clock)
    a.repo.write((w) => w.insert('tags', { id: ID, name: 'VIP', color: '#111111' }))
    b.receive(a.own())
    clock.advance(10)
    b.repo.write((w) => w.update('tags', ID, { color: '#222222' }))
    c.receive(b.own()) // the edit first
    expect(c.row('tags', ID)).toBeUndefined()
    c.receive(a.own())
    expect(c.row('tags', ID)).toMatchObject({ name: 'VIP', color: '#222222' })
    expect(c.digest()).toBe(b.digest())
  })

  test('the same row inserted on two devices (a seeded setting) folds into one', () => {
    const clock = fakeClock()
    const a = device('deva0005', clock)
    const b = device('devb0005', clock)
    a.repo.write((w) => w.insert('settings', { id: 'defaultCurrency', value: '"EUR"' }))
    clock.advance(5)
    b.repo.write((w) => w.insert('settings', { id: 'defaultCurrency', value: '"USD"' }))
    a.receive(b.own())
    b.receive(a.own())
    expect(a.row('settings', 'defaultCurrency')!.value).toBe('"USD"')
    expect(a.digest()).toBe(b.digest())
  })

  test('an entry of a newer version (unknown table or column) is handed back to be kept, and nothing of it applies', () => {
    const clock = fakeClock()
    const a = device('deva0006', clock)
    const entry = (table: string, column: string, value: string, n: number): RemoteEntry => ({
      hlc: `0190a1b20000-000${n}-devz0006`,
      deviceId: 'devz0006',
      memberId: null,
      txId: 't',
      table,
      rowId: ID,
      column,
      value,
    })
    const result = a.receive([entry('tickets', '*', '{"subject":"x"}', 1), entry('contacts', 'score', '5', 2), entry('contacts', '*', '{"first_name":"A","mood":"ok"}', 3)])
    expect(result.deferred.map((e) => e.hlc)).toHaveLength(3)
    expect(result.applied).toBe(0)
    expect(a.row('contacts', ID)).toBeUndefined()
  })

  test('random schedules: three devices, edits of the same and other fields, deletes, undeletes, repeated and reordered deliveries', () => {
    let schedules = 0
    for (let seed = 1; seed <= 60; seed++) {
      const random = seededRandom(seed)
      const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]
      const clock = fakeClock()
      const devices = ['p', 'q', 'r'].map((n) => device(`dev${n}${String(seed).padStart(5, '0')}`, clock))
      const ids = [1, 2, 3, 4].map((n) => `0190a1b2-0000-7000-8000-${String(seed * 10 + n).padStart(12, '0')}`)
      devices[0].repo.write((w) => ids.forEach((id) => w.insert('contacts', { id, firstName: `C${id.slice(-2)}` })))
      const seen = devices.map(() => new Map<string, number>()) // device → how far it received each other device
      const deliver = (to: number) => {
        for (let from = 0; from < devices.length; from++) {
          if (from === to) continue
          const entries = devices[from].own()
          const start = random() < 0.3 ? 0 : (seen[to].get(devices[from].name) ?? 0) // sometimes all again
          const batch = entries.slice(start, start + 1 + Math.floor(random() * entries.length))
          if (random() < 0.5) batch.reverse() // reordered
          devices[to].receive(batch)
          seen[to].set(devices[from].name, Math.max(seen[to].get(devices[from].name) ?? 0, start + batch.length))
        }
      }
      deliver(1)
      deliver(2)
      for (let step = 0; step < 40; step++) {
        clock.advance(Math.floor(random() * 3))
        const at = Math.floor(random() * devices.length)
        const d = devices[at]
        const id = pick(ids)
        if (!d.row('contacts', id)) continue
        const action = random()
        if (action < 0.5) d.repo.write((w) => w.update('contacts', id, { [pick(['jobTitle', 'leadSource', 'owner'])]: `v${step}` }))
        else if (action < 0.7) d.repo.write((w) => w.softDelete('contacts', id))
        else if (action < 0.85) d.repo.write((w) => w.restore('contacts', id))
        else deliver(at)
      }
      for (let round = 0; round < 2; round++) for (let to = 0; to < devices.length; to++) devices[to].receive(devices.flatMap((d, i) => (i === to ? [] : d.own())))
      const digests = devices.map((d) => d.digest())
      expect(new Set(digests).size, `seed ${seed}`).toBe(1)
      const counts = devices.map((d) => d.sqlite.prepare('SELECT count(*) FROM change_log').pluck().get())
      expect(new Set(counts).size, `seed ${seed}: every device holds every entry once`).toBe(1)
      schedules++
    }
    expect(schedules).toBe(60)
  })
})
