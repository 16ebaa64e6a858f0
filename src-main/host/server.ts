/**
 * The browser host: serves the built renderer on 127.0.0.1 and carries window.crm over HTTP + SSE
 * to the same core.invoke the Electron IPC uses. Every data request must carry the per-run token,
 * the Host header must be loopback (no DNS rebinding), and a request another site's page makes (its
 * Origin, or Sec-Fetch-Site) is refused even with the token. Bodies are capped and must arrive in time;
 * replies never carry internal error text.
 */
import { timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { join, normalize, resolve, sep } from 'node:path'
import { EVENT_NAMES, type EventName, type Events } from '../../src-shared/api'
import { MAX_IMPORT_TEXT } from '../../src-shared/model/import'
import type { ReminderNotice } from '../../src-shared/model/task'
import { contentTypeOf, RENDERER_CSP } from '../../src-shared/web-content'
import type { CoreConnection } from '../core/worker/relay'

/**
 * The largest legitimate request is a CSV import (imports.prepare: up to MAX_IMPORT_TEXT UTF-16 units of
 * text), and JSON sends each unit in at most 3 bytes of UTF-8; 1 MB more for the rest of the command.
 */
export const MAX_BODY = 3 * MAX_IMPORT_TEXT + 1024 * 1024
const MAX_BODY_TEXT = `${Math.round(MAX_BODY / 1024 / 1024)} MB`
/** A request body (or head) that has not fully arrived by then is cut off: a slow client holds no connection. */
const BODY_TIMEOUT_MS = 30_000
/** The renderer's CSP: one constant for both hosts (src-shared/web-content.ts). */
export const CSP = RENDERER_CSP
/** On every reply. no-referrer: the page's URL carries the token, so it must never leave in a Referer. */
const SECURITY_HEADERS = {
  'content-security-policy': CSP,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
} as const
const TEXT = 'text/plain; charset=utf-8'

export interface HostOptions {
  core: Pick<CoreConnection, 'invoke' | 'on'>
  rendererDir: string
  token: string
  port?: number
  /** How long a request's head and body may take to arrive (default 30 s); tests set it small. */
  bodyTimeoutMs?: number
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

export async function startHost({ core, rendererDir, token, port = 0, bodyTimeoutMs = BODY_TIMEOUT_MS }: HostOptions) {
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
    const { port: actual } = server.address() as AddressInfo
    const hostHeader = req.headers.host
    if (hostHeader !== `127.0.0.1:${actual}` && hostHeader !== `localhost:${actual}`) {
      return refuseEarly(req, res, 403, 'Forbidden: open the app at the 127.0.0.1 address printed by "npm run serve".')
    }
    if (!fromOwnOrigin(req, `http://${hostHeader}`)) {
      return refuseEarly(req, res, 403, 'Forbidden: another site cannot use this app. Open the address printed by "npm run serve" yourself.')
    }
    // Refused before a byte of it is read: a client that announces 100 GB holds nothing.
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) {
      return refuseEarly(req, res, 413, `The request is larger than ${MAX_BODY_TEXT}.`)
    }
    const target = parseTarget(req.url)
    if (!target) return refuseEarly(req, res, 400, 'Bad request: the address is not validly percent-encoded.')
    const { pathname, query } = target

    if (pathname === '/__crm/invoke' && req.method === 'POST') {
      if (!tokenOk(req.headers['x-crm-token'] as string | undefined)) return refuse(req, res, 401, JSON_TYPE, JSON.stringify(denied()))
      let text: string
      try {
        text = await readBody(req, bodyTimeoutMs)
      } catch (error) {
        const status = error instanceof BodyError ? error.status : 400
        const message =
          status === 413 ? `The request is larger than ${MAX_BODY_TEXT}.` : status === 408 ? 'The request took too long to arrive.' : 'The request could not be read.'
        return refuse(req, res, status, JSON_TYPE, JSON.stringify(failure(message, 'VALIDATION')))
      }
      let body: { name?: unknown; input?: unknown }
      try {
        body = JSON.parse(text)
      } catch {
        return sendJson(res, 400, failure('The request is not valid JSON.', 'VALIDATION'))
      }
      return sendJson(res, 200, withoutInternalDetails(await core.invoke(String(body?.name), body?.input)))
    }

    if (pathname === '/__crm/events') {
      if (!tokenOk(query.get('token'))) return sendJson(res, 401, denied())
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', connection: 'keep-alive' })
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
    if (pathname === '/__crm/bridge.js') return send(res, 200, contentTypeOf('.js'), script)

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(req, res, 405, TEXT, 'Method not allowed')

    if (pathname === '/' || pathname === '/index.html') {
      const queryToken = query.get('token')
      if (!tokenOk(queryToken)) {
        return send(res, 401, contentTypeOf('.html'), '<!doctype html><title>Desktop CRM</title><p>Open the full address printed by <code>npm run serve</code>: it carries the access token.</p>')
      }
      const html = await readFile(join(rendererDir, 'index.html'), 'utf8')
      // bridge.web.ts reads the token from the meta tag, so the script comes after it.
      const tags = `<meta name="crm-token" content="${escapeAttribute(queryToken!)}">\n<script src="./__crm/bridge.js"></script>`
      return send(res, 200, contentTypeOf('.html'), html.replace('</head>', `${tags}\n</head>`))
    }

    // Static build output; the normalized path must stay inside rendererDir.
    const file = normalize(join(rendererDir, pathname))
    if (!file.startsWith(normalize(rendererDir) + sep)) return send(res, 404, TEXT, 'Not found')
    try {
      const content = await readFile(file)
      return send(res, 200, contentTypeOf(file), content)
    } catch {
      return send(res, 404, TEXT, 'Not found')
    }
  }

  const server = createServer(
    // Node's own limits on a slow head or body (checked every interval), beside readBody's exact deadline.
    { requestTimeout: bodyTimeoutMs, headersTimeout: bodyTimeoutMs, connectionsCheckingInterval: Math.min(30_000, Math.max(50, bodyTimeoutMs / 2)) },
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        // The details go to the terminal, never into the reply (paths, SQL, stacks).
        console.error(`CRM host: ${req.method} ${(req.url ?? '').split('?')[0]} failed`, error)
        if (!res.headersSent) {
          refuse(req, res, 500, JSON_TYPE, JSON.stringify(failure('The CRM host could not answer this request. The terminal running "npm run serve" shows why.')))
        } else res.end()
      })
    },
  )
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

const JSON_TYPE = 'application/json; charset=utf-8'

function failure(message: string, code: 'VALIDATION' | 'INTERNAL' = 'INTERNAL') {
  return { ok: false, error: { code, message } }
}

function denied() {
  return failure('Missing or wrong access token: open the address printed by "npm run serve".', 'VALIDATION')
}

/**
 * An unexpected failure inside core comes back as INTERNAL with core's sentence followed by
 * "Details: <the exception's text>" (core.ts), which can be SQL or a path. Core logs it; over HTTP
 * only the sentence goes, and never an error's details object.
 */
export function withoutInternalDetails<T>(result: T): T {
  const error = (result as { ok?: boolean; error?: { code?: string; message?: unknown } }).error
  if ((result as { ok?: boolean }).ok !== false || error?.code !== 'INTERNAL' || typeof error.message !== 'string') return result
  const cut = error.message.indexOf(' Details:')
  const message = cut === -1 ? error.message : error.message.slice(0, cut)
  return { ...result, error: { code: 'INTERNAL', message } } as T
}

/**
 * A browser names the page that made a request: Origin on a POST or a cross-origin fetch, and
 * Sec-Fetch-Site on every request. Only our own origin passes; a request with neither (curl, tests,
 * an old browser on a same-origin GET) goes on to the token check as before.
 */
export function fromOwnOrigin(req: IncomingMessage, ownOrigin: string): boolean {
  const origin = req.headers.origin
  if (origin !== undefined) return origin === ownOrigin
  const site = req.headers['sec-fetch-site']
  return site === undefined || site === 'same-origin' || site === 'none'
}

/**
 * The path decoded and the query checked, or null when either has a bad percent-escape (a lone %,
 * non-hex digits, bytes that are not UTF-8): the caller answers 400, where decodeURIComponent would throw.
 */
export function parseTarget(rawUrl: string | undefined): { pathname: string; query: URLSearchParams } | null {
  const raw = rawUrl ?? '/'
  if (!raw.startsWith('/')) return null
  const queryAt = raw.search(/[?#]/)
  const rawPath = queryAt === -1 ? raw : raw.slice(0, queryAt)
  const rawQuery = queryAt === -1 ? '' : raw.slice(queryAt + 1).split('#')[0]
  const pathname = strictDecode(rawPath)
  if (pathname === null) return null
  // URLSearchParams decodes leniently (a bad escape stays literal): check each part strictly first.
  for (const part of rawQuery.split(/[&=]/)) if (strictDecode(part.replace(/\+/g, ' ')) === null) return null
  return { pathname, query: new URLSearchParams(rawQuery) }
}

function strictDecode(text: string): string | null {
  try {
    return decodeURIComponent(text)
  } catch {
    return null
  }
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, ...extra })
  res.end(body)
}

function sendJson(res: ServerResponse, status: number, value: unknown) {
  send(res, status, JSON_TYPE, JSON.stringify(value))
}

/**
 * An answer before (or instead of) reading the request's body: the connection closes after it, so
 * Node does not go on reading a body nobody wants (100 GB announced, or one byte a second).
 */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string) {
  const unread = !req.complete
  send(res, status, type, body, unread ? { connection: 'close' } : {})
  if (unread) res.once('finish', () => req.socket.destroySoon())
}

/** A refusal before routing: JSON for the data paths (the bridge reads it as a Result), plain text for pages. */
function refuseEarly(req: IncomingMessage, res: ServerResponse, status: number, message: string) {
  if ((req.url ?? '').startsWith('/__crm/')) refuse(req, res, status, JSON_TYPE, JSON.stringify(failure(message, 'VALIDATION')))
  else refuse(req, res, status, TEXT, message)
}

class BodyError extends Error {
  constructor(readonly status: 408 | 413) {
    super(status === 408 ? 'too slow' : 'too large')
  }
}

/** The whole body as text: at most MAX_BODY bytes, all of it within timeoutMs, else a BodyError. */
function readBody(req: IncomingMessage, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const timer = setTimeout(() => {
      req.pause()
      reject(new BodyError(408))
    }, timeoutMs)
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY) {
        clearTimeout(timer)
        req.pause()
        reject(new BodyError(413))
      } else chunks.push(chunk)
    })
    req.on('end', () => {
      clearTimeout(timer)
      resolve(Buffer.concat(chunks).toString('utf8'))
    })
    req.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })
}
