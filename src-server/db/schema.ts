/**
 * The sync server's tables (drizzle, PostgreSQL dialect). `npx drizzle-kit generate --config
 * drizzle-server.config.ts` writes the migrations in src-server/drizzle, applied at start
 * (db/migrate.ts). The server's queries are plain SQL over the database port (db/port.ts), the
 * same text on PGlite and PostgreSQL; this file is the one description of the shape.
 *
 * Two kinds of table, so workspaces can be spread over shards later (Citus distributes by
 * workspace_id):
 * - workspace tables (workspaces, members, devices, ops, invites): workspace_id is the FIRST
 *   column of the primary key, every foreign key between them includes it, and every query names
 *   one workspace. Nothing joins or references across workspaces.
 * - the global directory (accounts, sessions, auth_attempts, account_workspaces, invite_codes):
 *   who someone is and which workspaces they belong to, looked up before a workspace is known.
 *   Small and keyed by account, token or code: a Citus reference table later (copied to every
 *   node), which workspace tables may reference but which reference no workspace table.
 */
import { bigint, foreignKey, index, integer, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core'

const ms = (name: string) => bigint(name, { mode: 'number' })

// ---- the global directory (a Citus reference table later) ----

export const accounts = pgTable('accounts', {
  id: text('id').primaryKey(),
  /** Lowercased and trimmed: one account per address. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  /** argon2id, PHC string. */
  passwordHash: text('password_hash').notNull(),
  createdAt: ms('created_at').notNull(),
})

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 hex of the token: the token itself is shown once and never stored. */
    tokenHash: text('token_hash').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    createdAt: ms('created_at').notNull(),
    /** Set by sign-out: the token answers 401 from then on (kept so a replay is told it was revoked). */
    revokedAt: ms('revoked_at'),
  },
  (t) => [index('sessions_account').on(t.accountId)],
)

/**
 * Throttling kept in the database (no instance keeps counts in memory): one row per failed
 * sign-in (kind 'sign_in_account' keyed by email, 'sign_in_address' keyed by address) and per
 * account created ('create_address'). Rows older than the longest window are deleted as new ones come.
 */
export const authAttempts = pgTable(
  'auth_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [index('auth_attempts_key').on(t.kind, t.key, t.at)],
)

/** Which workspaces an account belongs to (the members row is the truth; this routes to it). */
export const accountWorkspaces = pgTable(
  'account_workspaces',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    workspaceId: text('workspace_id').notNull(),
    memberId: text('member_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.workspaceId] })],
)

/** An invite code's hash → its workspace (the invite itself is a workspace row). */
export const inviteCodes = pgTable('invite_codes', {
  codeHash: text('code_hash').primaryKey(),
  workspaceId: text('workspace_id').notNull(),
})

// ---- workspace tables (distributed by workspace_id later) ----

export const workspaces = pgTable('workspaces', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** Changes only if the workspace's history is ever reset: a cursor of another epoch pulls again from 0. */
  epoch: text('epoch').notNull(),
  /** The highest seq given to an op: `UPDATE ... SET seq = seq + n RETURNING seq` inside a push. */
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  createdAt: ms('created_at').notNull(),
})

export const members = pgTable(
  'members',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    id: text('id').notNull(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    /** owner | admin | member */
    role: text('role').notNull(),
    createdAt: ms('created_at').notNull(),
    /** Removed members keep their row (their ops name them); they get 403 on the workspace. */
    removedAt: ms('removed_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), unique('members_account').on(t.workspaceId, t.accountId)],
)

export const devices = pgTable(
  'devices',
  {
    workspaceId: text('workspace_id').notNull(),
    deviceId: text('device_id').notNull(),
    memberId: text('member_id').notNull(),
    /** The highest clientSeq of this device stored in ops. */
    lastClientSeq: bigint('last_client_seq', { mode: 'number' }).notNull().default(0),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.deviceId] }),
    foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [members.workspaceId, members.id], name: 'devices_member' }),
  ],
)

/**
 * Every op ever pushed, append-only, in the workspace's order (seq). Never compacted: a
 * tombstone (deleted_at) stays for the device that comes back after a month.
 */
export const ops = pgTable(
  'ops',
  {
    workspaceId: text('workspace_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    deviceId: text('device_id').notNull(),
    clientSeq: bigint('client_seq', { mode: 'number' }).notNull(),
    memberId: text('member_id').notNull(),
    hlc: text('hlc').notNull(),
    schemaVersion: integer('schema_version').notNull(),
    txId: text('tx_id').notNull(),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    columnName: text('column_name').notNull(),
    /** JSON text, never read by the server but to check it. */
    value: text('value').notNull(),
    receivedAt: ms('received_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.seq] }),
    unique('ops_device_seq').on(t.workspaceId, t.deviceId, t.clientSeq),
    // a row's whole history, for a member who may see it again (visibility.ts, POST …/rows)
    index('ops_row').on(t.workspaceId, t.tableName, t.rowId),
    foreignKey({ columns: [t.workspaceId, t.deviceId], foreignColumns: [devices.workspaceId, devices.deviceId], name: 'ops_device' }),
  ],
)

export const invites = pgTable(
  'invites',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    /** sha256 hex of the normalized code (the code is shown once). */
    codeHash: text('code_hash').notNull(),
    /** admin | member */
    role: text('role').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
    usedAt: ms('used_at'),
    usedBy: text('used_by'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.codeHash] })],
)

/**
 * Who may see a contact or deal (the private records of src-server/visibility.ts): its latest
 * `private_to` by HLC, kept as ops arrive. private_to null = everyone in the workspace.
 */
export const rowAccess = pgTable(
  'row_access',
  {
    workspaceId: text('workspace_id').notNull(),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    /** The member the row is private to, or null. */
    privateTo: text('private_to'),
    hlc: text('hlc').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.tableName, t.rowId] })],
)

/**
 * Which contact or deal a row belongs to (its latest contact_id / deal_id by HLC, kept as ops
 * arrive): a history entry of a private contact is as private as the contact.
 */
export const rowParents = pgTable(
  'row_parents',
  {
    workspaceId: text('workspace_id').notNull(),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    /** contact_id | deal_id */
    columnName: text('column_name').notNull(),
    parentId: text('parent_id'),
    hlc: text('hlc').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.tableName, t.rowId, t.columnName] }), index('row_parents_parent').on(t.workspaceId, t.columnName, t.parentId)],
)
