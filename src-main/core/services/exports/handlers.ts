/** The exports commands of the contract (src-shared/api/exports.ts), each to its service call. */
import type { exportsCommands } from '../../../../src-shared/api/exports'
import type { HandlersOf } from '../handlers-of'
import type { VcardService } from './vcard'
import type { ExportsService } from './exports'

export function exportsHandlers(s: { vcard: VcardService; exports: ExportsService }): HandlersOf<typeof exportsCommands> {
  return {
    'vcard.import': (i) => s.vcard.importText(i),
    'vcard.export': (i) => s.vcard.exportContacts(i),
    'exports.csv': (i) => s.exports.csv(i),
    'exports.counts': () => s.exports.counts(),
  }
}
