import { describe, expect, it } from 'vitest'
import { normalizeInviteCode } from '../../src-server/routes/workspaces'
import { counts, DATABASES, expectError, testApp, testClock } from './helpers'

describe('invite codes', () => {
  it('are 12 Crockford base32 characters in groups of 4, read back whatever the case, spaces or look-alikes', () => {
    expect(normalizeInviteCode('7kq4 m2xd-9prt')).toBe('7KQ4M2XD9PRT')
    expect(normalizeInviteCode('OIL0-0000-0000')).toBe('011000000000')
    expect(normalizeInviteCode('7KQ4-M2XD-9PR')).toBeNull()
    expect(normalizeInviteCode('7KQ4-M2XD-9PRU')).toBeNull()
  })
})

describe.each(DATABASES)('workspaces, invites and roles (%s)', (kind) => {
  it('creates a workspace whose creator is its owner, listed in /v1/me and in its members', async () => {
    const app = await testApp(kind)
    const ana = await app.signUp('Ana')
    const ws = await app.workspace(ana.token, '  Corner Shop ')
    expect(ws).toMatchObject({ name: 'Corner Shop', role: 'owner' })
    expect((await app.call('GET', '/v1/me', { token: ana.token })).body.workspaces).toEqual([ws])
    const members = await app.call('GET', `/v1/workspaces/${ws.id}/members`, { token: ana.token })
    expect(members.body.members).toEqual([{ id: ws.memberId, accountId: ana.account.id, name: 'Ana', email: ana.email, role: 'owner', removedAt: null }])
  })

  it('an invite is a one-time code, valid 7 days, giving its role; a wrong code is not found', async () => {
    const clock = testClock()
    const app = await testApp(kind, { now: clock.now })
    const ana = await app.signUp('Ana')
    const ws = await app.workspace(ana.token)
    const invite = await app.call('POST', `/v1/workspaces/${ws.id}/invites`, { token: ana.token, body: { role: 'admin' } })
    expect(invite.status).toBe(201)
    expect(invite.body.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
    expect(invite.body).toMatchObject({ role: 'admin', expiresAt: clock.now() + 7 * 24 * 3600_000 })
    const stored = await app.db.query<{ code_hash: string }>('SELECT code_hash FROM invites')
    expect(stored[0].code_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(stored)).not.toContain(invite.body.code.replace(/-/g, ''))

    const ben = await app.signUp('Ben')
    const wrong = await app.call('POST', '/v1/invites/accept', { token: ben.token, body: { code: 'AAAA-AAAA-AAAA' } })
    expectError(wrong, 404, 'NOT_FOUND')
    expectError(await app.call('POST', '/v1/invites/accept', { token: ben.token, body: { code: 'not a code at all' } }), 400, 'VALIDATION')

    const accepted = await app.call('POST', '/v1/invites/accept', { token: ben.token, body: { code: invite.body.code.toLowerCase().replace(/-/g, ' ') } })
    expect(accepted.status).toBe(200)
    expect(accepted.body).toMatchObject({ id: ws.id, name: 'Shop', role: 'admin' })
    expect((await app.call('GET', '/v1/me', { token: ben.token })).body.workspaces).toEqual([accepted.body])

    const cid = await app.signUp('Cid')
    const before = await counts(app)
    const reused = await app.call('POST', '/v1/invites/accept', { token: cid.token, body: { code: invite.body.code } })
    expectError(reused, 409, 'CONFLICT')
    expect(reused.body.error.message).toContain('already used')
    expect(await counts(app)).toEqual(before)

    const later = await app.call('POST', `/v1/workspaces/${ws.id}/invites`, { token: ana.token, body: {} })
    expect(later.body.role).toBe('member')
    const withLater = await counts(app)
    clock.advance(7 * 24 * 3600_000)
    const expired = await app.call('POST', '/v1/invites/accept', { token: cid.token, body: { code: later.body.code } })
    expectError(expired, 409, 'CONFLICT')
    expect(expired.body.error.message).toContain('expired')
    expect(await counts(app)).toEqual(withLater)
  })

  it('only owners and admins invite and change members; nobody removes or demotes the last owner', async () => {
    const app = await testApp(kind)
    const ana = await app.signUp('Ana')
    const ws = await app.workspace(ana.token)
    const admin = await app.join(ana.token, ws.id, 'admin', 'Ada')
    const member = await app.join(ana.token, ws.id, 'member', 'Max')

    // a member can do neither
    expectError(await app.call('POST', `/v1/workspaces/${ws.id}/invites`, { token: member.token, body: {} }), 403, 'FORBIDDEN')
    expectError(await app.call('PATCH', `/v1/workspaces/${ws.id}/members/${admin.summary.memberId}`, { token: member.token, body: { role: 'member' } }), 403, 'FORBIDDEN')
    expectError(await app.call('DELETE', `/v1/workspaces/${ws.id}/members/${admin.summary.memberId}`, { token: member.token }), 403, 'FORBIDDEN')
    // an admin invites, changes members, but never touches an owner nor makes one
    expect((await app.call('POST', `/v1/workspaces/${ws.id}/invites`, { token: admin.token, body: { role: 'member' } })).status).toBe(201)
    const promoted = await app.call('PATCH', `/v1/workspaces/${ws.id}/members/${member.summary.memberId}`, { token: admin.token, body: { role: 'admin' } })
    expect(promoted.status).toBe(200)
    expect(promoted.body.member).toMatchObject({ id: member.summary.memberId, role: 'admin' })
    expectError(await app.call('PATCH', `/v1/workspaces/${ws.id}/members/${ws.memberId}`, { token: admin.token, body: { role: 'member' } }), 403, 'FORBIDDEN')
    expectError(await app.call('PATCH', `/v1/workspaces/${ws.id}/members/${member.summary.memberId}`, { token: admin.token, body: { role: 'owner' } }), 403, 'FORBIDDEN')
    expectError(await app.call('DELETE', `/v1/workspaces/${ws.id}/members/${ws.memberId}`, { token: admin.token }), 403, 'FORBIDDEN')

    // the last owner can neither step down nor leave
    const demote = await app.call('PATCH', `/v1/workspaces/${ws.id}/members/${ws.memberId}`, { token: ana.token, body: { role: 'admin' } })
    expectError(demote, 409, 'CONFLICT')
    expect(demote.body.error.message).toContain('last owner')
    expectError(await app.call('DELETE', `/v1/workspaces/${ws.id}/members/${ws.memberId}`, { token: ana.token }), 409, 'CONFLICT')
    // with a second owner, she can
    expect((await app.call('PATCH', `/v1/workspaces/${ws.id}/members/${admin.summary.memberId}`, { token: ana.token, body: { role: 'owner' } })).status).toBe(200)
    expect((await app.call('PATCH', `/v1/workspaces/${ws.id}/members/${ws.memberId}`, { token: ana.token, body: { role: 'admin' } })).status).toBe(200)
    const roles = (await app.call('GET', `/v1/workspaces/${ws.id}/members`, { token: ana.token })).body.members.map((m: { role: string }) => m.role)
    expect(roles).toEqual(['admin', 'owner', 'admin'])
    expectError(await app.call('PATCH', `/v1/workspaces/${ws.id}/members/nope`, { token: admin.token, body: { role: 'member' } }), 404, 'NOT_FOUND')
  })

  it('two owners demoting each other at once leave one owner', async () => {
    const app = await testApp(kind)
    const ana = await app.signUp('Ana')
    const ws = await app.workspace(ana.token)
    const bob = await app.join(ana.token, ws.id, 'admin', 'Bob')
    expect((await app.call('PATCH', `/v1/workspaces/${ws.id}/members/${bob.summary.memberId}`, { token: ana.token, body: { role: 'owner' } })).status).toBe(200)
    const [a, b] = await Promise.all([
      app.call('PATCH', `/v1/workspaces/${ws.id}/members/${bob.summary.memberId}`, { token: ana.token, body: { role: 'member' } }),
      app.call('PATCH', `/v1/workspaces/${ws.id}/members/${ws.memberId}`, { token: bob.token, body: { role: 'member' } }),
    ])
    // whichever goes second finds itself no longer an owner (403) or the last owner (409)
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1)
    expect([a.status, b.status].every((s) => s === 200 || s === 403 || s === 409)).toBe(true)
    const [owners] = await app.db.query<{ n: unknown }>("SELECT count(*) AS n FROM members WHERE role = 'owner'")
    expect(Number(owners.n)).toBe(1)
  })

  it('a removed member is refused at once, may leave on their own, and may come back with a new invite', async () => {
    const app = await testApp(kind)
    const ana = await app.signUp('Ana')
    const ws = await app.workspace(ana.token)
    const ben = await app.join(ana.token, ws.id, 'member', 'Ben')
    const removed = await app.call('DELETE', `/v1/workspaces/${ws.id}/members/${ben.summary.memberId}`, { token: ana.token })
    expect(removed.status).toBe(200)
    expect(removed.body.member.removedAt).toEqual(expect.any(Number))
    const refused = await app.call('GET', `/v1/workspaces/${ws.id}/ops`, { token: ben.token })
    expectError(refused, 403, 'FORBIDDEN')
    // told apart from a stranger: Ben's devices take the workspace's records off (src-main/core/sync/leave.ts)
    expect(refused.body.error.details).toEqual({ removed: true, removedAt: removed.body.member.removedAt })
    expect(refused.body.error.message).toContain('removed from this workspace')
    expectError(await app.call('GET', `/v1/workspaces/${ws.id}/members`, { token: ben.token }), 403, 'FORBIDDEN')
    expect((await app.call('GET', '/v1/me', { token: ben.token })).body.workspaces).toEqual([])
    const stranger = await app.signUp('Carl')
    const notMember = await app.call('GET', `/v1/workspaces/${ws.id}/ops`, { token: stranger.token })
    expectError(notMember, 403, 'FORBIDDEN')
    expect(notMember.body.error.details).toBeUndefined()

    const invite = await app.call('POST', `/v1/workspaces/${ws.id}/invites`, { token: ana.token, body: {} })
    const back = await app.call('POST', '/v1/invites/accept', { token: ben.token, body: { code: invite.body.code } })
    expect(back.body).toMatchObject({ id: ws.id, memberId: ben.summary.memberId, role: 'member' })
    expect((await app.call('GET', `/v1/workspaces/${ws.id}/ops`, { token: ben.token })).status).toBe(200)

    const left = await app.call('DELETE', `/v1/workspaces/${ws.id}/members/${ben.summary.memberId}`, { token: ben.token })
    expect(left.status).toBe(200)
    expectError(await app.call('GET', `/v1/workspaces/${ws.id}/ops`, { token: ben.token }), 403, 'FORBIDDEN')
  })

  it('accepting an invite to a workspace one is already in keeps the invite for someone else', async () => {
    const app = await testApp(kind)
    const ana = await app.signUp('Ana')
    const ws = await app.workspace(ana.token)
    const invite = await app.call('POST', `/v1/workspaces/${ws.id}/invites`, { token: ana.token, body: {} })
    const own = await app.call('POST', '/v1/invites/accept', { token: ana.token, body: { code: invite.body.code } })
    expect(own.body).toEqual(ws)
    const ben = await app.signUp('Ben')
    expect((await app.call('POST', '/v1/invites/accept', { token: ben.token, body: { code: invite.body.code } })).status).toBe(200)
  })
})
