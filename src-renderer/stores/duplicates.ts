/** The duplicate pairs the Duplicates view shows, and the sidebar's count. */
import { createQuery } from './query'

/** Phone numbers without +country are read in the user's region (from the UI language, e.g. en-GB → GB). */
export function userRegion(): string | undefined {
  try {
    const region = new Intl.Locale(typeof navigator === 'undefined' ? 'en-US' : navigator.language).maximize().region
    return region && /^[A-Z]{2}$/.test(region) ? region : undefined
  } catch {
    return undefined
  }
}

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
