/** How report groups read on screen (and in the exported CSV, which shows the same table). */
import { format, isValid, parseISO } from 'date-fns'

/** "2026-03" → "Mar 2026". */
export function monthLabel(month: string): string {
  const d = parseISO(`${month}-01`)
  return isValid(d) ? format(d, 'MMM yyyy') : month
}

/** "2026-Q1" → "Q1 2026". */
export function quarterLabel(quarter: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter)
  return m ? `Q${m[2]} ${m[1]}` : quarter
}

/** "2026-03-02" → "Mar 2, 2026" (the Monday the week starts on). */
export function weekLabel(weekStart: string, short = false): string {
  const d = parseISO(weekStart)
  return isValid(d) ? format(d, short ? 'MMM d' : 'MMM d, yyyy') : weekStart
}

export const ownerLabel = (owner: string) => (owner.trim() ? owner : 'No owner')
export const sourceLabel = (source: string | null) => (source && source.trim() ? source : 'No source')
