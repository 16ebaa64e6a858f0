/**
 * Who is asking. Passwords are argon2id (@node-rs/argon2, OWASP's 19 MiB / 2 passes); a session
 * token is 32 random bytes (base64url) shown once, stored as its sha256, revoked by sign-out.
 * Every route but account creation and sign-in calls `authenticate`; a workspace route then
 * `membership`, which reads the member row every time: a member removed is refused at once.
 * Failed sign-ins and account creations are counted in auth_attempts (throttle()).
 */
import { createHash, randomBytes } from 'node:crypto'
import { hash, verify, type Algorithm } from '@node-rs/argon2'
import type { FastifyRequest } from 'fastify'
import type { Role } from '../src-shared/sync-protocol'
import { ApiError, forbidden, unauthenticated } from './errors'
import type { Queryable } from './db/port'
import type { ServerContext } from './context'

/** Algorithm.Argon2id (a const enum, which isolated modules cannot read). */
const ARGON2ID = 2 as Algorithm
const ARGON2 = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export const hashPassword = (password: string) => hash(password, ARGON2)

let dummyHash: Promise<string> | null = null
/** Verifies, or spends the same time on a dummy hash when there is no account (no timing tells which). */
export async function checkPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
    await verify(await dummyHash, password).catch(() => false)
    return false
  }
  return verify(stored, password).catch(() => false)
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url')
  return { token, tokenHash: sha256(token) }
}

export interface Caller {
  accountId: string
  email: string
  name: string
  tokenHash: string
}

const TOKEN = /^Bearer ([A-Za-z0-9_-]{43})$/

export async function authenticate(ctx: ServerContext, request: FastifyRequest): Promise<Caller> {
  const header = request.headers.authorization
  if (!header) throw unauthenticated('Sign in first: this request carries no session token (Authorization: Bearer <token>).')
  const match = TOKEN.exec(header.trim())
  if (!match) throw unauthenticated('The session token is malformed: sign in again to get a new one.')
  const tokenHash = sha256(match[1])
  const [row] = await ctx.db.query<{ account_id: string; revoked_at: unknown; email: string; name: string }>(
    'SELECT s.account_id, s.revoked_at, a.email, a.name FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1',
    [tokenHash],
  )
  if (!row) throw unauthenticated('This session is not known to the server: sign in again.')
  if (row.revoked_at !== null) throw unauthenticated('This session was signed out: sign in again.')
  return { accountId: row.account_id, email: row.email, name: row.name, tokenHash }
}

export interface Membership {
  workspaceId: string
  memberId: string
  role: Role
}

const WORKSPACE_ID = /^[A-Za-z0-9_-]{1,64}$/

/** The caller's live membership of the workspace, or 403 (the same answer whether or not the workspace exists). */
export async function membership(q: Queryable, workspaceId: string, caller: Caller): Promise<Membership> {
  if (!WORKSPACE_ID.test(workspaceId)) throw new ApiError(400, 'VALIDATION', 'The workspace id in the address is malformed: use the id the server gave.')
  const [row] = await q.query<{ id: string; role: Role }>(
    'SELECT id, role FROM members WHERE workspace_id = $1 AND account_id = $2 AND removed_at IS NULL',
    [workspaceId, caller.accountId],
  )
  if (!row) {
    // a member removed is told so (details.removed): its devices take the workspace's records off
    // (src-main/core/sync/leave.ts); anyone else gets the same answer whether or not the workspace exists
    const [gone] = await q.query<{ removed_at: unknown }>(
      'SELECT removed_at FROM members WHERE workspace_id = $1 AND account_id = $2 AND removed_at IS NOT NULL',
      [workspaceId, caller.accountId],
    )
    if (gone) throw forbidden('You were removed from this workspace: ask one of its owners or admins for a new invite.', { removed: true, removedAt: Number(gone.removed_at) })
    throw forbidden('You are not a member of this workspace (or it does not exist): ask one of its owners or admins for an invite.')
  }
  return { workspaceId, memberId: row.id, role: row.role }
}

export function requireManager(m: Membership): void {
  if (m.role !== 'owner' && m.role !== 'admin') {
    throw forbidden("Only the workspace's owners and admins can do this: ask one of them.")
  }
}

export type AttemptKind = 'sign_in_account' | 'sign_in_address' | 'create_address'

/**
 * 429 when `key` has `limit` attempts of `kind` in the last `windowMs`: retryAfterMs is when the
 * oldest of those leaves the window.
 */
export async function throttle(ctx: ServerContext, kind: AttemptKind, key: string, limit: number, windowMs: number, what: string): Promise<void> {
  const now = ctx.now()
  const [row] = await ctx.db.query<{ at: unknown }>(
    'SELECT at FROM auth_attempts WHERE kind = $1 AND key = $2 AND at > $3 ORDER BY at DESC LIMIT 1 OFFSET $4',
    [kind, key, now - windowMs, limit - 1],
  )
  if (!row) return
  const retryAfterMs = Math.max(1, Number(row.at) + windowMs - now)
  const minutes = Math.ceil(retryAfterMs / 60_000)
  throw new ApiError(429, 'THROTTLED', `${what} Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, { retryAfterMs })
}

/** Counts one attempt; rows older than every window count for nothing and go (the table stays small). */
export async function recordAttempts(ctx: ServerContext, q: Queryable, attempts: readonly { kind: AttemptKind; key: string }[]): Promise<void> {
  const now = ctx.now()
  const keepMs = Math.max(ctx.limits.signInWindowMs, ctx.limits.accountsWindowMs)
  await q.query('DELETE FROM auth_attempts WHERE at <= $1', [now - keepMs])
  await q.query('INSERT INTO auth_attempts (kind, key, at) SELECT k, v, $3 FROM unnest($1::text[], $2::text[]) AS u(k, v)', [
    attempts.map((a) => a.kind),
    attempts.map((a) => a.key),
    now,
  ])
}
