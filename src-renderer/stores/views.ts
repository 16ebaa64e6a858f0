/** Saved views (smart lists) for the sidebar and the contacts list, with their live counts. */
import { createQuery } from './query'

export const useViews = createQuery('views.list')

/**
 * view id → how many contacts it selects now. Refreshed a moment after contact data changes, so
 * a burst of edits (an import chunk) costs one fetch; core caches each total until the data changes.
 * A failed refresh keeps the last counts: they are a hint, the list itself shows any error.
 */
export const useViewCounts = createQuery('views.counts', {
  select: (rows): Record<string, number> => Object.fromEntries(rows.map((r) => [r.id, r.count])),
  refreshDelayMs: 300,
})
