/**
 * Live wake-ups: GET /v1/workspaces/:id/events (Server-Sent Events). Each event is `id: <seq>`,
 * `event: ops`, data {"head":<seq>}, sent when the workspace's head moves past what that stream
 * last sent. A wake-up only: the client then pulls, so a lost event costs latency, never data.
 *
 * The head is learnt three ways, none of them needed for correctness:
 * - a push through this instance wakes its streams at once (Hub.wake after the commit);
 * - PostgreSQL: LISTEN crm_ops, the NOTIFY every push sends in its transaction (other instances);
 * - every `pollMs` (~1 s) a read of the heads of the workspaces that have streams here, so a push
 *   through another instance is seen even without NOTIFY (a balancer, a pooler that drops it).
 * The same tick closes the streams of sessions signed out and members removed since they opened.
 * Nothing here is state another instance needs: a stream is this process's socket.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { authenticate, membership, type Caller } from './auth'
import type { Database } from './db/port'
import type { Logger, ServerContext } from './context'

export const NOTIFY_CHANNEL = 'crm_ops'

interface Stream {
  workspaceId: string
  memberId: string
  tokenHash: string
  sent: number
  write(chunk: string): void
  end(): void
}

export class Hub {
  private readonly streams = new Map<string, Set<Stream>>()

  add(stream: Stream): () => void {
    let set = this.streams.get(stream.workspaceId)
    if (!set) this.streams.set(stream.workspaceId, (set = new Set()))
    set.add(stream)
    return () => {
      set.delete(stream)
      if (set.size === 0 && this.streams.get(stream.workspaceId) === set) this.streams.delete(stream.workspaceId)
    }
  }

  /** The workspace's head is `head`: every stream behind it hears so. */
  wake(workspaceId: string, head: number): void {
    for (const stream of this.streams.get(workspaceId) ?? []) send(stream, head)
  }

  workspaces(): string[] {
    return [...this.streams.keys()]
  }

  streamsOf(workspaceId: string): Stream[] {
    return [...(this.streams.get(workspaceId) ?? [])]
  }

  get size(): number {
    let n = 0
    for (const set of this.streams.values()) n += set.size
    return n
  }

  keepalive(): void {
    for (const set of this.streams.values()) for (const stream of set) stream.write(': keepalive\n\n')
  }

  /** Ends every stream (server close): each client sees its stream end and reconnects elsewhere. */
  closeAll(): void {
    for (const set of [...this.streams.values()]) for (const stream of [...set]) stream.end()
    this.streams.clear()
  }
}

function send(stream: Stream, head: number): void {
  if (head <= stream.sent) return
  stream.sent = head
  stream.write(`id: ${head}\nevent: ops\ndata: ${JSON.stringify({ head })}\n\n`)
}

const LAST_EVENT_ID = /^\d{1,15}$/

export async function openStream(ctx: ServerContext, request: FastifyRequest<{ Params: { workspaceId: string } }>, reply: FastifyReply): Promise<void> {
  const caller: Caller = await authenticate(ctx, request)
  const member = await membership(ctx.db, request.params.workspaceId, caller)
  const header = request.headers['last-event-id']
  const lastEventId = typeof header === 'string' && LAST_EVENT_ID.test(header.trim()) ? Number(header.trim()) : 0
  const [workspace] = await ctx.db.query<{ seq: unknown }>('SELECT seq FROM workspaces WHERE id = $1', [member.workspaceId])
  const head = Number(workspace?.seq ?? 0)

  reply.hijack()
  const res = reply.raw
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
  })
  let open = true
  let remove = () => {}
  const stream: Stream = {
    workspaceId: member.workspaceId,
    memberId: member.memberId,
    tokenHash: caller.tokenHash,
    // never past the head: an id from before a restore (or made up) would silence every wake-up
    // until the head caught up with it
    sent: Math.min(lastEventId, head),
    write(chunk) {
      if (open) res.write(chunk)
    },
    end() {
      if (!open) return
      open = false
      remove()
      res.end()
    },
  }
  remove = ctx.hub.add(stream)
  res.on('close', () => {
    open = false
    remove()
  })
  // a comment first: the client knows the stream is open even when nothing is new
  res.write(': connected\n\n')
  send(stream, head)
}

/** The poll and the LISTEN connection behind the hub; stop() before the database closes. */
export function startWakeups(p: { db: Database; hub: Hub; log: Logger; pollMs: number; keepaliveMs: number }): { stop(): Promise<void> } {
  const { db, hub, log } = p
  let busy: Promise<void> | null = null
  let stopped = false

  async function tick(): Promise<void> {
    if (busy || stopped) return
    const ids = hub.workspaces()
    if (ids.length === 0) return
    busy = check(ids).finally(() => (busy = null))
    await busy
  }

  async function check(ids: string[]): Promise<void> {
    try {
      // by primary key: each row is its own workspace's (no query spans workspaces' data)
      const heads = await db.query<{ id: string; seq: unknown }>('SELECT id, seq FROM workspaces WHERE id = ANY($1::text[])', [ids])
      for (const row of heads) hub.wake(row.id, Number(row.seq))
      // streams of sessions signed out, or of members removed, since they opened
      for (const workspaceId of ids) {
        const streams = hub.streamsOf(workspaceId)
        if (streams.length === 0) continue
        const live = await db.query<{ id: string }>('SELECT id FROM members WHERE workspace_id = $1 AND id = ANY($2::text[]) AND removed_at IS NULL', [
          workspaceId,
          [...new Set(streams.map((s) => s.memberId))],
        ])
        const sessions = await db.query<{ token_hash: string }>('SELECT token_hash FROM sessions WHERE token_hash = ANY($1::text[]) AND revoked_at IS NULL', [
          [...new Set(streams.map((s) => s.tokenHash))],
        ])
        const members = new Set(live.map((r) => r.id))
        const tokens = new Set(sessions.map((r) => r.token_hash))
        for (const stream of streams) if (!members.has(stream.memberId) || !tokens.has(stream.tokenHash)) stream.end()
      }
    } catch (error) {
      if (!stopped) log.warn('Live updates: reading the heads failed', (error as Error)?.message)
    }
  }

  const poll = setInterval(() => void tick(), p.pollMs)
  poll.unref()
  const keepalive = setInterval(() => hub.keepalive(), p.keepaliveMs)
  keepalive.unref()

  let unlisten: Promise<(() => Promise<void>) | null> = Promise.resolve(null)
  const listening = db.listen(
    NOTIFY_CHANNEL,
    (payload) => {
      const [workspaceId, seq] = payload.split(' ')
      const head = Number(seq)
      if (workspaceId && Number.isFinite(head)) hub.wake(workspaceId, head)
    },
    (error) => log.warn('Live updates: the LISTEN connection dropped (the 1 s poll carries on)', error.message),
  )
  if (listening) {
    unlisten = listening.catch((error) => {
      log.warn('Live updates: LISTEN failed (the 1 s poll carries on)', (error as Error)?.message)
      return null
    })
  }

  return {
    async stop() {
      stopped = true
      clearInterval(poll)
      clearInterval(keepalive)
      await busy
      const stop = await unlisten
      await stop?.()
    },
  }
}
