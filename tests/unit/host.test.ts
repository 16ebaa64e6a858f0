/** The browser host over real HTTP on loopback: token, Host header, Origin, body limits, invoke, events, static files. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request, type IncomingHttpHeaders } from 'node:http'
import { connect } from 'node:net'
import { join, resolve } from 'node:path'
import { runInNewContext } from 'node:vm'
import { afterEach, describe, expect, test } from 'vitest'
import type { CrmBridge } from '../../src-shared/api'
import { CSP, MAX_BODY, startHost } from '../../src-main/host/server'
import { MAX_IMPORT_TEXT } from '../../src-shared/model/import'
import { openCore, tempDir } from './helpers'

const TOKEN = 'test-token-123'
let host: Awaited<ReturnType<typeof startHost>> | null = null
afterEach(async () => {
  await host?.close()
  host = null
})

async function start(options: Parameters<typeof openCore>[0] = {}, hostOptions: { bodyTimeoutMs?: number } = {}) {
  const app = openCore(options)
  const rendererDir = tempDir()
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>CRM</title></head><body></body></html>')
  mkdirSync(join(rendererDir, 'assets'))
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  host = await startHost({ core: app.core, rendererDir, token: TOKEN, port: 0, ...hostOptions })
  const base = `http://127.0.0.1:${host.port}`
  const invoke = (name: string, input: unknown, token = TOKEN) =>
    fetch(`${base}/__crm/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-crm-token': token },
      body: JSON.stringify({ name, input }),
    })
  return { ...app, base, invoke, rendererDir }
}

/** A stand-in EventSource: records its URL and lets the test deliver events. */
class FakeEventSource {
  readonly handlers = new Map<string, Set<(message: { data: string }) => void>>()
  constructor(readonly url: string) {}
  addEventListener(event: string, handler: (message: { data: string }) => void) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set())
    this.handlers.get(event)!.add(handler)
  }
  removeEventListener(event: string, handler: (message: { data: string }) => void) {
    this.handlers.get(event)?.delete(handler)
  }
  emit(event: string, data: string) {
    for (const handler of this.handlers.get(event) ?? []) handler({ data })
  }
}

/** Runs the served bridge script as a page would: its own global (window), a head with the token meta tag or none. */
function runBridge(script: string, { token, fetch }: { token: string | null; fetch: (url: string, init?: RequestInit) => Promise<Response> }) {
  const streams: FakeEventSource[] = []
  const document = {
    querySelector: (selector: string) => (selector === 'meta[name="crm-token"]' && token !== null ? { content: token } : null),
  }
  const EventSource = class extends FakeEventSource {
    constructor(url: string) {
      super(url)
      streams.push(this)
    }
  }
  const page: Record<string, unknown> = { document, fetch, EventSource }
  page.window = page
  runInNewContext(script, page)
  return { crm: page.crm as CrmBridge, streams }
}

/** fetch() will not send a forged Host header, so use node:http for that one. */
function getWithHost(port: number, path: string, hostHeader: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: hostHeader } }, (res) => {
      res.resume()
      resolve(res.statusCode!)
    })
    req.on('error', reject)
    req.end()
  })
}

interface RawReply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** node:http, so the test can send any Host, Origin or Sec-Fetch-Site header and any raw path (fetch() normalizes or forbids some). */
function raw(port: number, path: string, { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Writes the request head on a bare socket and collects whatever comes back until the server closes it. */
function openSocket(port: number, head: string) {
  const socket = connect(port, '127.0.0.1')
  let received = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => (received += chunk))
  socket.on('error', () => {}) // a reset after the server gives up is one way of closing
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)))
  socket.write(head)
  return { socket, closed }
}

const invokeHead = (port: number, length: number) =>
  `POST /__crm/invoke HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-CRM-Token: ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`

describe('browser host', () => {
  test('invoke carries commands and AppErrors both ways', async () => {
    const { invoke } = await start()
    const created = await (await invoke('contacts.create', { firstName: 'Ana' })).json()
    expect(created).toMatchObject({ ok: true, value: { firstName: 'Ana' } })
    const refused = await (await invoke('contacts.create', { firstName: '' })).json()
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'Enter a first or last name' } })
  })

  test('data requests without the right token are refused and change nothing', async () => {
    const { invoke, ok } = await start()
    const response = await invoke('contacts.create', { firstName: 'Mallory' }, 'wrong-token!!')
    expect(response.status).toBe(401)
    expect((await ok('app.info')).contactCount).toBe(0)
    expect((await fetch(`${host!.url.split('?')[0]}?token=nope`)).status).toBe(401)
    expect((await fetch(`http://127.0.0.1:${host!.port}/__crm/events`)).status).toBe(401)
  })

  test('a foreign Host header is refused (DNS rebinding)', async () => {
    await start()
    expect(await getWithHost(host!.port, '/', 'evil.example.com')).toBe(403)
    expect(await getWithHost(host!.port, `/?token=${TOKEN}`, `localhost:${host!.port}`)).toBe(200)
  })

  test('index.html gets the token meta tag, then the bridge script, and a strict CSP', async () => {
    await start()
    const response = await fetch(host!.url)
    const html = await response.text()
    expect(html).toContain(`<meta name="crm-token" content="${TOKEN}">\n<script src="./__crm/bridge.js"></script>\n</head>`)
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
  })

  test('bridge.js (bridge.web.ts, bundled) puts a frozen window.crm on the page that speaks to core with the page token', async () => {
    const { base } = await start()
    const response = await fetch(`${base}/__crm/bridge.js`)
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    const script = await response.text()
    const page = runBridge(script, { token: TOKEN, fetch: (url, init) => fetch(new URL(url, `${base}/`), init) })
    expect(Object.isFrozen(page.crm)).toBe(true)
    expect(await page.crm.invoke('contacts.create', { firstName: 'Ana' })).toMatchObject({ ok: true, value: { firstName: 'Ana' } })
    expect(await page.crm.invoke('contacts.create', { firstName: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })

    // Without the meta tag the host refuses the calls, and says why.
    const noToken = runBridge(script, { token: null, fetch: (url, init) => fetch(new URL(url, `${base}/`), init) })
    expect(await noToken.crm.invoke('app.info')).toMatchObject({ ok: false, error: { message: expect.stringContaining('access token') } })

    // A host that is gone answers with an error result, not a thrown exception.
    const gone = runBridge(script, { token: TOKEN, fetch: () => Promise.reject(new TypeError('Failed to fetch')) })
    expect(await gone.crm.invoke('app.info')).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('not reachable') } })
  })

  test("bridge.js on(): one event stream with the page token, each listener gets the parsed payload until it unsubscribes", async () => {
    const { base } = await start()
    const script = await (await fetch(`${base}/__crm/bridge.js`)).text()
    const page = runBridge(script, { token: TOKEN, fetch: () => Promise.reject(new Error('unused')) })
    const seen: string[] = []
    const off = page.crm.on('data.changed', ({ tables }) => seen.push(`a:${tables.join()}`))
    page.crm.on('data.changed', ({ tables }) => seen.push(`b:${tables.join()}`))
    expect(page.streams.map((s) => s.url)).toEqual([`./__crm/events?token=${TOKEN}`])
    page.streams[0].emit('data.changed', '{"tables":["tags"]}')
    off()
    page.streams[0].emit('data.changed', '{"tables":["deals"]}')
    expect(seen).toEqual(['a:tags', 'b:tags', 'b:deals'])
  })

  test('static files are served, paths outside the build are not', async () => {
    await start()
    expect(await (await fetch(`http://127.0.0.1:${host!.port}/assets/app.js`)).text()).toBe('console.log(1)')
    expect(await getWithHost(host!.port, '/../../../etc/passwd', `127.0.0.1:${host!.port}`)).toBe(404)
    expect(await getWithHost(host!.port, '/%2e%2e/%2e%2e/etc/passwd', `127.0.0.1:${host!.port}`)).toBe(404)
  })

  test('malformed JSON gets a clear error', async () => {
    const { base } = await start()
    const response = await fetch(`${base}/__crm/invoke`, { method: 'POST', headers: { 'x-crm-token': TOKEN }, body: '{nope' })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ ok: false, error: { message: 'The request is not valid JSON.' } })
  })

  test('data.changed reaches the browser as a server-sent event', async () => {
    const { base, invoke } = await start()
    const controller = new AbortController()
    const response = await fetch(`${base}/__crm/events?token=${TOKEN}`, { signal: controller.signal })
    const reader = response.body!.getReader()
    await reader.read() // ": connected"
    await invoke('tags.create', { name: 'VIP' })
    const { value } = await reader.read()
    expect(new TextDecoder().decode(value)).toBe('event: data.changed\ndata: {"tables":["tags"]}\n\n')
    controller.abort()
  })

  test('a reminder that went off before any page was open reaches the first page that connects', async () => {
    const timers = { setTimeout: () => 1, clearTimeout: () => {} }
    const { base, invoke, core, clock } = await start({ scheduler: false, timers })
    const created = await (await invoke('tasks.create', { title: 'Call Ana back', dueAt: clock.now() - 60_000 })).json()
    expect(created.ok).toBe(true)
    core.startScheduler() // the start-up catch-up fires it while no page listens
    const response = await fetch(`${base}/__crm/events?token=${TOKEN}`)
    const reader = response.body!.getReader()
    let text = ''
    while (!text.includes('reminder.due')) text += new TextDecoder().decode((await reader.read()).value)
    expect(text).toContain('"title":"Call Ana back"')
    await reader.cancel()
  })

  test('a request from another origin is refused even with the right token; same-origin and no-Origin callers still work', async () => {
    const { ok } = await start()
    const port = host!.port
    const body = JSON.stringify({ name: 'contacts.create', input: { firstName: 'Mallory' } })
    const post = (headers: Record<string, string>) =>
      raw(port, '/__crm/invoke', { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-crm-token': TOKEN, ...headers } })

    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${port + 1}`, `http://localhost:${port}`, `http://127.0.0.1:${port}.evil.example`]) {
      const refused = await post({ origin })
      expect(refused.status, origin).toBe(403)
      expect(JSON.parse(refused.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    }
    // No Origin header, but the browser says the request comes from another site.
    expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await post({ 'sec-fetch-site': 'same-site' })).status).toBe(403)
    expect((await raw(port, `/__crm/events?token=${TOKEN}`, { headers: { origin: 'https://evil.example' } })).status).toBe(403)
    expect((await raw(port, `/?token=${TOKEN}`, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403)
    expect((await ok('app.info')).contactCount).toBe(0)

    // The page's own origin (what bridge.js sends), an address typed in the bar, and curl or tests (no header).
    expect((await post({ origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' })).status).toBe(200)
    expect((await raw(port, `/?token=${TOKEN}`, { headers: { 'sec-fetch-site': 'none' } })).status).toBe(200)
    expect((await post({})).status).toBe(200)
    expect((await ok('app.info')).contactCount).toBe(2)
  })

  test('a body that announces more than the cap is refused with 413 at once, before any of it is sent', async () => {
    await start()
    const { socket, closed } = openSocket(host!.port, invokeHead(host!.port, 100 * 1024 ** 3))
    const reply = await closed // the server answers and closes without waiting for 100 GB
    socket.destroy()
    expect(reply).toMatch(/^HTTP\/1\.1 413 /)
    expect(reply).toContain('larger than')
    // Without the token, the same 100 GB is refused too (401 or 413), still without reading it.
    const anonymous = openSocket(host!.port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${host!.port}\r\nContent-Length: ${100 * 1024 ** 3}\r\n\r\n`)
    expect(await anonymous.closed).toMatch(/^HTTP\/1\.1 413 /)
  }, 20_000)

  test('the cap leaves room for the largest legitimate request: a CSV import file near 15 MB of text in a three-byte script', async () => {
    const { invoke } = await start()
    expect(MAX_BODY).toBeGreaterThanOrEqual(3 * MAX_IMPORT_TEXT + 1024) // JSON carries each UTF-16 unit in at most 3 bytes of UTF-8 (the escapes aside)
    const text = 'name\n' + ('漢'.repeat(100_000) + '\n').repeat(60) // 6 M characters, 18 MB as UTF-8
    const response = await invoke('imports.prepare', { fileName: 'big.csv', text })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ ok: true })
  }, 30_000)

  test('a body that trickles in is cut off after the body deadline (slowloris), and the host keeps serving', async () => {
    const { invoke, base } = await start({}, { bodyTimeoutMs: 300 })
    // An event stream opened before: a long-lived response is not a slow request, so the deadline leaves it alone.
    const events = await fetch(`${base}/__crm/events?token=${TOKEN}`)
    const reader = events.body!.getReader()
    await reader.read() // ": connected"

    const { socket, closed } = openSocket(host!.port, invokeHead(host!.port, 10_000))
    let sent = 0
    const drip = setInterval(() => {
      if (!socket.destroyed && sent < 9_999) {
        socket.write(' ')
        sent++
      }
    }, 20)
    const reply = await closed // never resolves if the server waits for the whole body: the test times out
    clearInterval(drip)
    expect(sent).toBeLessThan(9_999)
    expect(reply).toMatch(/^HTTP\/1\.1 408 /)

    await invoke('tags.create', { name: 'After the slow client' })
    const { value } = await reader.read()
    expect(new TextDecoder().decode(value)).toContain('"tables":["tags"]')
    await reader.cancel()
  }, 20_000)

  test('bad percent-encoding in the path or the query is a 400 with a short message, never a 500', async () => {
    await start()
    const port = host!.port
    for (const path of ['/%E0%A4%A', '/assets/%zz.js', '/%', '/%C0%AF', `/?token=${TOKEN}&x=%E0%A4%A`, '/__crm/events?token=%ff']) {
      const reply = await raw(port, path)
      expect(reply.status, path).toBe(400)
      expect(reply.body, path).not.toMatch(/URIError|at |Error:/)
      expect(reply.body.length, path).toBeLessThan(200)
    }
  })

  test('an error inside the host answers 500 with a plain sentence, no internal error text', async () => {
    const { base, rendererDir } = await start()
    rmSync(join(rendererDir, 'index.html')) // reading it now fails inside the host
    const reply = await fetch(host!.url)
    expect(reply.status).toBe(500)
    const text = await reply.text()
    expect(text).not.toMatch(/ENOENT|index\.html|\/tmp|at /)
    expect(text).toContain('could not answer')
    expect((await fetch(`${base}/__crm/bridge.js`)).status).toBe(200) // and it goes on serving
  })

  test("a command that fails inside core answers with core's sentence, without the raw error text (SQL)", async () => {
    const { invoke, dataDir } = await start()
    // A real fault: the table goes away behind core's back, so its next statement throws "no such table".
    const Database = (await import('better-sqlite3')).default
    const other = new Database(join(dataDir, 'crm.db'))
    other.pragma('foreign_keys = OFF')
    other.exec('DROP TABLE tags')
    other.close()
    const reply = await (await invoke('tags.list', undefined)).json()
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('nothing was changed') } })
    expect(JSON.stringify(reply)).not.toMatch(/no such table|SQLITE|tags\b.*table|at \w+ \(/i)
  })

  test('every reply carries the headers of a local web app: no referrer (the token is in the URL), nosniff, the CSP, no framing, no caching', async () => {
    const { base } = await start()
    const replies = [
      await raw(host!.port, `/?token=${TOKEN}`),
      await raw(host!.port, '/?token=wrong'),
      await raw(host!.port, '/assets/app.js'),
      await raw(host!.port, '/missing.js'),
      await raw(host!.port, '/__crm/bridge.js'),
      await raw(host!.port, '/__crm/invoke', { method: 'POST', body: '{}' }),
      await raw(host!.port, '/%', {}),
      await raw(host!.port, '/', { headers: { origin: 'https://evil.example' } }),
    ]
    for (const reply of replies) {
      expect(reply.headers['referrer-policy']).toBe('no-referrer')
      expect(reply.headers['x-content-type-options']).toBe('nosniff')
      expect(reply.headers['x-frame-options']).toBe('DENY')
      expect(reply.headers['content-security-policy']).toBe(CSP)
      expect(reply.headers['cache-control']).toBe('no-store')
    }
    const controller = new AbortController()
    const events = await fetch(`${base}/__crm/events?token=${TOKEN}`, { signal: controller.signal })
    expect(events.headers.get('referrer-policy')).toBe('no-referrer')
    expect(events.headers.get('x-content-type-options')).toBe('nosniff')
    controller.abort()
  })

  test("the host's CSP is index.html's, plus frame-ancestors (which a meta tag cannot carry)", () => {
    const html = readFileSync(resolve(__dirname, '../../src-renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)![1]
    expect(CSP).toBe(`${meta}; frame-ancestors 'none'`)
  })
})
