/** The contract of the app itself: version, data folder, diagnostics, sample data. */
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

export const appCommands = {
  'app.info': command<AppInfo>()(none, { reads: ['contacts', 'companies'] }),
  /** How long the longest write transaction took since start (or since the last reset): the bench and Settings read it. */
  'app.diagnostics': command<{ longestWriteMs: number }>()(z.strictObject({ reset: z.boolean().optional() }).optional()),
  'sampleData.load': command<SampleDataResult>()(none),
} satisfies CommandMap
