/**
 * vCard import and the exports (vCard, CSV): command inputs and results, and the one CSV writer
 * that both core (exports) and the renderer (report tables) use, so quoting and formula
 * neutralising are decided in one place.
 */
import Papa from 'papaparse'
import { z } from 'zod'
import { contactListQuery } from './contact'

/**
 * Who reads the CSV. `spreadsheet` (Excel, Google Sheets, LibreOffice): a text cell a spreadsheet
 * would run as a formula gets a leading ' (OWASP's CSV-injection guard). `plain` (another CRM, a
 * script, a mail tool): every value exactly as stored, nothing added.
 */
export const CSV_MODES = ['spreadsheet', 'plain'] as const
export type CsvMode = (typeof CSV_MODES)[number]

/** A formula starts with one of these, possibly after spaces (Excel skips them). */
const FORMULA_START = /^[ ]*[=+\-@\t\r]/
const GUARDED = /^'[ ]*[=+\-@\t\r]/
/** A plain number ("-12.50", "+5", "-1,234.5"): nothing a spreadsheet could run. */
const PLAIN_NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/
/** A phone number ("+1-278-758-4331", "+44 20 7946 0958", "+1 (555) 010-9999"): digits and separators only, 7+ digits. */
const PHONE_NUMBER = /^\+?\(?\d[\d ().\-/]*\d$/

/**
 * The spreadsheet guard for one cell: a ' before text that would start a formula. A plain number
 * or phone number is data, not a formula (only digits and separators, nothing to call or link),
 * so it is left exactly as it is; "=HYPERLINK(...)", "+cmd|...", "@SUM(...)", "-2+3" are guarded.
 */
export function guardFormula(value: string): string {
  if (!FORMULA_START.test(value)) return value
  if (PLAIN_NUMBER.test(value)) return value
  if (PHONE_NUMBER.test(value) && (value.match(/\d/g)?.length ?? 0) >= 7) return value
  return `'${value}`
}

/**
 * CSV text: RFC 4180 quoting (commas, quotes, line breaks), CRLF line ends; in `spreadsheet` mode
 * (the default) formula-looking text cells are guarded (guardFormula), in `plain` mode nothing is changed.
 */
export function csvText(fields: string[], data: Array<Array<string | number>>, mode: CsvMode = 'spreadsheet'): string {
  const cells = mode === 'plain' ? data : data.map((row) => row.map((v) => (typeof v === 'string' ? guardFormula(v) : v)))
  const text = Papa.unparse(
    { fields: mode === 'plain' ? fields : fields.map(guardFormula), data: cells },
    // a guarded cell is quoted as well (OWASP): '"'=..."' survives a naive split on commas
    { newline: '\r\n', quotes: mode === 'plain' ? false : (v: unknown) => typeof v === 'string' && GUARDED.test(v) },
  )
  // no rows: papaparse leaves a line break after the header; no file ends with one otherwise
  return data.length === 0 ? text.replace(/\r\n$/, '') : text
}

/** A contacts export's selection narrows the list (a tag, a stage, a company or filter conditions): its file says "filtered". */
export function isNarrowed(filter: ContactExportFilter | undefined): boolean {
  return Boolean(filter && (filter.tagId || filter.lifecycleStage || filter.companyId || (filter.filter && filter.filter.conditions.length > 0)))
}

/** The contacts list's filter (and its order), so "export these" writes what the list shows. */
export const contactExportFilter = contactListQuery
export type ContactExportFilter = z.output<typeof contactExportFilter>

/** Dates and times in a CSV are written in this IANA time zone (the renderer sends its own). */
const timeZone = z
  .string()
  .max(100)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz })
      return true
    } catch {
      return false
    }
  }, 'Unknown time zone; use one like Europe/Berlin')

export const VCARD_VERSIONS = ['4.0', '3.0'] as const
export type VcardVersion = (typeof VCARD_VERSIONS)[number]

export const vcardExportInput = z.strictObject({
  version: z.enum(VCARD_VERSIONS, { error: 'vCard version must be 4.0 or 3.0' }).default('4.0'),
  /** Absent: every contact. */
  filter: contactExportFilter.optional(),
})

export const CSV_ENTITIES = ['contacts', 'companies', 'deals', 'activities'] as const
export type CsvEntity = (typeof CSV_ENTITIES)[number]

export const csvExportInput = z.strictObject({
  entity: z.enum(CSV_ENTITIES, { error: `Export one of: ${CSV_ENTITIES.join(', ')}` }),
  /** Contacts only; absent: every contact. */
  filter: contactExportFilter.optional(),
  timeZone: timeZone.default('UTC'),
  /** `spreadsheet` (default): formula-looking text guarded with a leading '; `plain`: exact values. */
  mode: z.enum(CSV_MODES, { error: 'CSV mode must be spreadsheet or plain' }).default('spreadsheet'),
})

/** 20 MB of text: far more than any address book; a bigger file is refused before it is read. */
export const MAX_VCARD_TEXT = 20_000_000

export const vcardImportInput = z.strictObject({
  text: z.string({ error: 'The file content must be text' }).max(MAX_VCARD_TEXT, 'This file is too large (more than 20 MB); split it into smaller files'),
  fileName: z.string().max(500).optional(),
})

/** The text of an export file; the renderer saves it (Blob + <a download>). */
export interface ExportFile {
  text: string
  /** Records written (rows without the header, or cards). */
  count: number
}

/** How many live records each export would write: the Data section's empty states. */
export interface ExportCounts {
  contacts: number
  companies: number
  deals: number
  activities: number
}

export interface VcardRejection {
  /** The card's position in the file, counting from 1. */
  index: number
  /** The name on the card, when it has one. */
  name?: string
  reason: string
}

export interface VcardWarning {
  index: number
  name?: string
  message: string
}

export interface VcardImportResult {
  /** Cards found in the file. */
  cards: number
  created: number
  /** Ids of the contacts created: Undo deletes these (soft delete). */
  contactIds: string[]
  /** Companies and tags the import had to create (named on a card, not there before). */
  companyIds: string[]
  tagIds: string[]
  rejected: VcardRejection[]
  /** Values left out of otherwise good cards (a malformed email, a birthday without a year...). */
  warnings: VcardWarning[]
}
