import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import type { Activity } from '../../src-shared/model/activity'
import { openCore } from './helpers'

const HOUR = 60 * 60_000
const DAY = 24 * HOUR
const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000'

type Env = ReturnType<typeof openCore>

const problemPath = (error: { details?: unknown }) => (error.details as { problems: { path: string }[] }).problems[0].path
const ids = (items: { id: string }[]) => items.map((i) => i.id)

/** A person to log history against. */
async function person(env: Env, firstName = 'Ana', lastName = 'Silva', extra: Record<string, unknown> = {}) {
  return env.ok('contacts.create', { firstName, lastName, ...extra })
}

const lastContacted = async (env: Env, contactId: string) => (await env.ok('contacts.get', { id: contactId })).lastContactedAt

const timeline = async (env: Env, contactId: string, extra: Record<string, unknown> = {}) =>
  env.ok('activities.list', { contactId, ...extra })

describe('activities.create', () => {
  test('a call with direction, duration and outcome comes back as entered', async () => {
    const env = openCore()
    const ana = await person(env)
    const at = env.clock.now() - 2 * HOUR
    const call = await env.ok('activities.create', {
      type: 'call',
      contactId: ana.id,
      occurredAt: at,
      subject: ' Renewal ',
      body: 'Talked about the renewal.',
      direction: 'outbound',
      durationMinutes: 15,
      outcome: 'connected',
    })
    const expected: Activity = {
      id: call.id,
      type: 'call',
      contactId: ana.id,
      contactName: 'Ana Silva',
      companyId: null,
      dealId: null,
      dealTitle: null,
      occurredAt: at,
      subject: 'Renewal',
      body: 'Talked about the renewal.',
      direction: 'outbound',
      durationMinutes: 15,
      outcome: 'connected',
      location: null,
      createdAt: env.clock.now(),
      updatedAt: env.clock.now(),
      deletedAt: null,
    }
    expect(call).toEqual(expected)
    expect(await timeline(env, ana.id)).toEqual([expected])
  })

  test('a meeting with location, an email with direction, a note; occurredAt defaults to now', async () => {
    const env = openCore()
    const ana = await person(env)
    const meeting = await env.ok('activities.create', { type: 'meeting', contactId: ana.id, location: 'Café', durationMinutes: 60 })
    expect(meeting).toMatchObject({ type: 'meeting', location: 'Café', durationMinutes: 60, occurredAt: env.clock.now(), body: '', subject: null })
    const email = await env.ok('activities.create', { type: 'email', contactId: ana.id, direction: 'inbound', subject: 'Hi' })
    expect(email).toMatchObject({ type: 'email', direction: 'inbound', subject: 'Hi', durationMinutes: null, outcome: null })
    const note = await env.ok('activities.create', { type: 'note', contactId: ana.id, body: 'Likes tea' })
    expect(note).toMatchObject({ type: 'note', body: 'Likes tea', direction: null, location: null })
  })

  test.each([
    ['note', { outcome: 'connected' }, 'outcome'],
    ['note', { direction: 'inbound' }, 'direction'],
    ['note', { durationMinutes: 5 }, 'durationMinutes'],
    ['email', { outcome: 'busy' }, 'outcome'],
    ['email', { location: 'Office' }, 'location'],
    ['meeting', { direction: 'outbound' }, 'direction'],
    ['call', { location: 'Office' }, 'location'],
  ])('a %s with %j → VALIDATION on that field, nothing written', async (type, extra, path) => {
    const env = openCore()
    const ana = await person(env)
    const error = await env.err('activities.create', { type, contactId: ana.id, ...extra })
    expect(error.code).toBe('VALIDATION')
    expect(problemPath(error)).toBe(path)
    expect(await timeline(env, ana.id)).toEqual([])
  })

  test('bad values → VALIDATION', async () => {
    const env = openCore()
    const ana = await person(env)
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'sms' }, 'type'],
      [{ type: 'call', durationMinutes: -1 }, 'durationMinutes'],
      [{ type: 'call', durationMinutes: 1.5 }, 'durationMinutes'],
      [{ type: 'call', outcome: 'great' }, 'outcome'],
      [{ type: 'call', occurredAt: -5 }, 'occurredAt'],
    ]
    for (const [input, path] of cases) {
      const error = await env.err('activities.create', { contactId: ana.id, ...input })
      expect(error.code).toBe('VALIDATION')
      expect(problemPath(error)).toBe(path)
    }
  })

  test('an entry needs a contact or a company', async () => {
    const env = openCore()
    for (const input of [{ type: 'note' }, { type: 'note', contactId: null, companyId: null }]) {
      const error = await env.err('activities.create', input)
      expect(error.code).toBe('VALIDATION')
      expect(error.message).toBe('Link the entry to a contact, a company or a deal')
      expect(problemPath(error)).toBe('contactId')
    }
    const acme = await env.ok('companies.create', { name: 'Acme' })
    const companyOnly = await env.ok('activities.create', { type: 'note', companyId: acme.id, body: 'Office moved' })
    expect(companyOnly).toMatchObject({ contactId: null, contactName: null, companyId: acme.id })
  })

  test('an unknown or deleted contact or company → NOT_FOUND', async () => {
    const env = openCore()
    const gone = await person(env, 'Gone', 'Person')
    await env.ok('contacts.delete', { ids: [gone.id] })
    const goneCo = await env.ok('companies.create', { name: 'Gone Co' })
    await env.ok('companies.delete', { ids: [goneCo.id] })
    for (const link of [{ contactId: gone.id }, { contactId: UNKNOWN_ID }, { companyId: goneCo.id }, { companyId: UNKNOWN_ID }]) {
      expect((await env.err('activities.create', { type: 'note', ...link })).code).toBe('NOT_FOUND')
    }
  })

  test('contactName is the trimmed display name of the contact', async () => {
    const env = openCore()
    const solo = await env.ok('contacts.create', { lastName: 'Solo' })
    const entry = await env.ok('activities.create', { type: 'note', contactId: solo.id })
    expect(entry.contactName).toBe('Solo')
    await env.ok('contacts.update', { id: solo.id, patch: { firstName: 'Han' } })
    expect((await timeline(env, solo.id))[0].contactName).toBe('Han Solo')
  })
})

describe('activities.list', () => {
  test('the timeline is newest first; ties on occurredAt are broken by id, newest id first', async () => {
    const env = openCore()
    const ana = await person(env)
    const t = env.clock.now()
    const old = await env.ok('activities.create', { type: 'note', contactId: ana.id, occurredAt: t - 3 * DAY })
    const tieA = await env.ok('activities.create', { type: 'call', contactId: ana.id, occurredAt: t - DAY })
    const newest = await env.ok('activities.create', { type: 'email', contactId: ana.id, occurredAt: t })
    const tieB = await env.ok('activities.create', { type: 'meeting', contactId: ana.id, occurredAt: t - DAY })
    const tieC = await env.ok('activities.create', { type: 'note', contactId: ana.id, occurredAt: t - DAY })
    const ties = [tieA.id, tieB.id, tieC.id].sort().reverse()
    const first = ids(await timeline(env, ana.id))
    expect(first).toEqual([newest.id, ...ties, old.id])
    expect(ids(await timeline(env, ana.id))).toEqual(first)

    // An entry written later with an older id (as one synced from another device would be) still
    // sorts by id, not by when it was written. Test fixture only: written around the repository.
    const synced = '01000000-0000-7000-8000-000000000001'
    const db = new Database(join(env.dataDir, 'crm.db'))
    try {
      db.prepare('INSERT INTO activities (id, created_at, updated_at, type, contact_id, occurred_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        synced, t, t, 'note', ana.id, t - DAY,
      )
    } finally {
      db.close()
    }
    expect(ids(await timeline(env, ana.id))).toEqual([newest.id, ...ties, synced, old.id])
    const acme = await env.ok('companies.create', { name: 'Acme' })
    await env.ok('contacts.update', { id: ana.id, patch: { companyId: acme.id } })
    expect(ids(await env.ok('activities.list', { companyId: acme.id }))).toEqual([newest.id, ...ties, synced, old.id])
  })

  test('filters by type and honours the limit', async () => {
    const env = openCore()
    const ana = await person(env)
    const t = env.clock.now()
    const made: Record<string, Activity> = {}
    let k = 0
    for (const type of ['note', 'call', 'email', 'meeting', 'call'] as const) {
      made[`${type}${k}`] = await env.ok('activities.create', { type, contactId: ana.id, occurredAt: t - k++ * HOUR })
    }
    expect(ids(await timeline(env, ana.id, { types: ['call'] }))).toEqual([made.call1.id, made.call4.id])
    expect(ids(await timeline(env, ana.id, { types: ['note', 'meeting'] }))).toEqual([made.note0.id, made.meeting3.id])
    expect(ids(await timeline(env, ana.id, { types: [] }))).toEqual([])
    expect(ids(await timeline(env, ana.id, { limit: 2 }))).toEqual([made.note0.id, made.call1.id])
  })

  test('only the given contact\'s entries; deleted entries are hidden', async () => {
    const env = openCore()
    const ana = await person(env)
    const bob = await person(env, 'Bob', 'Stone')
    const mine = await env.ok('activities.create', { type: 'note', contactId: ana.id, body: 'mine' })
    await env.ok('activities.create', { type: 'note', contactId: bob.id, body: 'his' })
    const deleted = await env.ok('activities.create', { type: 'note', contactId: ana.id, body: 'deleted' })
    await env.ok('activities.delete', { ids: [deleted.id] })
    expect(ids(await timeline(env, ana.id))).toEqual([mine.id])
  })

  test('needs exactly one of contactId and companyId', async () => {
    const env = openCore()
    const ana = await person(env)
    const acme = await env.ok('companies.create', { name: 'Acme' })
    for (const input of [{}, { contactId: ana.id, companyId: acme.id }]) {
      const error = await env.err('activities.list', input)
      expect(error.code).toBe('VALIDATION')
      expect(error.message).toBe('Give one of: a contact, a company or a deal')
    }
  })

  test("a company's history holds its own entries and its people's, not other companies'", async () => {
    const env = openCore()
    const t = env.clock.now()
    const acme = await env.ok('companies.create', { name: 'Acme' })
    const globex = await env.ok('companies.create', { name: 'Globex' })
    const ana = await person(env, 'Ana', 'Acme', { companyId: acme.id })
    const gus = await person(env, 'Gus', 'Globex', { companyId: globex.id })
    const free = await person(env, 'Fay', 'Free')
    const own = await env.ok('activities.create', { type: 'note', companyId: acme.id, occurredAt: t - 3 * HOUR })
    const anaCall = await env.ok('activities.create', { type: 'call', contactId: ana.id, occurredAt: t - HOUR })
    // linked to a Globex person but filed under Acme: it belongs to both histories
    const both = await env.ok('activities.create', { type: 'email', contactId: gus.id, companyId: acme.id, occurredAt: t - 2 * HOUR })
    const gusOwn = await env.ok('activities.create', { type: 'note', companyId: globex.id, occurredAt: t })
    const gusCall = await env.ok('activities.create', { type: 'call', contactId: gus.id, occurredAt: t - 4 * HOUR })
    await env.ok('activities.create', { type: 'call', contactId: free.id, occurredAt: t })
    const deleted = await env.ok('activities.create', { type: 'note', companyId: acme.id, occurredAt: t })
    await env.ok('activities.delete', { ids: [deleted.id] })

    const acmeHistory = await env.ok('activities.list', { companyId: acme.id })
    expect(ids(acmeHistory)).toEqual([anaCall.id, both.id, own.id])
    expect(acmeHistory.map((a) => a.contactName)).toEqual(['Ana Acme', 'Gus Globex', null])
    expect(ids(await env.ok('activities.list', { companyId: globex.id }))).toEqual([gusOwn.id, both.id, gusCall.id])
    expect(ids(await env.ok('activities.list', { companyId: acme.id, types: ['call'] }))).toEqual([anaCall.id])

    // people who leave take their history with them; deleted people drop out
    await env.ok('contacts.update', { id: ana.id, patch: { companyId: globex.id } })
    expect(ids(await env.ok('activities.list', { companyId: acme.id }))).toEqual([both.id, own.id])
    await env.ok('contacts.delete', { ids: [gus.id] })
    expect(ids(await env.ok('activities.list', { companyId: globex.id }))).toEqual([gusOwn.id, anaCall.id])
    // an entry filed under the company itself stays, even when its person is deleted
    expect(ids(await env.ok('activities.list', { companyId: acme.id }))).toEqual([both.id, own.id])
  })
})

describe('last contacted follows the timeline', () => {
  test('calls, emails and meetings count; notes do not', async () => {
    const env = openCore()
    const ana = await person(env)
    const t = env.clock.now()
    await env.ok('activities.create', { type: 'note', contactId: ana.id, occurredAt: t })
    expect(await lastContacted(env, ana.id)).toBeNull()
    await env.ok('activities.create', { type: 'call', contactId: ana.id, occurredAt: t - 5 * DAY })
    expect(await lastContacted(env, ana.id)).toBe(t - 5 * DAY)
    await env.ok('activities.create', { type: 'email', contactId: ana.id, occurredAt: t - 7 * DAY }) // older: no change
    expect(await lastContacted(env, ana.id)).toBe(t - 5 * DAY)
    await env.ok('activities.create', { type: 'email', contactId: ana.id, occurredAt: t - 3 * DAY })
    expect(await lastContacted(env, ana.id)).toBe(t - 3 * DAY)
    await env.ok('activities.create', { type: 'meeting', contactId: ana.id, occurredAt: t - DAY })
    expect(await lastContacted(env, ana.id)).toBe(t - DAY)
    await env.ok('activities.create', { type: 'note', contactId: ana.id, occurredAt: t + DAY })
    expect(await lastContacted(env, ana.id)).toBe(t - DAY)
    // the summary in the list carries the same value
    expect((await env.ok('contacts.list', {})).items[0].lastContactedAt).toBe(t - DAY)
  })

  test('deleting the latest entry moves it back; restoring moves it forward; deleting all clears it', async () => {
    const env = openCore()
    const ana = await person(env)
    const t = env.clock.now()
    const older = await env.ok('activities.create', { type: 'call', contactId: ana.id, occurredAt: t - 2 * DAY })
    const latest = await env.ok('activities.create', { type: 'meeting', contactId: ana.id, occurredAt: t - DAY })
    expect(await env.ok('activities.delete', { ids: [latest.id] })).toEqual({ count: 1 })
    expect(await lastContacted(env, ana.id)).toBe(t - 2 * DAY)
    expect(await env.ok('activities.restore', { ids: [latest.id] })).toEqual({ count: 1 })
    expect(await lastContacted(env, ana.id)).toBe(t - DAY)
    await env.ok('activities.delete', { ids: [latest.id, older.id] })
    expect(await lastContacted(env, ana.id)).toBeNull()
  })

  test('editing occurredAt or the type updates it', async () => {
    const env = openCore()
    const ana = await person(env)
    const t = env.clock.now()
    const call = await env.ok('activities.create', { type: 'call', contactId: ana.id, occurredAt: t - 2 * DAY, direction: 'outbound' })
    const email = await env.ok('activities.create', { type: 'email', contactId: ana.id, occurredAt: t - 3 * DAY })
    await env.ok('activities.update', { id: email.id, patch: { occurredAt: t - HOUR } })
    expect(await lastContacted(env, ana.id)).toBe(t - HOUR)
    await env.ok('activities.update', { id: email.id, patch: { occurredAt: t - 4 * DAY } })
    expect(await lastContacted(env, ana.id)).toBe(t - 2 * DAY)
    // a call turned into a note no longer counts (its call-only details must go too)
    await env.ok('activities.update', { id: call.id, patch: { type: 'note', direction: null } })
    expect(await lastContacted(env, ana.id)).toBe(t - 4 * DAY)
  })

  test('moving an entry to another contact updates both contacts', async () => {
    const env = openCore()
    const ana = await person(env)
    const bob = await person(env, 'Bob', 'Stone')
    const t = env.clock.now()
    await env.ok('activities.create', { type: 'email', contactId: ana.id, occurredAt: t - 5 * DAY })
    const moving = await env.ok('activities.create', { type: 'call', contactId: ana.id, occurredAt: t - DAY })
    await env.ok('activities.create', { type: 'call', contactId: bob.id, occurredAt: t - 3 * DAY })

    const moved = await env.ok('activities.update', { id: moving.id, patch: { contactId: bob.id } })
    expect(moved).toMatchObject({ contactId: bob.id, contactName: 'Bob Stone' })
    expect(await lastContacted(env, ana.id)).toBe(t - 5 * DAY)
    expect(await lastContacted(env, bob.id)).toBe(t - DAY)
    expect(ids(await timeline(env, bob.id))[0]).toBe(moving.id)
    expect(ids(await timeline(env, ana.id))).not.toContain(moving.id)
  })
})

describe('activities.update, delete, restore', () => {
  test('update changes only the given fields', async () => {
    const env = openCore()
    const ana = await person(env)
    const call = await env.ok('activities.create', {
      type: 'call',
      contactId: ana.id,
      subject: 'Intro',
      body: 'First call',
      direction: 'inbound',
      durationMinutes: 10,
      outcome: 'no_answer',
    })
    env.clock.advance(HOUR)
    const updated = await env.ok('activities.update', { id: call.id, patch: { outcome: 'connected', durationMinutes: 25, subject: '' } })
    expect(updated).toEqual({ ...call, outcome: 'connected', durationMinutes: 25, subject: null, updatedAt: env.clock.now() })
    expect(await timeline(env, ana.id)).toEqual([updated])
  })

  test('a detail that does not fit the (new) type → VALIDATION, nothing changed', async () => {
    const env = openCore()
    const ana = await person(env)
    const note = await env.ok('activities.create', { type: 'note', contactId: ana.id, body: 'x' })
    const outcome = await env.err('activities.update', { id: note.id, patch: { outcome: 'connected' } })
    expect(outcome.code).toBe('VALIDATION')
    expect(problemPath(outcome)).toBe('outcome')
    const call = await env.ok('activities.create', { type: 'call', contactId: ana.id, outcome: 'busy' })
    const retype = await env.err('activities.update', { id: call.id, patch: { type: 'meeting' } })
    expect(retype.code).toBe('VALIDATION')
    expect(problemPath(retype)).toBe('outcome')
    expect(await timeline(env, ana.id)).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: note.id, outcome: null }), expect.objectContaining({ id: call.id, type: 'call' })]),
    )
  })

  test('unlinking the last link → VALIDATION; relinking to a company works', async () => {
    const env = openCore()
    const ana = await person(env)
    const acme = await env.ok('companies.create', { name: 'Acme' })
    const note = await env.ok('activities.create', { type: 'note', contactId: ana.id })
    const error = await env.err('activities.update', { id: note.id, patch: { contactId: null } })
    expect(error.code).toBe('VALIDATION')
    expect(problemPath(error)).toBe('contactId')
    const moved = await env.ok('activities.update', { id: note.id, patch: { contactId: null, companyId: acme.id } })
    expect(moved).toMatchObject({ contactId: null, contactName: null, companyId: acme.id })
    expect(ids(await env.ok('activities.list', { companyId: acme.id }))).toEqual([note.id])
    expect(await timeline(env, ana.id)).toEqual([])
  })

  test('update, delete and restore of an unknown entry → NOT_FOUND; a deleted entry cannot be edited', async () => {
    const env = openCore()
    const ana = await person(env)
    const note = await env.ok('activities.create', { type: 'note', contactId: ana.id })
    expect((await env.err('activities.update', { id: UNKNOWN_ID, patch: { body: 'x' } })).code).toBe('NOT_FOUND')
    expect((await env.err('activities.delete', { ids: [note.id, UNKNOWN_ID] })).code).toBe('NOT_FOUND')
    expect(ids(await timeline(env, ana.id))).toEqual([note.id]) // the batch was all-or-nothing
    expect((await env.err('activities.restore', { ids: [UNKNOWN_ID] })).code).toBe('NOT_FOUND')
    await env.ok('activities.delete', { ids: [note.id] })
    expect((await env.err('activities.update', { id: note.id, patch: { body: 'x' } })).code).toBe('NOT_FOUND')
    expect(await env.ok('activities.delete', { ids: [note.id] })).toEqual({ count: 0 })
  })

  test('restore brings back the same entry', async () => {
    const env = openCore()
    const ana = await person(env)
    const meeting = await env.ok('activities.create', { type: 'meeting', contactId: ana.id, location: 'HQ', durationMinutes: 30, body: 'Demo' })
    await env.ok('activities.delete', { ids: [meeting.id] })
    expect(await timeline(env, ana.id)).toEqual([])
    expect(await env.ok('activities.restore', { ids: [meeting.id] })).toEqual({ count: 1 })
    expect(await timeline(env, ana.id)).toEqual([meeting]) // same clock: updatedAt unchanged
    expect(await env.ok('activities.restore', { ids: [meeting.id] })).toEqual({ count: 0 })
  })
})
