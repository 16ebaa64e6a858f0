import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import type { Contact } from '../../src-shared/model/contact'
import type { CustomFieldType } from '../../src-shared/model/custom-field'
import { openCore, readDb } from './helpers'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000'

type Env = ReturnType<typeof openCore>

interface LogRow {
  table_name: string
  row_id: string
  column_name: string
  value: string
}
const changeLog = (dataDir: string) =>
  readDb(dataDir, (db) => db.prepare('SELECT table_name, row_id, column_name, value FROM change_log ORDER BY hlc').all() as LogRow[])
const countRows = (dataDir: string, sql: string, ...params: unknown[]) =>
  readDb(dataDir, (db) => db.prepare(sql).pluck().get(...params) as number)

/** One custom field of every type, keyed by type. */
async function fieldsOfEveryType({ ok }: Env): Promise<Record<CustomFieldType, string>> {
  const make = async (type: CustomFieldType, options: string[] = []) =>
    (await ok('customFields.create', { label: `My ${type}`, type, options })).id
  return {
    text: await make('text'),
    number: await make('number'),
    date: await make('date'),
    select: await make('select', ['Gold', 'Silver']),
    checkbox: await make('checkbox'),
    url: await make('url'),
  }
}

/** A contact with every field filled, plus what it refers to. */
async function fullContact(env: Env) {
  const { ok } = env
  const company = await ok('companies.create', { name: 'Acme Ltd' })
  const vip = await ok('tags.create', { name: 'VIP', color: '#E5484D' })
  const beta = await ok('tags.create', { name: 'beta', color: '#46a758' })
  const fields = await fieldsOfEveryType(env)
  const input = {
    firstName: '  Ana ',
    lastName: 'Silva',
    jobTitle: 'Head of Sales',
    companyId: company.id,
    leadSource: 'Referral',
    lifecycleStage: 'customer',
    owner: 'Sam Rivera',
    emails: [
      { value: 'ana@acme.test', label: 'work' },
      { value: 'ana.silva@home.test', label: 'home', primary: true },
      { value: 'ana@old.test' },
    ],
    phones: [
      { value: '+351 912 345 678', label: 'mobile' },
      { value: '(212) 555-0100 x12', label: 'office' },
    ],
    socialProfiles: [{ value: 'https://www.linkedin.com/in/ana-silva', label: 'LinkedIn' }],
    tagIds: [vip.id, beta.id],
    address: { street: 'Rua Augusta 1', city: 'Lisboa', region: 'Lisboa', postalCode: '1100-048', country: 'Portugal' },
    birthday: '1990-04-27',
    notes: 'Met at the trade show.',
    customFields: {
      [fields.text]: 'Loves espresso',
      [fields.number]: 42.5,
      [fields.date]: '2024-05-31',
      [fields.select]: 'Gold',
      [fields.checkbox]: true,
      [fields.url]: 'https://acme.test/ana',
    },
  }
  const contact = await ok('contacts.create', input)
  return { contact, company, tags: { vip, beta }, fields, input }
}

async function named(env: Env, firstName: string, lastName: string, extra: Record<string, unknown> = {}) {
  return env.ok('contacts.create', { firstName, lastName, ...extra })
}

const ids = (items: { id: string }[]) => items.map((i) => i.id)

describe('contacts.create and contacts.get', () => {
  test('a contact with every field comes back exactly as entered', async () => {
    const env = openCore()
    const { contact, company, tags, fields } = await fullContact(env)
    const now = env.clock.now()
    const expected: Contact = {
      id: contact.id,
      firstName: 'Ana',
      lastName: 'Silva',
      displayName: 'Ana Silva',
      jobTitle: 'Head of Sales',
      companyId: company.id,
      companyName: 'Acme Ltd',
      leadSource: 'Referral',
      lifecycleStage: 'customer',
      owner: 'Sam Rivera',
      emails: [
        { value: 'ana@acme.test', label: 'work', primary: false },
        { value: 'ana.silva@home.test', label: 'home', primary: true },
        { value: 'ana@old.test', label: null, primary: false },
      ],
      phones: [
        { value: '+351 912 345 678', label: 'mobile' },
        { value: '(212) 555-0100 x12', label: 'office' },
      ],
      socialProfiles: [{ value: 'https://www.linkedin.com/in/ana-silva', label: 'LinkedIn' }],
      // sorted by name, case-insensitively; colours lower-cased
      tags: [
        { id: tags.beta.id, name: 'beta', color: '#46a758' },
        { id: tags.vip.id, name: 'VIP', color: '#e5484d' },
      ],
      address: { street: 'Rua Augusta 1', city: 'Lisboa', region: 'Lisboa', postalCode: '1100-048', country: 'Portugal' },
      birthday: '1990-04-27',
      notes: 'Met at the trade show.',
      customFields: {
        [fields.text]: 'Loves espresso',
        [fields.number]: 42.5,
        [fields.date]: '2024-05-31',
        [fields.select]: 'Gold',
        [fields.checkbox]: true,
        [fields.url]: 'https://acme.test/ana',
      },
      lastContactedAt: null,
      keepInTouch: null,
      privateTo: null,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    }
    expect(contact.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(contact).toEqual(expected)
    expect(await env.ok('contacts.get', { id: contact.id })).toEqual(expected)
  })

  test('a contact with only a last name gets the defaults', async () => {
    const { ok } = openCore()
    const contact = await ok('contacts.create', { lastName: 'Solo' })
    expect(contact).toMatchObject({
      firstName: '',
      lastName: 'Solo',
      displayName: 'Solo',
      jobTitle: null,
      companyId: null,
      companyName: null,
      leadSource: null,
      lifecycleStage: 'lead',
      owner: null,
      emails: [],
      phones: [],
      socialProfiles: [],
      tags: [],
      address: { street: null, city: null, region: null, postalCode: null, country: null },
      birthday: null,
      notes: '',
      customFields: {},
      lastContactedAt: null,
      keepInTouch: null,
    })
  })

  test('without a primary email the first one becomes primary', async () => {
    const { ok } = openCore()
    const contact = await ok('contacts.create', {
      firstName: 'Bo',
      emails: [{ value: 'first@x.test' }, { value: 'second@x.test', primary: false }],
    })
    expect(contact.emails).toEqual([
      { value: 'first@x.test', label: null, primary: true },
      { value: 'second@x.test', label: null, primary: false },
    ])
  })

  test('two primary emails → VALIDATION on emails, nothing written', async () => {
    const { err, dataDir } = openCore()
    const error = await err('contacts.create', {
      firstName: 'Bo',
      emails: [
        { value: 'a@x.test', primary: true },
        { value: 'b@x.test', primary: true },
      ],
    })
    expect(error.code).toBe('VALIDATION')
    expect(error.message).toBe('Only one email can be the primary one')
    expect((error.details as { problems: { path: string }[] }).problems[0].path).toBe('emails')
    expect(countRows(dataDir, 'SELECT count(*) FROM contacts')).toBe(0)
    expect(countRows(dataDir, "SELECT count(*) FROM change_log WHERE table_name = 'contacts'")).toBe(0)
  })

  test('no name at all (or only spaces) → VALIDATION on firstName', async () => {
    const { err } = openCore()
    for (const input of [{}, { firstName: '   ', lastName: '' }, { jobTitle: 'CEO' }]) {
      const error = await err('contacts.create', input)
      expect(error.code).toBe('VALIDATION')
      expect(error.message).toBe('Enter a first or last name')
      expect((error.details as { problems: { path: string }[] }).problems[0].path).toBe('firstName')
    }
  })

  test('bad channel values → VALIDATION naming the entry', async () => {
    const { err } = openCore()
    const cases: [Record<string, unknown>, string][] = [
      [{ emails: [{ value: 'ok@x.test' }, { value: 'not-an-email' }] }, 'emails.1.value'],
      [{ phones: [{ value: '12' }] }, 'phones.0.value'],
      [{ phones: [{ value: 'call me' }] }, 'phones.0.value'],
      [{ socialProfiles: [{ value: 'ftp://x.test/me' }] }, 'socialProfiles.0.value'],
      [{ birthday: '1990-02-30' }, 'birthday'],
    ]
    for (const [extra, path] of cases) {
      const error = await err('contacts.create', { firstName: 'Bo', ...extra })
      expect(error.code).toBe('VALIDATION')
      expect((error.details as { problems: { path: string }[] }).problems[0].path).toBe(path)
    }
  })
})

describe('contacts.update', () => {
  test('changes only the given fields and logs only the fields that changed', async () => {
    const env = openCore()
    const { contact } = await fullContact(env)
    const before = changeLog(env.dataDir).length
    env.clock.advance(MINUTE)

    const updated = await env.ok('contacts.update', {
      id: contact.id,
      patch: { jobTitle: 'CEO', lifecycleStage: 'customer', notes: 'Met at the trade show.', address: { city: 'Porto' } },
    })
    expect(updated).toEqual({
      ...contact,
      jobTitle: 'CEO',
      address: { ...contact.address, city: 'Porto' },
      updatedAt: env.clock.now(),
    })
    expect(await env.ok('contacts.get', { id: contact.id })).toEqual(updated)
    expect(changeLog(env.dataDir).slice(before)).toEqual([
      { table_name: 'contacts', row_id: contact.id, column_name: 'job_title', value: '"CEO"' },
      { table_name: 'contacts', row_id: contact.id, column_name: 'address_city', value: '"Porto"' },
    ])
  })

  test('an update that changes nothing writes nothing, not even updated_at', async () => {
    const env = openCore()
    const { contact, input } = await fullContact(env)
    const before = changeLog(env.dataDir).length
    env.clock.advance(MINUTE)
    const { companyId, tagIds, emails, phones, socialProfiles, customFields, firstName, lastName } = input
    const same = await env.ok('contacts.update', {
      id: contact.id,
      patch: { firstName, lastName, companyId, tagIds, emails, phones, socialProfiles, customFields },
    })
    expect(same).toEqual(contact)
    expect(changeLog(env.dataDir).length).toBe(before)
  })

  test('setting optional text to "" or null stores null', async () => {
    const env = openCore()
    const { contact } = await fullContact(env)
    const updated = await env.ok('contacts.update', {
      id: contact.id,
      patch: { jobTitle: '', owner: null, companyId: null, birthday: null, address: { street: '' } },
    })
    expect(updated.jobTitle).toBeNull()
    expect(updated.owner).toBeNull()
    expect(updated.companyId).toBeNull()
    expect(updated.companyName).toBeNull()
    expect(updated.birthday).toBeNull()
    expect(updated.address).toEqual({ ...contact.address, street: null })
  })

  test('replacing the email list: shrink, grow, reorder', async () => {
    const env = openCore()
    const { ok, dataDir } = env
    const activeEmails = (id: string) =>
      countRows(dataDir, "SELECT count(*) FROM contact_channels WHERE contact_id = ? AND kind = 'email' AND deleted_at IS NULL", id)
    const c = await ok('contacts.create', {
      firstName: 'Eve',
      emails: [{ value: 'a@x.test' }, { value: 'b@x.test', primary: true }, { value: 'c@x.test' }],
    })

    const shrunk = await ok('contacts.update', { id: c.id, patch: { emails: [{ value: 'c@x.test', label: 'only' }] } })
    expect(shrunk.emails).toEqual([{ value: 'c@x.test', label: 'only', primary: true }])
    expect(activeEmails(c.id)).toBe(1)

    const grown = await ok('contacts.update', {
      id: c.id,
      patch: { emails: [{ value: 'c@x.test' }, { value: 'd@x.test', primary: true }, { value: 'e@x.test', label: 'old' }] },
    })
    expect(grown.emails).toEqual([
      { value: 'c@x.test', label: null, primary: false },
      { value: 'd@x.test', label: null, primary: true },
      { value: 'e@x.test', label: 'old', primary: false },
    ])
    expect(activeEmails(c.id)).toBe(3)

    const reordered = await ok('contacts.update', {
      id: c.id,
      patch: { emails: [{ value: 'e@x.test', label: 'old' }, { value: 'c@x.test' }, { value: 'd@x.test', primary: true }] },
    })
    expect(reordered.emails).toEqual([
      { value: 'e@x.test', label: 'old', primary: false },
      { value: 'c@x.test', label: null, primary: false },
      { value: 'd@x.test', label: null, primary: true },
    ])
    expect(activeEmails(c.id)).toBe(3)
    expect(await ok('contacts.get', { id: c.id })).toEqual(reordered)

    const cleared = await ok('contacts.update', { id: c.id, patch: { emails: [] } })
    expect(cleared.emails).toEqual([])
    expect(activeEmails(c.id)).toBe(0)
  })

  test('replacing phones and profiles; lists not in the patch stay as they are', async () => {
    const { ok } = openCore()
    const c = await ok('contacts.create', {
      firstName: 'Eve',
      emails: [{ value: 'eve@x.test' }],
      phones: [{ value: '111 111', label: 'home' }, { value: '222 222' }],
      socialProfiles: [{ value: 'https://x.test/eve' }],
    })
    const reordered = await ok('contacts.update', { id: c.id, patch: { phones: [{ value: '222 222' }, { value: '111 111', label: 'home' }] } })
    expect(reordered.phones).toEqual([
      { value: '222 222', label: null },
      { value: '111 111', label: 'home' },
    ])
    const grown = await ok('contacts.update', {
      id: c.id,
      patch: { phones: [{ value: '333 333' }], socialProfiles: [{ value: 'https://x.test/eve' }, { value: 'http://blog.x.test', label: 'Blog' }] },
    })
    expect(grown.phones).toEqual([{ value: '333 333', label: null }])
    expect(grown.socialProfiles).toEqual([
      { value: 'https://x.test/eve', label: null },
      { value: 'http://blog.x.test', label: 'Blog' },
    ])
    expect(grown.emails).toEqual([{ value: 'eve@x.test', label: null, primary: true }])
  })

  test('replacing tags removes and re-adds them', async () => {
    const { ok, dataDir } = openCore()
    const a = await ok('tags.create', { name: 'A' })
    const b = await ok('tags.create', { name: 'B' })
    const c = await ok('contacts.create', { firstName: 'Eve', tagIds: [a.id] })
    expect(ids((await ok('contacts.update', { id: c.id, patch: { tagIds: [b.id] } })).tags)).toEqual([b.id])
    expect(ids((await ok('contacts.update', { id: c.id, patch: { tagIds: [] } })).tags)).toEqual([])
    expect(ids((await ok('contacts.update', { id: c.id, patch: { tagIds: [b.id, a.id] } })).tags)).toEqual([a.id, b.id])
    // re-adding a removed tag revives its row instead of adding another
    expect(countRows(dataDir, 'SELECT count(*) FROM contact_tags WHERE contact_id = ?', c.id)).toBe(2)
  })

  test('clearing the last name while the first name is empty → VALIDATION, nothing changed', async () => {
    const { ok, err, dataDir } = openCore()
    const c = await ok('contacts.create', { lastName: 'Solo', jobTitle: 'Chef' })
    const before = changeLog(dataDir).length
    const error = await err('contacts.update', { id: c.id, patch: { lastName: '  ', jobTitle: 'Cook' } })
    expect(error.code).toBe('VALIDATION')
    expect((error.details as { problems: { path: string }[] }).problems[0].path).toBe('firstName')
    expect(changeLog(dataDir).length).toBe(before)
    expect(await ok('contacts.get', { id: c.id })).toEqual(c)

    // swapping names in one patch is fine
    const swapped = await ok('contacts.update', { id: c.id, patch: { firstName: 'Han', lastName: '' } })
    expect(swapped.displayName).toBe('Han')
  })

  test('unknown or deleted contact → NOT_FOUND, nothing written', async () => {
    const { ok, err, dataDir } = openCore()
    const c = await ok('contacts.create', { firstName: 'Eve' })
    await ok('contacts.delete', { ids: [c.id] })
    const before = changeLog(dataDir).length
    expect((await err('contacts.update', { id: UNKNOWN_ID, patch: { jobTitle: 'X' } })).code).toBe('NOT_FOUND')
    expect((await err('contacts.update', { id: c.id, patch: { jobTitle: 'X' } })).code).toBe('NOT_FOUND')
    expect((await err('contacts.get', { id: UNKNOWN_ID })).code).toBe('NOT_FOUND')
    expect(changeLog(dataDir).length).toBe(before)
  })

  test('a companyId pointing at a deleted company → NOT_FOUND on create and update', async () => {
    const { ok, err, dataDir } = openCore()
    const gone = await ok('companies.create', { name: 'Gone Inc' })
    await ok('companies.delete', { ids: [gone.id] })
    const c = await ok('contacts.create', { firstName: 'Eve' })
    const before = changeLog(dataDir).length

    const onCreate = await err('contacts.create', { firstName: 'Zed', companyId: gone.id })
    expect(onCreate.code).toBe('NOT_FOUND')
    expect(onCreate.details).toEqual({ id: gone.id })
    expect((await err('contacts.update', { id: c.id, patch: { companyId: gone.id } })).code).toBe('NOT_FOUND')
    expect((await err('contacts.create', { firstName: 'Zed', companyId: UNKNOWN_ID })).code).toBe('NOT_FOUND')
    expect((await err('contacts.create', { firstName: 'Zed', tagIds: [UNKNOWN_ID] })).code).toBe('NOT_FOUND')

    expect(countRows(dataDir, 'SELECT count(*) FROM contacts')).toBe(1)
    expect(changeLog(dataDir).length).toBe(before)
    expect((await ok('contacts.get', { id: c.id })).companyId).toBeNull()
  })
})

describe('contacts custom field values', () => {
  const wrong: [CustomFieldType, unknown][] = [
    ['number', 'abc'],
    ['select', 'Bronze'],
    ['url', 'ftp://x'],
    ['date', '2024-13-45'],
    ['date', '2024-02-30'],
    ['date', '31/05/2024'],
    ['checkbox', 'yes'],
    ['text', 12],
  ]
  test.each(wrong)('a %s field given %j → VALIDATION at customFields.<id>, nothing written', async (type, value) => {
    const env = openCore()
    const fields = await fieldsOfEveryType(env)
    const c = await env.ok('contacts.create', { firstName: 'Eve', customFields: { [fields.text]: 'keep' } })
    const before = changeLog(env.dataDir).length
    const id = fields[type]

    const onUpdate = await env.err('contacts.update', { id: c.id, patch: { customFields: { [id]: value } } })
    expect(onUpdate.code).toBe('VALIDATION')
    expect((onUpdate.details as { problems: { path: string }[] }).problems[0].path).toBe(`customFields.${id}`)
    expect(onUpdate.message).toMatch(new RegExp(`^My ${type}: `))

    const onCreate = await env.err('contacts.create', { firstName: 'Zed', customFields: { [id]: value } })
    expect(onCreate.code).toBe('VALIDATION')
    expect((onCreate.details as { problems: { path: string }[] }).problems[0].path).toBe(`customFields.${id}`)

    expect(changeLog(env.dataDir).length).toBe(before)
    expect((await env.ok('contacts.get', { id: c.id })).customFields).toEqual({ [fields.text]: 'keep' })
  })

  test('edge values that are valid are accepted and stored with their type', async () => {
    const env = openCore()
    const fields = await fieldsOfEveryType(env)
    const values = {
      [fields.text]: 'ünïcode ✓',
      [fields.number]: 0,
      [fields.date]: '2024-02-29',
      [fields.select]: 'Silver',
      [fields.checkbox]: false,
      [fields.url]: 'http://x.test/a?b=c',
    }
    const c = await env.ok('contacts.create', { firstName: 'Eve', customFields: values })
    expect(c.customFields).toEqual(values)
    expect(await env.ok('contacts.get', { id: c.id })).toEqual(c)
  })

  test('a value for an unknown field → VALIDATION at customFields.<id>', async () => {
    const { err } = openCore()
    const error = await err('contacts.create', { firstName: 'Eve', customFields: { [UNKNOWN_ID]: 'x' } })
    expect(error.code).toBe('VALIDATION')
    expect((error.details as { problems: { path: string }[] }).problems[0].path).toBe(`customFields.${UNKNOWN_ID}`)
  })

  test('setting a value to null (or "") removes it; setting it again brings it back', async () => {
    const env = openCore()
    const { contact, fields } = await fullContact(env)
    const cleared = await env.ok('contacts.update', {
      id: contact.id,
      patch: { customFields: { [fields.number]: null, [fields.text]: '' } },
    })
    const { [fields.number]: _n, [fields.text]: _t, ...rest } = contact.customFields
    expect(cleared.customFields).toEqual(rest)
    expect(Object.keys(cleared.customFields)).toHaveLength(4)

    const again = await env.ok('contacts.update', { id: contact.id, patch: { customFields: { [fields.number]: -7 } } })
    expect(again.customFields).toEqual({ ...rest, [fields.number]: -7 })
    expect(countRows(env.dataDir, 'SELECT count(*) FROM contact_field_values WHERE contact_id = ? AND field_id = ?', contact.id, fields.number)).toBe(1)
  })

  test('changing one value leaves the others alone', async () => {
    const env = openCore()
    const { contact, fields } = await fullContact(env)
    const updated = await env.ok('contacts.update', {
      id: contact.id,
      patch: { customFields: { [fields.select]: 'Silver', [fields.checkbox]: false } },
    })
    expect(updated.customFields).toEqual({ ...contact.customFields, [fields.select]: 'Silver', [fields.checkbox]: false })
  })
})

describe('contacts.list', () => {
  test('pages with offset and limit and reports the total', async () => {
    const env = openCore()
    const made = []
    for (const name of ['Ana', 'Bea', 'Cid', 'Dan', 'Eli']) made.push(await named(env, name, 'Test'))
    const page = (offset: number, limit: number) => env.ok('contacts.list', { offset, limit })

    const first = await page(0, 2)
    expect(first.total).toBe(5)
    expect(first.items.map((c) => c.firstName)).toEqual(['Ana', 'Bea'])
    expect((await page(2, 2)).items.map((c) => c.firstName)).toEqual(['Cid', 'Dan'])
    const last = await page(4, 2)
    expect(last.items.map((c) => c.firstName)).toEqual(['Eli'])
    expect(last.total).toBe(5)
    expect(await page(10, 2)).toEqual({ items: [], total: 5 })
    expect((await env.ok('contacts.list', {})).items).toHaveLength(5) // default limit 100
    expect((await env.err('contacts.list', { limit: 501 })).code).toBe('VALIDATION')
  })

  test('summaries carry the primary email, first phone, company name and tags', async () => {
    const env = openCore()
    const { contact, company, tags } = await fullContact(env)
    const { items } = await env.ok('contacts.list', {})
    expect(items).toEqual([
      {
        id: contact.id,
        firstName: 'Ana',
        lastName: 'Silva',
        displayName: 'Ana Silva',
        jobTitle: 'Head of Sales',
        companyId: company.id,
        companyName: 'Acme Ltd',
        lifecycleStage: 'customer',
        primaryEmail: 'ana.silva@home.test',
        primaryPhone: '+351 912 345 678',
        lastContactedAt: null,
        createdAt: contact.createdAt,
        tags: [
          { id: tags.beta.id, name: 'beta', color: '#46a758' },
          { id: tags.vip.id, name: 'VIP', color: '#e5484d' },
        ],
      },
    ])
  })

  test('sorts by name case-insensitively, ascending and descending', async () => {
    const env = openCore()
    // byte order would put "ana Boyd" last; case-insensitive order puts it second
    await named(env, 'Carla', 'Diaz')
    await named(env, 'ana', 'Boyd')
    await named(env, 'Bruno', 'Costa')
    await named(env, 'Ana', 'Abel')
    const asc = await env.ok('contacts.list', { sort: 'name' })
    expect(asc.items.map((c) => c.displayName)).toEqual(['Ana Abel', 'ana Boyd', 'Bruno Costa', 'Carla Diaz'])
    const desc = await env.ok('contacts.list', { sort: 'name', direction: 'desc' })
    expect(desc.items.map((c) => c.displayName)).toEqual(['Carla Diaz', 'Bruno Costa', 'ana Boyd', 'Ana Abel'])
  })

  test('a contact with only a last name sorts by that name, not before everyone', async () => {
    const env = openCore()
    await named(env, 'Adam', 'Young')
    await named(env, '', 'Zoe')
    await named(env, '', 'Baker')
    const asc = await env.ok('contacts.list', { sort: 'name' })
    expect(asc.items.map((c) => c.displayName)).toEqual(['Adam Young', 'Baker', 'Zoe'])
  })

  test('sorts by creation time', async () => {
    const env = openCore()
    const made = []
    for (const name of ['Zoe', 'Adam', 'Mia']) {
      made.push(await named(env, name, 'X'))
      env.clock.advance(MINUTE)
    }
    expect(ids((await env.ok('contacts.list', { sort: 'created' })).items)).toEqual(ids(made))
    expect(ids((await env.ok('contacts.list', { sort: 'created', direction: 'desc' })).items)).toEqual(ids(made).reverse())
  })

  test('sorts by last contacted; never-contacted people come first ascending and last descending (SQLite NULL order)', async () => {
    const env = openCore()
    const t0 = env.clock.now()
    const old = await named(env, 'Old', 'Call')
    const recent = await named(env, 'Recent', 'Call')
    const never = await named(env, 'Never', 'Called')
    const noteOnly = await named(env, 'Note', 'Only')
    await env.ok('activities.create', { type: 'call', contactId: old.id, occurredAt: t0 - 10 * DAY })
    await env.ok('activities.create', { type: 'email', contactId: recent.id, occurredAt: t0 - DAY })
    await env.ok('activities.create', { type: 'note', contactId: noteOnly.id, occurredAt: t0 })

    const asc = await env.ok('contacts.list', { sort: 'lastContacted' })
    // ties (both null) are broken by id in the same direction
    const nulls = [never.id, noteOnly.id].sort()
    expect(ids(asc.items)).toEqual([...nulls, old.id, recent.id])
    expect(asc.items.map((c) => c.lastContactedAt)).toEqual([null, null, t0 - 10 * DAY, t0 - DAY])

    const desc = await env.ok('contacts.list', { sort: 'lastContacted', direction: 'desc' })
    expect(ids(desc.items)).toEqual([recent.id, old.id, ...nulls.reverse()])
  })

  test('filters by tag, lifecycle stage and company, alone and combined', async () => {
    const env = openCore()
    const { ok } = env
    const acme = await ok('companies.create', { name: 'Acme' })
    const globex = await ok('companies.create', { name: 'Globex' })
    const vip = await ok('tags.create', { name: 'VIP' })
    const a = await named(env, 'A', 'Lead-Acme-VIP', { companyId: acme.id, lifecycleStage: 'lead', tagIds: [vip.id] })
    const b = await named(env, 'B', 'Customer-Acme', { companyId: acme.id, lifecycleStage: 'customer' })
    const c = await named(env, 'C', 'Customer-Globex-VIP', { companyId: globex.id, lifecycleStage: 'customer', tagIds: [vip.id] })
    const d = await named(env, 'D', 'Customer-none', { lifecycleStage: 'customer' })
    const list = async (filter: Record<string, unknown>) => {
      const page = await ok('contacts.list', filter)
      expect(page.total).toBe(page.items.length)
      return ids(page.items)
    }
    expect(await list({ tagId: vip.id })).toEqual([a.id, c.id])
    expect(await list({ lifecycleStage: 'customer' })).toEqual([b.id, c.id, d.id])
    expect(await list({ companyId: acme.id })).toEqual([a.id, b.id])
    expect(await list({ companyId: acme.id, lifecycleStage: 'customer' })).toEqual([b.id])
    expect(await list({ tagId: vip.id, lifecycleStage: 'customer' })).toEqual([c.id])
    expect(await list({ tagId: vip.id, companyId: acme.id, lifecycleStage: 'customer' })).toEqual([])
    expect(await list({ lifecycleStage: 'former_customer' })).toEqual([])

    // a removed tag no longer matches
    await ok('tags.unassign', { tagId: vip.id, contactIds: [c.id] })
    expect(await list({ tagId: vip.id })).toEqual([a.id])
    // a deleted tag matches nobody, and matches again once restored
    await ok('tags.delete', { ids: [vip.id] })
    expect(await list({ tagId: vip.id })).toEqual([])
    await ok('tags.restore', { ids: [vip.id] })
    expect(await list({ tagId: vip.id })).toEqual([a.id])
  })

  test('deleted contacts leave the list and the total', async () => {
    const env = openCore()
    const vip = await env.ok('tags.create', { name: 'VIP' })
    const a = await named(env, 'A', 'One', { tagIds: [vip.id] })
    const b = await named(env, 'B', 'Two', { tagIds: [vip.id] })
    await env.ok('contacts.delete', { ids: [a.id] })
    expect(await env.ok('contacts.list', {})).toMatchObject({ total: 1, items: [{ id: b.id }] })
    expect(await env.ok('contacts.list', { tagId: vip.id })).toMatchObject({ total: 1, items: [{ id: b.id }] })
  })
})

describe('contacts.get and contacts.list read paths (one statement each)', () => {
  test('get: deleted channels, deleted tags, removed values and deleted fields stay out; order and primary kept', async () => {
    const env = openCore()
    const { ok } = env
    const { contact, tags, fields } = await fullContact(env)
    const gone = await ok('tags.create', { name: 'Gone' })
    await ok('contacts.update', {
      id: contact.id,
      patch: {
        // the primary in the middle, one email fewer (its row is tombstoned), one phone fewer
        emails: [{ value: 'z@last.test' }, { value: 'ana.silva@home.test', label: 'home', primary: true }],
        phones: [{ value: '+351 912 345 678', label: 'mobile' }],
        socialProfiles: [],
        tagIds: [tags.vip.id, gone.id],
        customFields: { [fields.text]: null, [fields.number]: 7 },
      },
    })
    await ok('tags.delete', { ids: [gone.id] })
    await ok('customFields.delete', { ids: [fields.url] })
    const got = await ok('contacts.get', { id: contact.id })
    expect(got.emails).toEqual([
      { value: 'z@last.test', label: null, primary: false },
      { value: 'ana.silva@home.test', label: 'home', primary: true },
    ])
    expect(got.phones).toEqual([{ value: '+351 912 345 678', label: 'mobile' }])
    expect(got.socialProfiles).toEqual([])
    expect(got.tags).toEqual([{ id: tags.vip.id, name: 'VIP', color: '#e5484d' }])
    expect(got.customFields).toEqual({ [fields.number]: 7, [fields.date]: '2024-05-31', [fields.select]: 'Gold', [fields.checkbox]: true })
    expect(countRows(env.dataDir, 'SELECT count(*) FROM contact_channels WHERE contact_id = ? AND deleted_at IS NOT NULL', contact.id)).toBe(3) // an email, a phone, the profile

    const { items } = await ok('contacts.list', {})
    expect(items[0]).toMatchObject({ primaryEmail: 'ana.silva@home.test', primaryPhone: '+351 912 345 678', tags: [{ id: tags.vip.id }] })
  })

  test('get: a contact without channels, tags or values; a deleted company shows no name', async () => {
    const { ok } = openCore()
    const co = await ok('companies.create', { name: 'Gone Inc' })
    const c = await ok('contacts.create', { lastName: 'Solo', companyId: co.id })
    await ok('companies.delete', { ids: [co.id] })
    const got = await ok('contacts.get', { id: c.id })
    expect(got).toMatchObject({ emails: [], phones: [], socialProfiles: [], tags: [], customFields: {}, companyId: co.id, companyName: null })
    expect((await ok('contacts.list', {})).items[0]).toMatchObject({ primaryEmail: null, primaryPhone: null, tags: [], companyName: null, jobTitle: null })
  })

  test('list: primary email is the one marked primary, else the first live one; text with quotes and JSON characters survives', async () => {
    const { ok } = openCore()
    const tag = await ok('tags.create', { name: 'He said "hi" \\ [x]' })
    const a = await ok('contacts.create', { firstName: 'A', emails: [{ value: 'first@x.test' }, { value: 'second@x.test', primary: true }], tagIds: [tag.id] })
    const b = await ok('contacts.create', { firstName: 'B', emails: [{ value: 'only@x.test' }], phones: [{ value: '111 222' }, { value: '333 444' }] })
    await ok('contacts.update', { id: b.id, patch: { emails: [] } })
    const { items } = await ok('contacts.list', {})
    expect(items.map((i) => [i.id, i.primaryEmail, i.primaryPhone])).toEqual([
      [a.id, 'second@x.test', null],
      [b.id, null, '111 222'],
    ])
    expect(items[0].tags).toEqual([{ id: tag.id, name: 'He said "hi" \\ [x]', color: tag.color }])
    expect((await ok('contacts.get', { id: a.id })).tags[0].name).toBe('He said "hi" \\ [x]')
  })

  test('list: the cached total follows every write, also a write from another connection', async () => {
    const env = openCore()
    const { ok } = env
    const a = await named(env, 'A', 'One')
    expect((await ok('contacts.list', {})).total).toBe(1)
    expect((await ok('contacts.list', { offset: 100 })).total).toBe(1)
    await named(env, 'B', 'Two')
    expect((await ok('contacts.list', { offset: 100 })).total).toBe(2)
    await ok('contacts.delete', { ids: [a.id] })
    expect((await ok('contacts.list', {})).total).toBe(1)
    await ok('contacts.restore', { ids: [a.id] })
    expect((await ok('contacts.list', {})).total).toBe(2)
    expect((await ok('contacts.list', { lifecycleStage: 'customer' })).total).toBe(0)
    await ok('contacts.update', { id: a.id, patch: { lifecycleStage: 'customer' } })
    expect((await ok('contacts.list', { lifecycleStage: 'customer' })).total).toBe(1)
    // another process (a second window, a restore tool) deletes one: data_version moves
    const other = new Database(join(env.dataDir, 'crm.db'))
    other.prepare('UPDATE contacts SET deleted_at = 1 WHERE id = ?').run(a.id)
    other.close()
    expect(await ok('contacts.list', {})).toMatchObject({ total: 1, items: [{ firstName: 'B' }] })
  })

  test('list: deep pages by every sort keep the order and the page size', async () => {
    const env = openCore()
    for (let i = 0; i < 30; i++) {
      env.clock.advance(MINUTE)
      await named(env, `P${String((i * 7) % 30).padStart(2, '0')}`, 'X')
    }
    for (const sort of ['name', 'created', 'lastContacted'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        const all = (await env.ok('contacts.list', { sort, direction, limit: 100 })).items.map((c) => c.id)
        const paged = []
        for (let offset = 0; offset < 30; offset += 7) paged.push(...(await env.ok('contacts.list', { sort, direction, offset, limit: 7 })).items.map((c) => c.id))
        expect(paged).toEqual(all)
      }
    }
  })
})

describe('contacts.delete and contacts.restore', () => {
  test('restore (undo) brings back the same contact with its tags, channels and custom values', async () => {
    const env = openCore()
    const { contact } = await fullContact(env)
    env.clock.advance(MINUTE)
    expect(await env.ok('contacts.delete', { ids: [contact.id] })).toEqual({ count: 1 })
    const error = await env.err('contacts.get', { id: contact.id })
    expect(error.code).toBe('NOT_FOUND')
    expect(await env.ok('contacts.delete', { ids: [contact.id] })).toEqual({ count: 0 })

    env.clock.advance(MINUTE)
    expect(await env.ok('contacts.restore', { ids: [contact.id] })).toEqual({ count: 1 })
    expect(await env.ok('contacts.get', { id: contact.id })).toEqual({ ...contact, updatedAt: env.clock.now() })
    expect(await env.ok('contacts.restore', { ids: [contact.id] })).toEqual({ count: 0 })
    expect((await env.ok('contacts.list', {})).total).toBe(1)
  })

  test('delete logs only deleted_at', async () => {
    const env = openCore()
    const c = await named(env, 'Eve', 'Log')
    const before = changeLog(env.dataDir).length
    await env.ok('contacts.delete', { ids: [c.id] })
    expect(changeLog(env.dataDir).slice(before)).toEqual([
      { table_name: 'contacts', row_id: c.id, column_name: 'deleted_at', value: String(env.clock.now()) },
    ])
  })

  test('several at once; an unknown id → NOT_FOUND and none is deleted', async () => {
    const env = openCore()
    const a = await named(env, 'A', 'One')
    const b = await named(env, 'B', 'Two')
    const before = changeLog(env.dataDir).length
    const error = await env.err('contacts.delete', { ids: [a.id, UNKNOWN_ID, b.id] })
    expect(error.code).toBe('NOT_FOUND')
    expect(error.details).toEqual({ id: UNKNOWN_ID })
    expect(changeLog(env.dataDir).length).toBe(before)
    expect((await env.ok('contacts.list', {})).total).toBe(2)

    expect(await env.ok('contacts.delete', { ids: [a.id, b.id, a.id] })).toEqual({ count: 2 })
    expect((await env.ok('contacts.list', {})).total).toBe(0)
    expect((await env.err('contacts.restore', { ids: [a.id, UNKNOWN_ID] })).code).toBe('NOT_FOUND')
    expect((await env.ok('contacts.list', {})).total).toBe(0)
    expect(await env.ok('contacts.restore', { ids: [a.id, b.id] })).toEqual({ count: 2 })
    expect((await env.ok('contacts.list', {})).total).toBe(2)
  })

  test('an empty id list or a malformed id → VALIDATION', async () => {
    const { err } = openCore()
    expect((await err('contacts.delete', { ids: [] })).code).toBe('VALIDATION')
    expect((await err('contacts.get', { id: 'nope' })).code).toBe('VALIDATION')
  })
})
