/**
 * What a record page (contact, deal, company) makes of its query: loading, shown, gone (NOT_FOUND)
 * or not readable; and a record a command just returned put on screen without waiting for the refetch.
 */
import type { CommandName } from '../../src-shared/api'
import type { AppError } from '../../src-shared/errors'
import type { QueryStore } from './query'

export type LoadStatus = 'loading' | 'ready' | 'missing' | 'error'

/** A failed refresh keeps the record on screen: only a page with nothing to show is missing or in error. */
export function recordStatus(query: { data: unknown; error: AppError | null }): LoadStatus {
  if (query.data) return 'ready'
  if (!query.error) return 'loading'
  return query.error.code === 'NOT_FOUND' ? 'missing' : 'error'
}

/** Shows a saved record at once when it is the one its page shows. */
export function replaceRecord<N extends CommandName, T extends { id: string }>(query: QueryStore<N, T>, record: T): void {
  const { input, setData } = query.getState()
  if ((input as { id?: string } | undefined)?.id === record.id) setData(record)
}
