/**
 * The reminder scheduler. One timer, armed for the next pending reminder (one indexed query) but
 * never more than a minute ahead, so a laptop that slept is caught soon after it wakes (and at
 * once by wake()). fired_at is committed before a notice is shown, so nothing fires twice; what
 * came due while the app was closed fires once at start, as one summary when there are many.
 */
import type { ReminderNotice } from '../../../src-shared/model/task'
import type { Clock, Logger } from '../clock'
import type { Repository } from '../db/repository'
import type { Reader } from '../db/access'

export const MAX_ARM_MS = 60_000
/** More than this many at once become one summary notice. */
export const SUMMARY_OVER = 3
const RULES_EVERY_MS = 60 * 60 * 1000
const BATCH = 500

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface SchedulerDeps {
  q: Reader
  repo: Repository
  clock: Clock
  log: Logger
  timers?: Timers
  /** Quiet hours as "HH:MM" local times; reminders wait while inside them. */
  quietHours: () => { start: string | null; end: string | null }
  runRules: (now: number) => void
  notify: (notices: ReminderNotice[]) => void
}

interface DueRow {
  id: string
  title: string
  due_at: number
  contact_id: string | null
  deal_id: string | null
  company_id: string | null
  who: string | null
}

const PENDING = 'fired_at IS NULL AND done_at IS NULL AND deleted_at IS NULL AND remind_at IS NOT NULL'

export function minutesOfDay(ms: number): number {
  const d = new Date(ms)
  return d.getHours() * 60 + d.getMinutes()
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** Inside [start, end) in local time; a window may cross midnight (22:00–07:00). */
export function inQuietHours(now: number, start: string | null, end: string | null): boolean {
  if (!start || !end || start === end) return false
  const m = minutesOfDay(now)
  const s = toMinutes(start)
  const e = toMinutes(end)
  return s < e ? m >= s && m < e : m >= s || m < e
}

function routeOf(r: DueRow): string {
  if (r.contact_id) return `#/contacts/${r.contact_id}`
  if (r.deal_id) return `#/deals/${r.deal_id}`
  if (r.company_id) return `#/companies/${r.company_id}`
  return '#/today'
}

export function createScheduler(deps: SchedulerDeps) {
  const { q, repo, clock, log } = deps
  const timers: Timers = deps.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) }
  let handle: unknown = null
  let running = false
  let lastRules = -Infinity

  /** The next pending reminder time: one lookup on the tasks_pending_reminder index. */
  const nextDue = (): number | null => q.one<{ at: number }>(`SELECT remind_at AS at FROM tasks WHERE ${PENDING} ORDER BY remind_at LIMIT 1`)?.at ?? null

  const quiet = (now: number) => {
    const { start, end } = deps.quietHours()
    return inQuietHours(now, start, end)
  }

  /** Marks due reminders fired (committed first), then shows them; true when more may be waiting. */
  function fireDue(now: number, catchUp: boolean): boolean {
    if (quiet(now)) return false
    const due = q.all<DueRow>(
      `SELECT t.id, t.title, t.due_at, t.contact_id, t.deal_id, t.company_id,
         coalesce(nullif(trim(c.first_name || ' ' || c.last_name), ''), d.title, co.name) AS who
       FROM tasks t LEFT JOIN contacts c ON c.id = t.contact_id LEFT JOIN deals d ON d.id = t.deal_id
       LEFT JOIN companies co ON co.id = t.company_id
       WHERE t.remind_at <= ? AND t.fired_at IS NULL AND t.done_at IS NULL AND t.deleted_at IS NULL AND t.remind_at IS NOT NULL
       ORDER BY t.remind_at LIMIT ?`,
      now,
      BATCH,
    )
    if (due.length === 0) return false
    repo.write((w) => {
      for (const r of due) w.update('tasks', r.id, { firedAt: now })
    })
    const notices: ReminderNotice[] =
      due.length > SUMMARY_OVER
        ? [
            {
              taskId: null,
              title: catchUp ? `${due.length} follow-ups came due while the app was closed` : `${due.length} follow-ups are due`,
              body: due.slice(0, 3).map((r) => r.title).join(' · ') + (due.length > 3 ? ' …' : ''),
              route: '#/today',
            },
          ]
        : due.map((r) => ({ taskId: r.id, title: r.title, body: r.who ? `Follow up with ${r.who}` : 'Follow-up due', route: routeOf(r) }))
    try {
      deps.notify(notices)
    } catch (error) {
      log.error('Showing a reminder failed', error)
    }
    return due.length === BATCH
  }

  function tick(catchUp = false) {
    if (!running) return
    const now = clock.now()
    try {
      if (now - lastRules >= RULES_EVERY_MS) {
        lastRules = now
        deps.runRules(now)
      }
      while (fireDue(now, catchUp)) {
        // a batch was full: there may be more due
      }
    } catch (error) {
      log.error('The reminder scheduler failed a round; it will try again', error)
    }
    arm()
  }

  function arm() {
    if (!running) return
    if (handle !== null) timers.clearTimeout(handle)
    const next = nextDue()
    const now = clock.now()
    // A reminder already due but not fired is held by quiet hours: check again at the next minute
    // (quiet hours end on a minute) instead of re-arming at 0 ms all night long.
    const held = next !== null && next <= now && quiet(now)
    const delay = next === null ? MAX_ARM_MS : held ? MAX_ARM_MS - (now % MAX_ARM_MS) : Math.min(Math.max(next - now, 0), MAX_ARM_MS)
    handle = timers.setTimeout(() => {
      handle = null
      tick()
    }, delay)
  }

  return {
    nextDue,
    /** Catch up on what came due while closed, run the rules, arm the timer. */
    start() {
      running = true
      tick(true)
    },
    /** After sleep or unlock: check now instead of waiting for the timer. */
    wake: () => tick(),
    /** Tasks changed: the next reminder may be sooner. */
    rearm: arm,
    stop() {
      running = false
      if (handle !== null) timers.clearTimeout(handle)
      handle = null
    },
  }
}

export type Scheduler = ReturnType<typeof createScheduler>
