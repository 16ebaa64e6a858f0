/** The contract of search (the command palette). */
import { type SearchResults, searchQueryInput } from '../model/search'
import { command, type CommandMap } from './command'

export const searchCommands = {
  /**
   * The command palette's search (FTS5): contacts, companies, deals and history notes matching every
   * word as a prefix, accent-insensitive, best first, `limit` per group (default 5). Any text is safe.
   */
  'search.query': command<SearchResults>()(searchQueryInput, { reads: ['contacts', 'contact_channels', 'companies', 'deals', 'activities'] }),
} satisfies CommandMap
