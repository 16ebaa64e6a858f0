/** The reports commands of the contract (src-shared/api/reports.ts), each to its service call. */
import type { reportsCommands } from '../../../../src-shared/api/reports'
import type { HandlersOf } from '../handlers-of'
import type { ReportsService } from './reports'

export function reportsHandlers(s: { reports: ReportsService }): HandlersOf<typeof reportsCommands> {
  return {
    'reports.dashboard': (i) => s.reports.dashboard(i),
    'reports.leadSources': (i) => s.reports.leadSources(i),
    'reports.winRate': (i) => s.reports.winRate(i),
    'reports.salesCycle': (i) => s.reports.salesCycle(i),
    'reports.funnel': (i) => s.reports.funnel(i),
    'reports.revenue': (i) => s.reports.revenue(i),
    'reports.activity': (i) => s.reports.activity(i),
    'reports.lostReasons': (i) => s.reports.lostReasons(i),
  }
}
