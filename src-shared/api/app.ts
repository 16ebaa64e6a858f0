/** The contract of the app itself: version, data folder, diagnostics, sample data (load, status, remove). */
import { z } from 'zod'
import { command, none, type CommandMap } from './command'

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

/** The records sample data adds, as a person counts them (emails, phones and tag links go with their contact). */
export type SampleRecordKind = 'contacts' | 'companies' | 'deals' | 'activities' | 'tasks' | 'tags'

/** A sample record that stays on removal. */
export interface SampleRecord {
  kind: SampleRecordKind
  id: string
  name: string
  /** The user changed it or added to it; false: it stays because a record that stays needs it (a kept contact's company). */
  workedOn: boolean
}

/** What the sample load added and is still here (found from the load's own record, not by names). */
export interface SampleDataStatus {
  /** Any sample record is still here. */
  loaded: boolean
  /** Records "Remove sample data" would remove, in all and per kind. */
  records: number
  counts: Record<SampleRecordKind, number>
  /** Sample records that would stay: worked on since, or needed by one that is. */
  kept: SampleRecord[]
}

export interface SampleDataRemoval {
  /** Records removed (their emails, phones and tag links with them). */
  removed: number
  kept: SampleRecord[]
  /** The removal's job: jobs.undo brings back exactly what it removed. */
  jobId: string
}

export const appCommands = {
  'app.info': command<AppInfo>()(none, { reads: ['contacts', 'companies'] }),
  /** How long the longest write transaction took since start (or since the last reset): the bench and Settings read it. */
  'app.diagnostics': command<{ longestWriteMs: number }>()(z.strictObject({ reset: z.boolean().optional() }).optional()),
  'sampleData.load': command<SampleDataResult>()(none),
  /** Is sample data here, how much would "Remove sample data" remove, and which of it would stay. */
  'sampleData.status': command<SampleDataStatus>()(none, {
    reads: ['contacts', 'companies', 'deals', 'activities', 'tasks', 'tags', 'contact_tags', 'contact_channels', 'contact_field_values', 'deal_stage_visits'],
  }),
  /**
   * Removes exactly the records the sample load added, as a job (progress, Cancel; jobs.undo brings
   * them back); keeps those the user worked on and what they need. Nothing left to remove: NOT_FOUND.
   */
  'sampleData.remove': command<SampleDataRemoval>()(none),
} satisfies CommandMap
