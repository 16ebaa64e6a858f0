/** The duplicates commands of the contract (src-shared/api/duplicates.ts), each to its service call. */
import type { duplicatesCommands } from '../../../../src-shared/api/duplicates'
import type { HandlersOf } from '../handlers-of'
import type { DuplicatesService } from './duplicates'

export function duplicatesHandlers(s: { duplicates: DuplicatesService }): HandlersOf<typeof duplicatesCommands> {
  return {
    'duplicates.list': (i) => s.duplicates.list(i),
    'duplicates.count': (i) => s.duplicates.count(i.region),
    'duplicates.pair': (i) => s.duplicates.pair(i),
    'duplicates.merge': (i) => s.duplicates.merge(i),
    'duplicates.undoMerge': (i) => s.duplicates.undoMerge(i),
    'duplicates.dismiss': (i) => s.duplicates.dismiss(i),
    'duplicates.undismiss': (i) => s.duplicates.undismiss(i),
    'duplicates.checkEmail': (i) => s.duplicates.checkEmail(i),
  }
}
