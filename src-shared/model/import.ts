/**
 * CSV import: the wizard's commands and what they return. The file's text goes to core once
 * (imports.prepare); later steps refer to it by sessionId. A dry run and the real import are both
 * jobs that run in chunks in core and report progress (imports.get / the import.progress event).
 */
import { z } from 'zod'
import { recordId } from './common'

/** Where a column goes. `custom:<fieldId>` is a custom field; 'tags' holds tag names (split on , ; or :::). */
export const IMPORT_FIELDS = [
  'ignore',
  'firstName',
  'lastName',
  'fullName',
  'email',
  'phone',
  'company',
  'jobTitle',
  'leadSource',
  'lifecycleStage',
  'owner',
  'birthday',
  'notes',
  'street',
  'city',
  'region',
  'postalCode',
  'country',
  'social',
  'tags',
] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]
export type ImportTarget = ImportField | `custom:${string}`

export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  ignore: "Don't import",
  firstName: 'First name',
  lastName: 'Last name',
  fullName: 'Full name (split)',
  email: 'Email',
  phone: 'Phone',
  company: 'Company',
  jobTitle: 'Job title',
  leadSource: 'Lead source',
  lifecycleStage: 'Lifecycle stage',
  owner: 'Owner',
  birthday: 'Birthday',
  notes: 'Notes',
  street: 'Street',
  city: 'City',
  region: 'Region / state',
  postalCode: 'Postal code',
  country: 'Country',
  social: 'Profile link',
  tags: 'Tags',
}

export const importTarget = z.union([
  z.enum(IMPORT_FIELDS),
  z.string().regex(/^custom:[0-9a-f-]{36}$/i, 'A custom field column needs the field id'),
]) as z.ZodType<ImportTarget>

/** On a match by email or phone with a live contact (or one made earlier in the same file). */
export const MATCH_STRATEGIES = ['skip', 'update', 'create'] as const
export type MatchStrategy = (typeof MATCH_STRATEGIES)[number]

export const DELIMITERS = [',', ';', '\t', '|'] as const

/**
 * Lines with more or fewer cells than the header: skipped (listed with the rejected rows after the
 * import, nothing lost silently), or imported (short lines read as if padded with empty cells,
 * cells past the last column dropped).
 */
export const MISMATCHED_LINES = ['skip', 'import'] as const
export type MismatchedLines = (typeof MISMATCHED_LINES)[number]

export const MAX_IMPORT_TEXT = 15 * 1024 * 1024

export const importPrepareInput = z.strictObject({
  /** A new file: its name and decoded text. Or `sessionId` to re-read the same text with other options. */
  fileName: z.string().max(500).optional(),
  text: z.string().max(MAX_IMPORT_TEXT, 'The file is larger than 15 MB; split it and import the parts').optional(),
  encoding: z.string().max(40).optional(),
  sessionId: z.string().max(100).optional(),
  delimiter: z.enum(DELIMITERS).optional(),
  hasHeader: z.boolean().optional(),
})
  .refine((i) => i.sessionId || i.text !== undefined, { message: 'Pick a file to import', path: ['text'] })

export const importOptions = z.strictObject({
  sessionId: z.string().max(100),
  /** One target per column, by position. */
  mapping: z.array(importTarget).max(500),
  onMatch: z.enum(MATCH_STRATEGIES).default('skip'),
  /** Tag names put on every imported contact (made when missing). */
  addTags: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
  /** Dry run: nothing is written, the summary says what would happen. */
  dryRun: z.boolean().default(false),
  mismatchedLines: z.enum(MISMATCHED_LINES).default('skip'),
})
export type ImportOptions = z.output<typeof importOptions>

export const importIdInput = z.strictObject({ id: z.string().max(100) })
export const importUndoInput = z.strictObject({ id: recordId })

export interface ImportPreview {
  sessionId: string
  fileName: string
  encoding: string
  delimiter: string
  hasHeader: boolean
  /** Column headers (made unique: a second "Email" becomes "Email (2)"); "Column 3" without a header row. */
  headers: string[]
  /** The first rows (cells cut to 200 characters for display). */
  rows: string[][]
  /** Data rows in the file (empty rows not counted). */
  rowCount: number
  /** Best guess per column. */
  guess: ImportTarget[]
  /** Lines whose cell count is not the header's (or, without a header, most lines'). */
  cellCounts: CellCountCheck
}

export interface CellCountCheck {
  /** headers.length */
  expected: number
  /** How many lines differ (all of them, even past `lines`). */
  mismatched: number
  /** The first 500 of them. */
  lines: MismatchedLine[]
}

export interface MismatchedLine {
  /** The line it starts on, as the file counts them (1-based, the header line being 1). */
  line: number
  found: number
  /** The raw line, cut to 120 characters. */
  excerpt: string
}

export interface RejectedRow {
  /** The line the row starts on, as the file counts them (1-based, the header line being 1). */
  row: number
  reason: string
  /** Skipped for its cell count (mismatchedLines: 'skip'), not for a bad value. */
  cellCount?: true
  /** The row's first cells, for the report. */
  cells: string[]
}

export const IMPORT_STATUSES = ['running', 'done', 'cancelled', 'failed', 'interrupted', 'undone'] as const
export type ImportStatus = (typeof IMPORT_STATUSES)[number]

export interface ImportCounts {
  created: number
  updated: number
  skipped: number
  rejected: number
}

/** A dry run or an import, while it runs and after. */
export interface ImportJob extends ImportCounts {
  id: string
  dryRun: boolean
  fileName: string
  status: ImportStatus
  total: number
  processed: number
  /** Companies made from the company column (dry run: that would be made). */
  companiesCreated: number
  /** The first 5,000 rejected rows with the reason (counts hold them all). */
  rejections: RejectedRow[]
  error: string | null
  createdAt: number
  finishedAt: number | null
  undoneAt: number | null
  /** Whether Undo is offered: a finished, failed or interrupted import that wrote something. */
  canUndo: boolean
}

export type ImportProgress = Omit<ImportJob, 'rejections'>

export interface ImportUndoResult {
  reverted: number
  keptLaterEdits: number
}
