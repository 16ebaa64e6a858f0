/**
 * The sync server: `startServer(options)` listens and answers { url, close() }; `buildApp(options)`
 * is the fastify app for inject tests. The database is PGlite in a folder (one shop on one
 * machine: `npm run server`), PGlite in memory (tests), or a PostgreSQL (DATABASE_URL), where any
 * number of instances may serve one database: every piece of state is in it.
 *
 * Routes (src-shared/sync-protocol.ts): routes/accounts.ts, routes/workspaces.ts, routes/ops.ts,
 * events.ts. Every answer that is not 2xx is a SyncErrorBody; nothing internal (a stack, SQL, a
 * driver's message) leaves the server.
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify'
import { MAX_PUSH_BYTES } from '../src-shared/sync-protocol'
import { DEFAULT_LIMITS, type Logger, type ServerContext, type ServerLimits } from './context'
import { migrate } from './db/migrate'
import { openPglite } from './db/pglite'
import type { Database } from './db/port'
import { openPostgres } from './db/postgres'
import { ApiError, badRequest } from './errors'
import { Hub, openStream, startWakeups } from './events'
import { accountRoutes } from './routes/accounts'
import { opsRoutes } from './routes/ops'
import { workspaceRoutes } from './routes/workspaces'

export type DatabaseOption = { kind: 'pglite'; dataDir: string } | { kind: 'pglite-memory' } | { kind: 'postgres'; url: string; maxConnections?: number }

export interface ServerOptions {
  database: DatabaseOption
  host?: string
  port?: number
  now?: () => number
  log?: Logger
  limits?: Partial<ServerLimits>
  /** How often the heads of the workspaces with open streams are read (another instance's pushes). */
  pollMs?: number
  /** How often an open stream gets a `: keepalive` comment. */
  keepaliveMs?: number
  /** Behind a reverse proxy: read the client's address from X-Forwarded-For (throttling is per address). */
  trustProxy?: boolean
}

export interface App {
  app: FastifyInstance
  db: Database
  /** Every route (method and URL pattern), for tests that must cover them all. */
  routes: { method: string; url: string }[]
  /** Closes the app (streams first), the wake-ups, then the database (and its folder lock). */
  close(): Promise<void>
}

export const silentLog: Logger = { info() {}, warn() {}, error() {} }
const consoleLog: Logger = { info: console.log, warn: console.warn, error: console.error }

/** Bodies of every route but push: an account or an invite is a few hundred bytes. */
const BODY_LIMIT = 64 * 1024

async function openDatabase(option: DatabaseOption, log: Logger): Promise<Database> {
  switch (option.kind) {
    case 'pglite':
      return openPglite(option.dataDir)
    case 'pglite-memory':
      return openPglite(null)
    case 'postgres':
      return openPostgres(option.url, { max: option.maxConnections, onError: (error) => log.warn('PostgreSQL connection error', error.message) })
  }
}

/** Fastify's own errors (parsing, limits) as the contract's codes, with a sentence for a person. */
function fromFastify(error: FastifyError, url: string): ApiError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return url.endsWith('/push')
        ? new ApiError(413, 'TOO_LARGE', `The push is too large (at most ${MAX_PUSH_BYTES / 1024 / 1024} MB): send fewer ops at once.`)
        : new ApiError(413, 'TOO_LARGE', `The request body is too large (at most ${BODY_LIMIT / 1024} kB): shorten what you typed.`)
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(415, 'VALIDATION', 'Send the body as JSON, with Content-Type: application/json.')
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return badRequest("The request's Content-Length does not match its body: send it again.")
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return badRequest('The body is empty: send a JSON object.')
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return badRequest('The body is not valid JSON: send a JSON object.')
  }
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) return badRequest('The body is not valid JSON: send a JSON object.')
  if (error.statusCode === 400 && /prototype|constructor/i.test(error.message)) return badRequest('The body has a key that is not allowed (__proto__ or constructor).')
  if (error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_ROUTE_REWRITE_NOT_STR') return badRequest('The address is malformed: check it.')
  if (error.statusCode === 408) return new ApiError(408, 'VALIDATION', 'The request took too long to arrive: send it again.')
  return null
}

export async function buildApp(options: ServerOptions): Promise<App> {
  const log = options.log ?? consoleLog
  const db = await openDatabase(options.database, log)
  try {
    await migrate(db)
  } catch (error) {
    await db.close().catch(() => {})
    throw error
  }
  const hub = new Hub()
  const ctx: ServerContext = {
    db,
    now: options.now ?? Date.now,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    hub,
    log,
  }

  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    trustProxy: options.trustProxy ?? false,
    // end keep-alive sockets on close (event streams are ended by the hub first)
    forceCloseConnections: true,
    return503OnClosing: true,
  })

  // JSON only; an empty body is "no body" (the route's schema then says what it needs)
  const json = app.getDefaultJsonParser('error', 'error')
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) return done(null, undefined)
    json(request, body as string, done)
  })

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store')
    reply.header('x-content-type-options', 'nosniff')
    return payload
  })

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = error instanceof ApiError ? error : fromFastify(error, request.routeOptions?.url ?? '')
    if (known) return reply.status(known.status).send(known.body())
    log.error(`Sync server: ${request.method} ${request.routeOptions?.url ?? request.url} failed`, error)
    return reply.status(500).send(new ApiError(500, 'INTERNAL', 'The sync server failed to answer this request: try again; if it keeps failing, tell whoever runs the server (it is in its log).').body())
  })
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(new ApiError(404, 'NOT_FOUND', `The sync server has no ${request.method} ${request.url.split('?')[0].slice(0, 120)}: check the server address (and that both are up to date).`).body()),
  )

  const routes: { method: string; url: string }[] = []
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url })
  })

  app.get('/v1/health', async () => ({ ok: true }))
  accountRoutes(app, ctx)
  workspaceRoutes(app, ctx)
  opsRoutes(app, ctx)
  app.get<{ Params: { workspaceId: string } }>('/v1/workspaces/:workspaceId/events', (request, reply) => openStream(ctx, request, reply))

  const wakeups = startWakeups({ db, hub, log, pollMs: options.pollMs ?? 1000, keepaliveMs: options.keepaliveMs ?? 15_000 })
  app.addHook('preClose', async () => hub.closeAll())

  let closing: Promise<void> | null = null
  return {
    app,
    db,
    routes,
    close() {
      closing ??= (async () => {
        try {
          await app.close()
        } finally {
          await wakeups.stop()
          await db.close()
        }
      })()
      return closing
    },
  }
}

export interface RunningServer {
  url: string
  close(): Promise<void>
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const built = await buildApp(options)
  try {
    const host = options.host ?? '127.0.0.1'
    await built.app.listen({ host, port: options.port ?? 0 })
    const address = built.app.server.address()
    const port = typeof address === 'object' && address ? address.port : options.port
    const shown = host.includes(':') ? `[${host}]` : host
    return { url: `http://${shown}:${port}`, close: built.close }
  } catch (error) {
    await built.close().catch(() => {})
    throw error
  }
}
