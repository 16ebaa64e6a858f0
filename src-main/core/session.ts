/**
 * One open database and everything bound to it: its reader and writers, the services of every
 * domain, the command handlers (the spread of each domain's handlers) and the scheduler. The
 * domains do not call each other back: what follows a change (keep-in-touch after history, the
 * scheduler after tasks or settings) subscribes to the repository's committed transactions, and
 * a session tears all of it down with one DisposableStore. A restore closes the session and opens
 * a new one on the swapped file.
 */
import { v7 as uuidv7 } from 'uuid'
import type { Commands, EventName, Events } from '../../src-shared/api'
import { HybridLogicalClock } from '../../src-shared/hlc'
import type { ReminderNotice } from '../../src-shared/model/task'
import type { Clock, Logger } from './clock'
import { DisposableStore } from './disposables'
import { localWriterOf, readerOf, type LocalWriter, type Reader } from './db/access'
import { openDatabase, type Sqlite } from './db/open'
import { Repository } from './db/repository'
import { Statements } from './db/statements'
import { createJobRunner, type JobRunner } from './jobs/runner'
import { createScheduler, type Scheduler, type Timers } from './scheduler/scheduler'
import { activitiesHandlers } from './services/activities/handlers'
import { createActivitiesService } from './services/activities/activities'
import { appHandlers } from './services/app/handlers'
import { loadSampleData } from './services/app/sample-data'
import type { BackupService } from './services/backups/backup'
import { backupsHandlers } from './services/backups/handlers'
import { companiesHandlers } from './services/companies/handlers'
import { createCompaniesService } from './services/companies/companies'
import { createContactBulkService } from './services/contacts/contact-bulk'
import { createContactsService } from './services/contacts/contacts'
import { contactsHandlers } from './services/contacts/handlers'
import type { ServiceContext } from './services/context'
import { createCustomFieldsService } from './services/custom-fields/custom-fields'
import { customFieldsHandlers } from './services/custom-fields/handlers'
import { createDealsService } from './services/deals/deals'
import { dealsHandlers } from './services/deals/handlers'
import { createDuplicatesService } from './services/duplicates/duplicates'
import { duplicatesHandlers } from './services/duplicates/handlers'
import { createExportsService } from './services/exports/exports'
import { exportsHandlers } from './services/exports/handlers'
import { createVcardService } from './services/exports/vcard'
import type { HandlersOf } from './services/handlers-of'
import { importsHandlers } from './services/imports/handlers'
import { createImportsService, type ImportHooks } from './services/imports/imports'
import { jobsHandlers } from './services/jobs/handlers'
import { createPipelinesService } from './services/pipelines/pipelines'
import { pipelinesHandlers } from './services/pipelines/handlers'
import { createReportsService } from './services/reports/reports'
import { reportsHandlers } from './services/reports/handlers'
import { createRulesService } from './services/rules/rules'
import { rulesHandlers } from './services/rules/handlers'
import { searchHandlers } from './services/search/handlers'
import { createSearchService } from './services/search/search'
import { createSettingsService } from './services/settings/settings'
import { settingsHandlers } from './services/settings/handlers'
import { createTagsService } from './services/tags/tags'
import { tagsHandlers } from './services/tags/handlers'
import { createTasksService } from './services/tasks/tasks'
import { tasksHandlers } from './services/tasks/handlers'
import { createSavedViewsService } from './services/views/saved-views'
import { viewsHandlers } from './services/views/handlers'
import { syncHandlers } from './services/sync/handlers'
import { createSyncEngine, type SyncEngine } from './sync/engine'
import { forkDeviceAfterRestore } from './sync/state'

/** Every command of the contract → its handler. */
export type Handlers = HandlersOf<Commands>

export interface SessionOptions {
  databaseFile: string
  migrationsFolder: string
  nativeBinding?: string
  clock: Clock
  log: Logger
  emit<E extends EventName>(event: E, payload: Events[E]): void
  notify(notices: ReminderNotice[]): void
  backups: BackupService
  info: { version: string; dataDir: string }
  timers?: Timers
  jobPauseMs?: number
  /** Tests only: fixed import chunks and a fault inside one (services/imports/job.ts). */
  importHooks?: ImportHooks
  /** Tests only: another fetch for the sync client (e.g. one that fails, to be offline on purpose). */
  syncFetch?: typeof fetch
  /** The database file was just restored from a backup (sync then makes it a new device: sync/state.ts). */
  restored?: boolean
}

export interface Session {
  sqlite: Sqlite
  handlers: Handlers
  scheduler: Scheduler
  jobs: JobRunner
  sync: SyncEngine
  /** Stops the scheduler and the subscriptions, then closes the database. */
  close(): void
}

export function openSession(options: SessionOptions): Session {
  const { clock, log, emit } = options
  const { sqlite } = openDatabase({ file: options.databaseFile, migrationsFolder: options.migrationsFolder, nativeBinding: options.nativeBinding })
  const statements = new Statements(sqlite)
  const q = readerOf(statements)
  const local = localWriterOf(statements)

  if (options.restored) forkDeviceAfterRestore(q, local, newDeviceId())
  const deviceId = ensureDeviceId(local, q)
  const lastHlc = q.one<{ hlc: string | null }>('SELECT max(hlc) AS hlc FROM change_log')!.hlc ?? undefined
  const hlc = new HybridLogicalClock(deviceId, () => clock.now(), lastHlc)
  const repo = new Repository(sqlite, clock, hlc, deviceId, (tables) => emit('data.changed', { tables }), log)
  const ctx: ServiceContext = { q, local, repo, clock }
  const disposables = new DisposableStore(log)
  disposables.add(() => sqlite.close()) // disposed last in, first out: the database closes last

  const jobs = createJobRunner({ q, local, repo, clock, log, emit, pauseMs: options.jobPauseMs })
  const contacts = createContactsService(ctx)
  const companies = createCompaniesService(ctx)
  const tasks = createTasksService(ctx)
  const activities = createActivitiesService(ctx)
  const tags = createTagsService(ctx)
  const customFields = createCustomFieldsService(ctx)
  const settings = createSettingsService(ctx)
  const pipelines = createPipelinesService(ctx)
  const deals = createDealsService(ctx, pipelines, settings)
  const rules = createRulesService(ctx, tasks)
  const vcard = createVcardService(ctx, { contacts, companies, tags, jobs })
  const seed = () => {
    pipelines.ensureDefault()
    rules.ensureSeeded()
  }
  seed()
  const sync = createSyncEngine({ q, local, repo, clock, log, deviceId, emit: (status) => emit('sync.status', status), fetch: options.syncFetch, seed })
  disposables.add(() => sync.close())

  const handlers: Handlers = {
    ...appHandlers({
      db: q,
      info: options.info,
      longestWrite(reset) {
        const ms = repo.longestWriteMs
        if (reset) repo.longestWriteMs = 0
        return ms
      },
      loadSampleData: () => loadSampleData(ctx, { contacts, companies, activities, tags, deals, pipelines, tasks }, jobs),
      jobs,
    }),
    ...contactsHandlers({ contacts, contactBulk: createContactBulkService(ctx, { contacts, tags, jobs }) }),
    ...viewsHandlers({ views: createSavedViewsService(ctx, { contacts }) }),
    ...companiesHandlers({ companies }),
    ...activitiesHandlers({ activities }),
    ...tagsHandlers({ tags }),
    ...customFieldsHandlers({ customFields }),
    ...settingsHandlers({ settings }),
    ...pipelinesHandlers({ pipelines, deals }),
    ...dealsHandlers({ deals }),
    ...tasksHandlers({ contacts, tasks }),
    ...rulesHandlers({ rules }),
    ...reportsHandlers({ reports: createReportsService(ctx, tasks, pipelines) }),
    ...duplicatesHandlers({ duplicates: createDuplicatesService(ctx, { contacts, tasks, jobs }) }),
    ...backupsHandlers({ backups: options.backups }),
    ...importsHandlers({ imports: createImportsService(ctx, emit, jobs, options.importHooks) }),
    ...exportsHandlers({ vcard, exports: createExportsService(ctx, { contacts }) }),
    ...searchHandlers({ search: createSearchService(ctx) }),
    ...jobsHandlers({ jobs }),
    ...syncHandlers({ sync }),
  }

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
    notify: options.notify,
  })
  disposables.add(() => scheduler.stop())
  disposables.add(repo.onCommitted(tasks.followHistory()))
  disposables.add(
    repo.onCommitted(({ tables }) => {
      if (tables.includes('tasks') || tables.includes('settings')) scheduler.rearm()
    }),
  )

  sync.start()
  return { sqlite, handlers, scheduler, jobs, sync, close: () => disposables.dispose() }
}

const newDeviceId = () => uuidv7().replace(/-/g, '').slice(-16)

function ensureDeviceId(local: LocalWriter, q: Reader): string {
  const row = q.one<{ value: string }>("SELECT value FROM meta WHERE key = 'device_id'")
  if (row) return row.value
  const id = newDeviceId()
  local.run("INSERT INTO meta (key, value) VALUES ('device_id', ?)", id)
  return id
}
