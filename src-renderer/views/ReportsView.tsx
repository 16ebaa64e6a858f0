/**
 * Reports (#/reports, #/reports/<name>): one shared date range, a tab per report, and the chosen
 * report with its chart, the table behind it and "Export CSV".
 */
import { Icon } from '../components/Icons'
import { RangePicker } from '../components/reports/RangePicker'
import { REPORT_ICONS } from '../components/reports/reportIcons'
import { REPORT_NAMES, REPORTS, type ReportName } from '../lib/reportCatalog'
import { useReports } from '../stores/reports'
import { ActivityReport } from './reports/ActivityReport'
import { FunnelReport } from './reports/FunnelReport'
import { LeadSourcesReport } from './reports/LeadSourcesReport'
import { LostReasonsReport } from './reports/LostReasonsReport'
import { RevenueReport } from './reports/RevenueReport'
import { SalesCycleReport } from './reports/SalesCycleReport'
import { WinRateReport } from './reports/WinRateReport'

function Report({ name }: { name: ReportName }) {
  switch (name) {
    case 'lead-sources':
      return <LeadSourcesReport />
    case 'win-rate':
      return <WinRateReport />
    case 'sales-cycle':
      return <SalesCycleReport />
    case 'funnel':
      return <FunnelReport />
    case 'revenue':
      return <RevenueReport />
    case 'activity':
      return <ActivityReport />
    case 'lost-reasons':
      return <LostReasonsReport />
  }
}

export function ReportsView({ report = 'lead-sources' }: { report?: ReportName }) {
  const range = useReports((s) => s.range)
  const setRange = useReports((s) => s.setRange)
  return (
    <div className="view view-reports">
      <header className="view-header">
        <div className="view-title-row">
          <h1 className="view-title">Reports</h1>
        </div>
        <RangePicker value={range} onChange={setRange} />
      </header>
      <nav className="report-tabs" aria-label="Reports">
        {REPORT_NAMES.map((name) => (
          <a key={name} href={`#/reports/${name}`} className={`report-tab ${name === report ? 'is-current' : ''}`} aria-current={name === report ? 'page' : undefined}>
            <Icon name={REPORT_ICONS[name]} size={14} />
            {REPORTS[name].short}
          </a>
        ))}
      </nav>
      <div className="report-scroll">
        <Report key={report} name={report} />
      </div>
    </div>
  )
}

