/** Follow-ups: create, links, validation, update, complete / reopen, snooze, delete, lists, Today, keep in touch. */
import { describe, expect, test } from 'vitest'
import type { Timers } from '../../src-main/core/scheduler/scheduler'
import type { ReminderNotice, Task } from '../../src-shared/model/task'
import { openCore, readDb } from './helpers'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000'

type Env = ReturnType<typeof openCore>

/** A core without the reminder scheduler: nothing fires behind the test's back. */
const openQuiet = () => openCore({ scheduler: false })

/** A core whose scheduler runs on a hand-driven timer, for tests that need a reminder to have fired. */
function openWithTimer() {
  let pending: { fn: () => void; ms: number } | null = null
  const shown: ReminderNotice[] = []
  const timers: Timers = {
    setTimeout(fn, ms) {
      pending = { fn, ms }
      return 1
    },
    clearTimeout() {
      pending = null
    },
  }
  const env = openCore({ timers, notifier: { notify: (notices) => shown.push(...notices) } })
  /** Advances the clock to the armed timer and runs it. */
  const step = () => {
    const p = pending!
    env.clock.advance(p.ms)
    p.fn()
  }
  return { ...env, shown, step }
}

const problemPath = (error: { details?: unknown }) => (error.details as { problems: { path: string }[] }).problems[0].path
const titles = (items: { title: string }[]) => items.map((i) => i.title)
const ids = (items: { id: string }[]) => items.map((i) => i.id)

function taskLog(dataDir: string): number {
  return readDb(dataDir, (db) => (db.prepare("SELECT count(*) AS n FROM change_log WHERE table_name = 'tasks'").get() as { n: number }).n)
}

/** 09:00 local time, `days` calendar days after the local date of `ms` (how keep in touch schedules). */
function nineAm(ms: number, days: number): number {
  const d = new Date(ms)
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + days, 9, 0, 0, 0).getTime()
}

async function task(env: Env, title: string, extra: Record<string, unknown> = {}): Promise<Task> {
  return env.ok('tasks.create', { title, dueAt: env.clock.now() + DAY, ...extra })
}

describe('tasks.create', () => {
  test('defaults: normal priority, no links, reminder at the due time (remindAt = dueAt)', async () => {
    const env = openQuiet()
    const now = env.clock.now()
    const dueAt = now + 2 * DAY
    const made = await env.ok('tasks.create', { title: '  Send the quote ', dueAt })
    const expected: Task = {
      id: made.id,
      title: 'Send the quote',
      dueAt,
      reminderMinutesBefore: 0,
      remindAt: dueAt,
      firedAt: null,
      priority: 'normal',
      doneAt: null,
      contactId: null,
      contactName: null,
      dealId: null,
      dealTitle: null,
      companyId: null,
      companyName: null,
      notes: '',
      keepInTouch: false,
      createdByRule: null,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    }
    expect(made).toEqual(expected)
    expect(await env.ok('tasks.get', { id: made.id })).toEqual(expected)
  })

  test('reminderMinutesBefore 15 → remindAt 15 minutes before due; null → no reminder', async () => {
    const env = openQuiet()
    const dueAt = env.clock.now() + DAY
    const early = await env.ok('tasks.create', { title: 'Early', dueAt, reminderMinutesBefore: 15, priority: 'high', notes: 'Bring the contract' })
    expect(early).toMatchObject({ dueAt, reminderMinutesBefore: 15, remindAt: dueAt - 15 * MINUTE, priority: 'high', notes: 'Bring the contract' })
    const silent = await env.ok('tasks.create', { title: 'Silent', dueAt, reminderMinutesBefore: null })
    expect(silent).toMatchObject({ dueAt, reminderMinutesBefore: null, remindAt: null })
  })

  test('links to a contact, a deal and a company come back with their names', async () => {
    const env = openQuiet()
    const ana = await env.ok('contacts.create', { firstName: 'Ana', lastName: 'Silva' })
    const acme = await env.ok('companies.create', { name: 'Acme' })
    const deal = await env.ok('deals.create', { title: 'Website redesign' })
    const made = await task(env, 'Call about the redesign', { contactId: ana.id, dealId: deal.id, companyId: acme.id })
    expect(made).toMatchObject({
      contactId: ana.id,
      contactName: 'Ana Silva',
      dealId: deal.id,
      dealTitle: 'Website redesign',
      companyId: acme.id,
      companyName: 'Acme',
    })
    expect(await env.ok('tasks.get', { id: made.id })).toEqual(made)
  })
})

describe('validation: bad follow-ups write nothing', () => {
  test('missing title or due time, bad reminder or priority → VALIDATION on the field', async () => {
    const env = openQuiet()
    const dueAt = env.clock.now() + DAY
    const cases: [Record<string, unknown>, string][] = [
      [{ dueAt }, 'title'],
      [{ title: '', dueAt }, 'title'],
      [{ title: 'No due' }, 'dueAt'],
      [{ title: 'Negative', dueAt, reminderMinutesBefore: -5 }, 'reminderMinutesBefore'],
      [{ title: 'Fraction', dueAt, reminderMinutesBefore: 1.5 }, 'reminderMinutesBefore'],
      [{ title: 'Too early', dueAt, reminderMinutesBefore: 30 * 24 * 60 + 1 }, 'reminderMinutesBefore'],
      [{ title: 'Priority', dueAt, priority: 'urgent' }, 'priority'],
      [{ title: 'Extra', dueAt, colour: 'red' }, ''],
    ]
    for (const [input, path] of cases) {
      const error = await env.err('tasks.create', input)
      expect(error.code, JSON.stringify(input)).toBe('VALIDATION')
      if (path) expect(problemPath(error), JSON.stringify(input)).toBe(path)
    }
    expect((await env.ok('tasks.list', {})).total).toBe(0)
    expect(taskLog(env.dataDir)).toBe(0)
  })

  test('an unknown or deleted contact, deal or company → NOT_FOUND, nothing written', async () => {
    const env = openQuiet()
    const gone = await env.ok('contacts.create', { firstName: 'Gone' })
    await env.ok('contacts.delete', { ids: [gone.id] })
    for (const link of [{ contactId: UNKNOWN_ID }, { contactId: gone.id }, { dealId: UNKNOWN_ID }, { companyId: UNKNOWN_ID }]) {
      const error = await env.err('tasks.create', { title: 'Linked', dueAt: env.clock.now(), ...link })
      expect(error.code, JSON.stringify(link)).toBe('NOT_FOUND')
    }
    expect((await env.ok('tasks.list', {})).total).toBe(0)
    expect(taskLog(env.dataDir)).toBe(0)
  })

  test('update refuses an empty title, a negative reminder or an unknown contact and changes nothing', async () => {
    const env = openQuiet()
    const made = await task(env, 'Keep me')
    const before = taskLog(env.dataDir)
    expect((await env.err('tasks.update', { id: made.id, patch: { title: '' } })).code).toBe('VALIDATION')
    expect((await env.err('tasks.update', { id: made.id, patch: { reminderMinutesBefore: -1 } })).code).toBe('VALIDATION')
    expect((await env.err('tasks.update', { id: made.id, patch: { contactId: UNKNOWN_ID, title: 'Changed' } })).code).toBe('NOT_FOUND')
    expect((await env.err('tasks.update', { id: UNKNOWN_ID, patch: { title: 'Nobody' } })).code).toBe('NOT_FOUND')
    expect(await env.ok('tasks.get', { id: made.id })).toEqual(made)
    expect(taskLog(env.dataDir)).toBe(before)
  })
})

describe('tasks.update', () => {
  test('a new due time or reminder recomputes remindAt and clears firedAt; other edits keep both', async () => {
    const env = openWithTimer()
    const dueAt = env.clock.now() + 10 * MINUTE
    const made = await env.ok('tasks.create', { title: 'Call back', dueAt, reminderMinutesBefore: 5 })
    while (env.shown.length === 0) env.step()
    expect(env.clock.now()).toBe(dueAt - 5 * MINUTE)
    const fired = await env.ok('tasks.get', { id: made.id })
    expect(fired.firedAt).toBe(dueAt - 5 * MINUTE)

    // a title or notes edit keeps the reminder as it is
    const renamed = await env.ok('tasks.update', { id: made.id, patch: { title: 'Call back Ana', notes: 'About the invoice' } })
    expect(renamed).toMatchObject({ title: 'Call back Ana', notes: 'About the invoice', remindAt: dueAt - 5 * MINUTE, firedAt: dueAt - 5 * MINUTE })

    // a later due time: remindAt follows with the same minutes, and the reminder will go off again
    const later = dueAt + DAY
    const moved = await env.ok('tasks.update', { id: made.id, patch: { dueAt: later } })
    expect(moved).toMatchObject({ dueAt: later, reminderMinutesBefore: 5, remindAt: later - 5 * MINUTE, firedAt: null })

    // a different reminder on the same due time
    const hourBefore = await env.ok('tasks.update', { id: made.id, patch: { reminderMinutesBefore: 60 } })
    expect(hourBefore).toMatchObject({ dueAt: later, reminderMinutesBefore: 60, remindAt: later - HOUR, firedAt: null })

    // no reminder at all
    const none = await env.ok('tasks.update', { id: made.id, patch: { reminderMinutesBefore: null } })
    expect(none).toMatchObject({ reminderMinutesBefore: null, remindAt: null, firedAt: null })

    // back to "at the due time"
    const atDue = await env.ok('tasks.update', { id: made.id, patch: { reminderMinutesBefore: 0 } })
    expect(atDue).toMatchObject({ reminderMinutesBefore: 0, remindAt: later })
  })

  test('links can be set and cleared; updatedAt follows the clock', async () => {
    const env = openQuiet()
    const ana = await env.ok('contacts.create', { firstName: 'Ana', lastName: 'Silva' })
    const made = await task(env, 'Linked later')
    env.clock.advance(MINUTE)
    const linked = await env.ok('tasks.update', { id: made.id, patch: { contactId: ana.id, priority: 'low' } })
    expect(linked).toMatchObject({ contactId: ana.id, contactName: 'Ana Silva', priority: 'low', updatedAt: made.createdAt + MINUTE })
    const cleared = await env.ok('tasks.update', { id: made.id, patch: { contactId: null } })
    expect(cleared).toMatchObject({ contactId: null, contactName: null })
  })
})

describe('complete and reopen', () => {
  test('complete sets doneAt to now (a second complete keeps it); reopen clears it', async () => {
    const env = openQuiet()
    const made = await task(env, 'Finish me')
    env.clock.advance(HOUR)
    const doneAt = env.clock.now()
    const done = await env.ok('tasks.complete', { id: made.id })
    expect(done).toEqual({ task: { ...made, doneAt, updatedAt: doneAt }, next: null })
    env.clock.advance(HOUR)
    expect((await env.ok('tasks.complete', { id: made.id })).task.doneAt).toBe(doneAt)
    const reopened = await env.ok('tasks.reopen', { id: made.id })
    expect(reopened).toMatchObject({ doneAt: null, updatedAt: env.clock.now() })
    expect((await env.err('tasks.complete', { id: UNKNOWN_ID })).code).toBe('NOT_FOUND')
    expect((await env.err('tasks.reopen', { id: UNKNOWN_ID })).code).toBe('NOT_FOUND')
  })
})

describe('tasks.snooze', () => {
  test('sets remindAt to the new time and clears firedAt', async () => {
    const env = openWithTimer()
    const made = await env.ok('tasks.create', { title: 'Snooze me', dueAt: env.clock.now() + MINUTE })
    while (env.shown.length === 0) env.step()
    expect((await env.ok('tasks.get', { id: made.id })).firedAt).toBe(made.dueAt)
    const until = env.clock.now() + 30 * MINUTE
    const snoozed = await env.ok('tasks.snooze', { id: made.id, until })
    expect(snoozed).toMatchObject({ dueAt: made.dueAt, remindAt: until, firedAt: null, doneAt: null })
  })

  test('until now or in the past → VALIDATION on until; a done task → CONFLICT; unknown → NOT_FOUND; nothing changes', async () => {
    const env = openQuiet()
    const made = await task(env, 'Not now')
    const now = env.clock.now()
    for (const until of [now, now - MINUTE]) {
      const error = await env.err('tasks.snooze', { id: made.id, until })
      expect(error.code).toBe('VALIDATION')
      expect(problemPath(error)).toBe('until')
    }
    expect(await env.ok('tasks.get', { id: made.id })).toEqual(made)
    const { task: done } = await env.ok('tasks.complete', { id: made.id })
    expect((await env.err('tasks.snooze', { id: made.id, until: now + HOUR })).code).toBe('CONFLICT')
    expect(await env.ok('tasks.get', { id: made.id })).toEqual(done)
    expect((await env.err('tasks.snooze', { id: UNKNOWN_ID, until: now + HOUR })).code).toBe('NOT_FOUND')
  })
})

describe('delete and restore', () => {
  test('a deleted follow-up is gone from get, list and Today; restore brings it back as it was', async () => {
    const env = openQuiet()
    const keep = await task(env, 'Keep')
    const drop = await task(env, 'Drop')
    const window = { dayStart: env.clock.now(), dayEnd: env.clock.now() + 2 * DAY }
    expect(await env.ok('tasks.delete', { ids: [drop.id] })).toEqual({ count: 1 })
    expect((await env.err('tasks.get', { id: drop.id })).code).toBe('NOT_FOUND')
    expect(titles((await env.ok('tasks.list', {})).items)).toEqual(['Keep'])
    expect(titles((await env.ok('tasks.today', window)).today)).toEqual(['Keep'])
    expect((await env.err('tasks.complete', { id: drop.id })).code).toBe('NOT_FOUND')
    expect(await env.ok('tasks.delete', { ids: [drop.id] })).toEqual({ count: 0 })
    expect(await env.ok('tasks.restore', { ids: [drop.id] })).toEqual({ count: 1 })
    expect(await env.ok('tasks.get', { id: drop.id })).toMatchObject({ title: 'Drop', deletedAt: null, dueAt: drop.dueAt, remindAt: drop.remindAt })
    expect((await env.ok('tasks.list', {})).total).toBe(2)
    // an unknown id among known ones: NOT_FOUND and nothing deleted
    expect((await env.err('tasks.delete', { ids: [keep.id, UNKNOWN_ID] })).code).toBe('NOT_FOUND')
    expect((await env.ok('tasks.list', {})).total).toBe(2)
  })
})

describe('tasks.list', () => {
  test('filters by contact, deal, company and done; ordered by due time; paged with the filtered total', async () => {
    const env = openQuiet()
    const now = env.clock.now()
    const ana = await env.ok('contacts.create', { firstName: 'Ana', lastName: 'Silva' })
    const bo = await env.ok('contacts.create', { firstName: 'Bo' })
    const acme = await env.ok('companies.create', { name: 'Acme' })
    const deal = await env.ok('deals.create', { title: 'Big deal' })
    const c = await env.ok('tasks.create', { title: 'C', dueAt: now + 3 * DAY, contactId: ana.id })
    await env.ok('tasks.create', { title: 'A', dueAt: now + 1 * DAY, contactId: ana.id, dealId: deal.id })
    await env.ok('tasks.create', { title: 'B', dueAt: now + 2 * DAY, contactId: bo.id, companyId: acme.id })
    await env.ok('tasks.create', { title: 'D', dueAt: now - DAY, companyId: acme.id })
    const gone = await env.ok('tasks.create', { title: 'Deleted', dueAt: now, contactId: ana.id })
    await env.ok('tasks.delete', { ids: [gone.id] })
    await env.ok('tasks.complete', { id: c.id })

    const list = async (filter: Record<string, unknown>) => {
      const page = await env.ok('tasks.list', filter)
      return { titles: titles(page.items), total: page.total }
    }
    expect(await list({})).toEqual({ titles: ['D', 'A', 'B', 'C'], total: 4 })
    expect(await list({ contactId: ana.id })).toEqual({ titles: ['A', 'C'], total: 2 })
    expect(await list({ dealId: deal.id })).toEqual({ titles: ['A'], total: 1 })
    expect(await list({ companyId: acme.id })).toEqual({ titles: ['D', 'B'], total: 2 })
    expect(await list({ done: false })).toEqual({ titles: ['D', 'A', 'B'], total: 3 })
    expect(await list({ done: true })).toEqual({ titles: ['C'], total: 1 })
    expect(await list({ contactId: ana.id, done: false })).toEqual({ titles: ['A'], total: 1 })
    expect(await list({ limit: 2, offset: 1 })).toEqual({ titles: ['A', 'B'], total: 4 })
  })
})

describe('tasks.today and tasks.counts', () => {
  test('overdue, today and upcoming for the given [dayStart, dayEnd); done and deleted left out; counts not limited', async () => {
    const env = openQuiet()
    const dayStart = Date.UTC(2026, 0, 15, 0, 0)
    const dayEnd = dayStart + DAY
    const at = async (title: string, dueAt: number) => env.ok('tasks.create', { title, dueAt })
    await at('Overdue late', dayStart - 1)
    await at('Overdue early', dayStart - 3 * DAY)
    await at('Today start', dayStart)
    await at('Today last ms', dayEnd - 1)
    await at('Today noon', dayStart + 12 * HOUR)
    await at('Tomorrow start', dayEnd)
    await at('Next week', dayEnd + 6 * DAY)
    await at('Next month', dayEnd + 30 * DAY)
    const done = await at('Done today', dayStart + HOUR)
    await env.ok('tasks.complete', { id: done.id })
    const deleted = await at('Deleted overdue', dayStart - HOUR)
    await env.ok('tasks.delete', { ids: [deleted.id] })

    const today = await env.ok('tasks.today', { dayStart, dayEnd })
    expect(titles(today.overdue)).toEqual(['Overdue early', 'Overdue late'])
    expect(titles(today.today)).toEqual(['Today start', 'Today noon', 'Today last ms'])
    expect(titles(today.upcoming)).toEqual(['Tomorrow start', 'Next week', 'Next month'])
    expect(today.counts).toEqual({ overdue: 2, today: 3, upcoming: 3 })

    const limited = await env.ok('tasks.today', { dayStart, dayEnd, upcomingLimit: 1 })
    expect(titles(limited.upcoming)).toEqual(['Tomorrow start'])
    expect(limited.counts.upcoming).toBe(3)

    expect(await env.ok('tasks.counts', { dayStart, dayEnd })).toEqual({ overdue: 2, today: 3 })
    // the next day: yesterday's tasks are overdue now
    expect(await env.ok('tasks.counts', { dayStart: dayEnd, dayEnd: dayEnd + DAY })).toEqual({ overdue: 5, today: 1 })

    const bad = await env.err('tasks.today', { dayStart, dayEnd: dayStart })
    expect(bad.code).toBe('VALIDATION')
    expect(problemPath(bad)).toBe('dayEnd')
    expect((await env.err('tasks.counts', { dayStart })).code).toBe('VALIDATION')
  })
})

describe('contacts.keepInTouch', () => {
  const openKeepTasks = async (env: Env, contactId: string) =>
    (await env.ok('tasks.list', { contactId, done: false })).items.filter((t) => t.keepInTouch)

  test('every 2 weeks: one open follow-up due 2 weeks after the last call at 09:00 local; the contact shows the setting', async () => {
    const env = openQuiet()
    const ana = await env.ok('contacts.create', { firstName: 'Ana', lastName: 'Silva' })
    const callAt = env.clock.now() - 3 * DAY
    await env.ok('activities.create', { type: 'call', contactId: ana.id, occurredAt: callAt })
    const contact = await env.ok('contacts.keepInTouch', { contactId: ana.id, every: { count: 2, unit: 'week' } })
    expect(contact.keepInTouch).toEqual({ count: 2, unit: 'week' })
    expect((await env.ok('contacts.get', { id: ana.id })).keepInTouch).toEqual({ count: 2, unit: 'week' })

    const open = await openKeepTasks(env, ana.id)
    expect(open).toHaveLength(1)
    const due = nineAm(callAt, 14)
    expect(open[0]).toMatchObject({
      title: 'Keep in touch with Ana Silva',
      dueAt: due,
      remindAt: due,
      reminderMinutesBefore: 0,
      keepInTouch: true,
      contactId: ana.id,
      contactName: 'Ana Silva',
      createdByRule: null,
      doneAt: null,
    })
    expect(new Date(due).getHours()).toBe(9)
    expect(new Date(due).getMinutes()).toBe(0)

    // asking again does not make a second one
    await env.ok('contacts.keepInTouch', { contactId: ana.id, every: { count: 2, unit: 'week' } })
    expect(ids(await openKeepTasks(env, ana.id))).toEqual([open[0].id])
  })

  test('never contacted: due 2 weeks after now; a new interval reschedules the same follow-up', async () => {
    const env = openQuiet()
    const bo = await env.ok('contacts.create', { firstName: 'Bo' })
    await env.ok('contacts.keepInTouch', { contactId: bo.id, every: { count: 2, unit: 'week' } })
    const [first] = await openKeepTasks(env, bo.id)
    expect(first.dueAt).toBe(nineAm(env.clock.now(), 14))
    await env.ok('contacts.keepInTouch', { contactId: bo.id, every: { count: 3, unit: 'day' } })
    const open = await openKeepTasks(env, bo.id)
    expect(open).toHaveLength(1)
    expect(open[0]).toMatchObject({ id: first.id, dueAt: nineAm(env.clock.now(), 3), remindAt: nineAm(env.clock.now(), 3) })
    await env.ok('contacts.keepInTouch', { contactId: bo.id, every: { count: 1, unit: 'month' } })
    const d = new Date(env.clock.now())
    expect((await openKeepTasks(env, bo.id))[0].dueAt).toBe(new Date(d.getFullYear(), d.getMonth() + 1, d.getDate(), 9, 0).getTime())
  })

  test('logging a newer call moves the due date; a note or an older call does not', async () => {
    const env = openQuiet()
    const ana = await env.ok('contacts.create', { firstName: 'Ana', lastName: 'Silva' })
    const firstCall = env.clock.now() - 10 * DAY
    await env.ok('activities.create', { type: 'call', contactId: ana.id, occurredAt: firstCall })
    await env.ok('contacts.keepInTouch', { contactId: ana.id, every: { count: 2, unit: 'week' } })
    const [before] = await openKeepTasks(env, ana.id)
    expect(before.dueAt).toBe(nineAm(firstCall, 14))

    env.clock.advance(2 * DAY)
    await env.ok('activities.create', { type: 'note', contactId: ana.id, body: 'Thinking of her' })
    await env.ok('activities.create', { type: 'call', contactId: ana.id, occurredAt: firstCall - DAY })
    expect((await openKeepTasks(env, ana.id)).map((t) => t.dueAt)).toEqual([nineAm(firstCall, 14)])

    const meeting = await env.ok('activities.create', { type: 'meeting', contactId: ana.id })
    const open = await openKeepTasks(env, ana.id)
    expect(open).toHaveLength(1)
    expect(open[0]).toMatchObject({ id: before.id, dueAt: nineAm(env.clock.now(), 14), remindAt: nineAm(env.clock.now(), 14), firedAt: null })

    // deleting that meeting: the follow-up goes back to following the earlier call
    await env.ok('activities.delete', { ids: [meeting.id] })
    expect((await openKeepTasks(env, ana.id)).map((t) => t.dueAt)).toEqual([nineAm(firstCall, 14)])
  })

  test('completing it returns the next one, scheduled from the last interaction; still only one open', async () => {
    const env = openQuiet()
    const ana = await env.ok('contacts.create', { firstName: 'Ana', lastName: 'Silva' })
    await env.ok('contacts.keepInTouch', { contactId: ana.id, every: { count: 2, unit: 'week' } })
    const [first] = await openKeepTasks(env, ana.id)
    env.clock.set(first.dueAt + HOUR)
    const callAt = env.clock.now()
    await env.ok('activities.create', { type: 'call', contactId: ana.id, occurredAt: callAt })
    env.clock.advance(MINUTE)
    const { task, next } = await env.ok('tasks.complete', { id: first.id })
    expect(task).toMatchObject({ id: first.id, doneAt: env.clock.now() })
    expect(next).not.toBeNull()
    expect(next).toMatchObject({ title: 'Keep in touch with Ana Silva', keepInTouch: true, contactId: ana.id, doneAt: null, dueAt: nineAm(callAt, 14) })
    expect(next!.id).not.toBe(first.id)
    expect(ids(await openKeepTasks(env, ana.id))).toEqual([next!.id])
  })

  test('never contacted: completing schedules the next one from the completion time', async () => {
    const env = openQuiet()
    const bo = await env.ok('contacts.create', { firstName: 'Bo' })
    await env.ok('contacts.keepInTouch', { contactId: bo.id, every: { count: 2, unit: 'week' } })
    const [first] = await openKeepTasks(env, bo.id)
    env.clock.set(first.dueAt + 2 * HOUR)
    const { next } = await env.ok('tasks.complete', { id: first.id })
    expect(next!.dueAt).toBe(nineAm(env.clock.now(), 14))
    expect(ids(await openKeepTasks(env, bo.id))).toEqual([next!.id])
  })

  test('completing it without logging a new interaction does not bring back the same past due date', async () => {
    const env = openQuiet()
    const ana = await env.ok('contacts.create', { firstName: 'Ana', lastName: 'Silva' })
    const callAt = env.clock.now() - DAY
    await env.ok('activities.create', { type: 'call', contactId: ana.id, occurredAt: callAt })
    await env.ok('contacts.keepInTouch', { contactId: ana.id, every: { count: 2, unit: 'week' } })
    const [first] = await openKeepTasks(env, ana.id)
    expect(first.dueAt).toBe(nineAm(callAt, 14))
    env.clock.set(first.dueAt + 3 * HOUR)
    const { next } = await env.ok('tasks.complete', { id: first.id })
    // The last call is older than the completion: the next one counts from the completion.
    expect(next!.dueAt).toBe(nineAm(env.clock.now(), 14))
    expect(next!.dueAt).toBeGreaterThan(env.clock.now())
    // ... and logging something unrelated later does not pull it back to the old call.
    await env.ok('activities.create', { type: 'note', contactId: ana.id, body: 'noted' })
    expect((await openKeepTasks(env, ana.id)).map((t) => t.dueAt)).toEqual([nineAm(env.clock.now(), 14)])
  })

  test('every: null removes the open follow-up (done ones stay) and clears the setting', async () => {
    const env = openQuiet()
    const ana = await env.ok('contacts.create', { firstName: 'Ana', lastName: 'Silva' })
    await env.ok('contacts.keepInTouch', { contactId: ana.id, every: { count: 1, unit: 'week' } })
    const [first] = await openKeepTasks(env, ana.id)
    const { next } = await env.ok('tasks.complete', { id: first.id })
    expect(next).not.toBeNull()
    const contact = await env.ok('contacts.keepInTouch', { contactId: ana.id, every: null })
    expect(contact.keepInTouch).toBeNull()
    expect((await env.ok('contacts.get', { id: ana.id })).keepInTouch).toBeNull()
    expect(await openKeepTasks(env, ana.id)).toEqual([])
    expect((await env.err('tasks.get', { id: next!.id })).code).toBe('NOT_FOUND')
    expect(ids((await env.ok('tasks.list', { contactId: ana.id })).items)).toEqual([first.id])
    // a call after stopping makes no new follow-up
    await env.ok('activities.create', { type: 'call', contactId: ana.id })
    expect(await openKeepTasks(env, ana.id)).toEqual([])
  })

  test('bad input: unknown or deleted contact → NOT_FOUND; bad interval → VALIDATION; nothing written', async () => {
    const env = openQuiet()
    const gone = await env.ok('contacts.create', { firstName: 'Gone' })
    await env.ok('contacts.delete', { ids: [gone.id] })
    expect((await env.err('contacts.keepInTouch', { contactId: UNKNOWN_ID, every: { count: 1, unit: 'week' } })).code).toBe('NOT_FOUND')
    expect((await env.err('contacts.keepInTouch', { contactId: gone.id, every: { count: 1, unit: 'week' } })).code).toBe('NOT_FOUND')
    const ana = await env.ok('contacts.create', { firstName: 'Ana' })
    for (const every of [{ count: 0, unit: 'week' }, { count: 1.5, unit: 'day' }, { count: 1, unit: 'year' }, { count: 366, unit: 'day' }]) {
      const error = await env.err('contacts.keepInTouch', { contactId: ana.id, every })
      expect(error.code, JSON.stringify(every)).toBe('VALIDATION')
    }
    expect((await env.ok('tasks.list', {})).total).toBe(0)
    expect((await env.ok('contacts.get', { id: ana.id })).keepInTouch).toBeNull()
  })
})
