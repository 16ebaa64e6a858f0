import { z } from 'zod'

/**
 * search.query: what the command palette shows, grouped by type. Any text is accepted (it is never
 * passed to FTS5 as syntax: each word becomes a quoted prefix); very long text is cut, not refused.
 */
export const searchQueryInput = z.strictObject({
  text: z.string({ error: 'Search text must be text' }).max(20_000, 'Search text is too long'),
  /** Results per group (default 5, at most 20). */
  limit: z.number().int().min(1).max(20).optional(),
})
export type SearchQueryInput = z.input<typeof searchQueryInput>

export interface SearchHit {
  id: string
  title: string
  subtitle: string | null
}

export interface NoteHit extends SearchHit {
  /** The entry's type: note, call, email or meeting. */
  type: string
  /** The text around the match; the matched words wrapped in \u0002 … \u0003 (the palette bolds them). */
  snippet: string
  occurredAt: number
  /** Where opening the note goes: its contact's page, else its company's, else its deal's. */
  contact: { id: string; name: string } | null
  company: { id: string; name: string } | null
  dealId: string | null
}

export interface SearchResults {
  contacts: SearchHit[]
  companies: SearchHit[]
  deals: SearchHit[]
  notes: NoteHit[]
}

export const MATCH_START = '\u0002'
export const MATCH_END = '\u0003'
