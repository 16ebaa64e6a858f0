/**
 * THE contract between the renderer and core: every command with its input schema and output
 * type, and every event. Both hosts (Electron IPC and the browser host) carry exactly this.
 * Each domain writes its commands in api/<domain>.ts; this file is their spread.
 */
import type { z } from 'zod'
import type { Result } from './errors'
import type { TableName } from './tables'
import type { ReminderNotice } from './model/task'
import type { ImportProgress } from './model/import'
import type { JobProgress } from './model/job'
import { appCommands } from './api/app'
import { contactsCommands } from './api/contacts'
import { viewsCommands } from './api/views'
import { companiesCommands } from './api/companies'
import { activitiesCommands } from './api/activities'
import { tagsCommands } from './api/tags'
import { customFieldsCommands } from './api/custom-fields'
import { settingsCommands } from './api/settings'
import { pipelinesCommands } from './api/pipelines'
import { dealsCommands } from './api/deals'
import { tasksCommands } from './api/tasks'
import { rulesCommands } from './api/rules'
import { reportsCommands } from './api/reports'
import { duplicatesCommands } from './api/duplicates'
import { backupsCommands } from './api/backups'
import { importsCommands } from './api/imports'
import { exportsCommands } from './api/exports'
import { searchCommands } from './api/search'
import { jobsCommands } from './api/jobs'
import { syncCommands } from './api/sync'
import type { SyncStatus } from './model/sync'

export type { Command, Count } from './api/command'
export type { AppInfo, SampleDataResult } from './api/app'

export const commands = {
  ...appCommands,
  ...contactsCommands,
  ...viewsCommands,
  ...companiesCommands,
  ...activitiesCommands,
  ...tagsCommands,
  ...customFieldsCommands,
  ...settingsCommands,
  ...pipelinesCommands,
  ...dealsCommands,
  ...tasksCommands,
  ...rulesCommands,
  ...reportsCommands,
  ...duplicatesCommands,
  ...backupsCommands,
  ...importsCommands,
  ...exportsCommands,
  ...searchCommands,
  ...jobsCommands,
  ...syncCommands,
}


export type Commands = typeof commands
export type CommandName = keyof Commands
/** What a caller may pass (defaults not yet applied). */
export type CommandInput<N extends CommandName> = z.input<Commands[N]['input']>
/** What a handler receives (validated, defaults applied). */
export type ParsedInput<N extends CommandName> = z.output<Commands[N]['input']>
export type CommandOutput<N extends CommandName> = NonNullable<Commands[N]['output']>

/** The tables a read command's answer depends on (none for writes and for reads of local state). */
export function readsOf(name: CommandName): readonly TableName[] {
  return (commands[name] as { reads?: readonly TableName[] }).reads ?? []
}

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
  /** Sync's state changed (sidebar, Settings → Sync): the same answer as sync.status. */
  'sync.status': SyncStatus
}
export type EventName = keyof Events

/** Every event, as a list (the relays forward each one); the type makes sure none is missing. */
export const EVENT_NAMES = Object.keys({
  'data.changed': true,
  'reminder.due': true,
  'app.navigate': true,
  'import.progress': true,
  'job.progress': true,
  'sync.status': true,
} satisfies Record<EventName, true>) as EventName[]

/** What both hosts put on window.crm. Results come wrapped; src-renderer/lib/crm.ts unwraps them. */
export interface CrmBridge {
  invoke<N extends CommandName>(name: N, input?: CommandInput<N>): Promise<Result<CommandOutput<N>>>
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
}
