/**
 * The outbox is the change log itself: this device's entries (device_id = ours) after the push
 * mark, in HLC order. Client seqs are given at push time from the mark (mark.clientSeq + 1, + 2...)
 * and the mark moves only after the server acknowledged: a push repeated after a crash or a lost
 * answer sends the same entries with the same seqs, which the server ignores as repeats. Entries
 * of other devices (applied by a pull) are never pushed.
 */
import { MAX_PUSH_BYTES, MAX_PUSH_OPS, SYNC_SCHEMA_VERSION, type PushAnswer, type PushOp } from '../../../src-shared/sync-protocol'
import type { Reader } from '../db/access'
import type { SyncHttp } from './http'
import { SyncFailure } from './http'
import type { PushMark, SyncStore } from './state'

/** A push body stays well under the server's limit (values are JSON text, escaped again in the body). */
const PUSH_BUDGET_BYTES = MAX_PUSH_BYTES / 4

interface OutboxRow {
  hlc: string
  tx_id: string
  table_name: string
  row_id: string
  column_name: string
  value: string | null
}

/** This device's entries not yet on the server (`devices`: its id, and those it had before a restore). */
export function pendingCount(q: Reader, devices: string[], mark: PushMark): number {
  return q.one<{ n: number }>('SELECT count(*) AS n FROM change_log WHERE hlc > ? AND device_id IN (SELECT value FROM json_each(?))', mark.hlc, JSON.stringify(devices))!.n
}

/** The next batch of the outbox, as ops numbered from the mark. */
export function nextBatch(q: Reader, devices: string[], mark: PushMark): PushOp[] {
  const rows = q.all<OutboxRow>(
    'SELECT hlc, tx_id, table_name, row_id, column_name, value FROM change_log WHERE hlc > ? AND device_id IN (SELECT value FROM json_each(?)) ORDER BY hlc LIMIT ?',
    mark.hlc,
    JSON.stringify(devices),
    MAX_PUSH_OPS,
  )
  const ops: PushOp[] = []
  let bytes = 0
  for (const row of rows) {
    const value = row.value ?? 'null'
    bytes += value.length + 200
    if (ops.length > 0 && bytes > PUSH_BUDGET_BYTES) break
    ops.push({
      clientSeq: mark.clientSeq + ops.length + 1,
      hlc: row.hlc,
      schemaVersion: SYNC_SCHEMA_VERSION,
      txId: row.tx_id,
      table: row.table_name,
      rowId: row.row_id,
      column: row.column_name,
      value,
    })
  }
  return ops
}

/** Pushes the whole outbox, batch after batch; each acknowledged batch moves the mark. */
export async function pushAll(p: { q: Reader; http: SyncHttp; store: SyncStore; deviceId: string; token: string; workspaceId: string }): Promise<number> {
  let pushed = 0
  for (;;) {
    const mark = p.store.pushed()
    const ops = nextBatch(p.q, p.store.outboxDevices(p.deviceId), mark)
    if (ops.length === 0) return pushed
    const last = ops[ops.length - 1]
    const answer = await p.http.request<PushAnswer>('POST', `/v1/workspaces/${encodeURIComponent(p.workspaceId)}/push`, {
      body: { deviceId: p.deviceId, ops },
      token: p.token,
    })
    if (answer.lastClientSeq > last.clientSeq) {
      // The server holds more of this device than this database does: it was restored from an older backup.
      throw new SyncFailure(
        'CONFLICT',
        'This database is older than what the server has from this computer (was it restored from a backup?). Its changes are kept, but it cannot push them as they are.',
      )
    }
    if (answer.lastClientSeq < last.clientSeq) throw new SyncFailure('INTERNAL', `The server acknowledged ${answer.lastClientSeq} of ${last.clientSeq} changes.`)
    p.store.setPushed({ hlc: last.hlc, clientSeq: last.clientSeq })
    pushed += ops.length
  }
}
