/** Bad input gets a clear error, writes nothing, and the core keeps serving. */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import { openCore } from './helpers'

function setup() {
  const app = openCore()
  const db = new Database(join(app.dataDir, 'crm.db'), { readonly: true })
  const count = () => db.prepare('SELECT count(*) FROM change_log').pluck().get() as number
  const atStart = count() // first start writes the default pipeline
  const writes = () => count() - atStart
  return { ...app, writes, close: () => db.close() }
}

const UNKNOWN = '01900000-0000-7000-8000-000000000000'

describe('bad input', () => {
  test.each([
    ['no name at all', { lastName: '' }, 'Enter a first or last name', 'firstName'],
    ['whitespace-only name', { firstName: '   ' }, 'Enter a first or last name', 'firstName'],
    ['a 10,000-character name', { firstName: 'x'.repeat(10_000) }, 'First name is too long: at most 200 characters', 'firstName'],
    ['a malformed email', { firstName: 'A', emails: [{ value: 'ana@' }] }, '"ana@" is not a valid email address', 'emails.0.value'],
    ['an email with spaces', { firstName: 'A', emails: [{ value: 'ana @example.com' }] }, 'not a valid email address', 'emails.0.value'],
    ['letters in a phone', { firstName: 'A', phones: [{ value: 'call me' }] }, 'Phone may hold digits', 'phones.0.value'],
    ['a javascript: profile URL', { firstName: 'A', socialProfiles: [{ value: 'javascript:alert(1)' }] }, 'must be a web address', 'socialProfiles.0.value'],
    ['a number as a name', { firstName: 42 }, 'First name must be text', 'firstName'],
    ['an impossible birthday', { firstName: 'A', birthday: '2023-02-30' }, 'Birthday must be a date', 'birthday'],
    ['an unknown lifecycle stage', { firstName: 'A', lifecycleStage: 'vip' }, 'Lifecycle stage must be one of', 'lifecycleStage'],
    ['an unknown field', { firstName: 'A', favouriteColour: 'red' }, 'Unrecognized key', ''],
    ['a control character', { firstName: 'A\u0000B' }, 'invisible control character', 'firstName'],
    ['a malformed company id', { firstName: 'A', companyId: 'drop table' }, 'Not a valid record id', 'companyId'],
  ])('contacts.create refuses %s', async (_case, input, message, path) => {
    const { err, writes, close } = setup()
    const error = await err('contacts.create', input)
    expect(error.code).toBe('VALIDATION')
    expect(error.message).toContain(message)
    expect((error.details as { problems: { path: string }[] }).problems[0].path).toBe(path)
    expect(writes()).toBe(0)
    close()
  })

  test('input that is not an object at all', async () => {
    const { err, writes, close } = setup()
    for (const input of [null, undefined, 'Ana', 7, [], true]) {
      expect((await err('contacts.create', input)).code).toBe('VALIDATION')
    }
    expect(writes()).toBe(0)
    close()
  })

  test.each([
    ['contacts.create', null, 'contacts.create needs its details (an object), got nothing', ''],
    ['contacts.create', 'Ana', 'contacts.create needs its details (an object), got text', ''],
    ['deals.list', [], 'deals.list needs its details (an object), got a list', ''],
    ['contacts.create', { firstName: 'A', emails: [{ value: 5 }] }, 'Email must be text', 'emails.0.value'],
    ['contacts.create', { firstName: 'A', emails: 'ana@example.com' }, 'Emails must be a list, not text', 'emails'],
    ['contacts.list', { limit: 1.5 }, 'Limit must be a whole number', 'limit'],
    ['contacts.list', { offset: -1 }, 'Offset must be at least 0', 'offset'],
    ['tasks.create', { title: 5 }, 'Title must be text', 'title'],
    ['tags.assign', { tagId: 'x', contactIds: ['y'] }, 'Tag: Not a valid record id (and 1 more problem)', 'tagId'],
    ['app.info', { x: 1 }, 'Unrecognized key "x": app.info does not take it; remove it', ''],
    ['contacts.update', { id: UNKNOWN, patch: { firstName: 5 } }, 'First name must be text', 'patch.firstName'],
  ])('%s %j: a message that names the field and says what to enter, not zod\'s generic words', async (name, input, message, path) => {
    const { err, close } = setup()
    const error = await err(name, input)
    expect(error.code).toBe('VALIDATION')
    expect(error.message).toBe(message)
    expect((error.details as { problems: { path: string }[] }).problems[0].path).toBe(path)
    close()
  })

  test('a message quotes at most 60 characters of the input, cut between graphemes', async () => {
    const { err, close } = setup()
    const currency = '👩🏽‍💻'.repeat(100) // 7 UTF-16 units a grapheme
    const error = await err('deals.create', { title: 'x', currency })
    expect(error.message).toMatch(/is not a currency code we know/)
    const quoted = /"(.*)"/u.exec(error.message)![1]
    expect(quoted.length).toBeLessThanOrEqual(60)
    expect(quoted.endsWith('…')).toBe(true)
    expect(quoted.slice(0, -1)).toBe('👩🏽‍💻'.repeat((quoted.length - 1) / 7)) // whole graphemes only
    close()
  })

  test('unknown ids get NOT_FOUND with a next step, and nothing is written', async () => {
    const { err, ok, writes, close } = setup()
    const contact = await ok('contacts.create', { firstName: 'A' })
    const before = writes()
    for (const [name, input] of [
      ['contacts.get', { id: UNKNOWN }],
      ['contacts.update', { id: UNKNOWN, patch: { firstName: 'B' } }],
      ['contacts.delete', { ids: [contact.id, UNKNOWN] }],
      ['contacts.create', { firstName: 'A', companyId: UNKNOWN }],
      ['contacts.create', { firstName: 'A', tagIds: [UNKNOWN] }],
      ['activities.create', { type: 'note', contactId: UNKNOWN }],
      ['tags.assign', { tagId: UNKNOWN, contactIds: [contact.id] }],
      ['companies.get', { id: UNKNOWN }],
    ] as const) {
      const error = await err(name, input)
      expect(error.code, name).toBe('NOT_FOUND')
      expect(error.message, name).toMatch(/(refresh|go back|pick another|Restore|removed)/i)
    }
    expect(writes()).toBe(before)
    // The partly-valid bulk delete deleted nothing.
    expect((await ok('contacts.get', { id: contact.id })).deletedAt).toBeNull()
    close()
  })

  test('unknown commands and non-string command names', async () => {
    const { core, err, ok, close } = setup()
    expect((await err('contacts.drop', {})).code).toBe('UNKNOWN_COMMAND')
    expect((await err('__proto__', {})).code).toBe('UNKNOWN_COMMAND')
    expect((await err('constructor', {})).code).toBe('UNKNOWN_COMMAND')
    const result = await core.invoke(42 as unknown as string, {})
    expect(result.ok).toBe(false)
    expect((await ok('app.info')).contactCount).toBe(0) // still serving
    close()
  })

  test('unicode is stored exactly: emoji, right-to-left, combining characters (normalized to NFC)', async () => {
    const { ok, close } = setup()
    const cases = [
      { firstName: '🦊 Zoë', lastName: '👩🏽‍💻' },
      { firstName: 'مريم', lastName: 'الأحمد' },
      { firstName: 'שרה', lastName: 'כהן' },
      { firstName: '李', lastName: '小龍' },
    ]
    for (const input of cases) {
      const created = await ok('contacts.create', input)
      const read = await ok('contacts.get', { id: created.id })
      expect([read.firstName, read.lastName]).toEqual([input.firstName, input.lastName])
    }
    const decomposed = 'Jose\u0301' // "José" typed with a combining accent
    const created = await ok('contacts.create', { firstName: decomposed })
    expect(created.firstName).toBe('José'.normalize('NFC'))
    expect(created.firstName).toHaveLength(4)
    close()
  })

  test('long text where long text belongs: a 10,000-character note is kept intact', async () => {
    const { ok, close } = setup()
    const contact = await ok('contacts.create', { firstName: 'A', notes: 'é'.repeat(10_000) })
    const note = await ok('activities.create', { type: 'note', contactId: contact.id, body: '🙂'.repeat(10_000) })
    expect((await ok('contacts.get', { id: contact.id })).notes).toHaveLength(10_000)
    expect((await ok('activities.list', { contactId: contact.id }))[0].body).toBe(note.body)
    close()
  })

  test('a huge note over the limit is refused with the limit in the message', async () => {
    const { ok, err, writes, close } = setup()
    const contact = await ok('contacts.create', { firstName: 'A' })
    const before = writes()
    const error = await err('activities.create', { type: 'note', contactId: contact.id, body: 'x'.repeat(100_001) })
    expect(error.message).toBe('Text is too long: at most 100,000 characters')
    expect(writes()).toBe(before)
    close()
  })

  test('wrong types in every kind of field', async () => {
    const { ok, err, close } = setup()
    const contact = await ok('contacts.create', { firstName: 'A' })
    const cases: [string, unknown, string][] = [
      ['activities.create', { type: 'call', contactId: contact.id, durationMinutes: '5' }, 'Duration must be a number of minutes'],
      ['activities.create', { type: 'call', contactId: contact.id, durationMinutes: 2.5 }, 'Duration must be whole minutes'],
      ['activities.create', { type: 'call', contactId: contact.id, durationMinutes: -1 }, 'Duration cannot be negative'],
      ['activities.create', { type: 'call', contactId: contact.id, occurredAt: 'yesterday' }, 'Date must be a date and time'],
      ['activities.create', { type: 'fax', contactId: contact.id }, 'Type must be one of'],
      ['contacts.list', { limit: 100_000 }, 'At most 500 rows per page'],
      ['contacts.list', { sort: 'shoeSize' }, 'Sort must be one of: "name"'],
      ['tags.create', { name: '' }, 'Give the tag a name'],
      ['tags.create', { name: 'a', color: 'red' }, 'Colour must look like #46a758'],
      ['companies.create', { name: 'A', domain: 'not a domain' }, 'Domain must look like example.com'],
      ['contacts.delete', { ids: [] }, 'Select at least one record'],
    ]
    for (const [name, input, message] of cases) {
      const error = await err(name, input)
      expect(error.code, name).toBe('VALIDATION')
      expect(error.message, JSON.stringify(input)).toContain(message)
    }
    close()
  })

  test('concurrent commands from several windows all land, none is lost', async () => {
    const { core, ok, close } = setup()
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => core.invoke('contacts.create', { firstName: `Person ${i}` })),
    )
    expect(results.every((r) => r.ok)).toBe(true)
    expect((await ok('contacts.list', { limit: 1 })).total).toBe(200)
    close()
  })

  test('after a closed core, invoke answers with an error instead of crashing', async () => {
    const { core, err, close } = setup()
    core.close()
    expect((await err('app.info')).message).toMatch(/restart the app/)
    close()
  })
})
