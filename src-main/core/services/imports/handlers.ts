/** The imports commands of the contract (src-shared/api/imports.ts), each to its service call. */
import type { importsCommands } from '../../../../src-shared/api/imports'
import type { HandlersOf } from '../handlers-of'
import type { ImportsService } from './imports'

export function importsHandlers(s: { imports: ImportsService }): HandlersOf<typeof importsCommands> {
  return {
    'imports.prepare': (i) => s.imports.prepare(i),
    'imports.start': (i) => s.imports.start(i),
    'imports.get': (i) => s.imports.get(i.id),
    'imports.cancel': (i) => s.imports.cancel(i.id),
    'imports.list': () => s.imports.list(),
    'imports.undo': (i) => s.imports.undo(i.id),
  }
}
