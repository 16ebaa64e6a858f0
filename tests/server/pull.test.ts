import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { formatHlc } from '../../src-shared/hlc'
import { MAX_PULL_BYTES, pageChecksumInput, type PulledOp } from '../../src-shared/sync-protocol'
import { DATABASES, expectError, makeOps, testApp, testClock } from './helpers'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const DAY = 24 * 3600_000

describe.each(DATABASES)('pull (%s)', (kind) => {
  it('pages by cursor: each page in seq order with its checksum, next and head, until next reaches head', async () => {
    const app = await testApp(kind)
    const ana = await app.signUp('Ana')
    const ws = await app.workspace(ana.token)
    await app.push(ana.token, ws.id, 'devanaaa', makeOps('devanaaa', 1, 25))

    const first = await app.pull(ana.token, ws.id)
    expect(first.status).toBe(200)
    expect(first.body.epoch).toMatch(/^[0-9a-f]{16}$/)
    const epoch = first.body.epoch
    const pages: PulledOp[][] = []
    let after = 0
    for (;;) {
      const page = await app.pull(ana.token, ws.id, { epoch, after, limit: 10 })
      expect(page.status).toBe(200)
      expect(page.body.epoch).toBe(epoch)
      expect(page.body.head).toBe(25)
      expect(page.body.checksum).toBe(sha256(pageChecksumInput(page.body.ops)))
      if (page.body.ops.length) expect(page.body.next).toBe(page.body.ops.at(-1).seq)
      pages.push(page.body.ops)
      after = page.body.next
      if (after >= page.body.head) break
    }
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5])
    expect(pages.flat().map((op) => op.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1))

    // at the head: an empty page, next stays, the checksum of nothing
    const empty = await app.pull(ana.token, ws.id, { epoch, after: 25 })
    expect(empty.body).toEqual({ epoch, ops: [], next: 25, head: 25, checksum: sha256('') })
  })

  it('a cursor of another epoch, or past the head (a server restored from a backup), is told to pull again from the start', async () => {
    const app = await testApp(kind)
    const ana = await app.signUp('Ana')
    const ws = await app.workspace(ana.token)
    await app.push(ana.token, ws.id, 'devanaaa', makeOps('devanaaa', 1, 5))
    const { epoch } = (await app.pull(ana.token, ws.id)).body

    const wrong = await app.pull(ana.token, ws.id, { epoch: 'aaaaaaaaaaaaaaaa', after: 3 })
    expectError(wrong, 409, 'EPOCH_CHANGED')
    expect(wrong.body.error.details).toEqual({ epoch })
    expect(wrong.body.error.message).toContain('pull again from the start')

    const ahead = await app.pull(ana.token, ws.id, { epoch, after: 9 })
    expectError(ahead, 409, 'EPOCH_CHANGED')
    expect(ahead.body.error.details).toEqual({ epoch, head: 5 })

    // the history is reset (a new epoch): the old cursor is refused, a pull from 0 with '' works
    await app.db.query("UPDATE workspaces SET epoch = 'bbbbbbbbbbbbbbbb' WHERE id = $1", [ws.id])
    expectError(await app.pull(ana.token, ws.id, { epoch, after: 5 }), 409, 'EPOCH_CHANGED')
    const again = await app.pull(ana.token, ws.id, { epoch: '', after: 0 })
    expect(again.body.epoch).toBe('bbbbbbbbbbbbbbbb')
    expect(again.body.ops).toHaveLength(5)
  })

  it(`ends a page with the op that passes about ${MAX_PULL_BYTES / 1024 / 1024} MB of values (a page always holds one op at least)`, async () => {
    const app = await testApp(kind)
    const ana = await app.signUp('Ana')
    const ws = await app.workspace(ana.token)
    // 40 ops of ~250 kB: 10 MB
    for (let from = 1; from <= 40; from += 10) {
      const answer = await app.push(ana.token, ws.id, 'devanaaa', makeOps('devanaaa', from, 10, { valueChars: 250_000 }))
      expect(answer.status).toBe(200)
    }
    const first = await app.pull(ana.token, ws.id, { limit: 5000 })
    const bytes = first.body.ops.reduce((n: number, op: PulledOp) => n + op.value.length, 0)
    expect(first.body.ops.length).toBeLessThan(40)
    expect(first.body.ops.length).toBeGreaterThan(20)
    // the op that passes the limit ends the page
    expect(bytes - first.body.ops.at(-1).value.length).toBeLessThan(MAX_PULL_BYTES)
    expect(bytes).toBeGreaterThanOrEqual(MAX_PULL_BYTES - 300_000)
    const rest = await app.pull(ana.token, ws.id, { after: first.body.next, limit: 5000 })
    expect(first.body.ops.length + rest.body.ops.length).toBe(40)
    expect(rest.body.next).toBe(rest.body.head)
  })

  it('a device away for a month catches up in pages: every op since its cursor, tombstones included, none twice', async () => {
    const clock = testClock(Date.now() - 31 * DAY)
    const app = await testApp(kind, { now: clock.now })
    const ana = await app.signUp('Ana')
    const ws = await app.workspace(ana.token)
    const ben = await app.join(ana.token, ws.id, 'member', 'Ben')
    // Ben's laptop syncs, then stays shut for a month
    await app.push(ben.token, ws.id, 'devbenlap', makeOps('devbenlap', 1, 20, { ms: clock.now() }))
    const left = (await app.pull(ben.token, ws.id, { limit: 5000 })).body
    expect(left.next).toBe(20)

    // a month of Ana's work: a batch a day, and each day some rows deleted (a tombstone op)
    let clientSeq = 1
    let tombstones = 0
    for (let day = 0; day < 30; day++) {
      clock.advance(DAY)
      const ops = makeOps('devanaaaa', clientSeq, 100, { ms: clock.now(), rowPrefix: `d${day}` })
      for (const op of ops.slice(0, 5)) {
        op.column = 'deleted_at'
        op.value = String(clock.now())
        tombstones++
      }
      const answer = await app.push(ana.token, ws.id, 'devanaaaa', ops)
      expect(answer.status, JSON.stringify(answer.body)).toBe(200)
      clientSeq += 100
    }
    clock.advance(DAY)

    const caught: PulledOp[] = []
    let after = left.next
    let pages = 0
    for (;;) {
      const page = await app.pull(ben.token, ws.id, { epoch: left.epoch, after, limit: 500 })
      expect(page.status).toBe(200)
      expect(page.body.checksum).toBe(sha256(pageChecksumInput(page.body.ops)))
      caught.push(...page.body.ops)
      after = page.body.next
      pages++
      if (after >= page.body.head) break
    }
    expect(pages).toBe(6)
    expect(caught).toHaveLength(3000)
    expect(caught.map((op) => op.seq)).toEqual(Array.from({ length: 3000 }, (_, i) => 21 + i))
    expect(caught.filter((op) => op.column === 'deleted_at')).toHaveLength(tombstones)
    // the first day's ops are still there, a month later, as pushed
    expect(caught[0]).toMatchObject({ deviceId: 'devanaaaa', clientSeq: 1, hlc: formatHlc({ ms: clock.now() - 30 * DAY, counter: 1, node: 'devanaaaa' }) })
  })
})
