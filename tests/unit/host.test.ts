/** The browser host over real HTTP on loopback: token, Host header, invoke, events, static files. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { afterEach, describe, expect, test } from 'vitest'
import type { CrmBridge } from '../../src-shared/api'
import { startHost } from '../../src-main/host/server'
import { openCore, tempDir } from './helpers'

const TOKEN = 'test-token-123'
let host: Awaited<ReturnType<typeof startHost>> | null = null
afterEach(async () => {
  await host?.close()
  host = null
})

async function start(options: Parameters<typeof openCore>[0] = {}) {
  const app = openCore(options)
  const rendererDir = tempDir()
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>CRM</title></head><body></body></html>')
  mkdirSync(join(rendererDir, 'assets'))
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  host = await startHost({ core: app.core, rendererDir, token: TOKEN, port: 0 })
  const base = `http://127.0.0.1:${host.port}`
  const invoke = (name: string, input: unknown, token = TOKEN) =>
    fetch(`${base}/__crm/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-crm-token': token },
      body: JSON.stringify({ name, input }),
    })
  return { ...app, base, invoke }
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
})
