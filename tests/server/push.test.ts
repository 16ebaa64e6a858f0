import { describe, expect, it } from 'vitest'
import { formatHlc } from '../../src-shared/hlc'
import type { PulledOp } from '../../src-shared/sync-protocol'
import { count, counts, DATABASES, expectError, makeOps, testApp, testClock, type TestApp } from './helpers'

async function setup(kind: (typeof DATABASES)[number], options: Parameters<typeof testApp>[1] = {}) {
  const app = await testApp(kind, options)
  const ana = await app.signUp('Ana')
  const ws = await app.workspace(ana.token)
  return { app, ana, ws }
}

async function pullAll(app: TestApp, token: string, workspaceId: string): Promise<PulledOp[]> {
  const ops: PulledOp[] = []
  let after = 0
  for (;;) {
    const page = await app.pull(token, workspaceId, { after, limit: 5000 })
    expect(page.status).toBe(200)
    ops.push(...page.body.ops)
    after = page.body.next
    if (after >= page.body.head) return ops
  }
}

describe.each(DATABASES)('push (%s)', (kind) => {
  it('stores new ops with seqs from the workspace, the member and device, and answers where the device stands', async () => {
    const { app, ana, ws } = await setup(kind)
    const ops = makeOps('devanaaa', 1, 5)
    const answer = await app.push(ana.token, ws.id, 'devanaaa', ops)
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({ lastClientSeq: 5, accepted: 5, seq: 5 })
    const pulled = await pullAll(app, ana.token, ws.id)
    expect(pulled).toEqual(ops.map((op, i) => ({ ...op, seq: i + 1, deviceId: 'devanaaa', memberId: ws.memberId })))
  })

  it('ignores repeats: the same push twice, and a push that repeats part of the last one', async () => {
    const { app, ana, ws } = await setup(kind)
    const ops = makeOps('devanaaa', 1, 8)
    expect((await app.push(ana.token, ws.id, 'devanaaa', ops.slice(0, 5))).body).toEqual({ lastClientSeq: 5, accepted: 5, seq: 5 })
    expect((await app.push(ana.token, ws.id, 'devanaaa', ops.slice(0, 5))).body).toEqual({ lastClientSeq: 5, accepted: 0, seq: 5 })
    expect((await app.push(ana.token, ws.id, 'devanaaa', ops.slice(2, 8))).body).toEqual({ lastClientSeq: 8, accepted: 3, seq: 8 })
    // an old batch once the device moved on: nothing new, and the answer says the server holds more
    expect((await app.push(ana.token, ws.id, 'devanaaa', ops.slice(0, 2))).body).toEqual({ lastClientSeq: 8, accepted: 0, seq: 8 })
    const pulled = await pullAll(app, ana.token, ws.id)
    expect(pulled.map((op) => op.clientSeq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(await count(app, 'ops')).toBe(8)
  })

  it('refuses a push that skips client seqs (CLIENT_SEQ_GAP, where to resume) and one numbered out of order', async () => {
    const { app, ana, ws } = await setup(kind)
    const fresh = await app.push(ana.token, ws.id, 'devanaaa', makeOps('devanaaa', 2, 3))
    expectError(fresh, 409, 'CLIENT_SEQ_GAP')
    expect(fresh.body.error.details).toEqual({ lastClientSeq: 0 })
    expect(await count(app, 'devices')).toBe(0)

    await app.push(ana.token, ws.id, 'devanaaa', makeOps('devanaaa', 1, 5))
    const before = await counts(app)
    const gap = await app.push(ana.token, ws.id, 'devanaaa', makeOps('devanaaa', 7, 2))
    expectError(gap, 409, 'CLIENT_SEQ_GAP')
    expect(gap.body.error.details).toEqual({ lastClientSeq: 5 })
    expect(gap.body.error.message).toContain('#6')

    const shuffled = makeOps('devanaaa', 6, 3)
    ;[shuffled[1], shuffled[2]] = [shuffled[2], shuffled[1]]
    const disorder = await app.push(ana.token, ws.id, 'devanaaa', shuffled)
    expectError(disorder, 400, 'VALIDATION')
    expect(disorder.body.error.message).toContain('ops.1.clientSeq')
    expect(await counts(app)).toEqual(before)
    const [workspace] = await app.db.query<{ seq: unknown }>('SELECT seq FROM workspaces')
    expect(Number(workspace.seq)).toBe(5)
  })

  it('refuses the whole push when one op is more than 5 minutes ahead of the server clock', async () => {
    const clock = testClock()
    const { app, ana, ws } = await setup(kind, { now: clock.now })
    const ops = makeOps('devanaaa', 1, 4, { ms: clock.now() })
    ops[2].hlc = formatHlc({ ms: clock.now() + 6 * 60_000, counter: 0, node: 'devanaaa' })
    const before = await counts(app)
    const ahead = await app.push(ana.token, ws.id, 'devanaaa', ops)
    expectError(ahead, 409, 'CLOCK_AHEAD')
    expect(ahead.body.error.message).toMatch(/6 minutes ahead/)
    expect(ahead.body.error.details).toMatchObject({ hlc: ops[2].hlc, serverTime: clock.now(), aheadMs: 6 * 60_000 })
    expect(await counts(app)).toEqual(before)

    ops[2].hlc = formatHlc({ ms: clock.now() + 4 * 60_000, counter: 0, node: 'devanaaa' })
    expect((await app.push(ana.token, ws.id, 'devanaaa', ops)).body.accepted).toBe(4)
  })

  it('refuses a device id registered to another member of the workspace', async () => {
    const { app, ana, ws } = await setup(kind)
    const ben = await app.join(ana.token, ws.id)
    await app.push(ana.token, ws.id, 'devshared', makeOps('devshared', 1, 2))
    const before = await counts(app)
    const theirs = await app.push(ben.token, ws.id, 'devshared', makeOps('devshared', 3, 2))
    expectError(theirs, 409, 'CONFLICT')
    expect(theirs.body.error.message).toContain('another member')
    expect(await counts(app)).toEqual(before)
  })

  it('serializes concurrent pushes of one device: identical and overlapping batches end with each op once', async () => {
    const { app, ana, ws } = await setup(kind)
    const ops = makeOps('devanaaa', 1, 60)
    const same = await Promise.all(Array.from({ length: 8 }, () => app.push(ana.token, ws.id, 'devanaaa', ops.slice(0, 40))))
    expect(same.map((a) => a.status)).toEqual(Array(8).fill(200))
    expect(same.reduce((n, a) => n + a.body.accepted, 0)).toBe(40)
    expect(same.every((a) => a.body.lastClientSeq === 40)).toBe(true)

    // overlapping and later batches at once: each either lands or is told where to resume
    const batches = [ops.slice(30, 45), ops.slice(40, 50), ops.slice(45, 60), ops.slice(35, 55)]
    let answers = await Promise.all(batches.map((b) => app.push(ana.token, ws.id, 'devanaaa', b)))
    for (const a of answers) expect([200, 409]).toContain(a.status)
    for (let round = 0; round < 5 && answers.some((a) => a.status !== 200); round++) {
      answers = await Promise.all(
        batches.map((b, i) => (answers[i].status === 200 ? answers[i] : app.push(ana.token, ws.id, 'devanaaa', ops.slice(answers[i].body.error.details.lastClientSeq, b[b.length - 1].clientSeq)))),
      )
    }
    await app.push(ana.token, ws.id, 'devanaaa', ops) // whatever is still missing
    const pulled = await pullAll(app, ana.token, ws.id)
    expect(pulled.map((op) => op.clientSeq)).toEqual(ops.map((op) => op.clientSeq))
    expect(pulled.map((op) => op.seq)).toEqual(ops.map((_, i) => i + 1))
  })

  it('gives concurrent pushes of many devices one gapless order, and a puller running meanwhile never skips an op', async () => {
    const { app, ana, ws } = await setup(kind)
    const devices = Array.from({ length: 12 }, (_, i) => `device${String(i).padStart(4, '0')}`)
    const seen: PulledOp[] = []
    let done = false
    const puller = (async () => {
      let after = 0
      // pull while the pushes run, then once more after they are all in
      for (let last = false; ; ) {
        const page = await app.pull(ana.token, ws.id, { after, limit: 200 })
        seen.push(...page.body.ops)
        after = page.body.next
        if (last && after >= page.body.head) return
        if (done) last = true
        // a real puller waits for the network: give the pushes' request handling its turn
        else await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    await Promise.all(
      devices.map(async (device) => {
        for (let batch = 0; batch < 5; batch++) {
          const answer = await app.push(ana.token, ws.id, device, makeOps(device, batch * 10 + 1, 10))
          expect(answer.status).toBe(200)
        }
      }),
    )
    done = true
    await puller
    const total = devices.length * 50
    expect(seen.map((op) => op.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1))
    for (const device of devices) {
      const mine = seen.filter((op) => op.deviceId === device).map((op) => op.clientSeq)
      expect(mine).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    }
  })
})
