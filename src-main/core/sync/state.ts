/**
 * What sync remembers on this device, in the local `meta` table (never synced): the connection
 * and its token, the pull cursor, how far this device's own changes are pushed, and the members.
 * The cursor moves in the same transaction as the entries it covers, so a kill between two pages
 * neither skips nor repeats one.
 */
import type { SyncConnection, SyncRemoved } from '../../../src-shared/model/sync'
import type { Member } from '../../../src-shared/sync-protocol'
import type { LocalWriter, Reader } from '../db/access'

/** Where the pull stands: the server's epoch and the last seq applied (or skipped as our own). */
export interface PullCursor {
  epoch: string
  seq: number
}

/** The last of this device's entries the server acknowledged, and its client seq (1, 2, 3...). */
export interface PushMark {
  hlc: string
  clientSeq: number
}

const KEYS = {
  connection: 'sync.connection',
  token: 'sync.token',
  /** The one workspace this database syncs with, kept after sign-out (a database never mixes two). */
  workspace: 'sync.workspace',
  cursor: 'sync.cursor',
  pushed: 'sync.pushed',
  members: 'sync.members',
  lastSyncedAt: 'sync.last_synced_at',
  /** Device ids this database had before a restore: their entries after the push mark are still this outbox's. */
  formerDevices: 'sync.former_devices',
  /** Rows pulled entries changed that are not here (shared again after being private): their history is asked for. */
  missing: 'sync.missing',
  /** Why this computer stopped syncing on its own: removed from the workspace (sync/leave.ts), until the next connect. */
  removed: 'sync.removed',
  /** Set when the records were taken off: the next pull takes this device's own ops too (it has none of them left). */
  refill: 'sync.refill',
} as const

/** A row whose history the server is asked for. */
export interface MissingRow {
  table: string
  id: string
}

export interface SyncStore {
  connection(): SyncConnection | null
  token(): string | null
  workspace(): string | null
  cursor(): PullCursor
  pushed(): PushMark
  members(): Member[]
  lastSyncedAt(): number | null
  missing(): MissingRow[]
  removed(): SyncRemoved | null
  refill(): boolean
  setRefill(on: boolean): void
  /** This device's id and the ids it had before restores: whose entries the outbox sends. */
  outboxDevices(deviceId: string): string[]
  connect(connection: SyncConnection, token: string): void
  /** Forgets the token and the connection; the cursor, push mark and workspace stay for the next sign-in. */
  signOut(): void
  /** After the workspace's records were taken off (sync/leave.ts): signed out, the cursor back to 0, and why. */
  leave(notice: SyncRemoved): void
  setCursor(cursor: PullCursor): void
  setPushed(mark: PushMark): void
  setMembers(members: Member[]): void
  setLastSyncedAt(at: number): void
  setMissing(rows: MissingRow[]): void
}

export function createSyncStore(q: Reader, local: LocalWriter): SyncStore {
  const read = <T>(key: string): T | null => {
    const row = q.one<{ value: string }>('SELECT value FROM meta WHERE key = ?', key)
    return row ? (JSON.parse(row.value) as T) : null
  }
  const write = (key: string, value: unknown) =>
    local.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', key, JSON.stringify(value))
  const remove = (key: string) => local.run('DELETE FROM meta WHERE key = ?', key)
  return {
    connection: () => read<SyncConnection>(KEYS.connection),
    token: () => read<string>(KEYS.token),
    workspace: () => read<string>(KEYS.workspace),
    cursor: () => read<PullCursor>(KEYS.cursor) ?? { epoch: '', seq: 0 },
    pushed: () => read<PushMark>(KEYS.pushed) ?? { hlc: '', clientSeq: 0 },
    members: () => read<Member[]>(KEYS.members) ?? [],
    lastSyncedAt: () => read<number>(KEYS.lastSyncedAt),
    missing: () => read<MissingRow[]>(KEYS.missing) ?? [],
    removed: () => read<SyncRemoved>(KEYS.removed),
    refill: () => read<boolean>(KEYS.refill) === true,
    setRefill: (on) => (on ? write(KEYS.refill, true) : remove(KEYS.refill)),
    outboxDevices: (deviceId) => [deviceId, ...(read<string[]>(KEYS.formerDevices) ?? [])],
    connect(connection, token) {
      remove(KEYS.removed)
      write(KEYS.connection, connection)
      write(KEYS.token, token)
      write(KEYS.workspace, connection.workspaceId)
    },
    signOut() {
      remove(KEYS.connection)
      remove(KEYS.token)
    },
    leave(notice) {
      for (const key of [KEYS.connection, KEYS.token, KEYS.cursor, KEYS.members, KEYS.missing, KEYS.lastSyncedAt]) remove(key)
      write(KEYS.removed, notice)
      write(KEYS.refill, true)
    },
    setCursor: (cursor) => write(KEYS.cursor, cursor),
    setPushed: (mark) => write(KEYS.pushed, mark),
    setMembers: (members) => write(KEYS.members, members),
    setLastSyncedAt: (at) => write(KEYS.lastSyncedAt, at),
    setMissing: (rows) => (rows.length ? write(KEYS.missing, rows) : remove(KEYS.missing)),
  }
}

/**
 * A database restored from a backup has an older push mark than the server holds for its device:
 * its next changes would reuse client seqs the server already has, and be ignored as repeats. So
 * after a restore a synced database becomes a new device (a fresh id, client seqs from 1): its
 * entries after the restored mark go up again under the new id (the server may hold some already;
 * every device keeps an entry once, by its HLC), and the old device's ops, pulled back, are applied
 * like any other device's. Call before the session reads its device id.
 */
export function forkDeviceAfterRestore(q: Reader, local: LocalWriter, newId: string): void {
  const store = createSyncStore(q, local)
  if (!store.workspace()) return
  const old = q.one<{ value: string }>("SELECT value FROM meta WHERE key = 'device_id'")?.value
  if (!old) return
  const former = q.one<{ value: string }>('SELECT value FROM meta WHERE key = ?', KEYS.formerDevices)
  local.run("UPDATE meta SET value = ? WHERE key = 'device_id'", newId)
  local.run(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    KEYS.formerDevices,
    JSON.stringify([...(former ? (JSON.parse(former.value) as string[]) : []), old]),
  )
  store.setPushed({ hlc: store.pushed().hlc, clientSeq: 0 })
}
