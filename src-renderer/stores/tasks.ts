/**
 * Follow-ups on the Today view (overdue, due today, upcoming) and the sidebar badge's counts. The
 * day is the user's local day, computed at each fetch and sent to core.
 */
import { dayWindow } from '../lib/dueDates'
import { createQuery } from './query'

export const useToday = createQuery('tasks.today', { input: () => ({ ...dayWindow(), upcomingLimit: 50 }) })

/** The sidebar badge: overdue + due today. A failed refresh keeps the last numbers. */
export const useTaskCounts = createQuery('tasks.counts', { input: dayWindow })

/** After a write from this window: the badge and (once shown) the Today lists catch up at once. */
export function refreshTaskViews(): void {
  void useTaskCounts.getState().refresh()
  void useToday.getState().refresh()
}
