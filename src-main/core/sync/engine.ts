/**
 * Team sync, the client side (ARCHITECTURE.md "Sync"). One cycle = push this device's waiting
 * change-log entries (the outbox, push.ts), then pull the workspace's ops after the cursor and fold
 * them in (pull.ts). Cycles run one at a time, one more queued: a local commit, a server event, a
 * retry timer or "Sync now" asks for one. Whatever fails, local changes keep waiting: a cycle that
 * cannot reach the server retries with growing pauses; one the server refuses says why and what to
 * do (SyncStatus.error) and waits for the person.
 */
import { AppError } from '../../../src-shared/errors'
import type { SyncConnectInput, SyncSetPrivateInput, SyncStatus } from '../../../src-shared/model/sync'
import { syncConnectInput } from '../../../src-shared/model/sync'
import type { Invite, Member, SessionAnswer, WorkspaceSummary } from '../../../src-shared/sync-protocol'
import type { Clock, Logger } from '../clock'
import type { LocalWriter, Reader } from '../db/access'
import type { Repository } from '../db/repository'
import { openEvents, type EventsHandle } from './events'
import { createSyncHttp, SyncFailure, type SyncHttp } from './http'
import { removeWorkspaceData } from './leave'
import { pendingCount, pushAll } from './push'
import { createPuller, type Puller } from './pull'
import { createSyncStore } from './state'

/** Pauses before retrying a server that could not be reached (then the last one, again and again). */
const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000]
/** A status computed after local commits waits this long, so an import's chunks do not count the outbox 50 times a second. */
const STATUS_SETTLE_MS = 250
/** A live-updates stream that dropped is reopened after this pause (by a cycle, which also notices a server gone). */
const EVENTS_REOPEN_MS = 2_000

export interface SyncEngineDeps {
  q: Reader
  local: LocalWriter
  repo: Repository
  clock: Clock
  log: Logger
  deviceId: string
  emit(status: SyncStatus): void
  fetch?: typeof fetch
  /** After the workspace's records were taken off: what a new database starts with (the default pipeline, the seeded rules). */
  seed?(): void
}

export type SyncEngine = ReturnType<typeof createSyncEngine>

type Failure = { kind: 'offline' | 'error'; message: string; action: string; retryMs?: number }

const WAIT = 'Your changes are kept on this computer and go to the server once it answers; sync retries by itself.'

/** A server's refusal, in words for the status: what happened and what to do. */
function describe(error: unknown, workspace: string): Failure {
  if (!(error instanceof SyncFailure)) {
    return { kind: 'error', message: `Sync stopped: ${(error as Error)?.message ?? String(error)}`, action: 'Press Sync now to try again. Your changes are kept on this computer.' }
  }
  switch (error.code) {
    case 'offline':
      return { kind: 'offline', message: error.message, action: WAIT }
    case 'THROTTLED':
      return { kind: 'offline', message: error.message, action: WAIT, retryMs: Number((error.details as { retryAfterMs?: number })?.retryAfterMs) || undefined }
    case 'UNAUTHENTICATED':
      return { kind: 'error', message: 'This computer is signed out of the sync server (the session ended or was revoked).', action: 'Sign in again in Settings → Sync. Your changes are kept on this computer.' }
    case 'FORBIDDEN':
      return { kind: 'error', message: `You are no longer a member of "${workspace}".`, action: 'Ask its owner for a new invite, or sign out. Your data stays on this computer.' }
    case 'CLOCK_AHEAD':
      return {
        kind: 'error',
        message: "This computer's clock is more than 5 minutes ahead of the server's.",
        action: 'Set the correct time (turn on automatic date and time), then press Sync now. Your changes are kept on this computer.',
        retryMs: 60_000,
      }
    default:
      return { kind: 'error', message: `The sync server refused: ${error.message}`, action: 'Press Sync now to try again; if it keeps failing, make a backup (Settings → Backups) and report it.' }
  }
}

export function createSyncEngine(deps: SyncEngineDeps) {
  const { q, local, repo, clock, log, deviceId } = deps
  const store = createSyncStore(q, local)
  const fetchImpl = deps.fetch ?? fetch
  let http: SyncHttp | null = null
  let running: Promise<void> | null = null
  let queued = false
  let active = false
  let failure: Failure | null = null
  let attempts = 0
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let reopenTimer: ReturnType<typeof setTimeout> | null = null
  let statusTimer: ReturnType<typeof setTimeout> | null = null
  let events: EventsHandle | null = null
  let closed = false
  let lastEmitted = ''

  const httpFor = (server: string) => (http ??= createSyncHttp(server, fetchImpl))
  const puller: Puller = createPuller({ q, local, repo, store, deviceId, log, onPause: () => announce() })

  function status(): SyncStatus {
    const connection = store.connection()
    if (!connection) return { state: 'off', pending: 0, connection: null, lastSyncedAt: store.lastSyncedAt(), error: null, paused: null, removed: store.removed() }
    const pending = pendingCount(q, store.outboxDevices(deviceId), store.pushed())
    const paused = puller.paused()
    const state = paused ? 'paused' : failure?.kind === 'error' ? 'error' : failure ? 'offline' : active ? 'syncing' : pending > 0 ? 'waiting' : 'synced'
    return {
      state,
      pending,
      connection,
      lastSyncedAt: store.lastSyncedAt(),
      error: failure && (state === 'error' || state === 'offline') ? { message: failure.message, action: failure.action } : null,
      paused: paused ? { deletes: paused.deletes, contacts: paused.contacts } : null,
      removed: null,
    }
  }

  function announce(): SyncStatus {
    const now = status()
    const json = JSON.stringify(now)
    if (json !== lastEmitted) {
      lastEmitted = json
      deps.emit(now)
    }
    return now
  }

  /** Asks for a cycle: one runs at a time, and at most one more is queued behind it. */
  function kick(): Promise<void> {
    if (closed || !store.connection()) return Promise.resolve()
    if (running) {
      queued = true
      return running
    }
    running = (async () => {
      do {
        queued = false
        await cycle()
      } while (queued && !closed && store.connection())
    })().finally(() => {
      running = null
    })
    return running
  }

  async function cycle(): Promise<void> {
    const connection = store.connection()
    const token = store.token()
    if (!connection || !token) return
    if (retryTimer) clearTimeout(retryTimer)
    retryTimer = null
    active = true
    announce()
    try {
      const server = httpFor(connection.server)
      await pushAll({ q, http: server, store, deviceId, token, workspaceId: connection.workspaceId })
      await puller.pull(server, token, connection.workspaceId)
      if (!puller.paused()) store.setLastSyncedAt(clock.now())
      failure = null
      attempts = 0
      ensureEvents()
    } catch (error) {
      if (closed) return
      if (error instanceof SyncFailure && error.code === 'FORBIDDEN' && (error.details as { removed?: unknown } | undefined)?.removed === true) {
        await leave(connection.workspaceName)
        return
      }
      failure = describe(error, connection.workspaceName)
      if (failure.kind === 'offline' || failure.retryMs) {
        const delay = failure.retryMs ?? RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length - 1)]
        attempts++
        retryTimer = setTimeout(() => void kick(), delay)
      }
      if (failure.kind === 'error') stopEvents()
      if (!(error instanceof SyncFailure)) log.error('Sync cycle failed', error)
    } finally {
      active = false
      if (!closed) announce()
    }
  }

  /** Removed from the workspace: its records go off this computer (sync/leave.ts), then sync is off and says why. */
  async function leave(workspaceName: string): Promise<void> {
    stopEvents()
    log.warn(`Removed from the workspace "${workspaceName}": taking its records off this computer`)
    const { records, unsent } = await removeWorkspaceData({ q, local, repo, store, deviceId, closed: () => closed })
    store.leave({ workspaceName, at: clock.now(), records, unsent })
    deps.seed?.()
    http = null
    failure = null
    puller.reset()
  }

  /** The server's live wake-ups (SSE): a pull as soon as another device pushed. Reopened after a drop. */
  function ensureEvents(): void {
    const connection = store.connection()
    const token = store.token()
    if (events || closed || !connection || !token) return
    events = openEvents({
      http: httpFor(connection.server),
      token,
      workspaceId: connection.workspaceId,
      known: () => store.cursor().seq,
      onHead: () => void kick(),
      onClosed: () => {
        events = null
        // a dropped stream: a cycle a moment later finds out whether the server is gone (and reopens it when not)
        if (!closed && store.connection() && !reopenTimer) reopenTimer = setTimeout(() => ((reopenTimer = null), void kick()), EVENTS_REOPEN_MS)
      },
      log,
    })
  }

  function stopEvents(): void {
    events?.close()
    events = null
  }

  const settleStatus = () => {
    if (statusTimer || closed) return
    statusTimer = setTimeout(() => {
      statusTimer = null
      announce()
    }, STATUS_SETTLE_MS)
  }

  const unsubscribe = repo.onCommitted(({ origin }) => {
    if (origin !== 'local' || !store.connection()) return
    settleStatus()
    void kick()
  })

  async function signedIn(server: string, input: SyncConnectInput): Promise<{ session: SessionAnswer; workspace: WorkspaceSummary }> {
    const h = createSyncHttp(server, fetchImpl)
    if (input.mode === 'create') {
      const session = await h.request<SessionAnswer>('POST', '/v1/accounts', { body: { email: input.email, password: input.password, name: input.name } })
      const workspace = await h.request<WorkspaceSummary>('POST', '/v1/workspaces', { body: { name: input.workspaceName }, token: session.token })
      return { session, workspace }
    }
    if (input.mode === 'join') {
      let session: SessionAnswer
      try {
        session = await h.request<SessionAnswer>('POST', '/v1/sessions', { body: { email: input.email, password: input.password } })
      } catch (error) {
        if (!(error instanceof SyncFailure) || error.code !== 'UNAUTHENTICATED' || !input.name) throw error
        // no account with that email yet (or a wrong password: then creating it says the email is taken)
        session = await h.request<SessionAnswer>('POST', '/v1/accounts', { body: { email: input.email, password: input.password, name: input.name } })
      }
      const workspace = await h.request<WorkspaceSummary>('POST', '/v1/invites/accept', { body: { code: input.inviteCode }, token: session.token })
      return { session, workspace }
    }
    const session = await h.request<SessionAnswer>('POST', '/v1/sessions', { body: { email: input.email, password: input.password } })
    const workspace = input.workspaceId ? session.workspaces.find((w) => w.id === input.workspaceId) : session.workspaces[0]
    if (!workspace) {
      await h.request('DELETE', '/v1/sessions/current', { token: session.token }).catch(() => {})
      throw new AppError(
        'NOT_FOUND',
        input.workspaceId ? 'This account is not a member of that workspace. Check the invite, or sign in with another account.' : 'This account is not in any workspace yet: create one, or join with an invite code.',
      )
    }
    return { session, workspace }
  }

  /** A SyncFailure as the command's error: what failed, in words a person can act on. */
  function asAppError(error: unknown): unknown {
    if (!(error instanceof SyncFailure)) return error
    if (error.code === 'offline') return new AppError('UNAVAILABLE', `${error.message} Check the address and the network, then try again.`)
    if (error.code === 'UNAUTHENTICATED') return new AppError('VALIDATION', error.message, { problems: [{ path: 'password', message: error.message }] })
    if (error.code === 'VALIDATION' || error.code === 'NOT_FOUND') return new AppError('VALIDATION', error.message, error.details)
    if (error.code === 'CONFLICT' || error.code === 'FORBIDDEN') return new AppError('CONFLICT', error.message, error.details)
    if (error.code === 'THROTTLED') return new AppError('CONFLICT', error.message, error.details)
    return new AppError('UNAVAILABLE', `The sync server could not do it: ${error.message}`)
  }

  return {
    status: announce,

    async connect(raw: SyncConnectInput): Promise<SyncStatus> {
      const input = syncConnectInput.parse(raw)
      if (store.connection()) throw new AppError('CONFLICT', `This computer already syncs with "${store.connection()!.workspaceName}". Sign out first.`)
      let answer: Awaited<ReturnType<typeof signedIn>>
      try {
        answer = await signedIn(input.server, input)
      } catch (error) {
        throw asAppError(error)
      }
      const { session, workspace } = answer
      const bound = store.workspace()
      if (bound && bound !== workspace.id) {
        await createSyncHttp(input.server, fetchImpl).request('DELETE', '/v1/sessions/current', { token: session.token }).catch(() => {})
        throw new AppError(
          'CONFLICT',
          'The data on this computer belongs to another workspace, and one database syncs with one workspace only. To use this one, sign in from a new, empty data folder.',
        )
      }
      http = createSyncHttp(input.server, fetchImpl)
      store.connect(
        {
          server: input.server.trim().replace(/\/+$/, ''),
          workspaceId: workspace.id,
          workspaceName: workspace.name,
          memberId: workspace.memberId,
          role: workspace.role,
          accountEmail: session.account.email,
          accountName: session.account.name,
        },
        session.token,
      )
      failure = null
      attempts = 0
      puller.replayDeferred() // ops kept from before a sign-out that this version may know by now
      await refreshMembers().catch(() => {})
      await kick()
      return announce()
    },

    /** Pushes and pulls now; answers when that cycle ended (the status says how). */
    async now(): Promise<SyncStatus> {
      if (store.connection()) {
        if (failure?.kind === 'error' && !puller.paused()) failure = null
        await kick()
      }
      return announce()
    },

    async signOut(force = false): Promise<{ signedOut: boolean; unsynced: number; status: SyncStatus }> {
      const connection = store.connection()
      const token = store.token()
      if (!connection || !token) return { signedOut: true, unsynced: 0, status: announce() }
      await running?.catch(() => {})
      try {
        await pushAll({ q, http: httpFor(connection.server), store, deviceId, token, workspaceId: connection.workspaceId })
      } catch (error) {
        failure = describe(error, connection.workspaceName)
      }
      const unsynced = pendingCount(q, store.outboxDevices(deviceId), store.pushed())
      if (unsynced > 0 && !force) return { signedOut: false, unsynced, status: announce() }
      await httpFor(connection.server)
        .request('DELETE', '/v1/sessions/current', { token })
        .catch(() => {}) // an unreachable server: the token is forgotten here all the same
      stopEvents()
      if (retryTimer) clearTimeout(retryTimer)
      retryTimer = null
      store.signOut()
      http = null
      failure = null
      puller.reset()
      return { signedOut: true, unsynced, status: announce() }
    },

    async resolvePause(apply: boolean): Promise<SyncStatus> {
      if (!puller.paused()) throw new AppError('CONFLICT', 'Sync is not waiting for a decision.')
      puller.decide(apply ? 'apply' : 'keep')
      await kick()
      return announce()
    },

    async invite(role: 'admin' | 'member'): Promise<Invite> {
      const connection = store.connection()
      const token = store.token()
      if (!connection || !token) throw new AppError('CONFLICT', 'Connect to a sync server first (Settings → Sync).')
      try {
        return await httpFor(connection.server).request<Invite>('POST', `/v1/workspaces/${encodeURIComponent(connection.workspaceId)}/invites`, { body: { role }, token })
      } catch (error) {
        throw asAppError(error)
      }
    },

    async members(): Promise<{ members: Member[] }> {
      if (store.connection()) await refreshMembers().catch(() => {}) // offline: the list last seen
      return { members: store.members() }
    },

    async removeMember(memberId: string): Promise<{ members: Member[] }> {
      const connection = store.connection()
      const token = store.token()
      if (!connection || !token) throw new AppError('CONFLICT', 'Connect to a sync server first (Settings → Sync).')
      try {
        await httpFor(connection.server).request('DELETE', `/v1/workspaces/${encodeURIComponent(connection.workspaceId)}/members/${encodeURIComponent(memberId)}`, { token })
        if (memberId === connection.memberId) {
          await kick() // left on one's own: the next cycle is refused, and takes the records off
          return { members: [] }
        }
        await refreshMembers()
      } catch (error) {
        throw asAppError(error)
      }
      return { members: store.members() }
    },

    setPrivate(input: SyncSetPrivateInput): { privateTo: string | null } {
      const connection = store.connection()
      const what = input.table === 'contacts' ? 'contact' : 'deal'
      if (!connection) {
        throw new AppError('CONFLICT', `Private records are for a team: connect to a sync server first (Settings → Sync). On this computer alone every ${what} is yours only.`)
      }
      // a deleted one too: its privacy goes with it to the trash, where it can be shared before a restore
      const row = q.one<{ private_to: string | null }>(`SELECT private_to FROM ${input.table} WHERE id = ?`, input.id)
      if (!row) throw new AppError('NOT_FOUND', `This ${what} was not found (it may have been deleted for good).`, { id: input.id })
      if (row.private_to !== null && row.private_to !== connection.memberId) {
        throw new AppError('CONFLICT', `This ${what} is private to another member: only they can share it.`)
      }
      const privateTo = input.private ? connection.memberId : null
      if (row.private_to !== privateTo) repo.write((w) => void w.update(input.table, input.id, { privateTo }))
      return { privateTo }
    },

    /** Starts syncing when this database is connected (session start). */
    start(): void {
      if (!store.connection()) return
      puller.replayDeferred()
      void kick()
    },

    /** Whether a cycle is running (tests and the bench wait for quiet). */
    idle: () => !running,

    close(): void {
      closed = true
      unsubscribe()
      stopEvents()
      if (retryTimer) clearTimeout(retryTimer)
      if (statusTimer) clearTimeout(statusTimer)
      if (reopenTimer) clearTimeout(reopenTimer)
    },
  }

  async function refreshMembers(): Promise<void> {
    const connection = store.connection()
    const token = store.token()
    if (!connection || !token) return
    const { members } = await httpFor(connection.server).request<{ members: Member[] }>('GET', `/v1/workspaces/${encodeURIComponent(connection.workspaceId)}/members`, { token })
    store.setMembers(members)
  }
}
