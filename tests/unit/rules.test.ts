/**
 * Automation rules: seeded switched off, run by the scheduler at start and then hourly, and
 * idempotent — the same contact silence or the same idle deal never makes a second task, not on
 * the next run and not after a restart.
 */
import { describe, expect, test } from 'vitest'
import type { Timers } from '../../src-main/core/scheduler/scheduler'
import type { ReminderNotice, Rule, Task } from '../../src-shared/model/task'
import { fakeClock, openCore, readDb, tempDir } from './helpers'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000'

type Clock = ReturnType<typeof fakeClock>

/** A core with the scheduler on a fake timer (rules run at start, then at most hourly on wake/tick). */
function openRun(options: { dataDir?: string; clock?: Clock } = {}) {
  const timers: Timers = { setTimeout: () => 1, clearTimeout() {} }
  const shown: ReminderNotice[] = []
  const env = openCore({ ...options, timers, notifier: { notify: (notices) => shown.push(...notices) } })
  return { ...env, shown }
}
type Env = ReturnType<typeof openRun>

const byKind = async (env: Env, kind: Rule['kind']) => (await env.ok('rules.list')).find((r) => r.kind === kind)!

const ruleTasks = async (env: Env): Promise<Task[]> => (await env.ok('tasks.list', { limit: 500 })).items.filter((t) => t.createdByRule !== null)
const titles = (items: { title: string }[]) => items.map((i) => i.title).sort()

function rulesRows(dataDir: string): number {
  return readDb(dataDir, (db) => (db.prepare('SELECT count(*) AS n FROM rules').get() as { n: number }).n)
}

describe('seeding', () => {
  test('both rules are seeded switched off on first start, and not seeded again on reopen', async () => {
    const dataDir = tempDir()
    const env = openRun({ dataDir })
    const rules = await env.ok('rules.list')
    expect(rules.map(({ id: _id, lastRunAt: _last, ...r }) => r)).toEqual([
      {
        kind: 'no_interaction',
        name: 'Reconnect',
        description: 'No call, email or meeting with a contact for N days → a follow-up to get back in touch.',
        enabled: false,
        days: 30,
      },
      {
        kind: 'deal_rotting',
        name: 'Unstick deals',
        description: "A deal idle in its stage past the stage's rotting days → a task for its owner.",
        enabled: false,
        days: null,
      },
    ])
    await env.ok('rules.update', { id: rules[0].id, enabled: true, days: 45 })
    env.core.close()

    const again = openRun({ dataDir, clock: env.clock })
    const reopened = await again.ok('rules.list')
    expect(reopened.map((r) => [r.id, r.enabled, r.days])).toEqual([
      [rules[0].id, true, 45],
      [rules[1].id, false, null],
    ])
    again.core.close()
    expect(rulesRows(dataDir)).toBe(2)
  })

  test('switched off, nothing is created however stale contacts and deals are', async () => {
    const env = openRun()
    await env.ok('contacts.create', { firstName: 'Ana' })
    await env.ok('deals.create', { title: 'Stuck', owner: 'Maria' })
    env.clock.advance(100 * DAY)
    env.core.wake()
    expect(await ruleTasks(env)).toEqual([])
    expect((await env.ok('tasks.list', {})).total).toBe(0)
  })
})

describe('rules.update', () => {
  test('enables, disables and sets days; bad input is refused and changes nothing', async () => {
    const env = openRun()
    const reconnect = await byKind(env, 'no_interaction')
    const unstick = await byKind(env, 'deal_rotting')
    expect(await env.ok('rules.update', { id: reconnect.id, enabled: true, days: 60 })).toMatchObject({ id: reconnect.id, enabled: true, days: 60 })
    expect(await env.ok('rules.update', { id: unstick.id, enabled: true })).toMatchObject({ id: unstick.id, enabled: true, days: null })
    expect(await env.ok('rules.update', { id: reconnect.id, enabled: false })).toMatchObject({ enabled: false, days: 60 })

    expect((await env.err('rules.update', { id: unstick.id, days: 10 })).code).toBe('VALIDATION')
    expect((await env.err('rules.update', { id: UNKNOWN_ID, enabled: true })).code).toBe('NOT_FOUND')
    expect((await env.err('rules.update', { id: reconnect.id, days: 0 })).code).toBe('VALIDATION')
    expect((await env.err('rules.update', { id: reconnect.id, days: 2.5 })).code).toBe('VALIDATION')
    expect((await env.err('rules.update', { id: reconnect.id, enabled: 'yes' })).code).toBe('VALIDATION')
    expect((await env.err('rules.update', { id: reconnect.id, kind: 'deal_rotting' })).code).toBe('VALIDATION')
    expect(await byKind(env, 'no_interaction')).toMatchObject({ enabled: false, days: 60 })
    expect(await byKind(env, 'deal_rotting')).toMatchObject({ enabled: true, days: null })
  })
})

describe('no_interaction ("Reconnect")', () => {
  test('after 31 days without a call, email or meeting: ONE "Get back in touch" task per contact, once', async () => {
    const dataDir = tempDir()
    const env = openRun({ dataDir })
    const clock = env.clock
    const start = clock.now()
    const ana = await env.ok('contacts.create', { firstName: 'Ana', lastName: 'Silva' })
    const bo = await env.ok('contacts.create', { firstName: 'Bo', lastName: 'Berg' })
    const cy = await env.ok('contacts.create', { firstName: 'Cy' })
    const gone = await env.ok('contacts.create', { firstName: 'Gone' })
    await env.ok('contacts.delete', { ids: [gone.id] })
    const reconnect = await byKind(env, 'no_interaction')
    await env.ok('rules.update', { id: reconnect.id, enabled: true, days: 30 })

    clock.advance(10 * DAY)
    await env.ok('activities.create', { type: 'call', contactId: bo.id }) // Bo: called on day 10
    await env.ok('activities.create', { type: 'note', contactId: cy.id, body: 'A note is not contact' })

    clock.set(start + 31 * DAY)
    env.core.wake()
    const made = await ruleTasks(env)
    expect(titles(made)).toEqual(['Get back in touch with Ana Silva', 'Get back in touch with Cy'])
    const forAna = made.find((t) => t.contactId === ana.id)!
    expect(forAna).toMatchObject({
      title: 'Get back in touch with Ana Silva',
      contactId: ana.id,
      contactName: 'Ana Silva',
      createdByRule: 'Reconnect',
      dueAt: clock.now(),
      reminderMinutesBefore: null,
      remindAt: null,
      keepInTouch: false,
      doneAt: null,
    })
    expect(env.shown).toEqual([]) // no reminder: they gather on Today
    expect((await byKind(env, 'no_interaction')).lastRunAt).toBe(clock.now())

    // an hour later: the rule runs again and makes nothing new
    clock.advance(HOUR + 1)
    env.core.wake()
    expect((await byKind(env, 'no_interaction')).lastRunAt).toBe(clock.now())
    expect((await ruleTasks(env)).map((t) => t.id).sort()).toEqual(made.map((t) => t.id).sort())

    // completing or deleting one does not bring it back either
    await env.ok('tasks.complete', { id: forAna.id })
    const forCy = made.find((t) => t.contactId === cy.id)!
    await env.ok('tasks.delete', { ids: [forCy.id] })
    clock.advance(HOUR + 1)
    env.core.wake()
    expect(await ruleTasks(env)).toHaveLength(1) // Ana's, done (Cy's is deleted)
    env.core.close()

    // after a restart (rules run at start): still nothing new
    clock.advance(DAY)
    const again = openRun({ dataDir, clock })
    expect((await byKind(again, 'no_interaction')).lastRunAt).toBe(clock.now())
    expect((await ruleTasks(again)).map((t) => t.id)).toEqual([forAna.id])

    // a new call with Ana, then another 31 days of silence: a new task (a new silence)
    await again.ok('activities.create', { type: 'email', contactId: ana.id })
    clock.advance(31 * DAY)
    again.core.wake()
    const later = (await ruleTasks(again)).filter((t) => t.contactId === ana.id)
    expect(later).toHaveLength(2)
    const fresh = later.find((t) => t.id !== forAna.id)!
    expect(fresh).toMatchObject({ title: 'Get back in touch with Ana Silva', createdByRule: 'Reconnect', dueAt: clock.now(), doneAt: null })
    // Bo's call on day 10 is now long ago too
    expect((await ruleTasks(again)).filter((t) => t.contactId === bo.id)).toHaveLength(1)
    // ... and again, nothing more on the next run
    clock.advance(HOUR + 1)
    again.core.wake()
    expect((await ruleTasks(again)).filter((t) => t.contactId === ana.id)).toHaveLength(2)
  })

  test('exactly N days of silence is not yet stale; the days setting is honoured', async () => {
    const env = openRun()
    const start = env.clock.now()
    await env.ok('contacts.create', { firstName: 'Ana' })
    const reconnect = await byKind(env, 'no_interaction')
    await env.ok('rules.update', { id: reconnect.id, enabled: true, days: 45 })
    env.clock.set(start + 31 * DAY)
    env.core.wake()
    expect(await ruleTasks(env)).toEqual([])
    env.clock.set(start + 45 * DAY)
    env.core.wake()
    expect(await ruleTasks(env)).toEqual([])
    env.clock.set(start + 45 * DAY + HOUR)
    env.core.wake()
    expect(titles(await ruleTasks(env))).toEqual(['Get back in touch with Ana'])
  })

  test('disabling stops creation', async () => {
    const env = openRun()
    const reconnect = await byKind(env, 'no_interaction')
    await env.ok('rules.update', { id: reconnect.id, enabled: true })
    await env.ok('rules.update', { id: reconnect.id, enabled: false })
    await env.ok('contacts.create', { firstName: 'Ana' })
    env.clock.advance(60 * DAY)
    env.core.wake()
    expect(await ruleTasks(env)).toEqual([])
  })
})

describe('deal_rotting ("Unstick deals")', () => {
  test("a deal idle past its stage's rotting days gets ONE task linked to the deal, naming the owner; idempotent across restarts", async () => {
    const dataDir = tempDir()
    const env = openRun({ dataDir })
    const clock = env.clock
    const start = clock.now()
    const ana = await env.ok('contacts.create', { firstName: 'Ana', lastName: 'Silva' })
    const stuck = await env.ok('deals.create', { title: 'Website redesign', owner: 'Maria', contactId: ana.id }) // Lead in: 14 days
    const ownerless = await env.ok('deals.create', { title: 'Logo' })
    const fresh = await env.ok('deals.create', { title: 'Fresh' })
    const won = await env.ok('deals.create', { title: 'Won already', owner: 'Maria' })
    await env.ok('deals.win', { id: won.id })
    const unstick = await byKind(env, 'deal_rotting')
    await env.ok('rules.update', { id: unstick.id, enabled: true })

    clock.set(start + 10 * DAY)
    await env.ok('activities.create', { type: 'call', dealId: fresh.id, body: 'Keeps it moving' })

    clock.set(start + 14 * DAY + HOUR)
    env.core.wake()
    const made = await ruleTasks(env)
    expect(titles(made)).toEqual(['Maria: move "Website redesign" forward — idle in Lead in', 'Move "Logo" forward — idle in Lead in'])
    const forStuck = made.find((t) => t.dealId === stuck.id)!
    expect(forStuck).toMatchObject({
      dealId: stuck.id,
      dealTitle: 'Website redesign',
      contactId: ana.id,
      contactName: 'Ana Silva',
      createdByRule: 'Unstick deals',
      dueAt: clock.now(),
      reminderMinutesBefore: 0,
      doneAt: null,
    })
    expect(made.find((t) => t.dealId === ownerless.id)).toMatchObject({ dealTitle: 'Logo', contactId: null, createdByRule: 'Unstick deals' })

    clock.advance(HOUR + 1)
    env.core.wake()
    expect(await ruleTasks(env)).toHaveLength(2)
    env.core.close()

    clock.advance(DAY)
    const again = openRun({ dataDir, clock })
    expect(await ruleTasks(again)).toHaveLength(2)

    // the fresh deal, whose last call was on day 10, rots on day 24 and then gets its own
    clock.set(start + 24 * DAY + HOUR)
    again.core.wake()
    expect(titles(await ruleTasks(again))).toEqual([
      'Maria: move "Website redesign" forward — idle in Lead in',
      'Move "Fresh" forward — idle in Lead in',
      'Move "Logo" forward — idle in Lead in',
    ])

    // moved to a new stage and idle there again: a new task for the new stage
    const [pipeline] = await again.ok('pipelines.list')
    const negotiation = pipeline.stages.find((s) => s.name === 'Negotiation')!
    expect(negotiation.rottingDays).toBe(7)
    await again.ok('deals.move', { id: stuck.id, stageId: negotiation.id })
    clock.advance(7 * DAY + HOUR)
    again.core.wake()
    const forMaria = (await ruleTasks(again)).filter((t) => t.dealId === stuck.id)
    expect(titles(forMaria)).toEqual([
      'Maria: move "Website redesign" forward — idle in Lead in',
      'Maria: move "Website redesign" forward — idle in Negotiation',
    ])

    // disabled: no more, however long the deals sit
    await again.ok('rules.update', { id: unstick.id, enabled: false })
    const before = (await ruleTasks(again)).length
    await again.ok('deals.create', { title: 'Later deal' })
    clock.advance(60 * DAY)
    again.core.wake()
    expect(await ruleTasks(again)).toHaveLength(before)
  })
})
