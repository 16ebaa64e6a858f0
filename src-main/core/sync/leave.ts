/**
 * A member removed from the workspace (the server says so: a 403 with details.removed) may no
 * longer see the team's records, so this device takes them off: every synced row, in chunks of
 * ROWS_PER_CHUNK through Writer.applyRemote's remove (db/remote-apply.ts: the row, what belongs
 * to it and its change-log entries go; not logged, never pushed: nobody deleted anything), with a
 * turn of the event loop between chunks so the app answers meanwhile. Then the log entries left
 * of rows it never had whole, and the ops kept for a newer version. A kill midway: the connection is
 * still there, the next cycle gets the same answer and carries on.
 *
 * This device's changes not yet pushed cannot reach the team any more and go too: the notice
 * counts them. The push mark and the workspace binding stay, so a new invite into the same
 * workspace continues this device's client seqs and downloads everything again from seq 0.
 */
import { SYNCED_TABLE_NAMES } from '../../../src-shared/tables'
import type { LocalWriter, Reader } from '../db/access'
import type { Repository } from '../db/repository'
import type { RemoteEntry } from '../db/remote-apply'
import { REMOVE_COLUMN } from '../../../src-shared/sync-protocol'
import { nextTurn } from '../clock'
import { pendingCount } from './push'
import type { SyncStore } from './state'

const ROWS_PER_CHUNK = 500
const removal = (table: string, rowId: string): RemoteEntry => ({ hlc: '', deviceId: '', memberId: null, txId: '', table, rowId, column: REMOVE_COLUMN, value: 'null' })

export interface LeaveResult {
  /** Rows taken off this computer. */
  records: number
  /** This device's changes that had not reached the server. */
  unsent: number
}

export async function removeWorkspaceData(p: { q: Reader; local: LocalWriter; repo: Repository; store: SyncStore; deviceId: string; closed: () => boolean }): Promise<LeaveResult> {
  const { q, local, repo, store } = p
  const devices = store.outboxDevices(p.deviceId)
  const pending = () => pendingCount(q, devices, store.pushed())
  let unsent = 0
  let records = 0
  /** One transaction of removes; counts this device's unsent entries it took (also those written meanwhile). */
  const take = (entries: RemoteEntry[]) => {
    const before = pending()
    repo.write((w) => void (records += w.applyRemote(entries).removed), { origin: 'remote' })
    unsent += before - pending()
  }
  // a contact or deal first (it takes what belongs to it along); what a new database seeds last, after
  // what refers to it, so that a start between two chunks finds either the whole seed or none of it
  const LAST = ['stages', 'pipelines', 'rules']
  const order = ['contacts', 'deals', ...SYNCED_TABLE_NAMES.filter((t) => t !== 'contacts' && t !== 'deals' && !LAST.includes(t)), ...LAST]
  for (const table of order) {
    for (;;) {
      if (p.closed()) throw new Error('The app closed while this computer was taking the workspace off: it carries on at the next start.')
      const ids = q.all<{ id: string }>(`SELECT id FROM ${table} LIMIT ${ROWS_PER_CHUNK}`).map((r) => r.id)
      if (ids.length === 0) break
      take(ids.map((rowId) => removal(table, rowId)))
      await nextTurn()
    }
  }
  // entries of rows this device never had whole (waiting for their insert): the same remove forgets them
  const names = JSON.stringify(SYNCED_TABLE_NAMES)
  for (;;) {
    const rows = q.all<{ table_name: string; row_id: string }>(
      `SELECT DISTINCT table_name, row_id FROM change_log WHERE table_name IN (SELECT value FROM json_each(?)) LIMIT ${ROWS_PER_CHUNK}`,
      names,
    )
    if (rows.length === 0) break
    take(rows.map((r) => removal(r.table_name, r.row_id)))
    await nextTurn()
  }
  local.run('DELETE FROM sync_deferred')
  return { records, unsent }
}
