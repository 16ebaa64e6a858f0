/** The duplicate pairs the Duplicates view shows, and the sidebar's count. */
import { localeRegion } from '../lib/regions'
import { createQuery } from './query'

/** Phone numbers without +country are read in the user's region when the workspace sets none (core decides). */
const userRegion = () => localeRegion() ?? undefined

export const useDuplicates = createQuery('duplicates.list', { input: () => ({ region: userRegion() }) })

/**
 * Pairs found, for the sidebar: counted once at start, then by every scan of the Duplicates view.
 * Never kept fresh on its own: at 100k contacts a scan holds core for most of a second.
 */
export const useDuplicateCount = createQuery('duplicates.count', { input: () => ({ region: userRegion() }) })

// a scan of the list counts the pairs too
useDuplicates.subscribe((list, before) => {
  if (list.data && list.data !== before.data) useDuplicateCount.getState().setData({ count: list.data.total })
})
