/**
 * One hash of everything sync keeps equal on every device: each synced table's rows in id order,
 * without what is local by design (updated_at, the time this device wrote the row; columns kept by
 * SQL triggers). Two devices that have exchanged all their ops have the same digest.
 */
import { createHash } from 'node:crypto'
import type { Reader } from '../db/access'
import { syncedTables } from '../db/schema'

const LOCAL_COLUMNS = new Set(['updated_at', 'last_contacted_at'])

export function syncedDigest(q: Reader): string {
  const hash = createHash('sha256')
  for (const table of Object.keys(syncedTables).sort()) {
    hash.update(`\u0001${table}\n`)
    for (const row of q.all<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY id`)) {
      const kept = Object.entries(row).filter(([column]) => !LOCAL_COLUMNS.has(column))
      hash.update(JSON.stringify(kept))
      hash.update('\n')
    }
  }
  return hash.digest('hex')
}
