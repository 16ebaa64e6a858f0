/**
 * Workspaces, members and invites. Roles: owner (the creator), admin, member. Owners and admins
 * invite and change members; an admin never changes or removes an owner; nothing leaves a
 * workspace without an owner. Member changes lock the workspace row first, so two of them (two
 * owners demoting each other) take turns and the last-owner check sees the other's result.
 *
 * Invites are one-time codes of 12 Crockford base32 characters (60 random bits) shown as
 * XXXX-XXXX-XXXX, easy to read aloud (no I, L, O, U; typed i/l read as 1 and o as 0), stored as
 * the sha256 of the normalized code, valid 7 days. The directory (invite_codes) maps a code's
 * hash to its workspace; the invite row is the workspace's.
 */
import { randomInt } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { v7 as uuidv7 } from 'uuid'
import { z } from 'zod'
import {
  acceptInviteBody,
  createInviteBody,
  createWorkspaceBody,
  updateMemberBody,
  type Invite,
  type Member,
  type Role,
  type WorkspaceSummary,
} from '../../src-shared/sync-protocol'
import { authenticate, membership, requireManager, sha256, type Membership } from '../auth'
import type { ServerContext } from '../context'
import type { Queryable } from '../db/port'
import { badRequest, conflict, forbidden, notFound, parse } from '../errors'

export const INVITE_VALID_MS = 7 * 24 * 60 * 60_000
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

export function newInviteCode(): string {
  let code = ''
  for (let i = 0; i < 12; i++) code += CROCKFORD[randomInt(32)]
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`
}

/** The code as stored (hashed): upper case, no spaces or dashes, I/L → 1, O → 0; null when it cannot be one. */
export function normalizeInviteCode(text: string): string | null {
  const code = text
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0')
  return /^[0-9A-HJKMNP-TV-Z]{12}$/.test(code) ? code : null
}

const memberParams = z.strictObject({ workspaceId: z.string(), memberId: z.string().min(1).max(64) })

async function memberRows(q: Queryable, workspaceId: string): Promise<Member[]> {
  const rows = await q.query<{ id: string; account_id: string; name: string; email: string; role: Role; removed_at: unknown }>(
    `SELECT m.id, m.account_id, a.name, a.email, m.role, m.removed_at
       FROM members m JOIN accounts a ON a.id = m.account_id
      WHERE m.workspace_id = $1
      ORDER BY m.created_at, m.id`,
    [workspaceId],
  )
  return rows.map((r) => ({ id: r.id, accountId: r.account_id, name: r.name, email: r.email, role: r.role, removedAt: r.removed_at === null ? null : Number(r.removed_at) }))
}

/** Locks the workspace row (member changes take turns) and returns the target member, live. */
async function lockTarget(tx: Queryable, workspaceId: string, memberId: string): Promise<{ id: string; role: Role; account_id: string }> {
  await tx.query('SELECT id FROM workspaces WHERE id = $1 FOR UPDATE', [workspaceId])
  const [target] = await tx.query<{ id: string; role: Role; account_id: string }>(
    'SELECT id, role, account_id FROM members WHERE workspace_id = $1 AND id = $2 AND removed_at IS NULL',
    [workspaceId, memberId],
  )
  if (!target) throw notFound('There is no such member in this workspace (or they were removed): reload the member list.')
  return target
}

async function owners(tx: Queryable, workspaceId: string): Promise<number> {
  const [row] = await tx.query<{ n: unknown }>("SELECT count(*) AS n FROM members WHERE workspace_id = $1 AND role = 'owner' AND removed_at IS NULL", [workspaceId])
  return Number(row.n)
}

/** The caller's role, read again under the workspace lock (it may have changed since the request began). */
async function actorRole(tx: Queryable, m: Membership): Promise<Role> {
  const [row] = await tx.query<{ role: Role }>('SELECT role FROM members WHERE workspace_id = $1 AND id = $2 AND removed_at IS NULL', [m.workspaceId, m.memberId])
  if (!row) throw forbidden('You are no longer a member of this workspace.')
  return row.role
}

export function workspaceRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { db } = ctx

  app.post('/v1/workspaces', async (request, reply) => {
    const caller = await authenticate(ctx, request)
    const body = parse(createWorkspaceBody, request.body, 'Creating a workspace')
    const summary = await db.transaction(async (tx): Promise<WorkspaceSummary> => {
      const id = uuidv7()
      const memberId = uuidv7()
      const now = ctx.now()
      const epoch = uuidv7().replace(/-/g, '').slice(-16)
      await tx.query('INSERT INTO workspaces (id, name, epoch, seq, created_at) VALUES ($1, $2, $3, 0, $4)', [id, body.name, epoch, now])
      await tx.query("INSERT INTO members (workspace_id, id, account_id, role, created_at) VALUES ($1, $2, $3, 'owner', $4)", [id, memberId, caller.accountId, now])
      await tx.query('INSERT INTO account_workspaces (account_id, workspace_id, member_id) VALUES ($1, $2, $3)', [caller.accountId, id, memberId])
      return { id, name: body.name, role: 'owner', memberId }
    })
    return reply.status(201).send(summary)
  })

  app.get<{ Params: { workspaceId: string } }>('/v1/workspaces/:workspaceId/members', async (request) => {
    const caller = await authenticate(ctx, request)
    const m = await membership(db, request.params.workspaceId, caller)
    return { members: await memberRows(db, m.workspaceId) }
  })

  app.patch<{ Params: { workspaceId: string; memberId: string } }>('/v1/workspaces/:workspaceId/members/:memberId', async (request) => {
    const caller = await authenticate(ctx, request)
    const params = parse(memberParams, request.params, 'The address')
    const m = await membership(db, params.workspaceId, caller)
    requireManager(m)
    const body = parse(updateMemberBody, request.body, 'Changing a member')
    await db.transaction(async (tx) => {
      const target = await lockTarget(tx, m.workspaceId, params.memberId)
      const role = await actorRole(tx, m)
      if (role !== 'owner' && role !== 'admin') throw forbidden("Only the workspace's owners and admins can change members.")
      if (body.role === 'owner' && role !== 'owner') throw forbidden('Only an owner can make someone an owner.')
      if (target.role === 'owner' && body.role !== 'owner') {
        if (role !== 'owner') throw forbidden("Only an owner can change another owner's role.")
        if ((await owners(tx, m.workspaceId)) <= 1) throw conflict('This is the last owner of the workspace: make someone else an owner first, or keep this role.')
      }
      await tx.query('UPDATE members SET role = $3 WHERE workspace_id = $1 AND id = $2', [m.workspaceId, target.id, body.role])
    })
    const member = (await memberRows(db, m.workspaceId)).find((x) => x.id === params.memberId)
    return { member }
  })

  app.delete<{ Params: { workspaceId: string; memberId: string } }>('/v1/workspaces/:workspaceId/members/:memberId', async (request) => {
    const caller = await authenticate(ctx, request)
    const params = parse(memberParams, request.params, 'The address')
    const m = await membership(db, params.workspaceId, caller)
    const self = params.memberId === m.memberId
    if (!self) requireManager(m)
    await db.transaction(async (tx) => {
      const target = await lockTarget(tx, m.workspaceId, params.memberId)
      const role = await actorRole(tx, m)
      if (!self && role !== 'owner' && role !== 'admin') throw forbidden("Only the workspace's owners and admins can remove members.")
      if (target.role === 'owner') {
        if (!self && role !== 'owner') throw forbidden('Only an owner can remove another owner.')
        if ((await owners(tx, m.workspaceId)) <= 1) throw conflict('This is the last owner of the workspace: make someone else an owner first.')
      }
      await tx.query('UPDATE members SET removed_at = $3 WHERE workspace_id = $1 AND id = $2', [m.workspaceId, target.id, ctx.now()])
      await tx.query('DELETE FROM account_workspaces WHERE account_id = $1 AND workspace_id = $2', [target.account_id, m.workspaceId])
    })
    const member = (await memberRows(db, m.workspaceId)).find((x) => x.id === params.memberId)
    return { member }
  })

  app.post<{ Params: { workspaceId: string } }>('/v1/workspaces/:workspaceId/invites', async (request, reply) => {
    const caller = await authenticate(ctx, request)
    const m = await membership(db, request.params.workspaceId, caller)
    requireManager(m)
    const body = parse(createInviteBody, request.body === undefined ? {} : request.body, 'Creating an invite')
    const code = newInviteCode()
    const codeHash = sha256(normalizeInviteCode(code)!)
    const now = ctx.now()
    const invite: Invite = { code, expiresAt: now + INVITE_VALID_MS, role: body.role }
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO invite_codes (code_hash, workspace_id) VALUES ($1, $2)', [codeHash, m.workspaceId])
      await tx.query('INSERT INTO invites (workspace_id, code_hash, role, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        m.workspaceId,
        codeHash,
        body.role,
        m.memberId,
        now,
        invite.expiresAt,
      ])
    })
    return reply.status(201).send(invite)
  })

  app.post('/v1/invites/accept', async (request) => {
    const caller = await authenticate(ctx, request)
    const body = parse(acceptInviteBody, request.body, 'Joining a workspace')
    const normal = normalizeInviteCode(body.code)
    if (!normal) throw badRequest('An invite code is 12 letters and digits, like 7KQ4-M2XD-9PRT: check it and type it again.')
    const codeHash = sha256(normal)
    const [entry] = await db.query<{ workspace_id: string }>('SELECT workspace_id FROM invite_codes WHERE code_hash = $1', [codeHash])
    if (!entry) throw notFound('No invite has this code: check it, or ask for a new one.')
    const workspaceId = entry.workspace_id
    return db.transaction(async (tx): Promise<WorkspaceSummary> => {
      const [invite] = await tx.query<{ role: Role; expires_at: unknown; used_at: unknown }>(
        'SELECT role, expires_at, used_at FROM invites WHERE workspace_id = $1 AND code_hash = $2 FOR UPDATE',
        [workspaceId, codeHash],
      )
      if (!invite) throw notFound('No invite has this code: check it, or ask for a new one.')
      const [workspace] = await tx.query<{ name: string }>('SELECT name FROM workspaces WHERE id = $1', [workspaceId])
      const [existing] = await tx.query<{ id: string; role: Role; removed_at: unknown }>('SELECT id, role, removed_at FROM members WHERE workspace_id = $1 AND account_id = $2', [
        workspaceId,
        caller.accountId,
      ])
      if (existing && existing.removed_at === null) {
        // already in: the invite stays unused for whoever it was meant for
        return { id: workspaceId, name: workspace.name, role: existing.role, memberId: existing.id }
      }
      if (invite.used_at !== null) throw conflict('This invite was already used: ask for a new one.', { reason: 'used' })
      const now = ctx.now()
      if (Number(invite.expires_at) <= now) {
        throw conflict(`This invite expired on ${new Date(Number(invite.expires_at)).toISOString().slice(0, 10)}: ask for a new one.`, { reason: 'expired' })
      }
      let memberId: string
      if (existing) {
        memberId = existing.id
        await tx.query('UPDATE members SET removed_at = NULL, role = $3 WHERE workspace_id = $1 AND id = $2', [workspaceId, memberId, invite.role])
      } else {
        memberId = uuidv7()
        await tx.query('INSERT INTO members (workspace_id, id, account_id, role, created_at) VALUES ($1, $2, $3, $4, $5)', [
          workspaceId,
          memberId,
          caller.accountId,
          invite.role,
          now,
        ])
      }
      await tx.query('INSERT INTO account_workspaces (account_id, workspace_id, member_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [caller.accountId, workspaceId, memberId])
      await tx.query('UPDATE invites SET used_at = $3, used_by = $4 WHERE workspace_id = $1 AND code_hash = $2', [workspaceId, codeHash, now, memberId])
      return { id: workspaceId, name: workspace.name, role: invite.role, memberId }
    })
  })
}
