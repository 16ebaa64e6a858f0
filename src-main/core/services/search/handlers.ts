/** The search commands of the contract (src-shared/api/search.ts), each to its service call. */
import type { searchCommands } from '../../../../src-shared/api/search'
import type { HandlersOf } from '../handlers-of'
import type { SearchService } from './search'

export function searchHandlers(s: { search: SearchService }): HandlersOf<typeof searchCommands> {
  return {
    'search.query': (i) => s.search.query(i),
  }
}
