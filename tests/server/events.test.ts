/**
 * GET /v1/workspaces/:id/events (src-server/events.ts) over a real listening server: what a stream
 * sends (a `: connected` comment, `id: <seq>` ops events, keepalives), resuming by Last-Event-ID,
 * that it is the workspace's own, who is refused, and that a removed member's or signed-out
 * session's stream is ended. No sleeps: every test waits for the item it expects on the stream; an
 * event that must NOT come is shown absent by a later push's event arriving first (a stream is one
 * ordered socket).
 */
import { createParser } from 'eventsource-parser'
import { describe, expect, it } from 'vitest'
import { DATABASES, makeOps, testServer, type DbKind } from './helpers'

/** A guard against a stream that never sends what the test waits for (a failure, never a synchronisation). */
const GUARD_MS = 20_000
/** For the tests that must tell "at once, on connect" from "at the next poll": no poll at all. */
const NO_POLL = 3_600_000

type Item = { kind: 'event'; id: string | undefined; event: string | undefined; data: string } | { kind: 'comment'; text: string } | { kind: 'end' }

/** An event stream read with fetch + eventsource-parser: items in arrival order, `close()` aborts it. */
async function openEvents(baseUrl: string, workspaceId: string, p: { token?: string; lastEventId?: string } = {}) {
  const controller = new AbortController()
  const headers: Record<string, string> = {}
  if (p.token !== undefined) headers.authorization = `Bearer ${p.token}`
  if (p.lastEventId !== undefined) headers['last-event-id'] = p.lastEventId
  const response = await fetch(`${baseUrl}/v1/workspaces/${workspaceId}/events`, { headers, signal: controller.signal })
  const items: Item[] = []
  let wake = () => {}
  const add = (item: Item) => {
    items.push(item)
    wake()
  }
  let body: unknown = null
  if (response.ok) {
    const parser = createParser({
      onEvent: (e) => add({ kind: 'event', id: e.id, event: e.event, data: e.data }),
      onComment: (text) => add({ kind: 'comment', text: text.trim() }),
    })
    void (async () => {
      try {
        const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
        for (;;) {
          const { done, value } = await reader.read()
          if (done) break
          parser.feed(value)
        }
      } catch {
        // aborted by close(), or the server cut the socket: an end either way
      }
      add({ kind: 'end' })
    })()
  } else {
    // a refusal is a whole JSON answer: reading it to its end shows no stream was left open
    const text = await response.text()
    body = text ? JSON.parse(text) : null
  }
  let read = 0
  /** The next item in order (an end stays the last item), failing at `deadline`. */
  async function next(deadline = Date.now() + GUARD_MS): Promise<Item> {
    let timer: NodeJS.Timeout | undefined
    try {
      while (read >= items.length) {
        await new Promise<void>((resolve, reject) => {
          wake = resolve
          timer = setTimeout(() => reject(new Error(`nothing more on the stream after ${JSON.stringify(items)}`)), Math.max(0, deadline - Date.now()))
        })
        clearTimeout(timer)
      }
    } finally {
      clearTimeout(timer)
    }
    const item = items[read]
    if (item.kind !== 'end') read++
    return item
  }
  /** The next ops event or the end, past comments (keepalives do not move the deadline). */
  async function nextEvent(): Promise<Item> {
    const deadline = Date.now() + GUARD_MS
    for (;;) {
      const item = await next(deadline)
      if (item.kind !== 'comment') return item
    }
  }
  return { status: response.status, headers: response.headers, body: body as any, items, next, nextEvent, close: () => controller.abort() }
}

const opsEvent = (head: number): Item => ({ kind: 'event', id: String(head), event: 'ops', data: JSON.stringify({ head }) })

async function world(kind: DbKind, options: Parameters<typeof testServer>[1] = {}) {
  const server = await testServer(kind, options)
  const ana = await server.signUp('Ana')
  const ws = await server.workspace(ana.token)
  let clientSeq = 1
  /** Ana's device pushes `n` ops; the workspace's seq after it. */
  const push = async (n: number): Promise<number> => {
    const answer = await server.push(ana.token, ws.id, 'devanaaa', makeOps('devanaaa', clientSeq, n))
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    clientSeq += n
    return answer.body.seq
  }
  return { server, ana, ws, push }
}

describe.each(DATABASES)('events (%s)', (kind) => {
  it('a push wakes an open stream with an ops event whose id is the workspace seq; a repeated push sends nothing', async () => {
    const { server, ana, ws, push } = await world(kind, { pollMs: NO_POLL })
    const stream = await openEvents(server.url, ws.id, { token: ana.token })
    expect(stream.status).toBe(200)
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(stream.headers.get('cache-control')).toBe('no-store')
    // an empty workspace: the stream says it is open, and nothing else
    expect(await stream.next()).toEqual({ kind: 'comment', text: 'connected' })

    expect(await push(3)).toBe(3)
    expect(await stream.next()).toEqual(opsEvent(3))
    expect(await push(2)).toBe(5)
    expect(await stream.next()).toEqual(opsEvent(5))
    // the same ops again (a lost answer): the head does not move, so no event; the next push's is next
    expect((await server.push(ana.token, ws.id, 'devanaaa', makeOps('devanaaa', 4, 2))).body.accepted).toBe(0)
    expect(await push(1)).toBe(6)
    expect(await stream.next()).toEqual(opsEvent(6))
    stream.close()
    expect(await stream.next()).toEqual({ kind: 'end' })
  })

  it('resumes by Last-Event-ID: behind the head the head comes at once, at the head nothing until the next push', async () => {
    // no poll: an event that arrives before any push was sent on connect
    const { server, ana, ws, push } = await world(kind, { pollMs: NO_POLL })
    expect(await push(4)).toBe(4)

    const behind = await openEvents(server.url, ws.id, { token: ana.token, lastEventId: '2' })
    expect(await behind.nextEvent()).toEqual(opsEvent(4))
    // no Last-Event-ID (or one that is not a seq) is a stream from 0: the head at once too
    const fresh = await openEvents(server.url, ws.id, { token: ana.token })
    expect(await fresh.nextEvent()).toEqual(opsEvent(4))
    const garbage = await openEvents(server.url, ws.id, { token: ana.token, lastEventId: 'abc' })
    expect(await garbage.nextEvent()).toEqual(opsEvent(4))

    const atHead = await openEvents(server.url, ws.id, { token: ana.token, lastEventId: '4' })
    expect(await atHead.next()).toEqual({ kind: 'comment', text: 'connected' })
    expect(await push(1)).toBe(5)
    // the first event this stream ever sends is the new head: nothing was sent for 4
    expect(await atHead.nextEvent()).toEqual(opsEvent(5))
    expect(atHead.items.filter((i) => i.kind === 'event')).toEqual([opsEvent(5)])
    for (const stream of [behind, fresh, garbage]) expect(await stream.nextEvent()).toEqual(opsEvent(5))
    for (const stream of [behind, fresh, garbage, atHead]) stream.close()
  })

  it('a Last-Event-ID past the head (a server restored from a backup) does not silence the stream: the next push wakes it', async () => {
    const { server, ana, ws, push } = await world(kind, { pollMs: NO_POLL })
    expect(await push(2)).toBe(2)
    const ahead = await openEvents(server.url, ws.id, { token: ana.token, lastEventId: '99' })
    expect(await ahead.next()).toEqual({ kind: 'comment', text: 'connected' })
    expect(await push(1)).toBe(3)
    expect(await ahead.nextEvent()).toEqual(opsEvent(3))
    ahead.close()
  })

  it("another workspace's pushes never reach the stream", async () => {
    // a fast poll: the poll's wake-ups (both workspaces have streams here) are checked too
    const { server, ana, ws, push } = await world(kind, { pollMs: 20 })
    const ben = await server.signUp('Ben')
    const other = await server.workspace(ben.token, 'Other')
    const mine = await openEvents(server.url, ws.id, { token: ana.token })
    const theirs = await openEvents(server.url, other.id, { token: ben.token })
    expect(await mine.next()).toEqual({ kind: 'comment', text: 'connected' })
    expect(await theirs.next()).toEqual({ kind: 'comment', text: 'connected' })

    for (let i = 1; i <= 3; i++) {
      const answer = await server.push(ben.token, other.id, 'devbenbb', makeOps('devbenbb', (i - 1) * 4 + 1, 4))
      expect(answer.body.seq).toBe(i * 4)
      expect(await theirs.nextEvent()).toEqual(opsEvent(i * 4))
    }
    // Ben's workspace is at 12: had any of it reached Ana's stream, it would come before this
    expect(await push(1)).toBe(1)
    expect(await mine.nextEvent()).toEqual(opsEvent(1))
    expect(mine.items.filter((i) => i.kind === 'event')).toEqual([opsEvent(1)])
    mine.close()
    theirs.close()
  })

  it('refuses a caller without a session (401) and one of another workspace (403), opening no stream', async () => {
    const { server, ana, ws } = await world(kind)
    const ben = await server.signUp('Ben')
    await server.workspace(ben.token, 'Other')

    for (const token of [undefined, 'not-a-token', 'Z'.repeat(43)]) {
      const refused = await openEvents(server.url, ws.id, { token })
      expect(refused.status).toBe(401)
      expect(refused.headers.get('content-type')).toMatch(/^application\/json/)
      expect(refused.body.error.code).toBe('UNAUTHENTICATED')
    }
    // a session signed out
    const second = await server.call('POST', '/v1/sessions', { body: { email: ana.account.email, password: 'correct horse battery' } })
    expect(second.status).toBe(201)
    expect((await server.call('DELETE', '/v1/sessions/current', { token: second.body.token })).status).toBe(204)
    const signedOut = await openEvents(server.url, ws.id, { token: second.body.token })
    expect(signedOut.status).toBe(401)
    expect(signedOut.body.error.message).toContain('signed out')

    // Ben is nobody in Ana's workspace: the same 403 as for a workspace that does not exist
    const stranger = await openEvents(server.url, ws.id, { token: ben.token })
    expect(stranger.status).toBe(403)
    expect(stranger.headers.get('content-type')).toMatch(/^application\/json/)
    expect(stranger.body.error.code).toBe('FORBIDDEN')
    expect(stranger.body.error.details).toBeUndefined()
    const nowhere = await openEvents(server.url, 'no-such-workspace', { token: ben.token })
    expect(nowhere.status).toBe(403)
    expect(nowhere.body).toEqual(stranger.body)
  })

  it("ends a removed member's open stream and refuses them on reconnect (403, removed); the others' streams carry on", async () => {
    const { server, ana, ws, push } = await world(kind, { pollMs: 20 })
    const ben = await server.join(ana.token, ws.id, 'member', 'Ben')
    const bens = await openEvents(server.url, ws.id, { token: ben.token })
    const anas = await openEvents(server.url, ws.id, { token: ana.token })
    expect(await bens.next()).toEqual({ kind: 'comment', text: 'connected' })
    expect(await anas.next()).toEqual({ kind: 'comment', text: 'connected' })
    expect(await push(1)).toBe(1)
    expect(await bens.nextEvent()).toEqual(opsEvent(1))
    expect(await anas.nextEvent()).toEqual(opsEvent(1))

    const removed = await server.call('DELETE', `/v1/workspaces/${ws.id}/members/${ben.summary.memberId}`, { token: ana.token })
    expect(removed.status, JSON.stringify(removed.body)).toBe(200)
    // the server ends it (its next tick): waited for, not timed
    expect(await bens.nextEvent()).toEqual({ kind: 'end' })

    const again = await openEvents(server.url, ws.id, { token: ben.token, lastEventId: '1' })
    expect(again.status).toBe(403)
    expect(again.body.error.details).toMatchObject({ removed: true })

    expect(await push(1)).toBe(2)
    expect(await anas.nextEvent()).toEqual(opsEvent(2))
    anas.close()
  })

  it("ends the stream of a session signed out; the same account's other session keeps its own", async () => {
    const { server, ana, ws, push } = await world(kind, { pollMs: 20 })
    const other = await server.call('POST', '/v1/sessions', { body: { email: ana.account.email, password: 'correct horse battery' } })
    expect(other.status).toBe(201)
    const first = await openEvents(server.url, ws.id, { token: ana.token })
    const second = await openEvents(server.url, ws.id, { token: other.body.token })
    expect(await first.next()).toEqual({ kind: 'comment', text: 'connected' })
    expect(await second.next()).toEqual({ kind: 'comment', text: 'connected' })

    expect((await server.call('DELETE', '/v1/sessions/current', { token: other.body.token })).status).toBe(204)
    expect(await second.nextEvent()).toEqual({ kind: 'end' })
    expect(await push(2)).toBe(2)
    expect(await first.nextEvent()).toEqual(opsEvent(2))
    first.close()
  })

  it('keeps an idle stream alive with keepalive comments, and ends every stream when the server closes', async () => {
    const { server, ana, ws } = await world(kind, { keepaliveMs: 20, pollMs: NO_POLL })
    const stream = await openEvents(server.url, ws.id, { token: ana.token })
    expect(await stream.next()).toEqual({ kind: 'comment', text: 'connected' })
    expect(await stream.next()).toEqual({ kind: 'comment', text: 'keepalive' })
    expect(await stream.next()).toEqual({ kind: 'comment', text: 'keepalive' })
    await server.close()
    for (;;) {
      const item = await stream.next()
      if (item.kind === 'end') break
      expect(item).toEqual({ kind: 'comment', text: 'keepalive' })
    }
  })
})
