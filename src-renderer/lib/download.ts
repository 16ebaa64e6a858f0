/**
 * Saving an export: core returns the file's text, the renderer hands it to the browser's download
 * (a Blob behind an <a download>), the same way the reports' Export CSV does (lib/csv.ts).
 */
import { format } from 'date-fns'
import { downloadText } from './csv'

/** "contacts-2026-01-15.csv", or "contacts-filtered-2026-01-15.vcf"; the date is today's, local. */
export function exportFileName(what: string, extension: 'csv' | 'vcf', filtered = false, now = new Date()): string {
  return `${what}${filtered ? '-filtered' : ''}-${format(now, 'yyyy-MM-dd')}.${extension}`
}

/** A CSV file (with a byte-order mark, so spreadsheet apps read UTF-8 names correctly). */
export function saveCsv(fileName: string, text: string): void {
  downloadText(fileName, text, 'text/csv;charset=utf-8')
}

/** A vCard file: no byte-order mark, which some address books refuse. */
export function saveVcard(fileName: string, text: string): void {
  const blob = new Blob([text], { type: 'text/vcard;charset=utf-8' })
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

/** A picked file's text: UTF-8, or Windows-1252 when the bytes are not UTF-8 (old exports). */
export async function readFileText(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('windows-1252').decode(bytes)
  }
}

/** The renderer's time zone, so dates in a CSV read as the user sees them in the app. */
export const localTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
