import { z } from 'zod'
import { recordId, timestamp } from './common'
import type { MoneyTotal } from './money'

/** A range of moments [from, to), computed in the user's time zone by the renderer. */
const range = z
  .strictObject({ from: timestamp('From'), to: timestamp('To') })
  .refine((r) => r.to > r.from, { message: 'The end of the range must come after its start', path: ['to'] })

export const reportRangeInput = range
export const winRateInput = z
  .strictObject({ from: timestamp('From'), to: timestamp('To'), groupBy: z.enum(['month', 'quarter', 'owner']).default('month') })
  .refine((r) => r.to > r.from, { message: 'The end of the range must come after its start', path: ['to'] })
export const funnelInput = z
  .strictObject({ from: timestamp('From'), to: timestamp('To'), pipelineId: recordId.optional() })
  .refine((r) => r.to > r.from, { message: 'The end of the range must come after its start', path: ['to'] })
export const activityReportInput = z
  .strictObject({ from: timestamp('From'), to: timestamp('To'), groupBy: z.enum(['week', 'owner']).default('week') })
  .refine((r) => r.to > r.from, { message: 'The end of the range must come after its start', path: ['to'] })

/** Boundaries of the user's today, week, month and quarter (local time), for the dashboard. */
export const dashboardInput = z.strictObject({
  dayStart: timestamp('Day start'),
  dayEnd: timestamp('Day end'),
  weekStart: timestamp('Week start'),
  monthStart: timestamp('Month start'),
  monthEnd: timestamp('Month end'),
  prevMonthStart: timestamp('Previous month start'),
  quarterStart: timestamp('Quarter start'),
  quarterEnd: timestamp('Quarter end'),
})

/** Money per currency; never summed across currencies. */
export type Money = { currency: string; value: number }[]

export interface Dashboard {
  followUps: { overdue: number; today: number }
  /** Open deals expected to close this month / this quarter: value and probability-weighted. */
  pipelineThisMonth: MoneyTotal[]
  pipelineThisQuarter: MoneyTotal[]
  wonThisMonth: Money
  wonLastMonth: Money
  newLeadsThisWeek: number
  rottingDeals: number
}

export interface LeadSourceRow {
  /** null: contacts without a lead source. */
  source: string | null
  leads: number
  customers: number
  /** customers / leads, 0..1; null when there are no leads. */
  conversionRate: number | null
  dealsWon: number
  dealsLost: number
  /** won / (won + lost) of deals closed in the range, 0..1; null without closed deals. */
  winRate: number | null
}

export interface WinRateRow {
  /** "2026-03", "2026-Q1" or the owner's name ("" for none). */
  group: string
  won: number
  lost: number
  winRate: number | null
  /** Average won deal size per currency (minor units, rounded). */
  averageWon: Money
}

export interface SalesCycleRow {
  pipelineId: string
  pipeline: string
  won: number
  averageDays: number | null
  medianDays: number | null
}

export interface FunnelRow {
  stageId: string
  stage: string
  /** Deals created in the range that reached this stage (or a later one, or were won from it). */
  reached: number
  /** reached at the next stage / reached here; null on the last stage or when none reached. */
  conversionToNext: number | null
  /** Open deals in the stage now, and their value per currency. */
  openDeals: number
  openValue: Money
  /** Average days deals spent in the stage (finished stays, and open ones until now). */
  averageDaysInStage: number | null
}

export interface RevenueRow {
  /** "2026-03" */
  month: string
  won: Money
  /** Open deals expected to close that month, weighted by their stage's probability. */
  forecast: Money
}

export interface ActivityRow {
  /** Week start as "2026-03-02", or the owner's name ("" for none). */
  group: string
  calls: number
  emails: number
  meetings: number
  notes: number
}

export interface LostReasonRow {
  reason: string
  deals: number
  value: Money
}
