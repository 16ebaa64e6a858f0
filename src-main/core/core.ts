/**
 * createCore: the whole main-process behaviour without Electron. Both hosts (Electron IPC and the
 * browser host) call invoke() and subscribe with on(); tests do the same in plain Node.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { commands, isCommandName, type CommandName, type CommandOutput, type EventName, type Events } from '../../src-shared/api'
import { AppError, type Result } from '../../src-shared/errors'
import { HybridLogicalClock } from '../../src-shared/hlc'
import type { ReminderNotice } from '../../src-shared/model/task'
import { describeZodError } from '../../src-shared/validation'
import { systemClock, type Clock, type Logger } from './clock'
import { openDatabase } from './db/open'
import { Repository } from './db/repository'
import { Statements } from './db/statements'
import { createHandlers, type Handlers } from './handlers'
import { createActivitiesService } from './services/activities/activities'
import { createBackupService, type FolderOpener } from './services/backups/backup'
import { createCompaniesService } from './services/companies/companies'
import { createContactsService } from './services/contacts/contacts'
import { createContactBulkService } from './services/contacts/contact-bulk'
import { createSavedViewsService } from './services/views/saved-views'
import type { ServiceContext } from './services/context'
import { createCustomFieldsService } from './services/custom-fields/custom-fields'
import { createDealsService, type DealsService } from './services/deals/deals'
import { createPipelinesService } from './services/pipelines/pipelines'
import { createSettingsService } from './services/settings/settings'
import { loadSampleData } from './services/app/sample-data'
import { createReportsService } from './services/reports/reports'
import { createRulesService } from './services/rules/rules'
import { createTagsService } from './services/tags/tags'
import { createTasksService } from './services/tasks/tasks'
import { createDuplicatesService } from './services/duplicates/duplicates'
import { createImportsService } from './services/imports/imports'
import { createExportsService } from './services/exports/exports'
import { createVcardService } from './services/exports/vcard'
import { createSearchService } from './services/search/search'
import { createScheduler, type Timers } from './scheduler/scheduler'
import { createJobRunner } from './jobs/runner'

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
        session = openSession()
      } catch (error) {
        log.error('The restored database did not open; putting the previous one back', error)
        undo()
        session = openSession()
        throw error
      }
    },
  })

  /**
   * Everything bound to one open database: its statements, services, handlers and scheduler.
   * (The body keeps its former indentation so this change stays a small diff.)
   */
  function openSession() {
  const { sqlite } = openDatabase({
    file: databaseFile,
    migrationsFolder: options.migrationsFolder,
    nativeBinding: options.nativeBinding,
  })
  const q = new Statements(sqlite)

  const deviceId = ensureDeviceId(q)
  const lastHlc = q.one<{ hlc: string | null }>('SELECT max(hlc) AS hlc FROM change_log')!.hlc ?? undefined
  const hlc = new HybridLogicalClock(deviceId, () => clock.now(), lastHlc)

  const repo = new Repository(sqlite, clock, hlc, deviceId, (tables) => emit('data.changed', { tables }))
  const ctx: ServiceContext = { q, repo, clock }
  const jobs = createJobRunner({ q, repo, clock, log, emit, pauseMs: options.jobPauseMs })
  const contacts = createContactsService(ctx)
  const companies = createCompaniesService(ctx)
  const tasks = createTasksService(ctx)
  // A logged call, email or meeting moves the contact's keep-in-touch follow-up.
  const activities = createActivitiesService(ctx, (contactIds) => contactIds.forEach((id) => tasks.syncKeepInTouch(id)))
  const tags = createTagsService(ctx)
  const customFields = createCustomFieldsService(ctx)
  const settings = createSettingsService(ctx)
  // Stage deletion moves deals out; deals need stages: the callback breaks the cycle.
  let deals: DealsService | null = null
  const pipelines = createPipelinesService(ctx, (w, from, to, why) => deals!.moveAllOut(w, from, to, why))
  deals = createDealsService(ctx, pipelines, settings)
  pipelines.ensureDefault()
  const rules = createRulesService(ctx, tasks)
  rules.ensureSeeded()
  const handlers: Handlers = createHandlers(
    {
      contacts,
      companies,
      activities,
      tags,
      customFields,
      settings,
      pipelines,
      deals,
      tasks,
      rules,
      reports: createReportsService(ctx, tasks, pipelines),
      duplicates: createDuplicatesService(ctx, { contacts, tasks, jobs }),
      loadSampleData: () => loadSampleData(ctx, { contacts, companies, activities, tags, deals, pipelines, tasks }, jobs),
      backups,
      imports: createImportsService(ctx, emit, jobs),
      vcard: createVcardService(ctx, { contacts, companies, tags, jobs }),
      exports: createExportsService(ctx, { contacts }),
      search: createSearchService(ctx),
      contactBulk: createContactBulkService(ctx, { contacts, tags, jobs }),
      jobs,
      longestWrite(reset) {
        const ms = repo.longestWriteMs
        if (reset) repo.longestWriteMs = 0
        return ms
      },
      views: createSavedViewsService(ctx, { contacts }),
    },
    q,
    { version: options.version ?? '0.0.0', dataDir: options.dataDir },
  )

  const scheduler = createScheduler({
    q,
    repo,
    clock,
    log,
    timers: options.timers,
    quietHours: () => {
      const { quietHoursStart, quietHoursEnd } = settings.get()
      return { start: quietHoursStart, end: quietHoursEnd }
    },
    runRules: (now) => rules.run(now),
    notify: (notices) => {
      options.notifier?.notify(notices)
      emit('reminder.due', { notices })
    },
  })
  const stopRearming = on('data.changed', ({ tables }) => {
    if (tables.includes('tasks') || tables.includes('settings')) scheduler.rearm()
  })
  if (schedulerStarted) scheduler.start() // reopened after a restore
  return { sqlite, handlers, scheduler, stopRearming, jobs }
  }

  let session = openSession()
  function closeSession() {
    session.scheduler.stop()
    session.stopRearming()
    session.sqlite.close()
  }
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
    const parsed = commands[name].input.safeParse(input)
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

function ensureDeviceId(q: Statements): string {
  const row = q.one<{ value: string }>("SELECT value FROM meta WHERE key = 'device_id'")
  if (row) return row.value
  const id = uuidv7().replace(/-/g, '').slice(-16)
  q.get("INSERT INTO meta (key, value) VALUES ('device_id', ?)").run(id)
  return id
}
