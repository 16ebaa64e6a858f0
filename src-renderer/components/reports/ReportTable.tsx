/** The numbers behind a chart: the same columns and rows "Export CSV" writes. */
import type { Money } from '../../../src-shared/model/report'
import type { CellValue, ReportColumn } from '../../lib/csv'
import { formatDays, formatPercent, money } from '../../lib/format'

function MoneyCell({ value }: { value: Money }) {
  if (value.length === 0) return <span className="muted">—</span>
  return (
    <span className="report-money">
      {value.map((m) => (
        <span key={m.currency} data-currency={m.currency}>
          {money(m.value, m.currency)}
        </span>
      ))}
    </span>
  )
}

function Cell<R>({ column, value }: { column: ReportColumn<R>; value: CellValue }) {
  if (Array.isArray(value)) return <MoneyCell value={value} />
  if (value === null || value === '') return <span className="muted">—</span>
  if (typeof value === 'number') {
    if (column.kind === 'percent') return <>{formatPercent(value)}</>
    if (column.kind === 'days') return <>{formatDays(value)}</>
    return <>{value.toLocaleString()}</>
  }
  return <>{value}</>
}

export function ReportTable<R>({ caption, columns, rows, rowKey }: { caption: string; columns: ReportColumn<R>[]; rows: R[]; rowKey: (row: R, index: number) => string }) {
  return (
    <div className="report-table-wrap">
      <table className="report-table" data-testid="report-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.kind === 'text' ? '' : 'is-numeric'}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={rowKey(row, i)}>
              {columns.map((c, j) => {
                const content = <Cell column={c} value={c.value(row)} />
                return j === 0 ? (
                  <th key={c.header} scope="row" className={c.kind === 'text' ? '' : 'is-numeric'}>
                    {content}
                  </th>
                ) : (
                  <td key={c.header} className={c.kind === 'text' ? '' : 'is-numeric'}>
                    {content}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
