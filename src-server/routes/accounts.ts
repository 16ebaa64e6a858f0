/** Accounts and sessions: POST /v1/accounts, POST /v1/sessions, DELETE /v1/sessions/current, GET /v1/me. */
import type { FastifyInstance } from 'fastify'
import { v7 as uuidv7 } from 'uuid'
import { createAccountBody, signInBody, type Account, type SessionAnswer, type WorkspaceSummary } from '../../src-shared/sync-protocol'
import { authenticate, checkPassword, hashPassword, newToken, recordAttempts, throttle } from '../auth'
import type { ServerContext } from '../context'
import type { Queryable } from '../db/port'
import { conflict, parse, unauthenticated } from '../errors'

const normalEmail = (email: string) => email.trim().toLowerCase()

/**
 * The workspaces an account is a live member of: the directory (account_workspaces) names them,
 * each workspace's members row says the role (read by workspace key, never by scanning members).
 */
export async function workspacesOf(q: Queryable, accountId: string): Promise<WorkspaceSummary[]> {
  const ids = (await q.query<{ workspace_id: string }>('SELECT workspace_id FROM account_workspaces WHERE account_id = $1', [accountId])).map((r) => r.workspace_id)
  if (ids.length === 0) return []
  const rows = await q.query<{ id: string; name: string; role: WorkspaceSummary['role']; member_id: string }>(
    `SELECT w.id, w.name, m.role, m.id AS member_id
       FROM workspaces w JOIN members m ON m.workspace_id = w.id
      WHERE w.id = ANY($1::text[]) AND m.account_id = $2 AND m.removed_at IS NULL
      ORDER BY w.created_at, w.id`,
    [ids, accountId],
  )
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, memberId: r.member_id }))
}

async function openSession(ctx: ServerContext, q: Queryable, accountId: string): Promise<string> {
  const { token, tokenHash } = newToken()
  await q.query('INSERT INTO sessions (token_hash, account_id, created_at) VALUES ($1, $2, $3)', [tokenHash, accountId, ctx.now()])
  return token
}

export function accountRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { db, limits } = ctx

  app.post('/v1/accounts', async (request, reply) => {
    const body = parse(createAccountBody, request.body, 'Creating an account')
    await throttle(ctx, 'create_address', request.ip, limits.accountsPerAddress, limits.accountsWindowMs, 'Too many accounts were created from this address.')
    const email = normalEmail(body.email)
    const passwordHash = await hashPassword(body.password)
    const answer = await db.transaction(async (tx): Promise<SessionAnswer> => {
      const id = uuidv7()
      const inserted = await tx.query(
        'INSERT INTO accounts (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING RETURNING id',
        [id, email, body.name, passwordHash, ctx.now()],
      )
      if (inserted.length === 0) throw conflict(`There is already an account for ${email}: sign in instead (or use another email).`)
      await recordAttempts(ctx, tx, [{ kind: 'create_address', key: request.ip }])
      const token = await openSession(ctx, tx, id)
      return { token, account: { id, email, name: body.name }, workspaces: [] }
    })
    return reply.status(201).send(answer)
  })

  app.post('/v1/sessions', async (request, reply) => {
    const body = parse(signInBody, request.body, 'Signing in')
    const email = normalEmail(body.email)
    await throttle(ctx, 'sign_in_account', email, limits.signInFailuresPerAccount, limits.signInWindowMs, `Too many wrong passwords for ${email}.`)
    await throttle(ctx, 'sign_in_address', request.ip, limits.signInFailuresPerAddress, limits.signInWindowMs, 'Too many failed sign-ins from this address.')
    const [row] = await db.query<{ id: string; name: string; password_hash: string }>('SELECT id, name, password_hash FROM accounts WHERE email = $1', [email])
    const ok = await checkPassword(row?.password_hash ?? null, body.password)
    if (!row || !ok) {
      await recordAttempts(ctx, db, [
        { kind: 'sign_in_account', key: email },
        { kind: 'sign_in_address', key: request.ip },
      ])
      throw unauthenticated('Wrong email or password: check both and try again.')
    }
    const answer = await db.transaction(async (tx): Promise<SessionAnswer> => {
      // a success clears the account's count (the address keeps its own)
      await tx.query("DELETE FROM auth_attempts WHERE kind = 'sign_in_account' AND key = $1", [email])
      const token = await openSession(ctx, tx, row.id)
      return { token, account: { id: row.id, email, name: row.name }, workspaces: await workspacesOf(tx, row.id) }
    })
    return reply.status(201).send(answer)
  })

  app.delete('/v1/sessions/current', async (request, reply) => {
    const caller = await authenticate(ctx, request)
    await db.query('UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL', [caller.tokenHash, ctx.now()])
    return reply.status(204).send()
  })

  app.get('/v1/me', async (request) => {
    const caller = await authenticate(ctx, request)
    const account: Account = { id: caller.accountId, email: caller.email, name: caller.name }
    return { account, workspaces: await workspacesOf(db, caller.accountId) }
  })
}
