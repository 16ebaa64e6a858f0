/**
 * Private records ("control who sees what"): a contact or deal whose private_to names a member is
 * sent to that member's devices only, with every row that belongs to it (rows whose contact_id or
 * deal_id names it, two levels down: a deal's history entry of a private contact).
 *
 * The server learns who may see what from the ops themselves, as they are pushed (row_access:
 * the latest private_to per row by HLC; row_parents: the latest contact_id / deal_id), and
 * judges each op at pull time by the row's state NOW, not when the op was made:
 * - an op of a row this member may not see is left out of the page (the cursor still passes it);
 * - the op that hid it (private_to set, or the row moved under a private record) becomes a
 *   REMOVE_COLUMN op, so a device that had the row removes it with what belongs to it;
 * - when the row can be seen again, its old ops are behind the device's cursor: the device asks
 *   for the row's whole history (POST …/rows, rowsHistory) when an op names a row it has not.
 * Nothing here is kept in memory: a second server instance judges the same way.
 */
import {
  PARENT_COLUMNS,
  PRIVATE_COLUMN,
  PRIVATE_TABLES,
  REMOVE_COLUMN,
  type PulledOp,
  type PushOp,
} from '../src-shared/sync-protocol'
import type { Queryable } from './db/port'
import { badRequest } from './errors'

const privateTables = new Set<string>(PRIVATE_TABLES)
const key = (table: string, rowId: string) => `${table}\u0000${rowId}`

interface Change {
  table: string
  rowId: string
  column: string
  value: string | null
  hlc: string
}

/** The private_to and contact_id/deal_id values these ops write (the latest per row and column). */
function changesOf(ops: readonly PushOp[]): { access: Change[]; parents: Change[] } {
  const access = new Map<string, Change>()
  const parents = new Map<string, Change>()
  const keep = (into: Map<string, Change>, change: Change) => {
    const k = `${key(change.table, change.rowId)}\u0000${change.column}`
    const before = into.get(k)
    if (!before || before.hlc < change.hlc) into.set(k, change)
  }
  for (const op of ops) {
    let fields: Record<string, unknown>
    if (op.column === '*') {
      const value = JSON.parse(op.value) as Record<string, unknown>
      fields = value
    } else if (op.column === PRIVATE_COLUMN || Object.hasOwn(PARENT_COLUMNS, op.column)) {
      fields = { [op.column]: JSON.parse(op.value) }
    } else continue
    for (const [column, value] of Object.entries(fields)) {
      const text = typeof value === 'string' ? value : null
      if (column === PRIVATE_COLUMN && privateTables.has(op.table)) keep(access, { table: op.table, rowId: op.rowId, column, value: text, hlc: op.hlc })
      else if (Object.hasOwn(PARENT_COLUMNS, column)) keep(parents, { table: op.table, rowId: op.rowId, column, value: text, hlc: op.hlc })
    }
  }
  return { access: [...access.values()], parents: [...parents.values()] }
}

/** Refuses (before anything is written) a push that makes a record private to someone else. */
export function checkPrivacy(ops: readonly PushOp[], memberId: string): void {
  const wrong = changesOf(ops).access.find((c) => c.value !== null && c.value !== memberId)
  if (wrong) {
    throw badRequest(`A record can only be made private to yourself (${wrong.table} ${wrong.rowId} names another member). Nothing of this push was stored.`)
  }
}

/**
 * Inside the push transaction: keeps row_access and row_parents up to date with these ops (the
 * latest by HLC wins, as on the devices). A privacy change is never refused for the row's state:
 * two people may mark one record private to themselves while offline, and a refused push would
 * stop that device's outbox for good; the later one wins, as for any field.
 */
export async function recordVisibility(tx: Queryable, workspaceId: string, ops: readonly PushOp[]): Promise<void> {
  const { access, parents } = changesOf(ops)
  if (access.length) {
    await tx.query(
      `INSERT INTO row_access (workspace_id, table_name, row_id, private_to, hlc)
       SELECT $1, u.t, u.r, u.p, u.h FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(t, r, p, h)
       ON CONFLICT (workspace_id, table_name, row_id) DO UPDATE SET private_to = excluded.private_to, hlc = excluded.hlc
        WHERE row_access.hlc COLLATE "C" < excluded.hlc COLLATE "C"`,
      [workspaceId, access.map((c) => c.table), access.map((c) => c.rowId), access.map((c) => c.value), access.map((c) => c.hlc)],
    )
  }
  if (parents.length) {
    await tx.query(
      `INSERT INTO row_parents (workspace_id, table_name, row_id, column_name, parent_id, hlc)
       SELECT $1, u.t, u.r, u.c, u.p, u.h FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(t, r, c, p, h)
       ON CONFLICT (workspace_id, table_name, row_id, column_name) DO UPDATE SET parent_id = excluded.parent_id, hlc = excluded.hlc
        WHERE row_parents.hlc COLLATE "C" < excluded.hlc COLLATE "C"`,
      [workspaceId, parents.map((c) => c.table), parents.map((c) => c.rowId), parents.map((c) => c.column), parents.map((c) => c.value), parents.map((c) => c.hlc)],
    )
  }
}

interface Keyed {
  table: string
  rowId: string
}

/** The parents (contact or deal) of these rows, as keys. */
async function parentsOf(q: Queryable, workspaceId: string, rows: readonly Keyed[]): Promise<Map<string, Keyed[]>> {
  const found = new Map<string, Keyed[]>()
  if (rows.length === 0) return found
  const result = await q.query<{ table_name: string; row_id: string; column_name: string; parent_id: string }>(
    `SELECT p.table_name, p.row_id, p.column_name, p.parent_id FROM row_parents p JOIN unnest($2::text[], $3::text[]) AS k(t, r) ON p.table_name = k.t AND p.row_id = k.r
      WHERE p.workspace_id = $1 AND p.parent_id IS NOT NULL`,
    [workspaceId, rows.map((r) => r.table), rows.map((r) => r.rowId)],
  )
  for (const r of result) {
    const k = key(r.table_name, r.row_id)
    const list = found.get(k) ?? []
    list.push({ table: PARENT_COLUMNS[r.column_name], rowId: r.parent_id })
    found.set(k, list)
  }
  return found
}

/**
 * Which of these rows this member may not see: 'own' when the row itself is private to someone
 * else, 'inherited' when its contact or deal is (two levels up).
 */
async function hiddenRows(q: Queryable, workspaceId: string, memberId: string, rows: readonly Keyed[]): Promise<Map<string, 'own' | 'inherited'>> {
  const hidden = new Map<string, 'own' | 'inherited'>()
  // the common case costs one indexed probe: nothing in this workspace is private to anyone else
  const [any] = await q.query('SELECT 1 AS one FROM row_access WHERE workspace_id = $1 AND private_to IS NOT NULL AND private_to <> $2 LIMIT 1', [workspaceId, memberId])
  if (!any) return hidden
  const level1 = await parentsOf(q, workspaceId, rows)
  const firstParents = [...level1.values()].flat()
  const level2 = await parentsOf(q, workspaceId, firstParents)
  const candidates = new Map<string, Keyed>()
  for (const r of [...rows, ...firstParents, ...[...level2.values()].flat()]) if (privateTables.has(r.table)) candidates.set(key(r.table, r.rowId), r)
  const list = [...candidates.values()]
  const closed = new Set<string>()
  if (list.length) {
    const result = await q.query<{ table_name: string; row_id: string }>(
      `SELECT a.table_name, a.row_id FROM row_access a JOIN unnest($2::text[], $3::text[]) AS k(t, r) ON a.table_name = k.t AND a.row_id = k.r
        WHERE a.workspace_id = $1 AND a.private_to IS NOT NULL AND a.private_to <> $4`,
      [workspaceId, list.map((r) => r.table), list.map((r) => r.rowId), memberId],
    )
    for (const r of result) closed.add(key(r.table_name, r.row_id))
  }
  for (const r of rows) {
    const k = key(r.table, r.rowId)
    if (closed.has(k)) {
      hidden.set(k, 'own')
      continue
    }
    const ups = level1.get(k) ?? []
    const blocked = ups.some((p) => closed.has(key(p.table, p.rowId)) || (level2.get(key(p.table, p.rowId)) ?? []).some((g) => closed.has(key(g.table, g.rowId))))
    if (blocked) hidden.set(k, 'inherited')
  }
  return hidden
}

const distinctRows = (ops: readonly PulledOp[]): Keyed[] => {
  const rows = new Map<string, Keyed>()
  for (const op of ops) rows.set(key(op.table, op.rowId), { table: op.table, rowId: op.rowId })
  return [...rows.values()]
}

/**
 * The ops of a pull page as this member may receive them: ops of rows it may not see are left
 * out, and the op that hid a row (its private_to, or the contact_id / deal_id that moved it under
 * a private record) becomes a REMOVE_COLUMN op.
 */
export async function visibleOps(q: Queryable, workspaceId: string, memberId: string, ops: readonly PulledOp[]): Promise<PulledOp[]> {
  if (ops.length === 0) return []
  const hidden = await hiddenRows(q, workspaceId, memberId, distinctRows(ops))
  if (hidden.size === 0) return [...ops]
  const out: PulledOp[] = []
  for (const op of ops) {
    if (!hidden.has(key(op.table, op.rowId))) out.push(op)
    else if (op.column === PRIVATE_COLUMN || Object.hasOwn(PARENT_COLUMNS, op.column)) out.push({ ...op, column: REMOVE_COLUMN, value: 'null' })
  }
  return out
}

/** These rows and the rows that belong to them (two levels down), as keys. */
async function withDescendants(q: Queryable, workspaceId: string, rows: readonly Keyed[]): Promise<Keyed[]> {
  const all = new Map<string, Keyed>()
  for (const r of rows) all.set(key(r.table, r.rowId), r)
  let level: Keyed[] = rows.filter((r) => privateTables.has(r.table))
  for (let depth = 0; depth < 2 && level.length; depth++) {
    const columns = level.map((r) => (r.table === 'contacts' ? 'contact_id' : 'deal_id'))
    const children = await q.query<{ table_name: string; row_id: string }>(
      `SELECT p.table_name, p.row_id FROM row_parents p JOIN unnest($2::text[], $3::text[]) AS k(c, id) ON p.column_name = k.c AND p.parent_id = k.id
        WHERE p.workspace_id = $1`,
      [workspaceId, columns, level.map((r) => r.rowId)],
    )
    level = []
    for (const c of children) {
      const k = key(c.table_name, c.row_id)
      if (all.has(k)) continue
      const child = { table: c.table_name, rowId: c.row_id }
      all.set(k, child)
      if (privateTables.has(child.table)) level.push(child)
    }
  }
  return [...all.values()]
}

interface OpRow {
  seq: unknown
  device_id: string
  client_seq: unknown
  member_id: string
  hlc: string
  schema_version: unknown
  tx_id: string
  table_name: string
  row_id: string
  column_name: string
  value: string
}

export const toPulledOp = (r: OpRow): PulledOp => ({
  seq: Number(r.seq),
  deviceId: r.device_id,
  memberId: r.member_id,
  clientSeq: Number(r.client_seq),
  hlc: r.hlc,
  schemaVersion: Number(r.schema_version),
  txId: r.tx_id,
  table: r.table_name,
  rowId: r.row_id,
  column: r.column_name,
  value: r.value,
})
export type { OpRow }

/** Every op of these rows and of what belongs to them that this member may see, in seq order. */
export async function rowsHistory(q: Queryable, workspaceId: string, memberId: string, rows: readonly Keyed[]): Promise<PulledOp[]> {
  const keys = await withDescendants(q, workspaceId, rows)
  const result = await q.query<OpRow>(
    `SELECT o.seq, o.device_id, o.client_seq, o.member_id, o.hlc, o.schema_version, o.tx_id, o.table_name, o.row_id, o.column_name, o.value
       FROM ops o JOIN unnest($2::text[], $3::text[]) AS k(t, r) ON o.table_name = k.t AND o.row_id = k.r
      WHERE o.workspace_id = $1 ORDER BY o.seq`,
    [workspaceId, keys.map((k) => k.table), keys.map((k) => k.rowId)],
  )
  const ops = result.map(toPulledOp)
  const hidden = await hiddenRows(q, workspaceId, memberId, distinctRows(ops))
  return ops.filter((op) => !hidden.has(key(op.table, op.rowId)))
}
