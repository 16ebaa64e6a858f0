/**
 * A report's table, described once: the screen renders it and "Export CSV" writes exactly the
 * same columns and rows. Money cells hold amounts per currency; in the CSV a row with money is
 * written once per currency, with a Currency column and decimal amounts (never summed across).
 */
import { csvText, type CsvMode } from '../../src-shared/model/export'
import type { Money } from '../../src-shared/model/report'
import { minorToAmountText } from './format'

export type ColumnKind = 'text' | 'count' | 'percent' | 'days' | 'money'
export type CellValue = string | number | null | Money

export interface ReportColumn<R> {
  header: string
  kind: ColumnKind
  value: (row: R) => CellValue
}

const isMoney = (v: CellValue): v is Money => Array.isArray(v)

/** A 0..1 rate as "50.0" (one decimal); empty when there is no rate. */
export const percentText = (rate: number | null) => (rate === null ? '' : (rate * 100).toFixed(1))
/** Days with one decimal: "12.5". */
export const daysText = (days: number | null) => (days === null ? '' : days.toFixed(1))

/** The currencies a row has money in, in first-seen order. */
function rowCurrencies<R>(columns: ReportColumn<R>[], row: R): string[] {
  const seen: string[] = []
  for (const c of columns) {
    if (c.kind !== 'money') continue
    const v = c.value(row)
    if (isMoney(v)) for (const m of v) if (!seen.includes(m.currency)) seen.push(m.currency)
  }
  return seen
}

function csvCell(kind: ColumnKind, v: CellValue, currency: string | null): string | number {
  if (v === null || v === undefined) return ''
  if (kind === 'money') {
    if (!isMoney(v) || currency === null) return ''
    const m = v.find((x) => x.currency === currency)
    return m ? minorToAmountText(m.value, currency) : ''
  }
  if (isMoney(v)) return ''
  if (kind === 'percent') return typeof v === 'number' ? percentText(v) : v
  if (kind === 'days') return typeof v === 'number' ? daysText(v) : v
  return v
}

/** The header and rows of the CSV, before quoting (exposed for tests). */
export function csvRows<R>(columns: ReportColumn<R>[], rows: R[]): { fields: string[]; data: Array<Array<string | number>> } {
  const hasMoney = columns.some((c) => c.kind === 'money')
  const fields = columns.map((c) => c.header)
  // the currency column goes right before the first money column
  const at = columns.findIndex((c) => c.kind === 'money')
  if (hasMoney) fields.splice(at, 0, 'Currency')
  const data: Array<Array<string | number>> = []
  for (const row of rows) {
    const currencies: Array<string | null> = hasMoney ? rowCurrencies(columns, row) : [null]
    if (currencies.length === 0) currencies.push(null)
    for (const currency of currencies) {
      const line = columns.map((c) => csvCell(c.kind, c.value(row), currency))
      if (hasMoney) line.splice(at, 0, currency ?? '')
      data.push(line)
    }
  }
  return { fields, data }
}

/** The CSV text of a table (RFC 4180 quoting, CRLF line ends; for spreadsheets, formula-looking text guarded). */
export function buildCsv<R>(columns: ReportColumn<R>[], rows: R[], mode: CsvMode = 'spreadsheet'): string {
  const { fields, data } = csvRows(columns, rows)
  return csvText(fields, data, mode)
}
