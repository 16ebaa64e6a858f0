/**
 * Table-driven tests over EVERY route of the server (the app lists them; a route missing from
 * these tables fails the first test): who may call it, that no route reaches another workspace,
 * and that bad input on each one gets a clear error and writes nothing.
 */
import { describe, expect, it } from 'vitest'
import { MAX_OP_VALUE_CHARS, MAX_PUSH_BYTES, MAX_PUSH_OPS } from '../../src-shared/sync-protocol'
import { counts, DATABASES, expectError, makeOps, PASSWORD, testApp, uniqueEmail, type Answer, type TestApp } from './helpers'

/** Two workspaces with nothing in common: Ana owns A (Carl is a member there), Ben owns B. */
async function twoWorkspaces(kind: (typeof DATABASES)[number]) {
  const app = await testApp(kind)
  const ana = await app.signUp('Ana')
  const a = await app.workspace(ana.token, 'A')
  const carl = await app.join(ana.token, a.id, 'member', 'Carl')
  const ben = await app.signUp('Ben')
  const b = await app.workspace(ben.token, 'B')
  const dana = await app.join(ben.token, b.id, 'member', 'Dana')
  expect((await app.push(ana.token, a.id, 'devanaaa', makeOps('devanaaa', 1, 3))).status).toBe(200)
  expect((await app.push(ben.token, b.id, 'devbenbb', makeOps('devbenbb', 1, 4))).status).toBe(200)
  return { app, ana, a, carl, ben, b, dana }
}

type World = Awaited<ReturnType<typeof twoWorkspaces>>

/** Each workspace route, called by `token` on workspace `ws` with a body that would otherwise be fine. */
const WORKSPACE_ROUTES: { method: string; url: string; call(app: TestApp, token: string, ws: string, w: World): Promise<Answer> }[] = [
  { method: 'GET', url: '/v1/workspaces/:workspaceId/members', call: (app, token, ws) => app.call('GET', `/v1/workspaces/${ws}/members`, { token }) },
  {
    method: 'PATCH',
    url: '/v1/workspaces/:workspaceId/members/:memberId',
    call: (app, token, ws, w) => app.call('PATCH', `/v1/workspaces/${ws}/members/${ws === w.a.id ? w.carl.summary.memberId : w.dana.summary.memberId}`, { token, body: { role: 'admin' } }),
  },
  {
    method: 'DELETE',
    url: '/v1/workspaces/:workspaceId/members/:memberId',
    call: (app, token, ws, w) => app.call('DELETE', `/v1/workspaces/${ws}/members/${ws === w.a.id ? w.carl.summary.memberId : w.dana.summary.memberId}`, { token }),
  },
  { method: 'POST', url: '/v1/workspaces/:workspaceId/invites', call: (app, token, ws) => app.call('POST', `/v1/workspaces/${ws}/invites`, { token, body: { role: 'member' } }) },
  { method: 'POST', url: '/v1/workspaces/:workspaceId/push', call: (app, token, ws) => app.push(token, ws, 'devstrange', makeOps('devstrange', 1, 2)) },
  { method: 'GET', url: '/v1/workspaces/:workspaceId/ops', call: (app, token, ws) => app.pull(token, ws) },
  { method: 'POST', url: '/v1/workspaces/:workspaceId/rows', call: (app, token, ws) => app.call('POST', `/v1/workspaces/${ws}/rows`, { token, body: { rows: [{ table: 'contacts', rowId: 'row-devanaaa-1' }] } }) },
  { method: 'GET', url: '/v1/workspaces/:workspaceId/events', call: (app, token, ws) => app.call('GET', `/v1/workspaces/${ws}/events`, { token }) },
]

/** The routes of no workspace, and whether they need a session. */
const GLOBAL_ROUTES: { method: string; url: string; authenticated: boolean }[] = [
  { method: 'GET', url: '/v1/health', authenticated: false },
  { method: 'POST', url: '/v1/accounts', authenticated: false },
  { method: 'POST', url: '/v1/sessions', authenticated: false },
  { method: 'DELETE', url: '/v1/sessions/current', authenticated: true },
  { method: 'GET', url: '/v1/me', authenticated: true },
  { method: 'POST', url: '/v1/workspaces', authenticated: true },
  { method: 'POST', url: '/v1/invites/accept', authenticated: true },
]

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`

describe.each(DATABASES)('every route (%s)', (kind) => {
  it('is in the tables of these tests, and refuses a caller without a session unless it creates one', async () => {
    const w = await twoWorkspaces(kind)
    const known = [...WORKSPACE_ROUTES, ...GLOBAL_ROUTES].map(key).sort()
    expect([...new Set(w.app.routes.map(key))].sort()).toEqual(known)

    const before = await counts(w.app)
    for (const route of GLOBAL_ROUTES.filter((r) => r.authenticated)) {
      const answer = await w.app.call(route.method, route.url, { body: route.method === 'POST' ? { name: 'X', code: 'AAAA-AAAA-AAAA' } : undefined })
      expectError(answer, 401, 'UNAUTHENTICATED')
    }
    for (const route of WORKSPACE_ROUTES) {
      expectError(await route.call(w.app, '', w.a.id, w), 401, 'UNAUTHENTICATED')
      expectError(await route.call(w.app, 'Z'.repeat(43), w.a.id, w), 401, 'UNAUTHENTICATED')
    }
    expect(await counts(w.app)).toEqual(before)
  })

  it.each(WORKSPACE_ROUTES.map((r) => [key(r), r] as const))('%s refuses the owner of another workspace, writing nothing', async (_name, route) => {
    const w = await twoWorkspaces(kind)
    const before = await counts(w.app)
    // Ben owns B and is nobody in A: the same answer as for a workspace that does not exist
    const answer = await route.call(w.app, w.ben.token, w.a.id, w)
    expectError(answer, 403, 'FORBIDDEN')
    expect(answer.body.error.message).toContain('not a member of this workspace')
    const missing = await route.call(w.app, w.ben.token, 'no-such-workspace', w)
    expectError(missing, 403, 'FORBIDDEN')
    expect(missing.body.error.message).toBe(answer.body.error.message)
    expect(await counts(w.app)).toEqual(before)
    // and A is as it was: its members, its ops
    expect((await w.app.call('GET', `/v1/workspaces/${w.a.id}/members`, { token: w.ana.token })).body.members.map((m: any) => m.role)).toEqual(['owner', 'member'])
    expect((await w.app.pull(w.ana.token, w.a.id)).body.ops.map((op: any) => op.deviceId)).toEqual(['devanaaa', 'devanaaa', 'devanaaa'])
  })

  it("never reaches another workspace's rows through its own: member ids, ops, device ids, /v1/me", async () => {
    const w = await twoWorkspaces(kind)
    const before = await counts(w.app)
    // Ben, owner of B, names a member of A in B's address
    for (const method of ['PATCH', 'DELETE']) {
      const answer = await w.app.call(method, `/v1/workspaces/${w.b.id}/members/${w.carl.summary.memberId}`, { token: w.ben.token, body: method === 'PATCH' ? { role: 'admin' } : undefined })
      expectError(answer, 404, 'NOT_FOUND')
    }
    expect(await counts(w.app)).toEqual(before)
    // B's pull holds B's ops only, and a device id of A is another device in B (no clash, no leak)
    const pulled = await w.app.pull(w.ben.token, w.b.id)
    expect(pulled.body.ops.map((op: any) => op.deviceId)).toEqual(['devbenbb', 'devbenbb', 'devbenbb', 'devbenbb'])
    expect(pulled.body.head).toBe(4)
    const same = await w.app.push(w.ben.token, w.b.id, 'devanaaa', makeOps('devanaaa', 1, 2))
    expect(same.body).toEqual({ lastClientSeq: 2, accepted: 2, seq: 6 })
    expect((await w.app.pull(w.ana.token, w.a.id)).body.head).toBe(3)
    const me = await w.app.call('GET', '/v1/me', { token: w.ben.token })
    expect(me.body.workspaces.map((x: any) => x.id)).toEqual([w.b.id])
    // an invite of B lets its holder into B only
    const invite = await w.app.call('POST', `/v1/workspaces/${w.b.id}/invites`, { token: w.ben.token, body: {} })
    const joined = await w.app.call('POST', '/v1/invites/accept', { token: w.ana.token, body: { code: invite.body.code } })
    expect(joined.body).toMatchObject({ id: w.b.id, role: 'member' })
    expect((await w.app.pull(w.ana.token, w.b.id)).body.ops.every((op: any) => op.memberId !== w.a.memberId)).toBe(true)
  })
})

const NOT_JSON = '{"deviceId": "devanaaa", "ops": ['

describe.each(DATABASES)('bad input (%s)', (kind) => {
  /** Each route with a body: a request that would succeed, to spoil in each test below. */
  function bodyRoutes(w: World) {
    return [
      { name: 'POST /v1/accounts', method: 'POST', path: '/v1/accounts', token: undefined, good: { email: uniqueEmail('new'), password: PASSWORD, name: 'New' } },
      { name: 'POST /v1/sessions', method: 'POST', path: '/v1/sessions', token: undefined, good: { email: w.ana.email, password: PASSWORD } },
      { name: 'POST /v1/workspaces', method: 'POST', path: '/v1/workspaces', token: w.ana.token, good: { name: 'Another' } },
      { name: 'PATCH member', method: 'PATCH', path: `/v1/workspaces/${w.a.id}/members/${w.carl.summary.memberId}`, token: w.ana.token, good: { role: 'admin' } },
      { name: 'POST invites', method: 'POST', path: `/v1/workspaces/${w.a.id}/invites`, token: w.ana.token, good: { role: 'admin' } },
      { name: 'POST /v1/invites/accept', method: 'POST', path: '/v1/invites/accept', token: w.ben.token, good: { code: 'AAAA-AAAA-AAAA' } },
      { name: 'POST push', method: 'POST', path: `/v1/workspaces/${w.a.id}/push`, token: w.ana.token, good: { deviceId: 'devanaaa', ops: makeOps('devanaaa', 4, 2) } },
      { name: 'POST rows', method: 'POST', path: `/v1/workspaces/${w.a.id}/rows`, token: w.ana.token, good: { rows: [{ table: 'contacts', rowId: 'row-devanaaa-1' }] } },
    ]
  }

  it('every body route: not JSON, JSON that is not an object, the wrong type, an unknown field, not JSON at all (text/plain) → 400/415, nothing written', async () => {
    const w = await twoWorkspaces(kind)
    const before = await counts(w.app)
    for (const r of bodyRoutes(w)) {
      const send = (payload: string, contentType = 'application/json') => w.app.call(r.method, r.path, { token: r.token, payload, headers: { 'content-type': contentType } })
      const broken = await send(NOT_JSON)
      expectError(broken, 400, 'VALIDATION')
      expect(broken.body.error.message, r.name).toContain('not valid JSON')
      for (const notObject of ['[]', '"text"', '42', 'null']) expectError(await send(notObject), 400, 'VALIDATION')
      const wrongType = Object.fromEntries(Object.keys(r.good).map((k) => [k, 12345]))
      const typed = await send(JSON.stringify(wrongType))
      expectError(typed, 400, 'VALIDATION')
      expect(typed.body.error.details.problems.length, r.name).toBeGreaterThan(0)
      const unknown = await send(JSON.stringify({ ...r.good, admin: true }))
      expectError(unknown, 400, 'VALIDATION')
      expect(unknown.body.error.message, r.name).toContain('admin')
      const plain = await send(JSON.stringify(r.good), 'text/plain')
      expectError(plain, 415, 'VALIDATION')
      expect(plain.body.error.message).toContain('application/json')
    }
    expect(await counts(w.app)).toEqual(before)
  })

  it('every body route: an empty body is refused with what it needs, but an invite (its role has a default)', async () => {
    const w = await twoWorkspaces(kind)
    const before = await counts(w.app)
    for (const r of bodyRoutes(w).filter((x) => x.name !== 'POST invites')) {
      for (const payload of ['', '   ']) {
        const answer = await w.app.call(r.method, r.path, { token: r.token, payload, headers: { 'content-type': 'application/json' } })
        expectError(answer, 400, 'VALIDATION')
      }
      const none = await w.app.call(r.method, r.path, { token: r.token })
      expectError(none, 400, 'VALIDATION')
    }
    expect(await counts(w.app)).toEqual(before)
    const invite = await w.app.call('POST', `/v1/workspaces/${w.a.id}/invites`, { token: w.ana.token })
    expect(invite.status).toBe(201)
    expect(invite.body.role).toBe('member')
  })

  it('every body route but push: a body over 64 kB is refused before parsing (413)', async () => {
    const w = await twoWorkspaces(kind)
    const before = await counts(w.app)
    for (const r of bodyRoutes(w).filter((x) => x.name !== 'POST push')) {
      const huge = JSON.stringify({ ...r.good, name: 'x'.repeat(70 * 1024) })
      const answer = await w.app.call(r.method, r.path, { token: r.token, payload: huge, headers: { 'content-type': 'application/json' } })
      expectError(answer, 413, 'TOO_LARGE')
      expect(answer.body.error.message).not.toContain('push')
    }
    expect(await counts(w.app)).toEqual(before)
  })

  it('push: malformed ops, each refused with where it is wrong, and nothing of the push stored', async () => {
    const w = await twoWorkspaces(kind)
    const before = await counts(w.app)
    const good = makeOps('devanaaa', 4, 3)
    const spoilt: [string, (ops: any[]) => unknown, RegExp][] = [
      ['a missing field', (ops) => ops.map((op, i) => (i === 1 ? { ...op, hlc: undefined } : op)), /ops\.1\.hlc/],
      ['clientSeq as text', (ops) => ops.map((op, i) => (i === 2 ? { ...op, clientSeq: String(op.clientSeq) } : op)), /ops\.2\.clientSeq/],
      ['clientSeq 0', (ops) => ops.map((op, i) => (i === 0 ? { ...op, clientSeq: 0 } : op)), /ops\.0\.clientSeq/],
      ['clientSeq fractional', (ops) => ops.map((op, i) => (i === 0 ? { ...op, clientSeq: 4.5 } : op)), /ops\.0\.clientSeq/],
      ['a malformed HLC', (ops) => ops.map((op, i) => (i === 1 ? { ...op, hlc: '2026-12-04T10:00:00Z' } : op)), /ops\.1\.hlc.*HLC/],
      ['a value that is not text', (ops) => ops.map((op, i) => (i === 1 ? { ...op, value: { first_name: 'x' } } : op)), /ops\.1\.value/],
      ['a value that is not JSON', (ops) => ops.map((op, i) => (i === 1 ? { ...op, value: 'not json' } : op)), /ops\.1\.value must be JSON/],
      ['an insert whose value is not an object', (ops) => ops.map((op, i) => (i === 1 ? { ...op, column: '*', value: '"x"' } : op)), /ops\.1\.value must be a JSON object/],
      ["table '*'", (ops) => ops.map((op, i) => (i === 1 ? { ...op, table: '*' } : op)), /ops\.1\.table/],
      ['a table name with SQL in it', (ops) => ops.map((op, i) => (i === 1 ? { ...op, table: 'contacts; DROP TABLE ops' } : op)), /ops\.1\.table/],
      ['an unknown field in an op', (ops) => ops.map((op, i) => (i === 1 ? { ...op, seq: 99 } : op)), /seq/],
      ['an empty row id', (ops) => ops.map((op, i) => (i === 1 ? { ...op, rowId: '' } : op)), /ops\.1\.rowId/],
      ['ops not a list', () => ({ clientSeq: 4 }), /ops/i],
      ['no ops', () => [], /ops/i],
      [`more than ${MAX_PUSH_OPS} ops`, () => makeOps('devanaaa', 4, MAX_PUSH_OPS + 1), /ops.*2,000/i],
      ['a value over the limit', (ops) => ops.map((op, i) => (i === 2 ? { ...op, value: JSON.stringify('x'.repeat(MAX_OP_VALUE_CHARS)) } : op)), /ops\.2\.value/],
    ]
    for (const [name, spoil, where] of spoilt) {
      const answer = await w.app.call('POST', `/v1/workspaces/${w.a.id}/push`, { token: w.ana.token, body: { deviceId: 'devanaaa', ops: spoil(good) } })
      expectError(answer, 400, 'VALIDATION')
      expect(answer.body.error.message, name).toMatch(where)
    }
    for (const deviceId of ['', 'DEVICE01', 'short', 'x'.repeat(33), 'dev-anaa', 42]) {
      const answer = await w.app.call('POST', `/v1/workspaces/${w.a.id}/push`, { token: w.ana.token, body: { deviceId, ops: good } })
      expectError(answer, 400, 'VALIDATION')
      expect(answer.body.error.message).toMatch(/deviceId|device/i)
    }
    expect(await counts(w.app)).toEqual(before)
    // and the good push still goes in after all that
    expect((await w.app.push(w.ana.token, w.a.id, 'devanaaa', good)).body).toEqual({ lastClientSeq: 6, accepted: 3, seq: 6 })
  })

  it(`push: a body over ${MAX_PUSH_BYTES / 1024 / 1024} MB is refused before it is parsed (413)`, async () => {
    const w = await twoWorkspaces(kind)
    const before = await counts(w.app)
    const payload = `{"deviceId":"devanaaa","ops":[${'0,'.repeat(MAX_PUSH_BYTES / 2 + 10)}0]}`
    const answer = await w.app.call('POST', `/v1/workspaces/${w.a.id}/push`, { token: w.ana.token, payload, headers: { 'content-type': 'application/json' } })
    expectError(answer, 413, 'TOO_LARGE')
    expect(answer.body.error.message).toMatch(/16 MB.*fewer ops/)
    expect(await counts(w.app)).toEqual(before)
  })

  it('pull: a malformed cursor, limit or parameter is refused with what is wrong', async () => {
    const w = await twoWorkspaces(kind)
    const queries = ['after=-1', 'after=abc', 'after=1.5', 'limit=0', 'limit=99999', 'limit=ten', `epoch=${'e'.repeat(65)}`, 'since=3']
    for (const query of queries) {
      const answer = await w.app.call('GET', `/v1/workspaces/${w.a.id}/ops?${query}`, { token: w.ana.token })
      expectError(answer, 400, 'VALIDATION')
      expect(answer.body.error.message, query).toMatch(new RegExp(query.split('=')[0], 'i'))
    }
  })

  it('addresses: a malformed workspace or member id is refused (400), an unknown one is not found', async () => {
    const w = await twoWorkspaces(kind)
    const before = await counts(w.app)
    const badWorkspace = await w.app.call('GET', `/v1/workspaces/${'w'.repeat(65)}/members`, { token: w.ana.token })
    expectError(badWorkspace, 400, 'VALIDATION')
    expectError(await w.app.call('GET', `/v1/workspaces/a%20b/ops`, { token: w.ana.token }), 400, 'VALIDATION')
    expectError(await w.app.call('PATCH', `/v1/workspaces/${w.a.id}/members/${'m'.repeat(65)}`, { token: w.ana.token, body: { role: 'admin' } }), 400, 'VALIDATION')
    expectError(await w.app.call('DELETE', `/v1/workspaces/${w.a.id}/members/nobody`, { token: w.ana.token }), 404, 'NOT_FOUND')
    expectError(await w.app.call('GET', '/v1/nothing-here', { token: w.ana.token }), 404, 'NOT_FOUND')
    expect(await counts(w.app)).toEqual(before)
  })
})
