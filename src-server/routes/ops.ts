/**
 * Push and pull of ops.
 *
 * Push (POST /v1/workspaces/:id/push) writes in ONE transaction:
 * 1. the device row, upserted and so locked (two pushes of one device take turns; a device id
 *    registered to another member is refused);
 * 2. the ops past the device's last_client_seq (the rest are repeats: ignored, not counted in
 *    `accepted`), which must start right after it (else CLIENT_SEQ_GAP);
 * 3. their seqs from `UPDATE workspaces SET seq = seq + n RETURNING seq`: the workspace row stays
 *    locked until commit, so pushes commit in seq order and a cursor never skips a row that
 *    commits later;
 * 4. one INSERT … SELECT FROM unnest(arrays) for all of them, the device's new last_client_seq,
 *    and a NOTIFY (a wake-up for other instances, sent at commit).
 * Everything that can refuse a push (shape, JSON values, a clock ahead) is checked before it
 * begins: a refused push writes nothing.
 *
 * Pull (GET /v1/workspaces/:id/ops) reads by (workspace, seq) cursor, at most `limit` ops and
 * about MAX_PULL_BYTES of values, with the page checksum. Nothing is ever compacted: a tombstone
 * stays for the device that comes back after a month. What a member may see is judged per row
 * (private records, visibility.ts): the cursor passes ops left out.
 */
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { MAX_DRIFT_MS } from '../../src-shared/hlc'
import {
  MAX_PULL_BYTES,
  MAX_PUSH_BYTES,
  pageChecksumInput,
  pullQuery,
  pushBody,
  rowsBody,
  type PullAnswer,
  type PulledOp,
  type PushAnswer,
  type PushOp,
  type RowsAnswer,
} from '../../src-shared/sync-protocol'
import { authenticate, membership, type Membership } from '../auth'
import type { ServerContext } from '../context'
import type { Queryable } from '../db/port'
import { ApiError, badRequest, conflict, parse } from '../errors'
import { NOTIFY_CHANNEL } from '../events'
import { checkPrivacy, recordVisibility, rowsHistory, toPulledOp, visibleOps, type OpRow } from '../visibility'

const minutes = (ms: number) => Math.max(1, Math.round(ms / 60_000))

/** The checks no schema makes: consecutive client seqs, JSON values, an insert's object, the clock. */
function checkOps(ops: readonly PushOp[], now: number): void {
  const problems: { path: string; message: string }[] = []
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]
    if (i > 0 && op.clientSeq !== ops[i - 1].clientSeq + 1) {
      problems.push({ path: `ops.${i}.clientSeq`, message: `ops.${i}.clientSeq is ${op.clientSeq} after ${ops[i - 1].clientSeq}: a push's ops are numbered one after another` })
    }
    if (op.table === '*') problems.push({ path: `ops.${i}.table`, message: `ops.${i}.table must be a table name` })
    let value: unknown
    try {
      value = JSON.parse(op.value)
    } catch {
      problems.push({ path: `ops.${i}.value`, message: `ops.${i}.value must be JSON text (a field's value, or for column '*' the row's object)` })
      continue
    }
    if (op.column === '*' && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      problems.push({ path: `ops.${i}.value`, message: `ops.${i}.value must be a JSON object: column '*' inserts a row` })
    }
  }
  if (problems.length) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : ''
    throw badRequest(`${problems[0].message}${more}. Nothing of this push was stored.`, { problems: problems.slice(0, 20) })
  }
  const limit = now + MAX_DRIFT_MS
  const ahead = ops.find((op) => parseInt(op.hlc.slice(0, 12), 16) > limit)
  if (ahead) {
    const aheadMs = parseInt(ahead.hlc.slice(0, 12), 16) - now
    throw new ApiError(
      409,
      'CLOCK_AHEAD',
      `This computer's clock is about ${minutes(aheadMs)} minutes ahead of the server's: set it right (automatic date and time), then sync again. Nothing of this push was stored.`,
      { hlc: ahead.hlc, serverTime: now, aheadMs },
    )
  }
}

async function head(q: Queryable, workspaceId: string): Promise<{ seq: number; epoch: string }> {
  const [row] = await q.query<{ seq: unknown; epoch: string }>('SELECT seq, epoch FROM workspaces WHERE id = $1', [workspaceId])
  return { seq: Number(row.seq), epoch: row.epoch }
}

export async function push(ctx: ServerContext, m: Membership, deviceId: string, ops: readonly PushOp[]): Promise<PushAnswer> {
  const now = ctx.now()
  checkOps(ops, now)
  checkPrivacy(ops, m.memberId)
  const { workspaceId, memberId } = m
  return ctx.db.transaction(async (tx) => {
    // upsert = the device row, locked until commit (DO UPDATE locks; DO NOTHING would not)
    const [device] = await tx.query<{ member_id: string; last_client_seq: unknown }>(
      `INSERT INTO devices (workspace_id, device_id, member_id, last_client_seq, created_at) VALUES ($1, $2, $3, 0, $4)
       ON CONFLICT (workspace_id, device_id) DO UPDATE SET last_client_seq = devices.last_client_seq
       RETURNING member_id, last_client_seq`,
      [workspaceId, deviceId, memberId, now],
    )
    if (device.member_id !== memberId) {
      throw conflict(
        'This device id belongs to another member of the workspace: sign in on this computer as that member, or reset sync here (the computer then gets a new device id).',
      )
    }
    const last = Number(device.last_client_seq)
    const fresh = ops.filter((op) => op.clientSeq > last)
    if (fresh.length === 0) return { lastClientSeq: last, accepted: 0, seq: (await head(tx, workspaceId)).seq }
    if (fresh[0].clientSeq !== last + 1) {
      throw new ApiError(
        409,
        'CLIENT_SEQ_GAP',
        `The server has this computer's changes up to #${last}, and this push starts at #${fresh[0].clientSeq}: push again from #${last + 1}.`,
        { lastClientSeq: last },
      )
    }
    const n = fresh.length
    const [row] = await tx.query<{ seq: unknown }>('UPDATE workspaces SET seq = seq + $2 WHERE id = $1 RETURNING seq', [workspaceId, n])
    const top = Number(row.seq)
    const first = top - n + 1
    await tx.query(
      `INSERT INTO ops (workspace_id, seq, device_id, client_seq, member_id, hlc, schema_version, tx_id, table_name, row_id, column_name, value, received_at)
       SELECT $1, u.seq, $2, u.client_seq, $3, u.hlc, u.schema_version, u.tx_id, u.table_name, u.row_id, u.column_name, u.value, $4
         FROM unnest($5::bigint[], $6::bigint[], $7::text[], $8::int[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
           AS u(seq, client_seq, hlc, schema_version, tx_id, table_name, row_id, column_name, value)`,
      [
        workspaceId,
        deviceId,
        memberId,
        now,
        fresh.map((_, i) => first + i),
        fresh.map((op) => op.clientSeq),
        fresh.map((op) => op.hlc),
        fresh.map((op) => op.schemaVersion),
        fresh.map((op) => op.txId),
        fresh.map((op) => op.table),
        fresh.map((op) => op.rowId),
        fresh.map((op) => op.column),
        fresh.map((op) => op.value),
      ],
    )
    await recordVisibility(tx, workspaceId, fresh)
    const lastClientSeq = fresh[n - 1].clientSeq
    await tx.query('UPDATE devices SET last_client_seq = $3 WHERE workspace_id = $1 AND device_id = $2', [workspaceId, deviceId, lastClientSeq])
    if (ctx.db.kind === 'postgres') await tx.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, `${workspaceId} ${top}`])
    return { lastClientSeq, accepted: n, seq: top }
  })
}

/**
 * The workspace's ops after `after`, in seq order: at most `limit`, and no more than about
 * MAX_PULL_BYTES of values (always at least one op), before the visibility filter.
 * Seqs are gapless (push), so the page lies in (after, after + limit]: that bound keeps a page's
 * cost to its own rows whatever the planner's statistics. Without it, on a table never analyzed
 * (PGlite has no autovacuum) the plan read and sorted EVERY op after the cursor for each page.
 */
async function readOps(q: Queryable, workspaceId: string, after: number, limit: number): Promise<PulledOp[]> {
  const rows = await q.query<OpRow>(
    `SELECT seq, device_id, client_seq, member_id, hlc, schema_version, tx_id, table_name, row_id, column_name, value
       FROM (SELECT o.*, sum(octet_length(o.value) + 200) OVER (ORDER BY o.seq) AS running
               FROM (SELECT * FROM ops WHERE workspace_id = $1 AND seq > $2 AND seq <= $2 + $3 ORDER BY seq LIMIT $3) o) page
      WHERE running - (octet_length(value) + 200) < $4
      ORDER BY seq`,
    [workspaceId, after, limit, MAX_PULL_BYTES],
  )
  return rows.map(toPulledOp)
}

export async function pull(ctx: ServerContext, m: Membership, query: { epoch: string; after: number; limit: number }): Promise<PullAnswer> {
  const workspace = await head(ctx.db, m.workspaceId)
  if (query.epoch !== '' && query.epoch !== workspace.epoch) {
    throw new ApiError(409, 'EPOCH_CHANGED', "The server's history of this workspace was reset since this computer last pulled: pull again from the start.", {
      epoch: workspace.epoch,
    })
  }
  if (query.after > workspace.seq) {
    throw new ApiError(
      409,
      'EPOCH_CHANGED',
      `This computer has pulled up to #${query.after}, but the server's history ends at #${workspace.seq} (was the server restored from a backup?): pull again from the start.`,
      { epoch: workspace.epoch, head: workspace.seq },
    )
  }
  const read = await readOps(ctx.db, m.workspaceId, query.after, query.limit)
  // the cursor passes every op read, also those this member may not see (a page may come back empty before the head)
  const next = read.length ? read[read.length - 1].seq : query.after
  const ops = await visibleOps(ctx.db, m.workspaceId, m.memberId, read)
  return {
    epoch: workspace.epoch,
    ops,
    next,
    // ops committed after the head was read may be in the page: the head is never behind it
    head: Math.max(workspace.seq, next),
    checksum: createHash('sha256').update(pageChecksumInput(ops)).digest('hex'),
  }
}

export function opsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Params: { workspaceId: string } }>('/v1/workspaces/:workspaceId/push', { bodyLimit: MAX_PUSH_BYTES }, async (request) => {
    const caller = await authenticate(ctx, request)
    const m = await membership(ctx.db, request.params.workspaceId, caller)
    const body = parse(pushBody, request.body, 'The push')
    const answer = await push(ctx, m, body.deviceId, body.ops)
    if (answer.accepted > 0) ctx.hub.wake(m.workspaceId, answer.seq)
    return answer
  })

  app.get<{ Params: { workspaceId: string } }>('/v1/workspaces/:workspaceId/ops', async (request) => {
    const caller = await authenticate(ctx, request)
    const m = await membership(ctx.db, request.params.workspaceId, caller)
    const query = parse(pullQuery, request.query, 'The pull')
    return pull(ctx, m, query)
  })

  app.post<{ Params: { workspaceId: string } }>('/v1/workspaces/:workspaceId/rows', async (request): Promise<RowsAnswer> => {
    const caller = await authenticate(ctx, request)
    const m = await membership(ctx.db, request.params.workspaceId, caller)
    const body = parse(rowsBody, request.body, 'The request for rows')
    return { ops: await rowsHistory(ctx.db, m.workspaceId, m.memberId, body.rows) }
  })
}

