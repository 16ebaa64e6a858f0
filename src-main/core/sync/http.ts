/**
 * The sync server's routes (src-shared/sync-protocol.ts) as calls. Every failure becomes a
 * SyncFailure: `offline` when the server could not be reached (the changes wait and sync retries),
 * otherwise the server's own code and message (written for a person).
 */
import type { SyncErrorBody, SyncErrorCode } from '../../../src-shared/sync-protocol'

/** One request's deadline: a pull page or a push of 2,000 ops answers well within it on a slow link. */
const REQUEST_TIMEOUT_MS = 30_000

export class SyncFailure extends Error {
  constructor(
    /** 'offline': no answer (network, DNS, refused, timeout, not a sync server). */
    readonly code: SyncErrorCode | 'offline',
    message: string,
    readonly status = 0,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'SyncFailure'
  }
}

export interface SyncHttp {
  request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, options?: { body?: unknown; token?: string | null }): Promise<T>
  /** The open response of a long-lived GET (the events stream); the caller reads and aborts it. */
  stream(path: string, token: string, signal: AbortSignal, lastEventId?: string): Promise<Response>
}

/** The address a person typed, without a trailing slash: `https://crm.example.com/` → `https://crm.example.com`. */
export function serverBase(server: string): string {
  return server.trim().replace(/\/+$/, '')
}

function unreachable(server: string, error: unknown): SyncFailure {
  const cause = (error as { cause?: { code?: string } })?.cause?.code
  const why =
    (error as Error)?.name === 'TimeoutError'
      ? 'it did not answer in time'
      : cause === 'ENOTFOUND' || cause === 'EAI_AGAIN'
        ? 'that name is not known (check the address, or the network)'
        : cause === 'ECONNREFUSED'
          ? 'nothing answers there (is the sync server running?)'
          : 'the network failed'
  return new SyncFailure('offline', `Could not reach the sync server at ${server}: ${why}.`)
}

function staleConnection(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } })?.cause?.code
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET'
}

export function createSyncHttp(server: string, fetchImpl: typeof fetch = fetch): SyncHttp {
  const base = serverBase(server)
  return {
    async request<T>(method: string, path: string, options: { body?: unknown; token?: string | null } = {}): Promise<T> {
      const headers: Record<string, string> = { accept: 'application/json' }
      if (options.body !== undefined) headers['content-type'] = 'application/json'
      if (options.token) headers.authorization = `Bearer ${options.token}`
      const send = () =>
        fetchImpl(`${base}${path}`, {
          method,
          headers,
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          redirect: 'error',
        })
      let response: Response
      try {
        response = await send()
      } catch (error) {
        // A kept-alive connection the server closed while this computer slept (or the thread was
        // busy): the request never reached it, so one more try on a new connection is safe.
        if (!staleConnection(error)) throw unreachable(base, error)
        try {
          response = await send()
        } catch (again) {
          throw unreachable(base, again)
        }
      }
      let payload: unknown = null
      try {
        const text = await response.text()
        payload = text ? JSON.parse(text) : null
      } catch (error) {
        if ((error as Error)?.name === 'TimeoutError' || (error as Error)?.name === 'AbortError') throw unreachable(base, error)
        payload = undefined
      }
      if (response.ok) {
        if (payload === undefined) throw new SyncFailure('offline', `${base} answered, but not as a sync server does. Check the address.`, response.status)
        return payload as T
      }
      const body = (payload as SyncErrorBody | undefined)?.error
      if (body && typeof body.code === 'string' && typeof body.message === 'string') {
        throw new SyncFailure(body.code, body.message, response.status, body.details)
      }
      throw new SyncFailure('offline', `${base} answered ${response.status}, not as a sync server does. Check the address.`, response.status)
    },

    async stream(path, token, signal, lastEventId) {
      const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${token}` }
      if (lastEventId) headers['last-event-id'] = lastEventId
      let response: Response
      try {
        response = await fetchImpl(`${base}${path}`, { headers, signal, redirect: 'error' })
      } catch (error) {
        throw unreachable(base, error)
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel().catch(() => {})
        throw new SyncFailure(response.status === 401 ? 'UNAUTHENTICATED' : response.status === 403 ? 'FORBIDDEN' : 'offline', `The sync server's live updates answered ${response.status}.`, response.status)
      }
      return response
    },
  }
}
