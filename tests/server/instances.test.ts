/**
 * Two server instances on ONE PostgreSQL database (a fresh one per test), as behind a balancer:
 * concurrent pushes through both are stored once with gapless seqs and pulled the same from
 * either; sessions, sign-out and invites cross instances at once; a push through one wakes a
 * stream open on the other (NOTIFY: the other's poll is off, so nothing else could). No sleeps.
 */
import { createParser } from 'eventsource-parser'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import type { PullAnswer } from '../../src-shared/sync-protocol'
import { databaseOption, makeOps, PASSWORD, testServer } from './helpers'

type Server = Awaited<ReturnType<typeof testServer>>
const NO_POLL = 3_600_000
const GUARD_MS = 20_000

/** Two instances on one fresh database; the second starts once the first has migrated it. */
async function twoInstances(second: Parameters<typeof testServer>[1] = {}): Promise<[Server, Server]> {
  const database = await databaseOption('postgres')
  const one = await testServer(database)
  const two = await testServer(database, second)
  return [one, two]
}

/** The first `ops` event or the end of a stream (comments skipped), failing after GUARD_MS. */
async function openEvents(url: string, workspaceId: string, token: string) {
  const controller = new AbortController()
  const response = await fetch(`${url}/v1/workspaces/${workspaceId}/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal })
  expect(response.status).toBe(200)
  const events: ({ id?: string; data: string } | 'end')[] = []
  let wake = () => {}
  const parser = createParser({
    onEvent: (e) => {
      events.push({ id: e.id, data: e.data })
      wake()
    },
  })
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  // the `: connected` comment: the stream is registered on its instance before anything is pushed
  const first = await reader.read()
  expect(first.value).toContain(': connected')
  parser.feed(first.value ?? '')
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        parser.feed(value)
      }
    } catch {
      // aborted or cut
    }
    events.push('end')
    wake()
  })()
  let read = 0
  return {
    async next() {
      const deadline = Date.now() + GUARD_MS
      let timer: NodeJS.Timeout | undefined
      while (read >= events.length) {
        await new Promise<void>((resolve, reject) => {
          wake = resolve
          timer = setTimeout(() => reject(new Error(`no event after ${JSON.stringify(events)}`)), Math.max(0, deadline - Date.now()))
        }).finally(() => clearTimeout(timer))
      }
      const item = events[read]
      if (item !== 'end') read++
      return item
    },
    close: () => controller.abort(),
  }
}

async function pages(server: Server, token: string, workspaceId: string, limit: number): Promise<PullAnswer[]> {
  const all: PullAnswer[] = []
  let after = 0
  for (;;) {
    const page = await server.pull(token, workspaceId, { after, limit })
    expect(page.status, JSON.stringify(page.body)).toBe(200)
    all.push(page.body)
    after = page.body.next
    if (after >= page.body.head) return all
  }
}

describe('two instances on one PostgreSQL', () => {
  it('concurrent pushes through both (every push sent to both at once) are stored once, seqs 1..N, pulled the same from either', async () => {
    const [one, two] = await twoInstances()
    const ana = await one.signUp('Ana')
    const ws = await one.workspace(ana.token)
    const ben = await two.join(ana.token, ws.id, 'member', 'Ben')
    const devices = [
      { id: 'devana01', token: ana.token },
      { id: 'devana02', token: ana.token },
      { id: 'devben01', token: ben.token },
      { id: 'devben02', token: ben.token },
    ]
    const PUSHES = 10
    const OPS = 5
    // each device pushes in turn (its client seqs follow one another); the four at once; each push
    // goes to both instances at the same moment, as a retried push after a lost answer would
    const answers = await Promise.all(
      devices.map(async (device, d) => {
        const mine: number[] = []
        for (let k = 0; k < PUSHES; k++) {
          const ops = makeOps(device.id, k * OPS + 1, OPS)
          const [first, second] = (k + d) % 2 === 0 ? [one, two] : [two, one]
          const both = await Promise.all([first.push(device.token, ws.id, device.id, ops), second.push(device.token, ws.id, device.id, ops)])
          for (const a of both) expect(a.status, JSON.stringify(a.body)).toBe(200)
          for (const a of both) expect(a.body.lastClientSeq).toBe((k + 1) * OPS)
          mine.push(both[0].body.accepted + both[1].body.accepted)
        }
        return mine
      }),
    )
    // one of the two stored each push, the other found it a repeat
    expect(answers.flat()).toEqual(Array(devices.length * PUSHES).fill(OPS))
    const N = devices.length * PUSHES * OPS

    const fromOne = await pages(one, ana.token, ws.id, 37)
    const fromTwo = await pages(two, ben.token, ws.id, 37)
    // the same pages, op for op and checksum for checksum, whoever asks through whichever instance
    expect(fromTwo).toEqual(fromOne)
    const ops = fromOne.flatMap((p) => p.ops)
    expect(ops.map((op) => op.seq)).toEqual(Array.from({ length: N }, (_, i) => i + 1))
    expect(new Set(ops.map((op) => `${op.deviceId}/${op.clientSeq}`)).size).toBe(N)
    for (const device of devices) {
      // a device's ops in its own order, 1..50, within the workspace's order
      expect(ops.filter((op) => op.deviceId === device.id).map((op) => op.clientSeq)).toEqual(Array.from({ length: PUSHES * OPS }, (_, i) => i + 1))
    }
    // and the database itself: one row per op, the workspace's seq at N
    const db = new pg.Client({ connectionString: one.database.kind === 'postgres' ? one.database.url : '' })
    await db.connect()
    try {
      const [row] = (await db.query('SELECT count(*)::int AS n, count(DISTINCT (device_id, client_seq))::int AS once, max(seq)::int AS top FROM ops')).rows
      expect(row).toEqual({ n: N, once: N, top: N })
      expect((await db.query('SELECT seq::int FROM workspaces')).rows).toEqual([{ seq: N }])
    } finally {
      await db.end()
    }
    const whole = await one.pull(ana.token, ws.id, { after: 0, limit: 1000 })
    expect(whole.body.head).toBe(N)
    expect(whole.body.ops).toHaveLength(N)
    expect((await two.pull(ben.token, ws.id, { after: 0, limit: 1000 })).body.checksum).toBe(whole.body.checksum)
  })

  it('a session made on one instance works on the other, and a sign-out on one is refused on the other at once (its stream there ends)', async () => {
    const [one, two] = await twoInstances({ pollMs: 20 })
    const ana = await one.signUp('Ana')
    const ws = await one.workspace(ana.token)
    expect((await two.call('GET', '/v1/me', { token: ana.token })).body.workspaces).toEqual([ws])
    const signedIn = await two.call('POST', '/v1/sessions', { body: { email: ana.email, password: PASSWORD } })
    expect(signedIn.status).toBe(201)
    expect((await one.call('GET', '/v1/me', { token: signedIn.body.token })).status).toBe(200)

    const stream = await openEvents(two.url, ws.id, ana.token)
    expect((await one.call('DELETE', '/v1/sessions/current', { token: ana.token })).status).toBe(204)
    const refused = await two.call('GET', '/v1/me', { token: ana.token })
    expect(refused.status).toBe(401)
    expect(refused.body.error.code).toBe('UNAUTHENTICATED')
    expect((await two.push(ana.token, ws.id, 'devanaaa', makeOps('devanaaa', 1, 1))).status).toBe(401)
    // instance two learns of it from the database at its next tick
    expect(await stream.next()).toBe('end')
    // the other session is untouched
    expect((await two.call('GET', '/v1/me', { token: signedIn.body.token })).status).toBe(200)
  })

  it('a push through one instance wakes a stream open on the other (its own poll is off: the NOTIFY does it)', async () => {
    const [one, two] = await twoInstances({ pollMs: NO_POLL })
    const ana = await one.signUp('Ana')
    const ws = await one.workspace(ana.token)
    const stream = await openEvents(two.url, ws.id, ana.token)
    expect((await one.push(ana.token, ws.id, 'devanaaa', makeOps('devanaaa', 1, 7))).body.seq).toBe(7)
    expect(await stream.next()).toEqual({ id: '7', data: JSON.stringify({ head: 7 }) })
    expect((await one.push(ana.token, ws.id, 'devanaaa', makeOps('devanaaa', 8, 2))).body.seq).toBe(9)
    expect(await stream.next()).toEqual({ id: '9', data: JSON.stringify({ head: 9 }) })
    stream.close()
  })

  it('an invite made on one instance is accepted on the other, once; the new member pushes through one and is pulled through the other', async () => {
    const [one, two] = await twoInstances()
    const ana = await one.signUp('Ana')
    const ws = await one.workspace(ana.token)
    const invite = await one.call('POST', `/v1/workspaces/${ws.id}/invites`, { token: ana.token, body: { role: 'admin' } })
    expect(invite.status).toBe(201)
    const ben = await two.signUp('Ben')
    const accepted = await two.call('POST', '/v1/invites/accept', { token: ben.token, body: { code: invite.body.code } })
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200)
    expect(accepted.body).toMatchObject({ id: ws.id, role: 'admin' })

    const carl = await one.signUp('Carl')
    const again = await one.call('POST', '/v1/invites/accept', { token: carl.token, body: { code: invite.body.code } })
    expect(again.status).toBe(409)
    expect(again.body.error.details).toEqual({ reason: 'used' })

    const members = await one.call('GET', `/v1/workspaces/${ws.id}/members`, { token: ana.token })
    expect(members.body.members.map((m: { name: string; role: string }) => [m.name, m.role]).sort()).toEqual([
      ['Ana', 'owner'],
      ['Ben', 'admin'],
    ])
    expect((await two.push(ben.token, ws.id, 'devbenbb', makeOps('devbenbb', 1, 3))).body.seq).toBe(3)
    const pulled = await one.pull(ana.token, ws.id)
    expect(pulled.body.ops.map((op: { memberId: string }) => op.memberId)).toEqual(Array(3).fill(accepted.body.memberId))
  })
})
