/** "Export CSV": writes exactly the table shown, named after the report and its range, in the CSV mode chosen in Settings. */
import { buildCsv, type ReportColumn } from '../../lib/csv'
import { downloadText } from '../../lib/download'
import { csvMode } from '../../lib/exports'
import { csvFileName, type Range } from '../../lib/reportRanges'
import { Icon } from '../Icons'

export function ExportCsvButton<R>({ report, range, columns, rows }: { report: string; range: Range | null; columns: ReportColumn<R>[]; rows: R[] | null }) {
  const disabled = !range || !rows || rows.length === 0
  const exportCsv = () => {
    if (!range || !rows) return
    downloadText(csvFileName(report, range), buildCsv(columns, rows, csvMode()))
  }
  return (
    <button type="button" className="button" onClick={exportCsv} disabled={disabled} title={disabled ? 'Nothing to export in this range' : 'Download this table as a CSV file'}>
      <Icon name="download" size={14} /> Export CSV
    </button>
  )
}
