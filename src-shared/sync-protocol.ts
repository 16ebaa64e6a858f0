/**
 * The wire contract between the sync client (src-main/core/sync) and the sync server (src-server):
 * the HTTP routes, their bodies and their answers, as zod schemas both sides validate with. JSON
 * over HTTP, `Authorization: Bearer <token>` on every route but account creation and sign-in.
 *
 * An op is one change-log entry of one device: column '*' is an insert (value: the JSON object of
 * the row's non-null fields, SQL column names), any other column one field's new value (JSON).
 * The server stores ops append-only, numbers them per workspace (`seq`, assigned inside the write
 * transaction) and sends them back in that order; it never reads `value` but to check its size.
 */
import { z } from 'zod'

/** Bumped when the synced schema changes (a new table or column): ops carry the version that made them. */
export const SYNC_SCHEMA_VERSION = 2 // 2: private_to on contacts and deals

export const MAX_PUSH_OPS = 2000
export const MAX_PULL_OPS = 5000
export const DEFAULT_PULL_OPS = 1000
/** A pull page stops early once its values pass about this many bytes (it always holds at least one op). */
export const MAX_PULL_BYTES = 8 * 1024 * 1024
/** One op's value (JSON text); a contact with long notes fits many times over. */
export const MAX_OP_VALUE_CHARS = 256 * 1024
/** A push body (bytes), checked before parsing. */
export const MAX_PUSH_BYTES = 16 * 1024 * 1024

const hlc = z
  .string()
  .regex(/^[0-9a-f]{12}-[0-9a-f]{4}-[0-9a-z]{1,32}$/, 'must be an HLC timestamp (12 hex, 4 hex, node id)')
const ident = z.string().min(1).max(64).regex(/^[a-z][a-z0-9_]*$|^\*$/, 'must be a table or column name')
const id = z.string().min(1).max(64)
export const deviceId = z.string().regex(/^[0-9a-z]{8,32}$/, 'must be 8–32 lowercase letters or digits')
const email = z.email().max(254)
const password = z.string().min(8, 'must be at least 8 characters').max(1024)
const personName = z.string().trim().min(1).max(120)

export const roles = ['owner', 'admin', 'member'] as const
export type Role = (typeof roles)[number]

/** An op as a device pushes it. */
export const pushOp = z.strictObject({
  /** 1, 2, 3... per device, without gaps: with deviceId it makes a push idempotent. */
  clientSeq: z.int().min(1),
  hlc,
  schemaVersion: z.int().min(1),
  txId: id,
  table: ident,
  rowId: id,
  column: ident,
  value: z.string().max(MAX_OP_VALUE_CHARS),
})
export type PushOp = z.infer<typeof pushOp>

/** An op as the server sends it back: what was pushed, plus who and where in the workspace's order. */
export interface PulledOp extends PushOp {
  seq: number
  deviceId: string
  memberId: string
}

// ---- accounts and sessions ----

/** POST /v1/accounts */
export const createAccountBody = z.strictObject({ email, password, name: personName })
/** POST /v1/sessions (sign in) */
export const signInBody = z.strictObject({ email, password: z.string().min(1).max(1024) })
export interface Account {
  id: string
  email: string
  name: string
}
export interface WorkspaceSummary {
  id: string
  name: string
  role: Role
  memberId: string
}
/** Answer of POST /v1/accounts and POST /v1/sessions. `token` is shown once; the server keeps its hash. */
export interface SessionAnswer {
  token: string
  account: Account
  workspaces: WorkspaceSummary[]
}
// DELETE /v1/sessions/current: revokes the token used. GET /v1/me: { account, workspaces }.

// ---- workspaces, members, invites ----

/** POST /v1/workspaces → WorkspaceSummary (the creator is its owner) */
export const createWorkspaceBody = z.strictObject({ name: z.string().trim().min(1).max(120) })
/** POST /v1/workspaces/:workspaceId/invites (owner, admin) → Invite */
export const createInviteBody = z.strictObject({ role: z.enum(['admin', 'member']).default('member') })
export interface Invite {
  /** One-time code: shown once, stored hashed, valid 7 days. */
  code: string
  expiresAt: number
  role: Role
}
/** POST /v1/invites/accept → WorkspaceSummary */
export const acceptInviteBody = z.strictObject({ code: z.string().trim().min(6).max(128) })
/** GET /v1/workspaces/:workspaceId/members → { members: Member[] } */
export interface Member {
  id: string
  accountId: string
  name: string
  email: string
  role: Role
  removedAt: number | null
}
/**
 * PATCH /v1/workspaces/:workspaceId/members/:memberId (owner, admin) → { member: Member }. Only an
 * owner makes someone an owner or changes an owner; the last owner keeps the role (409 CONFLICT).
 */
export const updateMemberBody = z.strictObject({ role: z.enum(roles) })
// DELETE /v1/workspaces/:workspaceId/members/:memberId → { member: Member } (owner, admin, or the
// member themselves leaving; only an owner removes an owner; never the last owner). The removed
// member is refused (403) on the workspace from then on, their open event streams end.

// ---- ops ----

/** POST /v1/workspaces/:workspaceId/push */
export const pushBody = z.strictObject({
  deviceId,
  ops: z.array(pushOp).min(1).max(MAX_PUSH_OPS),
})
export interface PushAnswer {
  /** The highest clientSeq of this device the server holds (after this push). */
  lastClientSeq: number
  /** How many ops of this push were new (the rest were repeats, ignored). */
  accepted: number
  /** The workspace's highest seq after this push. */
  seq: number
}

/** GET /v1/workspaces/:workspaceId/ops?epoch=&after=&limit= */
export const pullQuery = z.strictObject({
  /** The workspace's epoch the cursor belongs to ('' on the first pull). */
  epoch: z.string().max(64).default(''),
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_OPS).default(DEFAULT_PULL_OPS),
})
export interface PullAnswer {
  /** Changes when the server's history was reset: a client with another epoch pulls again from 0. */
  epoch: string
  ops: PulledOp[]
  /** The next cursor: the seq of the last op read, which may be past the last op in `ops` (ops of rows this member may not see are left out), or `after` when none. */
  next: number
  /** The workspace's highest seq: more pages follow while next < head. */
  head: number
  /** sha256 hex of the ops' `seq:hlc` lines joined by '\n': the client checks the page arrived whole. */
  checksum: string
}

/**
 * GET /v1/workspaces/:workspaceId/events: Server-Sent Events. `id: <seq>` and `event: ops` with
 * data `{"head":<seq>}` whenever the workspace's head moves; a wake-up only (the client then pulls),
 * so a lost event costs latency, never data. Last-Event-ID resumes; a comment every 15 s keeps it open.
 */
export interface OpsEvent {
  head: number
}

// ---- private records ----

/**
 * A contact or deal whose `private_to` holds a member id is seen by that member only, with every
 * row that belongs to it (its history, channels, tags, deals, tasks: rows whose contact_id or
 * deal_id names it, two levels down). Only that member sets or clears it (null: everyone).
 */
export const PRIVATE_TABLES = ['contacts', 'deals'] as const
export const PRIVATE_COLUMN = 'private_to'
/** The columns that make a row belong to a contact or a deal, and whose table they name. */
export const PARENT_COLUMNS: Readonly<Record<string, (typeof PRIVATE_TABLES)[number]>> = { contact_id: 'contacts', deal_id: 'deals' }
/**
 * A pulled op with this column tells a device that may no longer see the row (it was made private,
 * or moved under a private record) to remove it and what belongs to it; it is never pushed.
 */
export const REMOVE_COLUMN = '$remove'

/**
 * POST /v1/workspaces/:workspaceId/rows → RowsAnswer: the whole history of rows (and of what
 * belongs to them) this member may see again, e.g. a record made public after being private: its
 * old ops are behind the device's cursor.
 */
export const rowsBody = z.strictObject({
  rows: z.array(z.strictObject({ table: ident, rowId: id })).min(1).max(100),
})
export interface RowsAnswer {
  ops: PulledOp[]
}

// ---- errors ----

export const syncErrorCodes = [
  'VALIDATION', // 400: the body or query is malformed
  'UNAUTHENTICATED', // 401: no token, unknown or revoked token, wrong password
  'FORBIDDEN', // 403: not a member of this workspace, or the role does not allow it
  'NOT_FOUND', // 404
  'CONFLICT', // 409: e.g. email already has an account; device belongs to another member
  'CLIENT_SEQ_GAP', // 409: the push skips client seqs; details.lastClientSeq says where to resume
  'CLOCK_AHEAD', // 409: an op's HLC is more than 5 minutes ahead of the server's clock
  'EPOCH_CHANGED', // 409: the cursor's epoch is not the workspace's: pull again from 0
  'TOO_LARGE', // 413
  'THROTTLED', // 429: details.retryAfterMs
  'INTERNAL', // 500
] as const
export type SyncErrorCode = (typeof syncErrorCodes)[number]
/** Every non-2xx answer has this body. `message` is for a person and says what to do. */
export interface SyncErrorBody {
  error: { code: SyncErrorCode; message: string; details?: unknown }
}

/** The page checksum both sides compute. Pass a sha256-hex function (node:crypto on both sides). */
export function pageChecksumInput(ops: readonly Pick<PulledOp, 'seq' | 'hlc'>[]): string {
  return ops.map((op) => `${op.seq}:${op.hlc}`).join('\n')
}
