/**
 * The reminder scheduler on a hand-driven timer and clock: fires at the due minute and not before,
 * never arms more than a minute ahead, commits fired_at before showing, catches up once after
 * downtime or sleep, honours snooze and quiet hours, keeps local wall time across DST, and finds
 * the next reminder with one indexed query among 10,000.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { Statements } from '../../src-main/core/db/statements'
import { MAX_ARM_MS, type Timers } from '../../src-main/core/scheduler/scheduler'
import type { ReminderNotice } from '../../src-shared/model/task'
import { fakeClock, openCore, readDb, tempDir } from './helpers'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

type Clock = ReturnType<typeof fakeClock>

/** A core whose scheduler runs on a fake timer; `shown` gets what the notifier shows, `events` the reminder.due payloads. */
function openScheduled(
  options: { dataDir?: string; clock?: Clock; onNotify?: (notices: ReminderNotice[]) => void; onTimer?: (what: 'clear' | 'set') => void } = {},
) {
  let pending: { fn: () => void; ms: number } | null = null
  const armed: number[] = []
  const timers: Timers = {
    setTimeout(fn, ms) {
      pending = { fn, ms }
      armed.push(ms)
      options.onTimer?.('set')
      return 1
    },
    clearTimeout() {
      pending = null
      options.onTimer?.('clear')
    },
  }
  const shown: ReminderNotice[] = []
  const notifier = {
    notify: (notices: ReminderNotice[]) => {
      options.onNotify?.(notices)
      shown.push(...notices)
    },
  }
  const env = openCore({ dataDir: options.dataDir, clock: options.clock, timers, notifier })
  const events: ReminderNotice[][] = []
  env.core.on('reminder.due', ({ notices }) => events.push(notices))
  return {
    ...env,
    shown,
    events,
    armed,
    pending: () => pending,
    /** Runs the armed timer without moving the clock. */
    fire() {
      const p = pending
      if (!p) throw new Error('no timer armed')
      p.fn()
    },
    /** Moves the clock to when the armed timer goes off and runs it. */
    step() {
      const p = pending
      if (!p) throw new Error('no timer armed')
      env.clock.advance(p.ms)
      p.fn()
    },
  }
}
type Scheduled = ReturnType<typeof openScheduled>

/** Steps the timer until something is shown (or the clock passes `until`); returns how many steps it took. */
function stepUntilShown(env: Scheduled, until: number): number {
  const before = env.shown.length
  let steps = 0
  while (env.shown.length === before && env.clock.now() < until) {
    env.step()
    steps++
    if (steps > 10_000) throw new Error('the scheduler never fired')
  }
  return steps
}

function readFiredAt(dataDir: string, id: string): number | null {
  return readDb(dataDir, (db) => (db.prepare('SELECT fired_at FROM tasks WHERE id = ?').get(id) as { fired_at: number | null }).fired_at)
}

describe('firing on time', () => {
  test('fires at the due minute, not a millisecond before, with the title and the contact route', async () => {
    const env = openScheduled()
    const ana = await env.ok('contacts.create', { firstName: 'Ana', lastName: 'Silva' })
    const due = env.clock.now() + 30_000
    const made = await env.ok('tasks.create', { title: 'Call Ana', dueAt: due, contactId: ana.id })
    expect(env.pending()!.ms).toBe(30_000)

    env.clock.set(due - 1)
    env.fire()
    expect(env.shown).toEqual([])
    expect((await env.ok('tasks.get', { id: made.id })).firedAt).toBeNull()
    expect(env.pending()!.ms).toBe(1)

    env.step()
    const notice: ReminderNotice = { taskId: made.id, title: 'Call Ana', body: 'Follow up with Ana Silva', route: `#/contacts/${ana.id}` }
    expect(env.shown).toEqual([notice])
    expect(env.events).toEqual([[notice]])
    expect((await env.ok('tasks.get', { id: made.id })).firedAt).toBe(due)
  })

  test('deal, company and unlinked follow-ups route to the deal, the company and Today', async () => {
    const env = openScheduled()
    const deal = await env.ok('deals.create', { title: 'Big deal' })
    const acme = await env.ok('companies.create', { name: 'Acme' })
    const due = env.clock.now() + MINUTE
    const a = await env.ok('tasks.create', { title: 'A deal', dueAt: due, dealId: deal.id })
    const b = await env.ok('tasks.create', { title: 'B company', dueAt: due + 1, companyId: acme.id })
    const c = await env.ok('tasks.create', { title: 'C alone', dueAt: due + 2 })
    env.clock.set(due + 2)
    env.fire()
    expect(env.shown).toEqual([
      { taskId: a.id, title: 'A deal', body: 'Follow up with Big deal', route: `#/deals/${deal.id}` },
      { taskId: b.id, title: 'B company', body: 'Follow up with Acme', route: `#/companies/${acme.id}` },
      { taskId: c.id, title: 'C alone', body: 'Follow-up due', route: '#/today' },
    ])
  })

  test('never armed more than 60 s ahead: a reminder 2 hours away fires after 120 one-minute steps, exactly on time', async () => {
    const env = openScheduled()
    const due = env.clock.now() + 2 * HOUR
    await env.ok('tasks.create', { title: 'Later', dueAt: due })
    expect(env.pending()!.ms).toBe(MAX_ARM_MS)
    expect(MAX_ARM_MS).toBe(60_000)
    const steps = stepUntilShown(env, due + HOUR)
    expect(steps).toBe(120)
    expect(env.clock.now()).toBe(due)
    expect(env.armed.every((ms) => ms >= 0 && ms <= 60_000)).toBe(true)
    expect(env.shown.map((n) => n.title)).toEqual(['Later'])
  })

  test('a reminder minutes before: fires at due minus the reminder; none for done, deleted or reminder-less tasks', async () => {
    const env = openScheduled()
    const due = env.clock.now() + HOUR
    const early = await env.ok('tasks.create', { title: 'Early', dueAt: due, reminderMinutesBefore: 15 })
    await env.ok('tasks.create', { title: 'Silent', dueAt: due - 20 * MINUTE, reminderMinutesBefore: null })
    const done = await env.ok('tasks.create', { title: 'Done', dueAt: due - 30 * MINUTE })
    await env.ok('tasks.complete', { id: done.id })
    const gone = await env.ok('tasks.create', { title: 'Gone', dueAt: due - 30 * MINUTE })
    await env.ok('tasks.delete', { ids: [gone.id] })
    stepUntilShown(env, due + HOUR)
    expect(env.clock.now()).toBe(due - 15 * MINUTE)
    expect(env.shown.map((n) => n.taskId)).toEqual([early.id])
    stepUntilShown(env, due + DAY)
    expect(env.shown.map((n) => n.taskId)).toEqual([early.id])
  })

  test('fired_at is committed before notify is called, and a second tick does not fire again', async () => {
    const seen: (number | null)[] = []
    let dataDir = ''
    let id = ''
    const env = openScheduled({ dataDir: (dataDir = tempDir()), onNotify: () => seen.push(readFiredAt(dataDir, id)) })
    const due = env.clock.now() + 10 * MINUTE
    id = (await env.ok('tasks.create', { title: 'Commit first', dueAt: due })).id
    stepUntilShown(env, due + HOUR)
    expect(seen).toEqual([due])
    env.step()
    env.core.wake()
    env.clock.advance(HOUR)
    env.core.wake()
    env.step()
    expect(env.shown).toHaveLength(1)
    expect(seen).toEqual([due])
  })
})

describe('catching up', () => {
  test('two reminders missed while closed fire once each at the next start, and never again', async () => {
    const dataDir = tempDir()
    const clock = fakeClock()
    const closed = openCore({ dataDir, clock, scheduler: false })
    const a = await closed.ok('tasks.create', { title: 'Missed A', dueAt: clock.now() + HOUR })
    const b = await closed.ok('tasks.create', { title: 'Missed B', dueAt: clock.now() + 2 * HOUR })
    closed.core.close()

    clock.advance(DAY)
    const env = openScheduled({ dataDir, clock })
    expect(env.shown.map((n) => [n.taskId, n.title])).toEqual([
      [a.id, 'Missed A'],
      [b.id, 'Missed B'],
    ])
    // (core.on cannot see these: the catch-up runs inside createCore, before anyone can subscribe)
    env.core.wake()
    env.step()
    expect(env.shown).toHaveLength(2)
    env.core.close()

    const again = openScheduled({ dataDir, clock })
    again.core.wake()
    expect(again.shown).toEqual([])
  })

  test('seven missed → ONE summary notice to Today; re-opening again fires nothing', async () => {
    const dataDir = tempDir()
    const clock = fakeClock()
    const closed = openCore({ dataDir, clock, scheduler: false })
    const made = []
    for (let i = 1; i <= 7; i++) made.push(await closed.ok('tasks.create', { title: `Missed ${i}`, dueAt: clock.now() + i * MINUTE }))
    closed.core.close()

    clock.advance(DAY)
    const env = openScheduled({ dataDir, clock })
    expect(env.shown).toEqual([
      { taskId: null, title: '7 follow-ups came due while the app was closed', body: 'Missed 1 · Missed 2 · Missed 3 …', route: '#/today' },
    ])
    for (const t of made) expect((await env.ok('tasks.get', { id: t.id })).firedAt).toBe(clock.now())
    env.core.close()

    clock.advance(HOUR)
    const again = openScheduled({ dataDir, clock })
    again.step()
    again.core.wake()
    expect(again.shown).toEqual([])
  })

  test('sleep then resume: a reminder that came due while asleep fires once on wake()', async () => {
    const env = openScheduled()
    const due = env.clock.now() + 10 * MINUTE
    const made = await env.ok('tasks.create', { title: 'While asleep', dueAt: due })
    env.clock.advance(3 * HOUR) // asleep: the timer did not run
    expect(env.shown).toEqual([])
    env.core.wake()
    expect(env.shown.map((n) => n.taskId)).toEqual([made.id])
    expect((await env.ok('tasks.get', { id: made.id })).firedAt).toBe(env.clock.now())
    env.core.wake()
    env.step()
    expect(env.shown).toHaveLength(1)
  })

  test('a snoozed reminder goes off again at the new time', async () => {
    const env = openScheduled()
    const due = env.clock.now() + 5 * MINUTE
    const made = await env.ok('tasks.create', { title: 'Snooze me', dueAt: due })
    stepUntilShown(env, due + HOUR)
    expect(env.clock.now()).toBe(due)
    const until = due + 10 * MINUTE
    await env.ok('tasks.snooze', { id: made.id, until })
    const steps = stepUntilShown(env, until + HOUR)
    expect(steps).toBe(10)
    expect(env.clock.now()).toBe(until)
    expect(env.shown.map((n) => n.taskId)).toEqual([made.id, made.id])
    expect((await env.ok('tasks.get', { id: made.id })).firedAt).toBe(until)
  })

  test('an earlier reminder created while armed re-arms the timer for it', async () => {
    const env = openScheduled()
    await env.ok('tasks.create', { title: 'Far', dueAt: env.clock.now() + DAY })
    expect(env.pending()!.ms).toBe(MAX_ARM_MS)
    await env.ok('tasks.create', { title: 'Soon', dueAt: env.clock.now() + 5_000 })
    expect(env.pending()!.ms).toBe(5_000)
    env.step()
    expect(env.shown.map((n) => n.title)).toEqual(['Soon'])
  })
})

describe('quiet hours 22:00–07:00', () => {
  test('a reminder at 23:00 waits without a busy loop and fires at the first tick at 07:00', async () => {
    const clock = fakeClock(new Date(2026, 0, 15, 21, 0).getTime())
    const env = openScheduled({ clock })
    const settings = await env.ok('settings.update', { quietHoursStart: '22:00', quietHoursEnd: '07:00' })
    expect(settings).toMatchObject({ quietHoursStart: '22:00', quietHoursEnd: '07:00' })
    const at23 = new Date(2026, 0, 15, 23, 0).getTime()
    const at7 = new Date(2026, 0, 16, 7, 0).getTime()
    const made = await env.ok('tasks.create', { title: 'Late call', dueAt: at23 })

    stepUntilShown(env, at23)
    expect(env.clock.now()).toBe(at23)
    expect(env.shown).toEqual([])
    // Held by quiet hours: the timer waits (it is not re-armed at 0 ms over and over all night).
    expect(env.pending()!.ms).toBeGreaterThan(0)
    expect(env.pending()!.ms).toBeLessThanOrEqual(MAX_ARM_MS)

    stepUntilShown(env, at7 + HOUR)
    expect(env.clock.now()).toBe(at7)
    expect(env.shown.map((n) => n.taskId)).toEqual([made.id])
    expect((await env.ok('tasks.get', { id: made.id })).firedAt).toBe(at7)
  })

  test('wake() inside quiet hours shows nothing; outside them, a daytime window does not hold evening reminders', async () => {
    const clock = fakeClock(new Date(2026, 0, 15, 21, 30).getTime())
    const env = openScheduled({ clock })
    await env.ok('settings.update', { quietHoursStart: '22:00', quietHoursEnd: '07:00' })
    await env.ok('tasks.create', { title: 'Night', dueAt: new Date(2026, 0, 15, 22, 30).getTime() })
    clock.set(new Date(2026, 0, 16, 6, 59).getTime())
    env.core.wake()
    expect(env.shown).toEqual([])
    clock.set(new Date(2026, 0, 16, 7, 0).getTime())
    env.core.wake()
    expect(env.shown.map((n) => n.title)).toEqual(['Night'])

    // quiet hours switched off: an evening reminder fires at once
    await env.ok('settings.update', { quietHoursStart: null, quietHoursEnd: null })
    await env.ok('tasks.create', { title: 'Evening', dueAt: new Date(2026, 0, 16, 23, 0).getTime() })
    clock.set(new Date(2026, 0, 16, 23, 0).getTime())
    env.core.wake()
    expect(env.shown.map((n) => n.title)).toEqual(['Night', 'Evening'])
  })
})

describe('daylight saving time (Europe/Berlin, last Sunday of March 2026)', () => {
  const savedTz = process.env.TZ
  beforeAll(() => {
    process.env.TZ = 'Europe/Berlin'
  })
  afterAll(() => {
    if (savedTz === undefined) delete process.env.TZ
    else process.env.TZ = savedTz
  })

  test('the time zone really is Berlin for these tests', () => {
    expect(new Date(Date.UTC(2026, 2, 28, 12)).getTimezoneOffset()).toBe(-60)
    expect(new Date(Date.UTC(2026, 2, 29, 12)).getTimezoneOffset()).toBe(-120)
  })

  test('keep in touch every 1 day across the switch stays at 09:00 local time, and its reminder fires then', async () => {
    const clock = fakeClock(Date.UTC(2026, 2, 27, 12, 0)) // Fri 13:00 CET
    const env = openScheduled({ clock })
    const ana = await env.ok('contacts.create', { firstName: 'Ana', lastName: 'Silva' })
    await env.ok('activities.create', { type: 'call', contactId: ana.id })
    await env.ok('contacts.keepInTouch', { contactId: ana.id, every: { count: 1, unit: 'day' } })
    const openKeep = async () => (await env.ok('tasks.list', { contactId: ana.id, done: false })).items.filter((t) => t.keepInTouch)
    const [saturday] = await openKeep()
    expect(saturday.dueAt).toBe(Date.UTC(2026, 2, 28, 8, 0)) // Sat 09:00 CET (UTC+1)

    clock.set(Date.UTC(2026, 2, 28, 9, 0)) // Sat 10:00 CET
    await env.ok('activities.create', { type: 'call', contactId: ana.id })
    const [sunday] = await openKeep()
    expect(sunday.id).toBe(saturday.id)
    expect(sunday.dueAt).toBe(Date.UTC(2026, 2, 29, 7, 0)) // Sun 09:00 CEST (UTC+2)
    expect(sunday.dueAt - saturday.dueAt).toBe(23 * HOUR)
    expect(new Date(sunday.dueAt).getHours()).toBe(9)

    // completing it on Sunday schedules Monday 09:00 CEST
    clock.set(Date.UTC(2026, 2, 29, 7, 30))
    await env.ok('activities.create', { type: 'call', contactId: ana.id })
    const { next } = await env.ok('tasks.complete', { id: sunday.id })
    expect(next!.dueAt).toBe(Date.UTC(2026, 2, 30, 7, 0))

    // and its reminder goes off at that absolute instant
    env.shown.length = 0
    stepUntilShown(env, next!.dueAt + DAY)
    expect(env.clock.now()).toBe(Date.UTC(2026, 2, 30, 7, 0))
    expect(env.shown.map((n) => n.taskId)).toEqual([next!.id])
  })

  test('a reminder at an absolute time across the switch fires at exactly that millisecond', async () => {
    const clock = fakeClock(Date.UTC(2026, 2, 28, 23, 0)) // Sun 00:00 CET
    const env = openScheduled({ clock })
    const due = Date.UTC(2026, 2, 29, 1, 30) // Sun 03:30 CEST: only 2.5 hours later
    expect(new Date(due).getHours()).toBe(3)
    const made = await env.ok('tasks.create', { title: 'Across the switch', dueAt: due })
    const steps = stepUntilShown(env, due + DAY)
    expect(env.clock.now()).toBe(due)
    expect(steps).toBe(150)
    expect(env.shown.map((n) => n.taskId)).toEqual([made.id])
  })
})

describe('10,000 pending reminders', () => {
  test('the next-due lookup uses the tasks_pending_reminder index (no scan), arming is one query, one reminder fires per due time', async () => {
    const dataDir = tempDir()
    const clock = fakeClock()
    const setup = openCore({ dataDir, clock, scheduler: false })
    const first = clock.now() + HOUR
    for (let i = 0; i < 10_000; i++) {
      await setup.ok('tasks.create', { title: `Reminder ${i}`, dueAt: first + i * MINUTE })
    }
    setup.core.close()

    // Record every query during one wake, and where the timer was cleared and armed.
    const log: ({ sql: string; params: unknown[] } | 'clear' | 'set')[] = []
    const env = openScheduled({ dataDir, clock, onTimer: (what) => log.push(what) })
    expect(env.shown).toEqual([])
    expect(env.pending()!.ms).toBe(MAX_ARM_MS)
    log.length = 0

    const one = vi.spyOn(Statements.prototype, 'one')
    const all = vi.spyOn(Statements.prototype, 'all')
    one.mockImplementation(function (this: Statements, sql: string, ...params: unknown[]) {
      log.push({ sql, params })
      return this.get(sql).get(...params)
    })
    all.mockImplementation(function (this: Statements, sql: string, ...params: unknown[]) {
      log.push({ sql, params })
      return this.get(sql).all(...params)
    })
    const pending = env.pending()!
    const originalArm = env.armed.length
    try {
      env.core.wake()
    } finally {
      one.mockRestore()
      all.mockRestore()
    }
    expect(env.armed.length).toBe(originalArm + 1)
    expect(env.pending()).not.toBe(pending)
    // arming = the queries between the timer being cleared and armed again: exactly one
    const cleared = log.lastIndexOf('clear')
    const set = log.lastIndexOf('set')
    expect(cleared).toBeGreaterThanOrEqual(0)
    expect(set).toBeGreaterThan(cleared)
    const arming = log.slice(cleared + 1, set)
    expect(arming).toHaveLength(1)
    const nextDueQuery = arming[0] as { sql: string; params: unknown[] }
    // the whole wake touches tasks twice: the due reminders, then the next one
    const queries = log.filter((e): e is { sql: string; params: unknown[] } => typeof e === 'object')
    const taskQueries = queries.filter((e) => /\btasks\b/.test(e.sql))
    expect(taskQueries).toHaveLength(2)
    expect(taskQueries[1]).toBe(nextDueQuery)

    const db = new Database(join(dataDir, 'crm.db'), { readonly: true, fileMustExist: true })
    try {
      for (const { sql, params } of taskQueries) {
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail)
        expect(plan.join(' | '), sql).toContain('tasks_pending_reminder')
        expect(plan.filter((d) => /^SCAN (t|tasks)\b/.test(d)), sql).toEqual([])
      }
      // the next-due query finds the earliest pending reminder
      expect(db.prepare(nextDueQuery.sql).get(...nextDueQuery.params)).toEqual({ at: first })
    } finally {
      db.close()
    }

    // one reminder per due time: the first fires alone, then the second one a minute later
    stepUntilShown(env, first + HOUR)
    expect(env.clock.now()).toBe(first)
    expect(env.shown.map((n) => n.title)).toEqual(['Reminder 0'])
    stepUntilShown(env, first + HOUR)
    expect(env.clock.now()).toBe(first + MINUTE)
    expect(env.shown.map((n) => n.title)).toEqual(['Reminder 0', 'Reminder 1'])
  }, 120_000)
})
