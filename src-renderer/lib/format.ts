/** Every date, number and name formatting helper the views share. Dates are shown in local time. */
import { format, formatDistanceToNowStrict, isSameYear, isToday, isValid, isYesterday, parseISO } from 'date-fns'
import { currencyDigits, formatMoney, MAX_MINOR } from '../../src-shared/model/money'

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

/** "€1,500.00" in the user's locale; one place so every view shows money the same way. */
export function money(minor: number, currency: string): string {
  return formatMoney(minor, currency)
}

/** Minor units as the text a person would type: 150050 EUR → "1500.50", 1500 JPY → "1500". */
export function minorToAmountText(minor: number, currency: string): string {
  const digits = currencyDigits(currency)
  if (digits === 0) return String(minor)
  const sign = minor < 0 ? '-' : ''
  const abs = Math.abs(minor)
  const whole = Math.floor(abs / 10 ** digits)
  const frac = String(abs % 10 ** digits).padStart(digits, '0')
  return `${sign}${whole}.${frac}`
}

export type AmountParse = { ok: true; minor: number } | { ok: false; error: string }

/**
 * What the user typed as an amount ("1,500.50", "1 500,50", "1500") to integer minor units of
 * `currency`, without floating-point rounding. The last "." or "," followed by at most the
 * currency's digits is the decimal mark; other commas, dots, spaces and apostrophes group thousands.
 */
export function parseAmount(text: string, currency: string): AmountParse {
  const digits = currencyDigits(currency)
  const raw = text.trim().replace(/[\s\u00a0\u202f']/g, '')
  if (raw === '') return { ok: true, minor: 0 }
  if (!/^\d[\d.,]*$/.test(raw) && !/^[.,]\d+$/.test(raw)) {
    return { ok: false, error: raw.startsWith('-') ? 'The value cannot be negative' : 'Enter the value as a number, e.g. 1,500.00' }
  }
  const marks = raw.match(/[.,]/g) ?? []
  const last = Math.max(raw.lastIndexOf('.'), raw.lastIndexOf(','))
  const after = last >= 0 ? raw.slice(last + 1) : ''
  // One kind of mark used once and followed by three digits ("1,500", "1.500") groups thousands;
  // so does one kind used several times ("1,500,000"). Otherwise the last mark is the decimal one.
  const oneKind = new Set(marks).size === 1
  const grouping = oneKind && (marks.length > 1 || (after.length === 3 && digits !== 3))
  let whole = grouping || last < 0 ? raw : raw.slice(0, last)
  const frac = grouping || last < 0 ? '' : after
  if (/[.,]/.test(whole) && !/^\d{1,3}([.,]\d{3})*$/.test(whole)) return { ok: false, error: 'Enter the value as a number, e.g. 1,500.00' }
  whole = whole.replace(/[.,]/g, '')
  if (frac.length > digits) {
    return { ok: false, error: digits === 0 ? `${currency} has no decimal places` : `${currency} has at most ${digits} decimal places` }
  }
  const minor = Number(whole || '0') * 10 ** digits + Number(frac.padEnd(digits, '0') || '0')
  if (!Number.isSafeInteger(minor) || minor > MAX_MINOR) return { ok: false, error: 'The value is too large' }
  return { ok: true, minor }
}

/** "Today", "3 d" since entering a stage. */
export function formatDaysShort(days: number): string {
  return days <= 0 ? 'today' : `${days.toLocaleString('en-US')} d`
}

/** A 0..1 rate as "50.0 %" (one decimal, the user's decimal mark); "—" when there is none. */
export function formatPercent(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return '—'
  return `${(rate * 100).toLocaleString(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`
}

/** Days with one decimal: "12.5"; "—" when there is none. */
export function formatDays(days: number | null): string {
  if (days === null || !Number.isFinite(days)) return '—'
  return days.toLocaleString(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
}

/** Compact money for chart axes: "€12K" (whole units, the user's locale). */
export function moneyCompact(minor: number, currency: string): string {
  const digits = currencyDigits(currency)
  return new Intl.NumberFormat(undefined, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(minor / 10 ** digits)
}

/** "about 12 s left", "about 3 min left" (a job's time left; null while it cannot be told yet). */
export function formatTimeLeft(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms)) return null
  const s = Math.ceil(ms / 1000)
  if (s <= 1) return 'almost done'
  if (s < 60) return `about ${s} s left`
  return `about ${Math.round(s / 60)} min left`
}
