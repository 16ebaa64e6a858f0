import { z } from 'zod'
import { recordId, timestamp } from './common'
import type { MoneyTotal } from './money'

/**
 * The longest range a report covers. Weekly activity over it is 1,305 rows and revenue 300 months:
 * a screen's worth, answered in milliseconds. (Unbounded, a range to the year 275,760 made
 * reports.activity build 14 million weeks and run out of memory, and reports.revenue 146 MB.)
 */
export const MAX_REPORT_YEARS = 25
/** MAX_REPORT_YEARS of the longest years (366 days), so any calendar range of that many years fits across DST. */
export const MAX_REPORT_RANGE_MS = MAX_REPORT_YEARS * 366 * 86_400_000
/** Reports end before the year 10,000: their months and weeks are labelled with four-digit years. */
export const LATEST_REPORT_MOMENT = Date.UTC(9999, 11, 31, 23, 59, 59, 999) + 1

export const REPORT_RANGE_TOO_LONG = `A report covers at most ${MAX_REPORT_YEARS} years: pick a shorter range.`

const reportMoment = (label: string) => timestamp(label).max(LATEST_REPORT_MOMENT, `${label} must be before the year 10000: pick an earlier date.`)

const range = { from: reportMoment('From'), to: reportMoment('To') }

/** A range of moments [from, to), computed in the user's time zone by the renderer: in order, at most MAX_REPORT_YEARS long. */
const checked = <T extends z.ZodType<{ from: number; to: number }>>(schema: T) =>
  schema
    .refine((r) => r.to > r.from, { message: 'The end of the range must come after its start', path: ['to'] })
    .refine((r) => r.to - r.from <= MAX_REPORT_RANGE_MS, { message: REPORT_RANGE_TOO_LONG, path: ['to'] })

export const reportRangeInput = checked(z.strictObject(range))
export const winRateInput = checked(z.strictObject({ ...range, groupBy: z.enum(['month', 'quarter', 'owner']).default('month') }))
export const funnelInput = checked(z.strictObject({ ...range, pipelineId: recordId.optional() }))
export const activityReportInput = checked(z.strictObject({ ...range, groupBy: z.enum(['week', 'owner']).default('week') }))

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
