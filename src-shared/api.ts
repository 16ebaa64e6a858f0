/**
 * THE contract between the renderer and core: every command with its input schema and output
 * type, and every event. Both hosts (Electron IPC and the browser host) carry exactly this.
 */
import { z } from 'zod'
import type { Result } from './errors'
import type { TableName } from './tables'
import {
  activityCreateInput,
  activityListInput,
  activityUpdateInput,
  type Activity,
} from './model/activity'
import { byId, byIds, type Page } from './model/common'
import {
  companyCreateInput,
  companyListInput,
  companyUpdateInput,
  type Company,
  type CompanySummary,
} from './model/company'
import {
  contactCreateInput,
  contactListInput,
  contactQuery,
  contactUpdateInput,
  type Contact,
  type ContactSummary,
} from './model/contact'
import { customFieldCreateInput, customFieldUpdateInput, type CustomField } from './model/custom-field'
import {
  dealBoardInput,
  dealCreateInput,
  dealListInput,
  dealLoseInput,
  dealMoveInput,
  dealUpdateInput,
  pipelineCreateInput,
  pipelineUpdateInput,
  stageCreateInput,
  stageDeleteInput,
  stageReorderInput,
  stageUpdateInput,
  type Board,
  type Deal,
  type DealCard,
  type Pipeline,
} from './model/deal'
import {
  activityReportInput,
  dashboardInput,
  funnelInput,
  reportRangeInput,
  winRateInput,
  type ActivityRow,
  type Dashboard,
  type FunnelRow,
  type LeadSourceRow,
  type LostReasonRow,
  type RevenueRow,
  type SalesCycleRow,
  type WinRateRow,
} from './model/report'
import { settingsUpdateInput, type Settings } from './model/settings'
import { backupRestoreInput, type BackupFile, type BackupStatus, type RestoreResult, type ShowFolderResult } from './model/backup'
import {
  duplicateListInput,
  emailCheckInput,
  mergeInput,
  pairInput,
  phoneRegion,
  undoMergeInput,
  type DuplicateList,
  type EmailMatch,
  type MergeResult,
  type PairDetail,
} from './model/duplicate'
import {
  keepInTouchInput,
  ruleUpdateInput,
  taskCreateInput,
  taskListInput,
  taskSnoozeInput,
  taskTodayInput,
  taskUpdateInput,
  dayWindow,
  type CompleteResult,
  type ReminderNotice,
  type Rule,
  type Task,
  type TodayTasks,
} from './model/task'
import { tagAssignInput, tagCreateInput, tagUpdateInput, type Tag } from './model/tag'
// CSV import
import {
  importIdInput,
  importOptions,
  importPrepareInput,
  importUndoInput,
  type ImportJob,
  type ImportPreview,
  type ImportProgress,
  type ImportUndoResult,
} from './model/import'
// vCard and export
import {
  csvExportInput,
  vcardExportInput,
  vcardImportInput,
  type ExportCounts,
  type ExportFile,
  type VcardImportResult,
} from './model/export'
// search
import { searchQueryInput, type SearchResults } from './model/search'
// long jobs
import { jobIdInput, type JobProgress } from './model/job'
// saved views and bulk actions
import {
  bulkUndoInput,
  contactBulkInput,
  savedViewCreateInput,
  savedViewUpdateInput,
  type BulkResult,
  type SavedView,
  type ViewCount,
} from './model/saved-view'

/** A command: its input schema, and its output type carried as a phantom for the type checker. */
interface Command<I extends z.ZodType, O> {
  input: I
  output?: O
}
const command = <O>() => <I extends z.ZodType>(input: I): Command<I, O> => ({ input })

const none = z.strictObject({}).optional()

export interface Count {
  count: number
}

export interface AppInfo {
  version: string
  dataDir: string
  contactCount: number
  companyCount: number
}

export interface SampleDataResult {
  contacts: number
  companies: number
  activities: number
  deals: number
}

export const commands = {
  'app.info': command<AppInfo>()(none),
  /** How long the longest write transaction took since start (or since the last reset): the bench and Settings read it. */
  'app.diagnostics': command<{ longestWriteMs: number }>()(z.strictObject({ reset: z.boolean().optional() }).optional()),
  'sampleData.load': command<SampleDataResult>()(none),

  'contacts.list': command<Page<ContactSummary>>()(contactListInput),
  'contacts.get': command<Contact>()(byId),
  'contacts.create': command<Contact>()(contactCreateInput),
  'contacts.update': command<Contact>()(contactUpdateInput),
  'contacts.delete': command<Count>()(byIds),
  'contacts.restore': command<Count>()(byIds),
  /** How many live contacts a query (quick filters and/or a filter) selects. */
  'contacts.count': command<Count>()(contactQuery),
  /**
   * Tag, untag, set owner, set stage or delete the ticked contacts or every contact a query selects
   * (at most 10,000), as a job in short chunks (job.progress; CANCELLED when cancelled, and then
   * nothing of it is kept); jobId undoes it with contacts.bulkUndo.
   */
  'contacts.bulk': command<BulkResult>()(contactBulkInput),
  /** Reverts every chunk of a bulk action, as a job (edits made since are kept and counted). */
  'contacts.bulkUndo': command<{ reverted: number; keptLaterEdits: number }>()(bulkUndoInput),

  // saved views (smart lists) of the contacts list, by name
  'views.list': command<SavedView[]>()(none),
  'views.create': command<SavedView>()(savedViewCreateInput),
  'views.update': command<SavedView>()(savedViewUpdateInput),
  'views.delete': command<Count>()(byIds),
  'views.restore': command<Count>()(byIds),
  /** Live count of each view, for the sidebar. */
  'views.counts': command<ViewCount[]>()(none),

  'companies.list': command<Page<CompanySummary>>()(companyListInput),
  'companies.get': command<Company>()(byId),
  'companies.create': command<Company>()(companyCreateInput),
  'companies.update': command<Company>()(companyUpdateInput),
  'companies.delete': command<Count>()(byIds),
  'companies.restore': command<Count>()(byIds),

  'activities.list': command<Activity[]>()(activityListInput),
  'activities.create': command<Activity>()(activityCreateInput),
  'activities.update': command<Activity>()(activityUpdateInput),
  'activities.delete': command<Count>()(byIds),
  'activities.restore': command<Count>()(byIds),

  'tags.list': command<Tag[]>()(none),
  'tags.create': command<Tag>()(tagCreateInput),
  'tags.update': command<Tag>()(tagUpdateInput),
  'tags.delete': command<Count>()(byIds),
  'tags.restore': command<Count>()(byIds),
  'tags.assign': command<Count>()(tagAssignInput),
  'tags.unassign': command<Count>()(tagAssignInput),

  'customFields.list': command<CustomField[]>()(none),
  'customFields.create': command<CustomField>()(customFieldCreateInput),
  'customFields.update': command<CustomField>()(customFieldUpdateInput),
  'customFields.delete': command<Count>()(byIds),
  'customFields.restore': command<Count>()(byIds),

  'settings.get': command<Settings>()(none),
  'settings.update': command<Settings>()(settingsUpdateInput),

  'pipelines.list': command<Pipeline[]>()(none),
  'pipelines.create': command<Pipeline>()(pipelineCreateInput),
  'pipelines.update': command<Pipeline>()(pipelineUpdateInput),
  /** Refused with CONFLICT while the pipeline holds deals. */
  'pipelines.delete': command<Count>()(byIds),
  'stages.create': command<Pipeline>()(stageCreateInput),
  'stages.update': command<Pipeline>()(stageUpdateInput),
  'stages.reorder': command<Pipeline>()(stageReorderInput),
  /** CONFLICT (details.dealCount) when the stage holds deals and no moveDealsTo is given. */
  'stages.delete': command<Pipeline>()(stageDeleteInput),

  'deals.board': command<Board>()(dealBoardInput),
  'deals.list': command<Page<DealCard>>()(dealListInput),
  'deals.get': command<Deal>()(byId),
  'deals.create': command<Deal>()(dealCreateInput),
  'deals.update': command<Deal>()(dealUpdateInput),
  /** Drag and drop: writes the deal's stage and rank (one row), plus a timeline entry on a stage change. */
  'deals.move': command<DealCard>()(dealMoveInput),
  'deals.win': command<Deal>()(byId),
  'deals.lose': command<Deal>()(dealLoseInput),
  'deals.reopen': command<Deal>()(byId),
  'deals.delete': command<Count>()(byIds),
  'deals.restore': command<Count>()(byIds),

  'tasks.today': command<TodayTasks>()(taskTodayInput),
  /** Sidebar badge: overdue and due today. */
  'tasks.counts': command<{ overdue: number; today: number }>()(z.strictObject(dayWindow)),
  'tasks.list': command<Page<Task>>()(taskListInput),
  'tasks.get': command<Task>()(byId),
  'tasks.create': command<Task>()(taskCreateInput),
  'tasks.update': command<Task>()(taskUpdateInput),
  'tasks.complete': command<CompleteResult>()(byId),
  'tasks.reopen': command<Task>()(byId),
  'tasks.snooze': command<Task>()(taskSnoozeInput),
  'tasks.delete': command<Count>()(byIds),
  'tasks.restore': command<Count>()(byIds),
  /** Keep in touch with a contact every N days/weeks/months (null stops it). */
  'contacts.keepInTouch': command<Contact>()(keepInTouchInput),

  'rules.list': command<Rule[]>()(none),
  'rules.update': command<Rule>()(ruleUpdateInput),

  // Reports: every figure is an SQL aggregation in core; ranges are [from, to) in the user's time.
  'reports.dashboard': command<Dashboard>()(dashboardInput),
  /** Leads created in the range by source, how many became customers; win rate of their deals closed in the range. */
  'reports.leadSources': command<LeadSourceRow[]>()(reportRangeInput),
  /** Deals closed in the range: won, lost, win rate, average won size, by month, quarter or owner. */
  'reports.winRate': command<WinRateRow[]>()(winRateInput),
  /** Days from created to won, for deals won in the range, per pipeline. */
  'reports.salesCycle': command<SalesCycleRow[]>()(reportRangeInput),
  /** Deals created in the range through the stages of a pipeline (default: the first). */
  'reports.funnel': command<FunnelRow[]>()(funnelInput),
  /** Won per month in the range, and open deals weighted by probability per expected close month. */
  'reports.revenue': command<RevenueRow[]>()(reportRangeInput),
  /** Calls, emails, meetings and notes per week or per owner (the contact's owner). */
  'reports.activity': command<ActivityRow[]>()(activityReportInput),
  'reports.lostReasons': command<LostReasonRow[]>()(reportRangeInput),

  // duplicates
  /** Pairs of live contacts sharing an email, a phone (E.164; `region` reads numbers without +) or a name at one company. */
  'duplicates.list': command<DuplicateList>()(duplicateListInput),
  'duplicates.count': command<Count>()(z.strictObject({ region: phoneRegion.optional() })),
  /** Both contacts of a pair, with how much history, deals and follow-ups each holds. */
  'duplicates.pair': command<PairDetail>()(pairInput),
  /** ONE transaction: fields as picked, history, deals, tasks, tags, channels, custom values moved; the other tombstoned. */
  'duplicates.merge': command<MergeResult>()(mergeInput),
  /** Reverts the merge's transaction (keeps edits made since). */
  'duplicates.undoMerge': command<{ reverted: number; keptLaterEdits: number }>()(undoMergeInput),
  /** "Not a duplicate": the pair is never suggested again (undismiss brings it back). */
  'duplicates.dismiss': command<Count>()(pairInput),
  'duplicates.undismiss': command<Count>()(pairInput),
  /** Live contacts that already have this email (case-insensitive), for the contact form's warning. */
  'duplicates.checkEmail': command<EmailMatch[]>()(emailCheckInput),

  // backups
  /** Backups newest first (manual, automatic, safety copies), the data and backup folders, the last backup time. */
  'backups.status': command<BackupStatus>()(none),
  /** "Back up now": SQLite's online backup into <dataDir>/backups/crm-backup-<time>.db, consistent while the app runs. */
  'backups.create': command<BackupFile>()(none),
  /**
   * Restores a backup file (full path): checked on a copy first (integrity, a CRM database, not newer than
   * this app), migrated forward; the current database is kept as crm.db.before-restore-<time>. A bad file
   * is refused with VALIDATION (details.reason) and nothing changes. data.changed goes out for every table.
   */
  'backups.restore': command<RestoreResult>()(backupRestoreInput),
  /** Opens the data folder in the file manager (desktop app); the browser host returns the path only (opened: false). */
  'app.showDataFolder': command<ShowFolderResult>()(none),

  // CSV import
  /** Parses the file's text once (delimiter and header row detected unless given); sessionId re-reads it with other options. */
  'imports.prepare': command<ImportPreview>()(importPrepareInput),
  /** Starts a dry run or the import as a job (chunks, progress as import.progress); returns at once. CONFLICT while one runs. */
  'imports.start': command<ImportJob>()(importOptions),
  'imports.get': command<ImportJob>()(importIdInput),
  /** Stops after the current chunk and reverts what the import wrote: nothing of it is left. */
  'imports.cancel': command<ImportJob>()(importIdInput),
  /** Past imports, newest first (with Undo where it applies). */
  'imports.list': command<ImportJob[]>()(none),
  /** Reverts every chunk of the import (revertTransactions): created rows tombstoned, updated fields put back. */
  'imports.undo': command<ImportUndoResult>()(importUndoInput),

  // vCard and export
  /**
   * Imports a .vcf file's text (vCard 3.0/4.0, quoted-printable, several cards) in ONE transaction:
   * good cards become contacts (organisation and categories found by name or created), bad ones are
   * listed with a reason. Undo: contacts.delete on contactIds (then companies/tags.delete on the ones it created).
   */
  'vcard.import': command<VcardImportResult>()(vcardImportInput),
  /** Contacts as vCard text (4.0 unless told), everything or the contacts list's filter. */
  'vcard.export': command<ExportFile>()(vcardExportInput),
  /** Contacts (everything or the list's filter), companies, deals or activities as CSV text. */
  'exports.csv': command<ExportFile>()(csvExportInput),
  /** How many live records each export would write. */
  'exports.counts': command<ExportCounts>()(none),

  // search
  /**
   * The command palette's search (FTS5): contacts, companies, deals and history notes matching every
   * word as a prefix, accent-insensitive, best first, `limit` per group (default 5). Any text is safe.
   */
  'search.query': command<SearchResults>()(searchQueryInput),

  // long jobs (bulk actions, undo, vCard import, sample data, duplicate scan, backup, restore)
  /** Running jobs, interrupted ones (killed mid-way: Undo or keep), and the last finished ones. */
  'jobs.list': command<JobProgress[]>()(none),
  /** Stops a running job at its next chunk; a write job then reverts what it wrote. */
  'jobs.cancel': command<JobProgress>()(jobIdInput),
  /** Reverts what a finished or interrupted write job committed (itself a job). */
  'jobs.undo': command<{ reverted: number; keptLaterEdits: number }>()(jobIdInput),
  /** Keeps what an interrupted job wrote and takes it off the list. */
  'jobs.dismiss': command<Count>()(jobIdInput),
} satisfies Record<string, Command<z.ZodType, unknown>>

export type Commands = typeof commands
export type CommandName = keyof Commands
/** What a caller may pass (defaults not yet applied). */
export type CommandInput<N extends CommandName> = z.input<Commands[N]['input']>
/** What a handler receives (validated, defaults applied). */
export type ParsedInput<N extends CommandName> = z.output<Commands[N]['input']>
export type CommandOutput<N extends CommandName> = NonNullable<Commands[N]['output']>

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commands, name)
}

/** Events pushed from core to every window. */
export interface Events {
  /** Some rows of these tables changed: views showing them should refresh. */
  'data.changed': { tables: TableName[] }
  /** Reminders went off (browser host: shown in the page; Electron shows native notifications). */
  'reminder.due': { notices: ReminderNotice[] }
  /** Open a place in the app (a notification was clicked). */
  'app.navigate': { route: string }
  // CSV import
  /** A dry run or import moved on (after each chunk) or ended. */
  'import.progress': ImportProgress
  /** A long job started, moved on (at most every 100 ms) or ended. */
  'job.progress': JobProgress
}
export type EventName = keyof Events

/** Every event, as a list (the relays forward each one); the type makes sure none is missing. */
export const EVENT_NAMES = Object.keys({
  'data.changed': true,
  'reminder.due': true,
  'app.navigate': true,
  'import.progress': true,
  'job.progress': true,
} satisfies Record<EventName, true>) as EventName[]

/** What both hosts put on window.crm. Results come wrapped; src-renderer/lib/crm.ts unwraps them. */
export interface CrmBridge {
  invoke<N extends CommandName>(name: N, input?: CommandInput<N>): Promise<Result<CommandOutput<N>>>
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
}
