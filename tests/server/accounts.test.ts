import { describe, expect, it } from 'vitest'
import { buildApp, silentLog } from '../../src-server/server'
import { count, counts, DATABASES, databaseOption, expectError, PASSWORD, testApp, testClock, uniqueEmail } from './helpers'

describe.each(DATABASES)('accounts and sessions (%s)', (kind) => {
  it('creates an account with a session, stores only hashes, and refuses a second account for the same email', async () => {
    const app = await testApp(kind)
    const email = uniqueEmail('ana')
    const created = await app.call('POST', '/v1/accounts', { body: { email: `  ${email.toUpperCase()}`.trim(), password: PASSWORD, name: ' Ana ' } })
    expect(created.status).toBe(201)
    expect(created.body.account).toMatchObject({ email, name: 'Ana' })
    expect(created.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(created.body.workspaces).toEqual([])

    const me = await app.call('GET', '/v1/me', { token: created.body.token })
    expect(me.status).toBe(200)
    expect(me.body.account.email).toBe(email)

    const [stored] = await app.db.query<{ password_hash: string }>('SELECT password_hash FROM accounts WHERE email = $1', [email])
    expect(stored.password_hash).toMatch(/^\$argon2id\$/)
    const sessions = await app.db.query<{ token_hash: string }>('SELECT token_hash FROM sessions')
    expect(sessions.map((s) => s.token_hash)).not.toContain(created.body.token)

    const before = await counts(app)
    const again = await app.call('POST', '/v1/accounts', { body: { email: email.toUpperCase(), password: 'another password', name: 'Ana 2' } })
    expectError(again, 409, 'CONFLICT')
    expect(again.body.error.message).toContain('sign in instead')
    expect(await counts(app)).toEqual(before)
  })

  it('signs in with the right password only, with the same answer for an unknown email', async () => {
    const app = await testApp(kind)
    const ana = await app.signUp('Ana')
    const ws = await app.workspace(ana.token, 'Ana & Co')
    const signedIn = await app.call('POST', '/v1/sessions', { body: { email: ana.email, password: PASSWORD } })
    expect(signedIn.status).toBe(201)
    expect(signedIn.body.token).not.toBe(ana.token)
    expect(signedIn.body.workspaces).toEqual([ws])

    const wrong = await app.call('POST', '/v1/sessions', { body: { email: ana.email, password: 'not the password' } })
    expectError(wrong, 401, 'UNAUTHENTICATED')
    const unknown = await app.call('POST', '/v1/sessions', { body: { email: uniqueEmail('nobody'), password: 'not the password' } })
    expectError(unknown, 401, 'UNAUTHENTICATED')
    expect(unknown.body.error.message).toBe(wrong.body.error.message)
  })

  it('signs out: the token is refused from then on (a replay too), other sessions stay', async () => {
    const app = await testApp(kind)
    const ana = await app.signUp('Ana')
    const second = await app.call('POST', '/v1/sessions', { body: { email: ana.email, password: PASSWORD } })
    const out = await app.call('DELETE', '/v1/sessions/current', { token: ana.token })
    expect(out.status).toBe(204)

    const replay = await app.call('GET', '/v1/me', { token: ana.token })
    expectError(replay, 401, 'UNAUTHENTICATED')
    expect(replay.body.error.message).toContain('signed out')
    expectError(await app.call('DELETE', '/v1/sessions/current', { token: ana.token }), 401, 'UNAUTHENTICATED')
    expectError(await app.call('POST', '/v1/workspaces', { token: ana.token, body: { name: 'X' } }), 401, 'UNAUTHENTICATED')
    expect(await count(app, 'workspaces')).toBe(0)

    expect((await app.call('GET', '/v1/me', { token: second.body.token })).status).toBe(200)
  })

  it('refuses requests without a token, with a malformed one and with an unknown one', async () => {
    const app = await testApp(kind)
    const none = await app.call('GET', '/v1/me')
    expectError(none, 401, 'UNAUTHENTICATED')
    expect(none.body.error.message).toContain('Sign in')
    expectError(await app.call('GET', '/v1/me', { headers: { authorization: 'Bearer short' } }), 401, 'UNAUTHENTICATED')
    expectError(await app.call('GET', '/v1/me', { headers: { authorization: 'Basic YTpi' } }), 401, 'UNAUTHENTICATED')
    const unknown = await app.call('GET', '/v1/me', { token: 'A'.repeat(43) })
    expectError(unknown, 401, 'UNAUTHENTICATED')
    expect(unknown.body.error.message).toContain('not known')
  })

  it('throttles failed sign-ins per account (in the database), and lets the right password in after the window', async () => {
    const clock = testClock()
    const app = await testApp(kind, { now: clock.now })
    const ana = await app.signUp('Ana')
    // a success clears the account's count
    for (let i = 0; i < 4; i++) expectError(await app.call('POST', '/v1/sessions', { body: { email: ana.email, password: 'wrong password' } }), 401, 'UNAUTHENTICATED')
    expect((await app.call('POST', '/v1/sessions', { body: { email: ana.email, password: PASSWORD } })).status).toBe(201)
    for (let i = 0; i < 5; i++) {
      clock.advance(1000)
      expectError(await app.call('POST', '/v1/sessions', { body: { email: ana.email, password: 'wrong password' } }), 401, 'UNAUTHENTICATED')
    }
    const throttled = await app.call('POST', '/v1/sessions', { body: { email: ana.email.toUpperCase(), password: PASSWORD } })
    expectError(throttled, 429, 'THROTTLED')
    expect(throttled.body.error.message).toMatch(/Try again in \d+ minutes?/)
    // the first of the five leaves the 15-minute window 15 min after it was made (4 s before the last)
    expect(throttled.body.error.details.retryAfterMs).toBe(15 * 60_000 - 4000)
    // per account (5, the 4 before the success were cleared) and per address (9)
    const [attempts] = await app.db.query<{ n: unknown }>("SELECT count(*) AS n FROM auth_attempts WHERE kind LIKE 'sign_in_%'")
    expect(Number(attempts.n)).toBe(14)

    clock.advance(throttled.body.error.details.retryAfterMs)
    expect((await app.call('POST', '/v1/sessions', { body: { email: ana.email, password: PASSWORD } })).status).toBe(201)
  })

  it('throttles failed sign-ins per address, and account creation per address', async () => {
    const clock = testClock()
    const app = await testApp(kind, { now: clock.now, limits: { signInFailuresPerAddress: 3, accountsPerAddress: 2 } })
    for (let i = 0; i < 3; i++) expectError(await app.call('POST', '/v1/sessions', { body: { email: uniqueEmail(), password: 'wrong password' } }), 401, 'UNAUTHENTICATED')
    const blocked = await app.call('POST', '/v1/sessions', { body: { email: uniqueEmail(), password: 'wrong password' } })
    expectError(blocked, 429, 'THROTTLED')
    expect(blocked.body.error.message).toContain('this address')

    await app.signUp('One')
    await app.signUp('Two')
    const before = await counts(app)
    const third = await app.call('POST', '/v1/accounts', { body: { email: uniqueEmail(), password: PASSWORD, name: 'Three' } })
    expectError(third, 429, 'THROTTLED')
    expect(third.body.error.details.retryAfterMs).toBeGreaterThan(0)
    expect(await counts(app)).toEqual(before)
    clock.advance(60 * 60_000)
    await app.signUp('Three')
  })

  if (kind === 'postgres') {
    it('counts failed sign-ins in the database: a second instance on it throttles the same account', async () => {
      const database = await databaseOption(kind)
      const a = await buildApp({ database, log: silentLog })
      const b = await buildApp({ database, log: silentLog })
      try {
        const email = uniqueEmail('shared')
        const post = (app: typeof a, url: string, body: unknown) => app.app.inject({ method: 'POST', url, payload: body as object })
        expect((await post(a, '/v1/accounts', { email, password: PASSWORD, name: 'Shared' })).statusCode).toBe(201)
        for (let i = 0; i < 5; i++) expect((await post(i % 2 ? a : b, '/v1/sessions', { email, password: 'wrong password' })).statusCode).toBe(401)
        expect((await post(a, '/v1/sessions', { email, password: PASSWORD })).statusCode).toBe(429)
        expect((await post(b, '/v1/sessions', { email, password: PASSWORD })).statusCode).toBe(429)
      } finally {
        await a.close()
        await b.close()
      }
    })
  }
})
