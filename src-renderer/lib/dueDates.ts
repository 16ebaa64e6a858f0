/**
 * The moments follow-ups are due and snoozed to, always in the user's local time (date-fns works on
 * local dates): "tomorrow 9:00" is 9:00 on the wall clock, whatever the time zone or DST.
 */
import { addDays, addMinutes, format, isSameDay, nextMonday, setHours, startOfDay, startOfHour } from 'date-fns'
import type { KeepInTouch } from '../../src-shared/model/task'
import { formatTime } from './format'

const at = (day: Date, hour: number) => setHours(startOfDay(day), hour).getTime()

/** Today at 17:00 local. */
export const todayAt17 = (now: Date = new Date()) => at(now, 17)
/** Tomorrow at 9:00 local: the natural default for a new follow-up. */
export const tomorrowAt9 = (now: Date = new Date()) => at(addDays(now, 1), 9)
/** The coming Monday at 9:00 local (a week from today when today is Monday). */
export const nextMondayAt9 = (now: Date = new Date()) => at(nextMonday(now), 9)

/** The user's day as core wants it: [start of today, start of tomorrow) in local time. */
export function dayWindow(now: Date = new Date()): { dayStart: number; dayEnd: number } {
  const start = startOfDay(now)
  return { dayStart: start.getTime(), dayEnd: startOfDay(addDays(start, 1)).getTime() }
}

/** Milliseconds until the next local midnight (the day window rolls over then). */
export function msUntilMidnight(now: Date = new Date()): number {
  return dayWindow(now).dayEnd - now.getTime()
}

export type DuePresetId = 'today' | 'tomorrow' | 'monday'

export interface DuePreset {
  id: DuePresetId
  label: string
  at: number
}

/** The quick-add's due presets; "Today 17:00" only while 17:00 is still ahead. */
export function duePresets(now: Date = new Date()): DuePreset[] {
  const presets: DuePreset[] = [
    { id: 'today', label: `Today, ${formatTime(todayAt17(now))}`, at: todayAt17(now) },
    { id: 'tomorrow', label: `Tomorrow, ${formatTime(tomorrowAt9(now))}`, at: tomorrowAt9(now) },
    { id: 'monday', label: `Next Monday, ${formatTime(nextMondayAt9(now))}`, at: nextMondayAt9(now) },
  ]
  return presets.filter((p) => p.at > now.getTime())
}

export type SnoozeId = '10m' | '1h' | 'tomorrow' | 'week'

export interface SnoozeOption {
  id: SnoozeId
  label: string
  until: number
  /** When it moves to, as shown next to the option. */
  hint: string
}

/** What a reminder can be put off to: 10 minutes, 1 hour, tomorrow morning, next week. */
export function snoozeOptions(now: Date = new Date()): SnoozeOption[] {
  const ms = now.getTime()
  const options: Array<Omit<SnoozeOption, 'hint'>> = [
    { id: '10m', label: '10 minutes', until: addMinutes(ms, 10).getTime() },
    { id: '1h', label: '1 hour', until: addMinutes(ms, 60).getTime() },
    { id: 'tomorrow', label: 'Tomorrow morning', until: tomorrowAt9(now) },
    { id: 'week', label: 'Next week', until: nextMondayAt9(now) },
  ]
  return options.map((o) => ({ ...o, hint: shortMoment(o.until, now) }))
}

/** "3:40 PM" today, "Tomorrow 9:00 AM", "Mon 9:00 AM" within a week, "Mon, Mar 24, 9:00 AM" further. */
export function shortMoment(ms: number, now: Date = new Date()): string {
  if (isSameDay(ms, now)) return formatTime(ms)
  if (isSameDay(addDays(now, 1), ms)) return `Tomorrow ${formatTime(ms)}`
  if (ms - now.getTime() < 6 * 86_400_000 && ms > now.getTime()) return format(ms, 'EEE p')
  return format(ms, 'EEE, MMM d, p')
}

/** A sensible start for the "pick a time" input: the next full hour. */
export const nextFullHour = (now: Date = new Date()) => startOfHour(addMinutes(now, 60)).getTime()

export type ReminderUnit = 'minutes' | 'hours' | 'days'
export const REMINDER_UNIT_MINUTES: Record<ReminderUnit, number> = { minutes: 1, hours: 60, days: 24 * 60 }

/** reminderMinutesBefore as the form edits it: none, at due, or N minutes/hours/days before. */
export type ReminderChoice = { kind: 'none' } | { kind: 'due' } | { kind: 'before'; count: number; unit: ReminderUnit }

export function reminderToChoice(minutes: number | null): ReminderChoice {
  if (minutes === null) return { kind: 'none' }
  if (minutes === 0) return { kind: 'due' }
  const unit: ReminderUnit = minutes % (24 * 60) === 0 ? 'days' : minutes % 60 === 0 ? 'hours' : 'minutes'
  return { kind: 'before', count: minutes / REMINDER_UNIT_MINUTES[unit], unit }
}

export function choiceToReminder(choice: ReminderChoice): number | null {
  if (choice.kind === 'none') return null
  if (choice.kind === 'due') return 0
  return Math.round(choice.count * REMINDER_UNIT_MINUTES[choice.unit])
}

/** "At due time", "15 minutes before", "1 day before", "No reminder". */
export function describeReminder(minutes: number | null): string {
  const c = reminderToChoice(minutes)
  if (c.kind === 'none') return 'No reminder'
  if (c.kind === 'due') return 'At due time'
  const unit = c.count === 1 ? c.unit.slice(0, -1) : c.unit
  return `${c.count} ${unit} before`
}

/** "every 2 weeks", "every day". */
export function describeKeepInTouch(k: KeepInTouch): string {
  return k.count === 1 ? `every ${k.unit}` : `every ${k.count} ${k.unit}s`
}
