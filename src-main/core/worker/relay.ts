/**
 * The main side of core: starts core in a worker thread (entry.ts) and relays invoke/on to it,
 * with the same shape as createCore, so both hosts (Electron IPC, browser host) stay transport.
 * The main side's event loop never runs a query: a window repaints, moves and closes whatever
 * core is doing (Signal Desktop's SQL worker does the same; see ARCHITECTURE.md "Where core runs").
 *
 * If the worker dies (a native crash, out of memory), the calls it had are answered with an
 * error, and a new worker starts on the same database (SQLite's WAL keeps every committed row;
 * a job it was running shows as interrupted). Three deaths in a minute: it stays down.
 */
import { Worker } from 'node:worker_threads'
import type { CommandName, CommandOutput, EventName, Events } from '../../../src-shared/api'
import type { Result } from '../../../src-shared/errors'
import type { Logger } from '../clock'
import type { FolderOpener } from '../services/backups/backup'
import type { FromWorker, ToWorker, WorkerOptions } from './protocol'

export interface CoreWorkerOptions extends Partial<Omit<WorkerOptions, 'dataDir' | 'migrationsFolder' | 'folders'>> {
  dataDir: string
  migrationsFolder: string
  /** The worker's script: out/main/core-worker.js in the app; entry.ts under tsx (dev, tests, browser host). */
  entry: string
  folders?: FolderOpener
  log?: Logger
  /** Called with each worker started (tests end one to see the relay start another). */
  onSpawn?: (worker: Worker) => void
}

export interface CoreConnection {
  invoke<N extends CommandName>(name: N, input?: unknown): Promise<Result<CommandOutput<N>>>
  invoke(name: string, input?: unknown): Promise<Result<unknown>>
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
  /** Resolves once the database is open and migrated; rejects with the reason it could not be. */
  ready: Promise<void>
  wake(): void
  startScheduler(): void
  /** Lets the worker finish and close the database (at most 5 s), then ends it. */
  close(): Promise<void>
}

const RESTARTS_PER_MINUTE = 3

export function startCoreWorker(options: CoreWorkerOptions): CoreConnection {
  const log = options.log ?? console
  const data: WorkerOptions = {
    dataDir: options.dataDir,
    migrationsFolder: options.migrationsFolder,
    version: options.version,
    nativeBinding: options.nativeBinding,
    scheduler: options.scheduler ?? true,
    autoBackups: options.autoBackups ?? true,
    clockOffsetMs: options.clockOffsetMs ?? 0,
    folders: Boolean(options.folders),
    jobPauseMs: options.jobPauseMs ?? 0,
  }
  const listeners = new Map<EventName, Set<(payload: never) => void>>()
  const pending = new Map<number, (result: Result<unknown>) => void>()
  let nextId = 0
  let closing = false
  let schedulerStarted = data.scheduler
  const deaths: number[] = []

  let worker: Worker
  let alive = false
  let resolveReady!: () => void
  let rejectReady!: (error: Error) => void
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve
    rejectReady = reject
  })
  ready.catch(() => {}) // a host that does not await it still gets errors from invoke
  let down: string | null = null

  function spawn() {
    // TypeScript entries (dev, tests) load through tsx's require hook inside the thread.
    worker = options.entry.endsWith('.ts')
      ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(options.entry)})`, { eval: true, workerData: { ...data, scheduler: schedulerStarted } })
      : new Worker(options.entry, { workerData: { ...data, scheduler: schedulerStarted } })
    alive = true
    const current = worker
    current.on('message', (message: FromWorker) => onMessage(current, message))
    current.on('error', (error) => log.error(`The core worker failed: ${error?.stack ?? String(error)}`))
    current.on('exit', (code) => onExit(current, code))
    options.onSpawn?.(current)
  }

  function onMessage(from: Worker, message: FromWorker) {
    switch (message.type) {
      case 'ready':
        resolveReady()
        break
      case 'fatal':
        down = message.message
        rejectReady(new Error(message.message))
        break
      case 'result':
        pending.get(message.id)?.(message.result)
        pending.delete(message.id)
        break
      case 'event':
        for (const listener of listeners.get(message.name) ?? []) {
          try {
            ;(listener as (p: unknown) => void)(message.payload)
          } catch (error) {
            log.error(`A ${message.name} listener failed`, error)
          }
        }
        break
      case 'ask':
        void (async () => {
          const picking = message.port === 'folders.pick'
          let value: unknown = picking ? { path: null } : 'No file manager is available here.'
          try {
            if (picking && options.folders?.pick) value = { path: await options.folders.pick(message.args[0]) }
            else if (!picking && options.folders) value = await options.folders.open(message.args[0])
          } catch (error) {
            value = picking ? { error: (error as Error).message } : (error as Error).message
          }
          post(from, { type: 'answer', id: message.id, value })
        })()
        break
    }
  }

  function onExit(from: Worker, code: number) {
    if (from !== worker) return
    alive = false
    const reason = down ?? `The data service stopped unexpectedly (exit code ${code}).`
    for (const [id, answer] of pending) {
      answer(failure(`${reason} What was saved before is safe; try again in a moment.`))
      pending.delete(id)
    }
    if (closing || down) return
    const now = Date.now()
    deaths.push(now)
    while (deaths.length && deaths[0] < now - 60_000) deaths.shift()
    if (deaths.length > RESTARTS_PER_MINUTE) {
      down = `${reason} It stopped ${deaths.length} times in a minute; restart the app.`
      log.error(down)
      return
    }
    log.error(`${reason} Starting it again.`)
    spawn()
  }

  function post(target: Worker, message: ToWorker) {
    try {
      target.postMessage(message)
    } catch (error) {
      log.error('Could not reach the core worker', error)
    }
  }

  spawn()

  function invoke(name: string, input?: unknown): Promise<Result<unknown>> {
    if (down) return Promise.resolve(failure(`${down} Restart the app.`))
    if (closing) return Promise.resolve(failure('The app is closing.'))
    const id = ++nextId
    return new Promise((resolve) => {
      pending.set(id, resolve)
      post(worker, { type: 'invoke', id, name, input })
    })
  }

  return {
    invoke: invoke as CoreConnection['invoke'],
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      set.add(listener as (payload: never) => void)
      listeners.set(event, set)
      return () => set.delete(listener as (payload: never) => void)
    },
    ready,
    wake: () => post(worker, { type: 'wake' }),
    startScheduler() {
      schedulerStarted = true
      post(worker, { type: 'startScheduler' })
    },
    async close() {
      if (closing) return
      closing = true
      if (!alive) return
      const current = worker
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()))
      post(current, { type: 'close' })
      const timer = setTimeout(() => void current.terminate(), 5000)
      await exited
      clearTimeout(timer)
      listeners.clear()
    },
  }
}

function failure(message: string): Result<never> {
  return { ok: false, error: { code: 'INTERNAL', message } }
}
