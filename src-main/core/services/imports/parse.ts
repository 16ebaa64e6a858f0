/**
 * The CSV file, read without the database: papaparse with the delimiter and the header row
 * detected, the preview the wizard shows, the check of a mapping, and one row read into an
 * ImportRow (or the reason it is rejected). Pure: text and options in, values out.
 */
import Papa from 'papaparse'
import { convertRow, guessMapping, looksLikeHeader, uniqueHeaders, type CustomFieldDef, type RowResult } from '../../../../src-shared/csv-mapping'
import { AppError } from '../../../../src-shared/errors'
import { DELIMITERS, type ImportOptions, type ImportPreview, type RejectedRow } from '../../../../src-shared/model/import'

const PREVIEW_ROWS = 20
const PREVIEW_CELL = 200

/** The file's records as the import reads them. */
export interface ParsedCsv {
  delimiter: string
  hasHeader: boolean
  headers: string[]
  /** Data rows (empty rows dropped) and their record number in the file (1-based). */
  rows: string[][]
  rowNumbers: number[]
  /** A parse problem on a row (an unclosed quote...), by record number: the row is rejected with it. */
  rowErrors: Map<number, string>
}

/** A loaded file (one wizard session): its text is kept, so a new delimiter or header choice re-reads it. */
export interface CsvFile extends ParsedCsv {
  id: string
  fileName: string
  encoding: string
  text: string
}

const lower = (s: string) => s.toLowerCase()
const isBlank = (r: string[]) => !r.some((c) => c.trim() !== '')

/** The delimiter that splits the first rows into the most columns, the same number in each. */
export function detectDelimiter(text: string): string {
  const sample = text.slice(0, 64 * 1024)
  let best: string = ','
  let bestScore = -1
  for (const d of DELIMITERS) {
    const rows = Papa.parse<string[]>(sample, { delimiter: d, preview: 30 }).data.filter((r) => !isBlank(r))
    if (rows.length === 0) continue
    const counts = new Map<number, number>()
    for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1)
    const [mode, freq] = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]
    if (mode <= 1) continue
    const score = (freq / rows.length) * 1000 + mode
    if (score > bestScore) {
      bestScore = score
      best = d
    }
  }
  return best
}

/**
 * Reads text (a BOM dropped) with the given delimiter; hasHeader, when not given, is guessed
 * from the first two non-empty records. Headers are made unique and as wide as the widest row.
 */
export function parseCsv(text: string, delimiter: string, hasHeaderChoice?: boolean): ParsedCsv {
  const result = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { delimiter, skipEmptyLines: false, header: false })

  const rowErrors = new Map<number, string>() // by record index (0-based) first
  for (const e of result.errors) {
    if (e.row === undefined || e.code === 'UndetectableDelimiter') continue
    if (e.code === 'MissingQuotes') rowErrors.set(e.row, 'A quoted cell is never closed: every line after it was read into this row')
    else if (!rowErrors.has(e.row)) rowErrors.set(e.row, `The row could not be read: ${e.message}`)
  }
  const records = result.data
  let first = records.findIndex((r) => !isBlank(r))
  if (first < 0) first = records.length
  const second = records.slice(first + 1).find((r) => !isBlank(r))
  const hasHeader = hasHeaderChoice ?? (first < records.length && looksLikeHeader(records[first], second))

  const rows: string[][] = []
  const rowNumbers: number[] = []
  let width = 0
  for (let i = hasHeader ? first + 1 : first; i < records.length; i++) {
    const r = records[i]
    if (isBlank(r)) continue
    rows.push(r)
    rowNumbers.push(i + 1)
    if (r.length > width) width = r.length
  }
  const headerCells = hasHeader && first < records.length ? records[first] : []
  width = Math.max(width, headerCells.length)
  const headers = uniqueHeaders(Array.from({ length: width }, (_, i) => (hasHeader ? (headerCells[i] ?? '') : '')))
  const errorsByRow = new Map<number, string>()
  for (const [index, message] of rowErrors) errorsByRow.set(index + 1, message)
  return { delimiter, hasHeader, headers, rows, rowNumbers, rowErrors: errorsByRow }
}

/** What the wizard shows of a loaded file: its first rows (long cells clipped) and a guessed mapping. */
export function previewOf(file: CsvFile, defs: CustomFieldDef[]): ImportPreview {
  const { headers, hasHeader, rows } = file
  return {
    sessionId: file.id,
    fileName: file.fileName,
    encoding: file.encoding,
    delimiter: file.delimiter,
    hasHeader,
    headers,
    rows: rows.slice(0, PREVIEW_ROWS).map((r) => headers.map((_, i) => clipCell(r[i] ?? ''))),
    rowCount: rows.length,
    guess: hasHeader ? guessMapping(headers, defs) : headers.map(() => 'ignore'),
  }
}

/** A mapping the import can run with: one target per column, and a name among them. */
export function checkMapping(mapping: ImportOptions['mapping'], headers: string[]): void {
  if (mapping.length !== headers.length) {
    throw new AppError('VALIDATION', `The mapping has ${mapping.length} columns but the file has ${headers.length}; reload the file.`)
  }
  if (!mapping.some((t) => t === 'firstName' || t === 'lastName' || t === 'fullName')) {
    throw new AppError('VALIDATION', 'Map a column to a name (first, last or full name): a contact needs one.', {
      problems: [{ path: 'mapping', message: 'Map a column to a name' }],
    })
  }
}

/** Data row `index` as an ImportRow with the import's extra tags, or why it is rejected. */
export function readRow(file: ParsedCsv, index: number, options: Pick<ImportOptions, 'mapping' | 'addTags'>, defs: Map<string, CustomFieldDef>): RowResult {
  const parseError = file.rowErrors.get(file.rowNumbers[index])
  if (parseError) return { ok: false, reason: parseError }
  const result = convertRow(file.rows[index], options.mapping, file.headers, defs)
  if (!result.ok) return result
  const row = result.row
  for (const t of options.addTags) if (!row.tagNames.some((x) => lower(x) === lower(t))) row.tagNames.push(t)
  return result
}

/** A rejected row as the report lists it: its record number, the reason and its first cells. */
export function rejectionOf(file: ParsedCsv, index: number, reason: string): RejectedRow {
  return { row: file.rowNumbers[index], reason, cells: file.rows[index].slice(0, 8).map((c) => clipCell(c, 80)) }
}

function clipCell(value: string, max = PREVIEW_CELL): string {
  return value.length > max ? `${value.slice(0, max)}…` : value
}
