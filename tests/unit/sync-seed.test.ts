/**
 * What every database starts with (the default pipeline and its stages, the seeded rules) has the
 * same ids everywhere, and its entries are dated before any edit (Repository's seed HLCs): a
 * teammate whose computer joins later never undoes what the team changed in it. Real cores, the
 * REAL sync server (PGlite in memory, on loopback).
 */
import { afterEach, describe, expect, test, vi } from 'vitest'
import type { SyncStatus } from '../../src-shared/model/sync'
import { startServer } from '../../src-server/server'
import { openCore } from './helpers'

type Server = Awaited<ReturnType<typeof startServer>>
const servers: Server[] = []
afterEach(async () => {
  while (servers.length) await servers.pop()!.close()
})
const PASSWORD = 'correct horse battery'
const realClock = () => ({ clock: { now: () => Date.now(), set() {}, advance() {} } as never })

async function synced(d: ReturnType<typeof openCore>) {
  await vi.waitFor(
    async () => {
      const s: SyncStatus = await d.ok('sync.now')
      if (s.state !== 'synced') throw new Error(`not synced: ${JSON.stringify(s)}`)
    },
    { timeout: 20_000, interval: 25 },
  )
}

describe('seeded records and sync', () => {
  test("a computer that joins later keeps the team's renamed pipeline and stage and its rule switched on", async () => {
    const s = await startServer({ database: { kind: 'pglite-memory' }, port: 0 })
    servers.push(s)
    const a = openCore(realClock())
    await a.ok('sync.connect', { mode: 'create', server: s.url, email: 'ana@shop.example', password: PASSWORD, name: 'Ana', workspaceName: 'Shop' })
    const [pipeline] = await a.ok('pipelines.list')
    await a.ok('pipelines.update', { id: pipeline.id, name: 'Wholesale' })
    await a.ok('stages.update', { id: pipeline.stages[0].id, name: 'First contact', probability: 15 })
    const [rule] = await a.ok('rules.list')
    await a.ok('rules.update', { id: rule.id, enabled: true })
    await synced(a)

    // Ben's computer is set up after those edits: its own seed is newer by the clock, yet older by its HLC
    const b = openCore(realClock())
    expect((await b.ok('pipelines.list'))[0]).toMatchObject({ id: pipeline.id, name: 'Sales' })
    const invite = await a.ok('sync.invite', { role: 'member' })
    await b.ok('sync.connect', { mode: 'join', server: s.url, inviteCode: invite.code, email: 'ben@shop.example', password: PASSWORD, name: 'Ben' })
    for (let round = 0; round < 2; round++) for (const d of [b, a]) await synced(d)

    for (const d of [a, b]) {
      const [p] = await d.ok('pipelines.list')
      expect(p.name).toBe('Wholesale')
      expect(p.stages[0]).toMatchObject({ name: 'First contact', probability: 15 })
      expect((await d.ok('pipelines.list')).length).toBe(1)
      expect((await d.ok('rules.list')).find((r) => r.id === rule.id)?.enabled).toBe(true)
    }
  })
})
