/** Exports that core writes and the renderer saves as a file: CSV of any record kind, contacts as vCard. */
import type { ContactExportFilter, CsvEntity, VcardVersion } from '../../src-shared/model/export'
import { crm } from './crm'
import { exportFileName, localTimeZone, saveCsv, saveVcard } from './download'

const ENTITY_FILE: Record<CsvEntity, string> = { contacts: 'contacts', companies: 'companies', deals: 'deals', activities: 'activities' }

/** Exports records (contacts: everything, or the contacts list's filter) as CSV and saves the file; false when there was nothing. */
export async function exportCsv(entity: CsvEntity, filter?: ContactExportFilter): Promise<boolean> {
  const file = await crm.invoke('exports.csv', { entity, ...(filter ? { filter } : {}), timeZone: localTimeZone() })
  if (file.count === 0) return false
  saveCsv(exportFileName(ENTITY_FILE[entity], 'csv', Boolean(filter)), file.text)
  return true
}

/** Exports contacts as a vCard file and saves it; false when there was nothing. */
export async function exportVcard(version: VcardVersion, filter?: ContactExportFilter): Promise<boolean> {
  const file = await crm.invoke('vcard.export', { version, ...(filter ? { filter } : {}) })
  if (file.count === 0) return false
  saveVcard(exportFileName('contacts', 'vcf', Boolean(filter)), file.text)
  return true
}
