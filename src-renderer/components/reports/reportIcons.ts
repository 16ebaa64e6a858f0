/** The icon each report shows in the tabs, on the dashboard and in its empty state. */
import type { ReportName } from '../../lib/reportCatalog'
import type { IconName } from '../Icons'

export const REPORT_ICONS: Record<ReportName, IconName> = {
  'lead-sources': 'link',
  'win-rate': 'trophy',
  'sales-cycle': 'clock',
  funnel: 'filter',
  revenue: 'money',
  activity: 'call',
  'lost-reasons': 'lost',
}
