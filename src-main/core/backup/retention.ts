/**
 * Which automatic backups to keep: the newest of each of the 7 most recent days that have one,
 * then, among the rest, the newest of each of the 4 most recent calendar weeks (Monday to Sunday)
 * that have one. Computed only from the dates in the file names, so it needs no state. Weeks are
 * fixed calendar buckets, so pruning every day gives the same result as pruning once at the end:
 * the backup kept for a week is always the last of that week to leave the daily window.
 */
export const KEEP_DAILY = 7
export const KEEP_WEEKLY = 4

export interface Dated {
  fileName: string
  createdAt: number
}

/** A local calendar day as a number (days since 1970-01-01 of the local date), DST-proof. */
export function localDay(ms: number): number {
  const d = new Date(ms)
  return Math.round(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 86_400_000)
}

/** A Monday-to-Sunday week as a number (1970-01-01 was a Thursday). */
export function localWeek(ms: number): number {
  return Math.floor((localDay(ms) + 3) / 7)
}

export function planRetention<T extends Dated>(backups: readonly T[], keepDaily = KEEP_DAILY, keepWeekly = KEEP_WEEKLY): { keep: T[]; remove: T[] } {
  const newestFirst = [...backups].sort((a, b) => b.createdAt - a.createdAt) // stable: callers pass them newest first
  const keep: T[] = []
  const remove: T[] = []
  const days = new Set<number>()
  const weeks = new Set<number>()
  for (const backup of newestFirst) {
    const day = localDay(backup.createdAt)
    const week = localWeek(backup.createdAt)
    if (days.size < keepDaily && !days.has(day)) {
      days.add(day)
      keep.push(backup)
    } else if (!days.has(day) && !weeks.has(week) && weeks.size < keepWeekly) {
      weeks.add(week)
      keep.push(backup)
    } else {
      remove.push(backup) // an older one of a day or week already kept, or beyond the weeks kept
    }
  }
  return { keep, remove }
}
