/**
 * createCore: the whole main-process behaviour without Electron. Both hosts (Electron IPC and the
 * browser host) call invoke() and subscribe with on(); tests do the same in plain Node.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { commands, isCommandName, type CommandName, type CommandOutput, type EventName, type Events } from '../../src-shared/api'
import { AppError, type Result } from '../../src-shared/errors'
import type { ReminderNotice } from '../../src-shared/model/task'
import type { z } from 'zod'
import { describeZodError, errorMapFor } from '../../src-shared/validation'
import { systemClock, type Clock, type Logger } from './clock'
import type { Timers } from './scheduler/scheduler'
import { createBackupService, type FolderOpener } from './services/backups/backup'
import type { ImportHooks } from './services/imports/imports'
import { openSession, type Session } from './session'

export interface CoreOptions {
  /** Shows reminders natively (Electron); every host also gets the reminder.due event. */
  notifier?: Notifier
  /**
   * Start the reminder scheduler at once (default true). A host that must subscribe to
   * reminder.due before the start-up catch-up passes false and calls startScheduler() after.
   */
  scheduler?: boolean
  timers?: Timers
  /** Folder that holds crm.db (the app's user-data folder, or a temp folder in tests). */
  dataDir: string
  migrationsFolder: string
  clock?: Clock
  log?: Logger
  version?: string
  /** better_sqlite3.node built for the running runtime (Electron's ABI differs from Node's). */
  nativeBinding?: string
  /** Timers of the daily automatic backup (default: real ones; tests drive their own); false: no automatic backups. */
  backupTimers?: Timers | false
  /** Opens a folder in the system file manager (Electron's shell); without it, Settings shows the path to copy. */
  folders?: FolderOpener
  /** Tests and demos: long jobs wait this long between chunks (so a progress bar and Cancel can be seen). */
  jobPauseMs?: number
  /** Tests only: fixed import chunks and a fault inside one; kept across a restore's new session. */
  importHooks?: ImportHooks
  /** Tests only: the sync client's fetch (kept across a restore's new session). */
  syncFetch?: typeof fetch
}

export interface Core {
  invoke<N extends CommandName>(name: N, input?: unknown): Promise<Result<CommandOutput<N>>>
  invoke(name: string, input?: unknown): Promise<Result<unknown>>
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
  /** The computer woke up or was unlocked: fire what came due meanwhile. */
  wake(): void
  /** Starts the scheduler when createCore was told not to (so a host can subscribe first). */
  startScheduler(): void
  close(): void
}

export interface Notifier {
  notify(notices: ReminderNotice[]): void
}

export const DATABASE_FILE = 'crm.db'

export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? systemClock
  const log = options.log ?? console
  mkdirSync(options.dataDir, { recursive: true })
  const databaseFile = join(options.dataDir, DATABASE_FILE)

  const listeners = new Map<EventName, Set<(payload: never) => void>>()
  const emit = <E extends EventName>(event: E, payload: Events[E]) => {
    for (const listener of listeners.get(event) ?? []) {
      try {
        ;(listener as (p: Events[E]) => void)(payload)
      } catch (error) {
        log.error(`A ${event} listener failed`, error)
      }
    }
  }

  function on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    const set = listeners.get(event) ?? new Set()
    set.add(listener as (payload: never) => void)
    listeners.set(event, set)
    return () => set.delete(listener as (payload: never) => void)
  }

  let closed = false
  let schedulerStarted = false

  // Backups live outside the session: a restore closes the database, swaps the file and opens a
  // new session (reopen below); listeners, the backup timer and schedulerStarted carry over.
  const backups = createBackupService({
    dataDir: options.dataDir,
    databaseFile,
    migrationsFolder: options.migrationsFolder,
    nativeBinding: options.nativeBinding,
    clock,
    log,
    folders: options.folders,
    live: () => session.sqlite,
    jobs: () => session.jobs, // the runner of the open session: a restore makes a new one
    changed: (tables) => emit('data.changed', { tables }),
    reopen(swap) {
      closeSession()
      const undo = swap()
      try {
        session = openBoundSession({ restored: true })
      } catch (error) {
        log.error('The restored database did not open; putting the previous one back', error)
        undo()
        session = openBoundSession()
        throw error
      }
    },
  })

  /** Opens a session; reopened after a restore, it starts its scheduler if the first one was. */
  function openBoundSession(extra: { restored?: boolean } = {}): Session {
    const opened = openSession({
      ...extra,
      databaseFile,
      migrationsFolder: options.migrationsFolder,
      nativeBinding: options.nativeBinding,
      clock,
      log,
      emit,
      backups,
      info: { version: options.version ?? '0.0.0', dataDir: options.dataDir },
      timers: options.timers,
      jobPauseMs: options.jobPauseMs,
      importHooks: options.importHooks,
      syncFetch: options.syncFetch,
      notify: (notices) => {
        options.notifier?.notify(notices)
        emit('reminder.due', { notices })
      },
    })
    if (schedulerStarted) opened.scheduler.start()
    return opened
  }

  let session = openBoundSession()
  const closeSession = () => session.close()
  const startScheduler = () => {
    if (schedulerStarted || closed) return
    schedulerStarted = true
    session.scheduler.start()
  }
  if (options.scheduler !== false) startScheduler()
  if (options.backupTimers !== false) {
    backups.startAuto(options.backupTimers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) })
  }

  // Async only for the few commands that await (backups); the others still run at once, in call order.
  async function run(name: unknown, input: unknown): Promise<Result<unknown>> {
    if (closed) return fail(new AppError('INTERNAL', 'The database is closed; restart the app.'))
    if (!isCommandName(name)) {
      return fail(new AppError('UNKNOWN_COMMAND', `Unknown command "${String(name)}". The app and its data service may be out of step; restart the app.`))
    }
    // Our error map words what a schema left to zod's defaults (field named, no input echoed).
    const parsed = commands[name].input.safeParse(input, { error: errorMapFor(name) as z.core.$ZodErrorMap, reportInput: true })
    if (!parsed.success) {
      const { message, problems } = describeZodError(parsed.error)
      return fail(new AppError('VALIDATION', message, { problems }))
    }
    try {
      const handler = session.handlers[name] as (i: unknown) => unknown
      return { ok: true, value: await handler(parsed.data) }
    } catch (error) {
      if (error instanceof AppError) return fail(error)
      log.error(`Command ${name} failed`, error)
      const busy = (error as { code?: string }).code === 'SQLITE_BUSY'
      return fail(
        new AppError(
          'INTERNAL',
          busy
            ? 'The database is busy in another window or process. Try again in a moment.'
            : `Something went wrong while running ${name}; nothing was changed. Details: ${(error as Error).message}`,
        ),
      )
    }
  }

  return {
    invoke: (name: string, input?: unknown) => run(name, input) as never,
    on,
    wake: () => session.scheduler.wake(),
    startScheduler,
    close() {
      if (closed) return
      closed = true
      backups.stopAuto()
      closeSession()
      listeners.clear()
    },
  }
}

function fail(error: AppError): Result<never> {
  return { ok: false, error: error.toJSON() }
}
