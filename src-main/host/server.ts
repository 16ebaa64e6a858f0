/**
 * The browser host: serves the built renderer on 127.0.0.1 and carries window.crm over HTTP + SSE
 * to the same core.invoke the Electron IPC uses. Every data request must carry the per-run token,
 * and the Host header must be loopback (no DNS rebinding).
 */
import { timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { EVENT_NAMES, type EventName, type Events } from '../../src-shared/api'
import type { ReminderNotice } from '../../src-shared/model/task'
import type { CoreConnection } from '../core/worker/relay'

const MAX_BODY = 16 * 1024 * 1024
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export interface HostOptions {
  core: Pick<CoreConnection, 'invoke' | 'on'>
  rendererDir: string
  token: string
  port?: number
}

/**
 * bridge.web.ts (the browser transport) as one classic script, bundled once per process. The esbuild is
 * tsx's own (tsx, a devDependency, depends on it and runs this host), resolved from tsx's folder so it
 * does not hang on how npm hoists node_modules.
 */
let bridgeBundle: Promise<string> | undefined
export function bridgeScript(): Promise<string> {
  bridgeBundle ??= (async () => {
    const fromTsx = createRequire(createRequire(__filename).resolve('tsx/package.json'))
    const esbuild = fromTsx('esbuild') as typeof import('esbuild')
    const { outputFiles } = await esbuild.build({
      entryPoints: [resolve(__dirname, 'bridge.web.ts')],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      write: false,
      logLevel: 'silent',
    })
    return outputFiles[0].text
  })()
  return bridgeBundle
}

export async function startHost({ core, rendererDir, token, port = 0 }: HostOptions) {
  const script = await bridgeScript()
  const clients = new Set<ServerResponse>()
  const frame = (event: EventName, payload: unknown) => `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`
  // Reminders that go off while no page is open wait for the first page that connects.
  let undelivered: ReminderNotice[] = []
  const broadcast = (event: EventName) => (payload: unknown) => {
    if (event === 'reminder.due' && clients.size === 0) {
      undelivered.push(...(payload as Events['reminder.due']).notices)
      return
    }
    for (const client of clients) client.write(frame(event, payload))
  }
  // The page shows reminders itself (toast, Web Notification): this host has no native notifier.
  const unsubscribers = EVENT_NAMES.filter((event) => event !== 'app.navigate').map((event) => core.on(event, broadcast(event)))

  const tokenOk = (candidate: string | null | undefined) => {
    if (!candidate) return false
    const a = Buffer.from(candidate)
    const b = Buffer.from(token)
    return a.length === b.length && timingSafeEqual(a, b)
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const { port: actual } = server.address() as AddressInfo
    if (req.headers.host !== `127.0.0.1:${actual}` && req.headers.host !== `localhost:${actual}`) {
      return send(res, 403, 'text/plain; charset=utf-8', 'Forbidden: open the app at the 127.0.0.1 address printed by "npm run serve".')
    }

    if (url.pathname === '/__crm/invoke' && req.method === 'POST') {
      if (!tokenOk(req.headers['x-crm-token'] as string | undefined)) return sendJson(res, 401, denied())
      let body: { name?: unknown; input?: unknown }
      try {
        body = JSON.parse(await readBody(req))
      } catch (error) {
        const tooLarge = (error as Error).message === 'too large'
        return sendJson(res, tooLarge ? 413 : 400, {
          ok: false,
          error: { code: 'VALIDATION', message: tooLarge ? 'The request is larger than 16 MB.' : 'The request is not valid JSON.' },
        })
      }
      return sendJson(res, 200, await core.invoke(String(body?.name), body?.input))
    }

    if (url.pathname === '/__crm/events') {
      if (!tokenOk(url.searchParams.get('token'))) return sendJson(res, 401, denied())
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(': connected\n\n')
      if (undelivered.length > 0) {
        res.write(frame('reminder.due', { notices: undelivered }))
        undelivered = []
      }
      clients.add(res)
      req.on('close', () => clients.delete(res))
      return
    }

    // The same code for every page (no secret in it): the token reaches it through the page's meta tag.
    if (url.pathname === '/__crm/bridge.js') return send(res, 200, TYPES['.js'], script)

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'Method not allowed')

    if (url.pathname === '/' || url.pathname === '/index.html') {
      const queryToken = url.searchParams.get('token')
      if (!tokenOk(queryToken)) {
        return send(res, 401, TYPES['.html'], '<!doctype html><title>Desktop CRM</title><p>Open the full address printed by <code>npm run serve</code>: it carries the access token.</p>')
      }
      const html = await readFile(join(rendererDir, 'index.html'), 'utf8')
      // bridge.web.ts reads the token from the meta tag, so the script comes after it.
      const tags = `<meta name="crm-token" content="${escapeAttribute(queryToken!)}">\n<script src="./__crm/bridge.js"></script>`
      return send(res, 200, TYPES['.html'], html.replace('</head>', `${tags}\n</head>`))
    }

    // Static build output; the normalized path must stay inside rendererDir.
    const file = normalize(join(rendererDir, decodeURIComponent(url.pathname)))
    if (!file.startsWith(normalize(rendererDir) + sep)) return send(res, 404, 'text/plain', 'Not found')
    try {
      const content = await readFile(file)
      return send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', content)
    } catch {
      return send(res, 404, 'text/plain', 'Not found')
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: String(error) } })
      else res.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const { port: bound } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${bound}/?token=${encodeURIComponent(token)}`,
    port: bound,
    async close() {
      unsubscribers.forEach((unsubscribe) => unsubscribe())
      for (const client of clients) client.end()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function denied() {
  return { ok: false, error: { code: 'VALIDATION', message: 'Missing or wrong access token: open the address printed by "npm run serve".' } }
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer) {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  })
  res.end(body)
}

function sendJson(res: ServerResponse, status: number, value: unknown) {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value))
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY) {
        reject(new Error('too large'))
        req.destroy()
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
