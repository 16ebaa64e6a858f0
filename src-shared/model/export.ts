/**
 * vCard import and the exports (vCard, CSV): command inputs and results, and the one CSV writer
 * that both core (exports) and the renderer (report tables) use, so quoting and formula
 * neutralising are decided in one place.
 */
import Papa from 'papaparse'
import { z } from 'zod'
import { contactListQuery } from './contact'

/**
 * CSV text: RFC 4180 quoting (commas, quotes, line breaks), CRLF line ends, and text cells that a
 * spreadsheet would run as a formula (starting with = + - @ tab or CR) prefixed with ' so they stay text.
 */
export function csvText(fields: string[], data: Array<Array<string | number>>): string {
  const text = Papa.unparse({ fields, data }, { newline: '\r\n', escapeFormulae: true })
  // no rows: papaparse leaves a line break after the header; no file ends with one otherwise
  return data.length === 0 ? text.replace(/\r\n$/, '') : text
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
