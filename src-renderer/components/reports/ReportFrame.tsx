/**
 * What every report shares: its question, its own options, "Export CSV", and the loading, error
 * and honest empty states around the chart and the table behind it.
 */
import type { ReactNode } from 'react'
import type { ReportColumn } from '../../lib/csv'
import { REPORTS, type ReportName } from '../../lib/reportCatalog'
import type { Range } from '../../lib/reportRanges'
import { EmptyState } from '../EmptyState'
import { ExportCsvButton } from './ExportCsvButton'
import { REPORT_ICONS } from './reportIcons'
import { ReportTable } from './ReportTable'

export interface ReportFrameProps<R> {
  name: ReportName
  status: 'loading' | 'ready' | 'error'
  error: string | null
  range: Range | null
  rows: R[] | null
  columns: ReportColumn<R>[]
  rowKey: (row: R, index: number) => string
  /** True when the rows hold nothing worth a chart (all zero). */
  empty: boolean
  emptyTitle: string
  emptyText: ReactNode
  /** Options of this report (grouping, pipeline, currency). */
  options?: ReactNode
  chart: ReactNode
  /** A line under the chart, e.g. what the figures count. */
  note?: ReactNode
  onRetry: () => void
}

export function ReportFrame<R>(props: ReportFrameProps<R>) {
  const { name, status, error, range, rows, columns, rowKey, empty, emptyTitle, emptyText, options, chart, note, onRetry } = props
  const info = REPORTS[name]
  const showData = status === 'ready' && rows !== null && !empty
  return (
    <section className="report" aria-labelledby={`report-${name}-title`} data-testid={`report-${name}`}>
      <header className="report-header">
        <div className="report-heading">
          <h2 className="report-title" id={`report-${name}-title`}>
            {info.title}
          </h2>
          <p className="report-question">{info.question}</p>
        </div>
        <div className="report-actions">
          {options}
          <ExportCsvButton report={name} range={range} columns={columns} rows={showData ? rows : null} />
        </div>
      </header>

      {status === 'error' ? (
        <p className="inline-error" role="alert">
          {error}{' '}
          <button type="button" className="link-button" onClick={onRetry}>
            Try again
          </button>
        </p>
      ) : status === 'loading' ? (
        <div className="report-loading" aria-busy="true">
          <span className="spinner" aria-hidden="true" /> Loading the report…
        </div>
      ) : rows === null ? null : empty ? (
        <EmptyState icon={REPORT_ICONS[name]} title={emptyTitle}>
          {emptyText}
        </EmptyState>
      ) : (
        <div className="report-body">
          <div className="report-card">{chart}</div>
          {note && <p className="report-note">{note}</p>}
          <ReportTable caption={info.title} columns={columns} rows={rows} rowKey={rowKey} />
        </div>
      )}
    </section>
  )
}
