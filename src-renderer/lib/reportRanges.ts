/**
 * The date ranges reports and the dashboard ask core about: [from, to) in ms, computed in the
 * user's local time with date-fns (a month is the wall-clock month, whatever the time zone or DST).
 */
import { addDays, addMonths, addQuarters, addYears, format, isValid, parseISO, startOfDay, startOfMonth, startOfQuarter, startOfWeek, startOfYear } from 'date-fns'
import { LATEST_REPORT_MOMENT, MAX_REPORT_RANGE_MS, REPORT_RANGE_TOO_LONG } from '../../src-shared/model/report'

export type RangePreset = 'thisMonth' | 'lastMonth' | 'thisQuarter' | 'thisYear' | 'last12Months' | 'custom'

export const RANGE_PRESETS: Array<{ id: RangePreset; label: string }> = [
  { id: 'thisMonth', label: 'This month' },
  { id: 'lastMonth', label: 'Last month' },
  { id: 'thisQuarter', label: 'This quarter' },
  { id: 'thisYear', label: 'This year' },
  { id: 'last12Months', label: 'Last 12 months' },
  { id: 'custom', label: 'Custom' },
]

/** What the user chose: a preset, or custom calendar dates (YYYY-MM-DD, both days included). */
export interface RangeChoice {
  preset: RangePreset
  customFrom: string
  customTo: string
}

export interface Range {
  from: number
  to: number
}

const day = (value: string): Date | null => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null
  const d = parseISO(value)
  return isValid(d) ? d : null
}

/** The [from, to) of a preset at `now`; custom dates give [start of from, start of the day after to). */
export function presetRange(preset: RangePreset, now: Date = new Date(), custom?: { from: string; to: string }): Range | null {
  const month = startOfMonth(now)
  switch (preset) {
    case 'thisMonth':
      return { from: month.getTime(), to: addMonths(month, 1).getTime() }
    case 'lastMonth':
      return { from: addMonths(month, -1).getTime(), to: month.getTime() }
    case 'thisQuarter': {
      const q = startOfQuarter(now)
      return { from: q.getTime(), to: addQuarters(q, 1).getTime() }
    }
    case 'thisYear': {
      const y = startOfYear(now)
      return { from: y.getTime(), to: addYears(y, 1).getTime() }
    }
    case 'last12Months':
      // the current month and the 11 before it
      return { from: addMonths(month, -11).getTime(), to: addMonths(month, 1).getTime() }
    case 'custom': {
      const from = custom ? day(custom.from) : null
      const to = custom ? day(custom.to) : null
      if (!from || !to) return null
      const end = startOfDay(addDays(to, 1))
      if (end.getTime() <= from.getTime()) return null
      return { from: startOfDay(from).getTime(), to: end.getTime() }
    }
  }
}

/**
 * What is wrong with a custom range, said before core is asked (core refuses the same ranges): dates
 * missing or the wrong way round, before 1970, past the year 9999, longer than MAX_REPORT_YEARS.
 */
export function customRangeProblem(choice: RangeChoice): string | null {
  if (choice.preset !== 'custom') return null
  if (!choice.customFrom || !choice.customTo) return 'Pick a start and an end date.'
  if (!day(choice.customFrom) || !day(choice.customTo)) return 'Pick dates like 2026-03-31.'
  const range = presetRange('custom', undefined, { from: choice.customFrom, to: choice.customTo })
  if (!range) return 'The end date must be on or after the start date.'
  if (range.from < 0) return 'Pick a start date in 1970 or later.'
  if (range.to > LATEST_REPORT_MOMENT) return 'Pick an end date before the year 10000.'
  if (range.to - range.from > MAX_REPORT_RANGE_MS) return REPORT_RANGE_TOO_LONG
  return null
}

/** The range of a choice, or null when custom dates are missing, the wrong way round or out of bounds. */
export function choiceRange(choice: RangeChoice, now: Date = new Date()): Range | null {
  if (customRangeProblem(choice)) return null
  return presetRange(choice.preset, now, { from: choice.customFrom, to: choice.customTo })
}

/** The first and last day of a range as calendar dates: "2026-01-01", "2026-03-31". */
export function rangeDays(range: Range): { first: string; last: string } {
  return { first: format(range.from, 'yyyy-MM-dd'), last: format(range.to - 1, 'yyyy-MM-dd') }
}

/** "Jan 1 – Mar 31, 2026" for the range picker. */
export function describeRange(range: Range): string {
  const last = range.to - 1
  const sameYear = format(range.from, 'yyyy') === format(last, 'yyyy')
  return `${format(range.from, sameYear ? 'MMM d' : 'MMM d, yyyy')} – ${format(last, 'MMM d, yyyy')}`
}

/** "win-rate-2026-01-01-to-2026-03-31.csv". */
export function csvFileName(report: string, range: Range): string {
  const { first, last } = rangeDays(range)
  return `${report}-${first}-to-${last}.csv`
}

/** The boundaries the dashboard asks about, all in local time. Weeks start on Monday. */
export function dashboardBoundaries(now: Date = new Date()) {
  const dayStart = startOfDay(now)
  const month = startOfMonth(now)
  const quarter = startOfQuarter(now)
  return {
    dayStart: dayStart.getTime(),
    dayEnd: startOfDay(addDays(dayStart, 1)).getTime(),
    weekStart: startOfWeek(now, { weekStartsOn: 1 }).getTime(),
    monthStart: month.getTime(),
    monthEnd: addMonths(month, 1).getTime(),
    prevMonthStart: addMonths(month, -1).getTime(),
    quarterStart: quarter.getTime(),
    quarterEnd: addQuarters(quarter, 1).getTime(),
  }
}
export type DashboardBoundaries = ReturnType<typeof dashboardBoundaries>

/** The calendar dates of [start, end) for the board's inclusive expected-close filter. */
export function closeFilterDates(start: number, end: number): { closeFrom: string; closeTo: string } {
  return { closeFrom: format(start, 'yyyy-MM-dd'), closeTo: format(end - 1, 'yyyy-MM-dd') }
}
