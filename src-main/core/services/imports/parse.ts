/**
 * The CSV file, read without the database: papaparse with the delimiter and the header row
 * detected, the lines whose cell count differs from the header's, the preview the wizard shows,
 * the check of a mapping, and one row read into an ImportRow (or the reason it is rejected).
 * Pure: text and options in, values out.
 */
import Papa from 'papaparse'
import { convertRow, guessMapping, looksLikeHeader, uniqueHeaders, type CustomFieldDef, type RowResult } from '../../../../src-shared/csv-mapping'
import { AppError } from '../../../../src-shared/errors'
import { DELIMITERS, type ImportOptions, type ImportPreview, type RejectedRow } from '../../../../src-shared/model/import'
import { truncate } from '../../../../src-shared/text'

const PREVIEW_ROWS = 20
const PREVIEW_CELL = 200
const MISMATCHED_SHOWN = 500

/** The file's records as the import reads them. */
export interface ParsedCsv {
  delimiter: string
  hasHeader: boolean
  headers: string[]
  /** Data rows (empty rows dropped) and the line each starts on (1-based, the header line being 1; a quoted newline adds a line). */
  rows: string[][]
  rowNumbers: number[]
  /** A parse problem on a row (an unclosed quote...), by line number: the row is rejected with it. */
  rowErrors: Map<number, string>
  /** Data rows (indexes into rows) whose cell count is not headers.length, with their raw text cut short. */
  mismatched: { index: number; excerpt: string }[]
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

const EXCERPT = 120

/**
 * Reads text (a BOM dropped) with the given delimiter; hasHeader, when not given, is guessed
 * from the first two non-empty records. The columns are the header's (unique names); without a
 * header row, as many as most rows have. A row with another number of cells is listed in
 * `mismatched` with the line it starts on, so the wizard can show it before anything is written.
 */
export function parseCsv(input: string, delimiter: string, hasHeaderChoice?: boolean): ParsedCsv {
  const text = input.replace(/^\ufeff/, '')
  const records: string[][] = []
  /** Offset in text where each record starts, and the line it starts on. */
  const starts: number[] = []
  const lines: number[] = []
  const rowErrors = new Map<number, string>() // by record index (0-based) first
  let start = 0
  let line = 1
  let scanned = 0 // line breaks are counted in text[0, scanned)
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    header: false,
    step: (result) => {
      const index = records.length
      for (; scanned < start; scanned++) {
        const c = text.charCodeAt(scanned)
        if (c === 10 || (c === 13 && text.charCodeAt(scanned + 1) !== 10)) line++
      }
      records.push(result.data)
      starts.push(start)
      lines.push(line)
      for (const e of result.errors) {
        if (e.code === 'UndetectableDelimiter') continue
        if (e.code === 'MissingQuotes') rowErrors.set(index, 'A quoted cell is never closed: every line after it was read into this row')
        else if (!rowErrors.has(index)) rowErrors.set(index, `The row could not be read: ${e.message}`)
      }
      start = result.meta.cursor
    },
  })
  let first = records.findIndex((r) => !isBlank(r))
  if (first < 0) first = records.length
  const second = records.slice(first + 1).find((r) => !isBlank(r))
  const hasHeader = hasHeaderChoice ?? (first < records.length && looksLikeHeader(records[first], second))

  const rows: string[][] = []
  const rowNumbers: number[] = []
  const recordOf: number[] = []
  const widths = new Map<number, number>()
  for (let i = hasHeader ? first + 1 : first; i < records.length; i++) {
    const r = records[i]
    if (isBlank(r)) continue
    rows.push(r)
    rowNumbers.push(lines[i])
    recordOf.push(i)
    widths.set(r.length, (widths.get(r.length) ?? 0) + 1)
  }
  const headerCells = hasHeader && first < records.length ? records[first] : []
  // without a header row: the most common width (the widest of equals)
  const width = hasHeader ? headerCells.length : ([...widths].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0)
  const headers = uniqueHeaders(Array.from({ length: width }, (_, i) => (hasHeader ? (headerCells[i] ?? '') : '')))
  const mismatched: ParsedCsv['mismatched'] = []
  rows.forEach((r, index) => {
    if (r.length === width) return
    const i = recordOf[index]
    const raw = text.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : text.length).replace(/\r?\n$|\r$/, '')
    mismatched.push({ index, excerpt: truncate(raw, EXCERPT) })
  })
  const errorsByRow = new Map<number, string>()
  for (const [index, message] of rowErrors) errorsByRow.set(lines[index], message)
  return { delimiter, hasHeader, headers, rows, rowNumbers, rowErrors: errorsByRow, mismatched }
}

/** "3 cells where the header has 12": what a mismatched row is told by. */
export function cellCountProblem(found: number, expected: number, hasHeader: boolean): string {
  const cells = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'cell' : 'cells'}`
  return `${cells(found)} where ${hasHeader ? 'the header has' : 'most lines have'} ${expected.toLocaleString('en-US')}`
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
    cellCounts: {
      expected: headers.length,
      mismatched: file.mismatched.length,
      lines: file.mismatched.slice(0, MISMATCHED_SHOWN).map(({ index, excerpt }) => ({ line: file.rowNumbers[index], found: rows[index].length, excerpt })),
    },
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
export function readRow(
  file: ParsedCsv,
  index: number,
  options: Pick<ImportOptions, 'mapping' | 'addTags' | 'mismatchedLines'>,
  defs: Map<string, CustomFieldDef>,
): RowResult | { ok: false; reason: string; cellCount: true } {
  const parseError = file.rowErrors.get(file.rowNumbers[index])
  if (parseError) return { ok: false, reason: parseError }
  const found = file.rows[index].length
  if (found !== file.headers.length && options.mismatchedLines === 'skip') {
    return { ok: false, reason: `Skipped, as chosen before the import: ${cellCountProblem(found, file.headers.length, file.hasHeader)}`, cellCount: true }
  }
  const result = convertRow(file.rows[index], options.mapping, file.headers, defs)
  if (!result.ok) return result
  const row = result.row
  for (const t of options.addTags) if (!row.tagNames.some((x) => lower(x) === lower(t))) row.tagNames.push(t)
  return result
}

/** A rejected row as the report lists it: its record number, the reason and its first cells. */
export function rejectionOf(file: ParsedCsv, index: number, reason: string, cellCount = false): RejectedRow {
  const rejected: RejectedRow = { row: file.rowNumbers[index], reason, cells: file.rows[index].slice(0, 8).map((c) => clipCell(c, 80)) }
  if (cellCount) rejected.cellCount = true
  return rejected
}

function clipCell(value: string, max = PREVIEW_CELL): string {
  return truncate(value, max)
}
