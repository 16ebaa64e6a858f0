/** The contract of vCard import and export, CSV export. */
import { type ExportCounts, type ExportFile, type VcardImportResult, csvExportInput, vcardExportInput, vcardImportInput } from '../model/export'
import { command, none, type CommandMap } from './command'

export const exportsCommands = {
  /**
   * Imports a .vcf file's text (vCard 3.0/4.0, quoted-printable, several cards) in ONE transaction:
   * good cards become contacts (organisation and categories found by name or created), bad ones are
   * listed with a reason. Undo: contacts.delete on contactIds (then companies/tags.delete on the ones it created).
   */
  'vcard.import': command<VcardImportResult>()(vcardImportInput),
  /** Contacts as vCard text (4.0 unless told), everything or the contacts list's filter. */
  'vcard.export': command<ExportFile>()(vcardExportInput),
  /** Contacts (everything or the list's filter), companies, deals or activities as CSV text. */
  'exports.csv': command<ExportFile>()(csvExportInput),
  /** How many live records each export would write. */
  'exports.counts': command<ExportCounts>()(none, { reads: ['contacts', 'companies', 'deals', 'activities'] }),
} satisfies CommandMap
