/** Exports that core writes and the renderer saves as a file: CSV of any record kind, contacts as vCard. */
import { CSV_MODES, isNarrowed, type ContactExportFilter, type CsvEntity, type CsvMode, type VcardVersion } from '../../src-shared/model/export'
import { crm } from './crm'
import { exportFileName, localTimeZone, saveCsv, saveVcard } from './download'

const ENTITY_FILE: Record<CsvEntity, string> = { contacts: 'contacts', companies: 'companies', deals: 'deals', activities: 'activities' }

/** Who the CSV is for, as the user last chose it (Settings → Import & export); this window's storage. */
const CSV_MODE_KEY = 'crm.csvMode'

export const CSV_MODE_LABELS: Record<CsvMode, string> = {
  spreadsheet: 'For Excel / Google Sheets',
  plain: 'Plain CSV for other apps',
}

export function csvMode(): CsvMode {
  try {
    const saved = globalThis.localStorage?.getItem(CSV_MODE_KEY)
    return (CSV_MODES as readonly string[]).includes(saved ?? '') ? (saved as CsvMode) : 'spreadsheet'
  } catch {
    return 'spreadsheet' // storage refused (private mode): the safe default
  }
}

export function setCsvMode(mode: CsvMode): void {
  try {
    globalThis.localStorage?.setItem(CSV_MODE_KEY, mode)
  } catch {
    // not remembered; this export still uses it
  }
}

/**
 * Exports records (contacts: everything, or the contacts list's filter) as CSV in the remembered
 * mode and saves the file; false when there was nothing. `viewName`: the saved view shown, for the file name.
 */
export async function exportCsv(entity: CsvEntity, filter?: ContactExportFilter, viewName?: string): Promise<boolean> {
  const file = await crm.invoke('exports.csv', { entity, ...(filter ? { filter } : {}), timeZone: localTimeZone(), mode: csvMode() })
  if (file.count === 0) return false
  saveCsv(exportFileName(ENTITY_FILE[entity], 'csv', { viewName, filtered: isNarrowed(filter) }), file.text)
  return true
}

/** Exports contacts as a vCard file and saves it; false when there was nothing. */
export async function exportVcard(version: VcardVersion, filter?: ContactExportFilter, viewName?: string): Promise<boolean> {
  const file = await crm.invoke('vcard.export', { version, ...(filter ? { filter } : {}) })
  if (file.count === 0) return false
  saveVcard(exportFileName('contacts', 'vcf', { viewName, filtered: isNarrowed(filter) }), file.text)
  return true
}
