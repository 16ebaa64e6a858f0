/**
 * Row ids (UUIDv7 text, see ARCHITECTURE.md "Data conventions"). One id at a time, the uuid
 * package's v7 is fine; a bulk path (the CSV import: several ids per row, 100,000 rows) uses a
 * factory from makeIdFactory, whose cost per id is a few array reads.
 */
import { createHash } from 'node:crypto'
import { v7 as uuidv7 } from 'uuid'

/**
 * The same id on every device for the same thing: what each device makes by itself and must not
 * duplicate once they sync (the seeded pipeline and rules, a rule's task for one cause). A UUIDv8
 * (RFC 9562's custom version) from the SHA-256 of the key.
 */
export function stableId(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex')
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/**
 * A tag on a contact is one row on every device: put on the same contact by two people apart, it
 * must fold into one membership once they sync, not show twice (found by the sync property test).
 */
export const contactTagId = (contactId: string, tagId: string): string => stableId(`contact_tags\u0000${contactId}\u0000${tagId}`)

/**
 * UUIDv7 ids for bulk inserts: the same layout as the uuid package's v7 (ms time, then a counter
 * that keeps ids made in one millisecond in order), with the random bytes drawn from a pool —
 * one getRandomValues call per 4,096 ids instead of one per id, which dominated the import's time.
 * Each factory keeps its own counter: ids of one factory are in order, across factories only by ms.
 */
export function makeIdFactory(): () => string {
  const pool = new Uint8Array(16 * 4096)
  let at = pool.length
  let msecs = 0
  let seq = 0
  return (): string => {
    if (at >= pool.length) {
      globalThis.crypto.getRandomValues(pool)
      at = 0
    }
    const random = pool.subarray(at, at + 16)
    at += 16
    const now = Date.now()
    if (now > msecs) {
      msecs = now
      seq = ((random[6] << 23) | (random[7] << 15) | (random[8] << 7) | (random[9] >>> 1)) >>> 0
    } else {
      seq = (seq + 1) >>> 0
      if (seq === 0) msecs++
    }
    return uuidv7({ random, msecs, seq })
  }
}
