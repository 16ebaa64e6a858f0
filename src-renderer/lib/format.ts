/** Every date, number and name formatting helper the views share. Dates are shown in local time. */
import { format, formatDistanceToNowStrict, isSameYear, isToday, isValid, isYesterday, parseISO } from 'date-fns'

/** "3 days ago", "in 2 hours", "just now": short enough for a table column. */
export function formatRelative(ms: number, now: Date = new Date()): string {
  const diff = Math.abs(now.getTime() - ms)
  if (diff < 60_000) return 'just now'
  return formatDistanceToNowStrict(ms, { addSuffix: true })
}

/** "Mar 3, 2025, 2:05 PM": the exact moment, for tooltips. */
export function formatExact(ms: number): string {
  return format(ms, 'PPp')
}

/** "Mar 3, 2025". */
export function formatDate(ms: number): string {
  return format(ms, 'PP')
}

/** "2:05 PM". */
export function formatTime(ms: number): string {
  return format(ms, 'p')
}

/** Timeline day headings: "Today", "Yesterday", "Monday, March 3", "March 3, 2023". */
export function formatDayHeading(ms: number, now: Date = new Date()): string {
  if (isToday(ms)) return 'Today'
  if (isYesterday(ms)) return 'Yesterday'
  return isSameYear(ms, now) ? format(ms, 'EEEE, MMMM d') : format(ms, 'MMMM d, yyyy')
}

/** A stable key for grouping by local calendar day. */
export function dayKey(ms: number): string {
  return format(ms, 'yyyy-MM-dd')
}

/** Value for <input type="datetime-local">, in local time. */
export function toDateTimeLocal(ms: number): string {
  return format(ms, "yyyy-MM-dd'T'HH:mm")
}

/** Parses a datetime-local value (local time) to ms; null when empty or invalid. */
export function fromDateTimeLocal(value: string): number | null {
  if (!value) return null
  const date = new Date(value)
  return isValid(date) ? date.getTime() : null
}

/** "April 27, 1990" for a YYYY-MM-DD calendar date; the raw text when it does not parse. */
export function formatCalendarDate(value: string): string {
  const date = parseISO(value)
  return isValid(date) ? format(date, 'PPP') : value
}

/** "45 min", "1 h", "1 h 30 min". */
export function formatDuration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return m ? `${h} h ${m} min` : `${h} h`
}

/** "1 contact", "2,345 contacts". */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : plural}`
}

/** "AL" for "Ada Lovelace"; "?" when there is no name. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean)
  if (parts.length === 0) return '?'
  const first = parts[0][0] ?? ''
  const last = parts.length > 1 ? (parts[parts.length - 1][0] ?? '') : ''
  return (first + last).toUpperCase()
}

/** Joins the non-empty parts: "Berlin, Germany". */
export function joinParts(parts: Array<string | null | undefined>, separator = ', '): string {
  return parts.filter((p): p is string => Boolean(p && p.trim())).join(separator)
}

/** The name a contact is shown with, never empty. */
export function nameOrPlaceholder(name: string | null | undefined): string {
  return name && name.trim() ? name : 'Unnamed contact'
}

/** "a call", "an email". */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`
}
