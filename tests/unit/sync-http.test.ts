/** The sync client's HTTP layer (core/sync/http.ts) against real loopback servers that misbehave. */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, expect, test } from 'vitest'
import { createSyncHttp, SyncFailure } from '../../src-main/core/sync/http'

let server: Server | null = null
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())))

function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler)
  return new Promise((done) => server!.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(server!.address() as AddressInfo).port}`)))
}

test('a connection the server drops before answering (a stale kept-alive one) is tried once more', async () => {
  let requests = 0
  const url = await listen((req, res) => {
    requests++
    if (requests === 1) return req.socket.destroy()
    res.setHeader('content-type', 'application/json')
    res.end('{"ok":true}')
  })
  expect(await createSyncHttp(url).request('GET', '/v1/me')).toEqual({ ok: true })
  expect(requests).toBe(2)
})

test('a server that keeps dropping is offline, with the address in the message; a non-sync answer says so', async () => {
  const url = await listen((req, res) => {
    if (req.url === '/html') return res.end('<html>hello</html>')
    req.socket.destroy()
  })
  const dropped = await createSyncHttp(url).request('GET', '/v1/me').catch((e: unknown) => e)
  expect(dropped).toBeInstanceOf(SyncFailure)
  expect(dropped).toMatchObject({ code: 'offline' })
  expect((dropped as Error).message).toContain(url)
  const html = await createSyncHttp(url).request('GET', '/html').catch((e: unknown) => e)
  expect(html).toMatchObject({ code: 'offline', message: expect.stringMatching(/not as a sync server does/) })
})

test("the server's error body comes through with its code and message", async () => {
  const url = await listen((_req, res) => {
    res.statusCode = 409
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ error: { code: 'CLOCK_AHEAD', message: 'Your clock is ahead.', details: { by: 1 } } }))
  })
  await expect(createSyncHttp(url).request('POST', '/x', { body: {} })).rejects.toMatchObject({ code: 'CLOCK_AHEAD', status: 409, message: 'Your clock is ahead.' })
})
