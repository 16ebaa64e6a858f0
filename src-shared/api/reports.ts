/** The contract of reports: every figure is an SQL aggregation in core; ranges are [from, to) in the user's time. */
import { type ActivityRow, type Dashboard, type FunnelRow, type LeadSourceRow, type LostReasonRow, type RevenueRow, type SalesCycleRow, type WinRateRow, activityReportInput, dashboardInput, funnelInput, reportRangeInput, winRateInput } from '../model/report'
import { command, type CommandMap } from './command'

/** Every report may count any of these. */
const reportReads = { reads: ['contacts', 'companies', 'deals', 'activities', 'tasks', 'pipelines', 'stages', 'deal_stage_visits'] } as const

export const reportsCommands = {
  'reports.dashboard': command<Dashboard>()(dashboardInput, reportReads),
  /** Leads created in the range by source, how many became customers; win rate of their deals closed in the range. */
  'reports.leadSources': command<LeadSourceRow[]>()(reportRangeInput, reportReads),
  /** Deals closed in the range: won, lost, win rate, average won size, by month, quarter or owner. */
  'reports.winRate': command<WinRateRow[]>()(winRateInput, reportReads),
  /** Days from created to won, for deals won in the range, per pipeline. */
  'reports.salesCycle': command<SalesCycleRow[]>()(reportRangeInput, reportReads),
  /** Deals created in the range through the stages of a pipeline (default: the first). */
  'reports.funnel': command<FunnelRow[]>()(funnelInput, reportReads),
  /** Won per month in the range, and open deals weighted by probability per expected close month. */
  'reports.revenue': command<RevenueRow[]>()(reportRangeInput, reportReads),
  /** Calls, emails, meetings and notes per week or per owner (the contact's owner). */
  'reports.activity': command<ActivityRow[]>()(activityReportInput, reportReads),
  'reports.lostReasons': command<LostReasonRow[]>()(reportRangeInput, reportReads),
} satisfies CommandMap
