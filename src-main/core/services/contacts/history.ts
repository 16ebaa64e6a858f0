/**
 * A contact's record history read back from the change log: what changed, when, on which device,
 * grouped per transaction, newest first. Sync will show the same entries for edits made elsewhere.
 */
import type { HistoryChange, HistoryEntry, RecordHistory } from '../../../../src-shared/api/contacts'
import { parseHlc } from '../../../../src-shared/hlc'
import type { Reader } from '../../db/access'
import { INSERTED } from '../../db/repository'

interface LogRow {
  hlc: string
  device_id: string
  tx_id: string
  table_name: 'contacts' | 'contact_channels'
  row_id: string
  column_name: string
  value: string | null
  member_id: string | null
  lost: number
}

/** The change-log entries of contact :id and of its channels, older than :before. */
const OF_CONTACT = `SELECT hlc, device_id, tx_id, table_name, row_id, column_name, value, member_id, lost FROM change_log
  WHERE ((table_name = 'contacts' AND row_id = :id)
     OR (table_name = 'contact_channels' AND row_id IN (SELECT id FROM contact_channels WHERE contact_id = :id)))
    AND hlc < :before`

const ENTRIES = `${OF_CONTACT} ORDER BY hlc DESC LIMIT :limit`

/** The rest of one transaction's entries (to finish a transaction the page limit cut). */
const REST_OF_TX = `${OF_CONTACT} AND tx_id = :txId ORDER BY hlc DESC`

export function contactHistory(q: Reader, input: { id: string; limit: number; before?: string }): RecordHistory {
  const before = input.before ?? '\uffff'
  const rows = q.all<LogRow>(ENTRIES, { id: input.id, before, limit: input.limit + 1 })
  let more = rows.length > input.limit
  if (more) rows.length = input.limit
  // never cut a transaction in two: take the rest of the last one
  const last = rows.at(-1)
  if (more && last) {
    rows.push(...q.all<LogRow>(REST_OF_TX, { id: input.id, txId: last.tx_id, before: last.hlc }))
    const tail = rows.at(-1)!
    more = q.one(`SELECT 1 FROM (${ENTRIES})`, { id: input.id, before: tail.hlc, limit: 1 }) !== undefined
  }
  const thisDevice = q.one<{ value: string }>("SELECT value FROM meta WHERE key = 'device_id'")?.value
  const names = memberNames(q)
  const entries: HistoryEntry[] = []
  for (const row of rows) {
    let entry = entries.at(-1)
    if (!entry || entry.txId !== row.tx_id) {
      const mine = row.device_id === thisDevice
      const by = row.member_id ? (names.members.get(row.member_id) ?? null) : mine ? names.me : null
      entry = { txId: row.tx_id, at: parseHlc(row.hlc).ms, deviceId: row.device_id, thisDevice: mine, by, changes: [] }
      entries.push(entry)
    }
    entry.changes.push(toChange(row))
  }
  return { entries, nextBefore: more ? rows.at(-1)!.hlc : null }
}

/** Member names from sync's cached member list (meta sync.members), and this device's own user (sync.connection). */
function memberNames(q: Reader): { members: Map<string, string>; me: string | null } {
  const read = <T>(key: string): T | null => {
    const row = q.one<{ value: string }>('SELECT value FROM meta WHERE key = ?', key)
    return row ? (JSON.parse(row.value) as T) : null
  }
  const members = new Map((read<{ id: string; name: string }[]>('sync.members') ?? []).map((m) => [m.id, m.name]))
  return { members, me: read<{ accountName: string }>('sync.connection')?.accountName ?? null }
}

function toChange(row: LogRow): HistoryChange {
  const value: unknown = row.value === null ? null : JSON.parse(row.value)
  const record = row.table_name === 'contacts' ? 'contact' : 'channel'
  const lost = row.lost === 1
  if (row.column_name === INSERTED) return { record, rowId: row.row_id, kind: 'created', field: null, value, lost }
  if (row.column_name === 'deleted_at') return { record, rowId: row.row_id, kind: value === null ? 'restored' : 'deleted', field: null, value: null, lost }
  return { record, rowId: row.row_id, kind: 'changed', field: row.column_name, value, lost }
}
