/**
 * What sync remembers on this device, in the local `meta` table (never synced): the connection
 * and its token, the pull cursor, how far this device's own changes are pushed, and the members.
 * The cursor moves in the same transaction as the entries it covers, so a kill between two pages
 * neither skips nor repeats one.
 */
import type { SyncConnection } from '../../../src-shared/model/sync'
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
} as const

export interface SyncStore {
  connection(): SyncConnection | null
  token(): string | null
  workspace(): string | null
  cursor(): PullCursor
  pushed(): PushMark
  members(): Member[]
  lastSyncedAt(): number | null
  connect(connection: SyncConnection, token: string): void
  /** Forgets the token and the connection; the cursor, push mark and workspace stay for the next sign-in. */
  signOut(): void
  setCursor(cursor: PullCursor): void
  setPushed(mark: PushMark): void
  setMembers(members: Member[]): void
  setLastSyncedAt(at: number): void
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
    connect(connection, token) {
      write(KEYS.connection, connection)
      write(KEYS.token, token)
      write(KEYS.workspace, connection.workspaceId)
    },
    signOut() {
      remove(KEYS.connection)
      remove(KEYS.token)
    },
    setCursor: (cursor) => write(KEYS.cursor, cursor),
    setPushed: (mark) => write(KEYS.pushed, mark),
    setMembers: (members) => write(KEYS.members, members),
    setLastSyncedAt: (at) => write(KEYS.lastSyncedAt, at),
  }
}
