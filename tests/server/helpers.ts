/**
 * Server tests run every file against PGlite (in memory) AND a real PostgreSQL (the private
 * cluster of global-setup.ts, or DATABASE_URL): `describe.each(DATABASES)`. Each app gets a
 * database of its own.
 */
import { afterAll, expect, inject } from 'vitest'
import { formatHlc } from '../../src-shared/hlc'
import type { PushOp, SessionAnswer, WorkspaceSummary } from '../../src-shared/sync-protocol'
import { buildApp, silentLog, startServer, type App, type DatabaseOption, type ServerOptions } from '../../src-server/server'
import { createDatabase } from './pg-cluster'

export const DATABASES = ['pglite', 'postgres'] as const
export type DbKind = (typeof DATABASES)[number]

/** Throttles out of the way, but for the tests of throttling. */
export const OPEN_LIMITS = { accountsPerAddress: 1_000_000, signInFailuresPerAddress: 1_000_000 }

export async function databaseOption(kind: DbKind): Promise<DatabaseOption> {
  return kind === 'pglite' ? { kind: 'pglite-memory' } : { kind: 'postgres', url: await createDatabase(inject('pgUrl')) }
}

/** A clock the test moves by hand, starting now (HLCs made with it pass the server's clock check). */
export function testClock(start = Date.now()) {
  let now = start
  return { now: () => now, advance: (ms: number) => void (now += ms), set: (ms: number) => void (now = ms) }
}

export interface Answer<T = any> {
  status: number
  body: T
  headers: Record<string, string | string[] | number | undefined>
}

let emails = 0
export const uniqueEmail = (who = 'user') => `${who}.${process.pid}.${Date.now().toString(36)}.${emails++}@example.com`
export const PASSWORD = 'correct horse battery'

export function clientOf(call: (method: string, path: string, options?: CallOptions) => Promise<Answer>) {
  return {
    call,
    async signUp(name = 'Ana'): Promise<SessionAnswer & { email: string }> {
      const email = uniqueEmail(name.toLowerCase())
      const answer = await call('POST', '/v1/accounts', { body: { email, password: PASSWORD, name } })
      expect(answer.status, JSON.stringify(answer.body)).toBe(201)
      return { ...answer.body, email }
    },
    async workspace(token: string, name = 'Shop'): Promise<WorkspaceSummary> {
      const answer = await call('POST', '/v1/workspaces', { token, body: { name } })
      expect(answer.status, JSON.stringify(answer.body)).toBe(201)
      return answer.body
    },
    /** A new account that joined `workspaceId` through an invite of `role`. */
    async join(ownerToken: string, workspaceId: string, role: 'admin' | 'member' = 'member', name = 'Ben'): Promise<SessionAnswer & { email: string; summary: WorkspaceSummary }> {
      const invite = await call('POST', `/v1/workspaces/${workspaceId}/invites`, { token: ownerToken, body: { role } })
      expect(invite.status, JSON.stringify(invite.body)).toBe(201)
      const session = await this.signUp(name)
      const accepted = await call('POST', '/v1/invites/accept', { token: session.token, body: { code: invite.body.code } })
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200)
      return { ...session, summary: accepted.body }
    },
    push(token: string, workspaceId: string, deviceId: string, ops: PushOp[]) {
      return call('POST', `/v1/workspaces/${workspaceId}/push`, { token, body: { deviceId, ops } })
    },
    pull(token: string, workspaceId: string, query: { epoch?: string; after?: number; limit?: number } = {}) {
      const params = new URLSearchParams()
      for (const [key, value] of Object.entries(query)) params.set(key, String(value))
      return call('GET', `/v1/workspaces/${workspaceId}/ops?${params}`, { token })
    },
  }
}

export interface CallOptions {
  token?: string
  body?: unknown
  /** Sent as is (a string or bytes), instead of `body` as JSON. */
  payload?: string | Buffer
  headers?: Record<string, string>
}

export type TestApp = App & ReturnType<typeof clientOf>

const open: { close(): Promise<void> }[] = []
afterAll(async () => {
  while (open.length) await open.pop()!.close()
})

/** A fastify app on a database of its own, called through inject (no socket); closed after the file. */
export async function testApp(kind: DbKind, options: Partial<ServerOptions> = {}): Promise<TestApp> {
  const built = await buildApp({ database: await databaseOption(kind), log: silentLog, ...options, limits: { ...OPEN_LIMITS, ...options.limits } })
  open.push(built)
  const call = async (method: string, path: string, o: CallOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...o.headers }
    if (o.token) headers.authorization = `Bearer ${o.token}`
    let payload: string | Buffer | undefined = o.payload
    if (payload === undefined && o.body !== undefined) {
      payload = JSON.stringify(o.body)
      headers['content-type'] ??= 'application/json'
    }
    const response = await built.app.inject({ method: method as 'GET', url: path, headers, payload })
    let body: unknown = response.body
    try {
      body = response.body ? JSON.parse(response.body) : null
    } catch {
      // not JSON: the raw text
    }
    return { status: response.statusCode, body, headers: response.headers }
  }
  return Object.assign(built, clientOf(call))
}

/** A listening server (fetch, SSE, several instances); closed after the file. */
export async function testServer(kind: DbKind | DatabaseOption, options: Partial<ServerOptions> = {}) {
  const database = typeof kind === 'string' ? await databaseOption(kind) : kind
  const server = await startServer({ database, log: silentLog, ...options, limits: { ...OPEN_LIMITS, ...options.limits } })
  open.push(server)
  const call = async (method: string, path: string, o: CallOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...o.headers }
    if (o.token) headers.authorization = `Bearer ${o.token}`
    let payload: string | Buffer | undefined = o.payload
    if (payload === undefined && o.body !== undefined) {
      payload = JSON.stringify(o.body)
      headers['content-type'] ??= 'application/json'
    }
    const response = await fetch(`${server.url}${path}`, { method, headers, body: typeof payload === 'string' || payload === undefined ? payload : new Uint8Array(payload) })
    const text = await response.text()
    let body: unknown = text
    try {
      body = text ? JSON.parse(text) : null
    } catch {
      // not JSON
    }
    return { status: response.status, body, headers: Object.fromEntries(response.headers) }
  }
  return { ...server, database, ...clientOf(call) }
}

/** `n` ops of one device from client seq `from`, HLCs at `ms` (default now). */
export function makeOps(deviceId: string, from: number, n: number, p: { ms?: number; table?: string; valueChars?: number; rowPrefix?: string } = {}): PushOp[] {
  const ms = p.ms ?? Date.now()
  return Array.from({ length: n }, (_, i) => {
    const seq = from + i
    return {
      clientSeq: seq,
      hlc: formatHlc({ ms, counter: seq % 65536, node: deviceId }),
      schemaVersion: 1,
      txId: `tx-${deviceId}-${Math.floor(seq / 10)}`,
      table: p.table ?? 'contacts',
      rowId: `${p.rowPrefix ?? 'row'}-${deviceId}-${seq}`,
      column: seq % 3 === 0 ? '*' : 'first_name',
      value: seq % 3 === 0 ? JSON.stringify({ first_name: `n${seq}`, notes: 'x'.repeat(p.valueChars ?? 0) }) : JSON.stringify(`name ${seq}${'x'.repeat(p.valueChars ?? 0)}`),
    }
  })
}

/** Rows of a table, straight from the database (what a refused request must not have written). */
export async function count(app: App, table: string): Promise<number> {
  const [row] = await app.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM ${table}`)
  return Number(row.n)
}

export async function counts(app: App): Promise<Record<string, number>> {
  const tables = ['accounts', 'sessions', 'workspaces', 'members', 'devices', 'ops', 'invites', 'invite_codes', 'account_workspaces']
  const result: Record<string, number> = {}
  for (const table of tables) result[table] = await count(app, table)
  return result
}

/** An error body of the contract: a code and a sentence, nothing internal. */
export function expectError(answer: Answer, status: number, code: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status)
  expect(answer.body?.error?.code, JSON.stringify(answer.body)).toBe(code)
  const message: string = answer.body.error.message
  expect(message.length).toBeGreaterThan(10)
  expect(message).not.toMatch(/\bat .+:\d+:\d+|SELECT |INSERT |UPDATE |relation "|syntax error|stack/i)
}
