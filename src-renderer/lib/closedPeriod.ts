/**
 * The period of the board's outcome strip and of the closed-deals list: this month, the last 30
 * days or all time, as a [closedFrom, closedTo) window in ms computed in the user's local time.
 * Boundaries fall on local midnights, so the window (and the query keyed on it) stays the same all day.
 */
import { addDays, addMonths, startOfDay, startOfMonth } from 'date-fns'

export type ClosedPeriod = 'month' | '30d' | 'all'

export const CLOSED_PERIODS: Array<{ id: ClosedPeriod; label: string; phrase: string }> = [
  { id: 'month', label: 'This month', phrase: 'this month' },
  { id: '30d', label: 'Last 30 days', phrase: 'in the last 30 days' },
  { id: 'all', label: 'All time', phrase: 'so far' },
]

export const periodPhrase = (period: ClosedPeriod) => CLOSED_PERIODS.find((p) => p.id === period)!.phrase

export function closedWindow(period: ClosedPeriod, now: Date = new Date()): { closedFrom?: number; closedTo?: number } {
  switch (period) {
    case 'month':
      return { closedFrom: startOfMonth(now).getTime(), closedTo: addMonths(startOfMonth(now), 1).getTime() }
    case '30d':
      // today and the 29 days before it
      return { closedFrom: addDays(startOfDay(now), -29).getTime(), closedTo: addDays(startOfDay(now), 1).getTime() }
    case 'all':
      return {}
  }
}
