/**
 * Saving a file: core (or a report) gives the text, the renderer hands it to the browser's
 * download (a Blob behind an <a download>); and reading a picked file's text.
 */
import { format } from 'date-fns'
import { decodeCsvBytes } from '../../src-shared/csv-mapping'

/** Saves text as a file; `bom` adds a UTF-8 byte-order mark (spreadsheet apps need it, address books may refuse it). */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8', bom = true): void {
  const blob = new Blob(bom ? ['\ufeff', text] : [text], { type })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** What an export holds, for its file name: a saved view's name, or a list narrowed by a filter or search. */
export interface ExportScope {
  viewName?: string
  filtered?: boolean
}

/** A view's name as a file-name part: no characters a file system refuses, no leading/trailing dots or dashes. */
const fileNamePart = (name: string) =>
  name
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
    .trim()
    .replace(/\s+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 60)

/**
 * "contacts-2026-01-15.csv"; "contacts-VIP-customers-2026-01-15.csv" for a saved view;
 * "contacts-filtered-2026-01-15.vcf" only when a filter or search is set. The date is today's, local.
 */
export function exportFileName(what: string, extension: 'csv' | 'vcf', scope: ExportScope = {}, now = new Date()): string {
  const view = scope.viewName ? fileNamePart(scope.viewName) : ''
  const part = view ? `-${view}` : scope.filtered ? '-filtered' : ''
  return `${what}${part}-${format(now, 'yyyy-MM-dd')}.${extension}`
}

/** A CSV file (with a byte-order mark, so spreadsheet apps read UTF-8 names correctly). */
export function saveCsv(fileName: string, text: string): void {
  downloadText(fileName, text, 'text/csv;charset=utf-8')
}

/** A vCard file: no byte-order mark, which some address books refuse. */
export function saveVcard(fileName: string, text: string): void {
  downloadText(fileName, text, 'text/vcard;charset=utf-8', false)
}

/** A picked file's text: UTF-8 (with or without BOM), or Windows-1252 when the bytes are not UTF-8 (old exports). */
export async function readFileText(file: File): Promise<string> {
  return decodeCsvBytes(new Uint8Array(await file.arrayBuffer())).text
}

/** The renderer's time zone, so dates in a CSV read as the user sees them in the app. */
export const localTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
