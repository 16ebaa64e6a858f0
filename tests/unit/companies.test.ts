import { describe, expect, test } from 'vitest'
import type { Company } from '../../src-shared/model/company'
import { openCore, readDb } from './helpers'

const MINUTE = 60_000
const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000'

type Env = ReturnType<typeof openCore>

interface LogRow {
  table_name: string
  row_id: string
  column_name: string
  value: string
}
function changeLog(dataDir: string): LogRow[] {
  return readDb(dataDir, (db) => db.prepare('SELECT table_name, row_id, column_name, value FROM change_log ORDER BY hlc').all() as LogRow[])
}

const problemPath = (error: { details?: unknown }) => (error.details as { problems: { path: string }[] }).problems[0].path

async function makeCompanies(env: Env, names: string[]) {
  const made = []
  for (const name of names) made.push(await env.ok('companies.create', { name }))
  return made
}

const names = (page: { items: { name: string }[] }) => page.items.map((c) => c.name)

describe('companies.create and companies.get', () => {
  test('every field comes back as entered', async () => {
    const { ok, clock } = openCore()
    const company = await ok('companies.create', {
      name: '  Acme Ltd ',
      domain: 'acme.test',
      industry: 'Software',
      size: '11-50',
      address: { street: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'USA' },
      phone: '+1 217 555 0100',
      notes: 'Our oldest customer.',
    })
    const expected: Company = {
      id: company.id,
      name: 'Acme Ltd',
      domain: 'acme.test',
      industry: 'Software',
      size: '11-50',
      address: { street: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'USA' },
      phone: '+1 217 555 0100',
      notes: 'Our oldest customer.',
      contactCount: 0,
      createdAt: clock.now(),
      updatedAt: clock.now(),
      deletedAt: null,
    }
    expect(company).toEqual(expected)
    expect(await ok('companies.get', { id: company.id })).toEqual(expected)
  })

  test('only a name: the rest is empty', async () => {
    const { ok } = openCore()
    const company = await ok('companies.create', { name: 'Tiny' })
    expect(company).toMatchObject({
      name: 'Tiny',
      domain: null,
      industry: null,
      size: null,
      address: { street: null, city: null, region: null, postalCode: null, country: null },
      phone: null,
      notes: '',
      contactCount: 0,
    })
  })

  test('an empty or missing name → VALIDATION on name, nothing written', async () => {
    const { ok, err } = openCore()
    for (const input of [{}, { name: '' }, { name: '   ' }, { domain: 'acme.test' }]) {
      const error = await err('companies.create', input)
      expect(error.code).toBe('VALIDATION')
      expect(error.message).toBe('Enter the company name')
      expect(problemPath(error)).toBe('name')
    }
    expect((await ok('companies.list', {})).total).toBe(0)
  })

  test.each([
    ['https://Example.com/path', 'example.com'],
    ['http://WWW.Shop.Example.co.uk/a/b?c=d', 'www.shop.example.co.uk'],
    ['  Acme-Tools.io  ', 'acme-tools.io'],
    ['example.com/', 'example.com'],
    ['', null],
  ])('domain %j is stored as %j', async (input, stored) => {
    const { ok } = openCore()
    const company = await ok('companies.create', { name: 'Acme', domain: input })
    expect(company.domain).toBe(stored)
    expect((await ok('companies.get', { id: company.id })).domain).toBe(stored)
  })

  test.each(['not a domain', 'localhost', '-bad.example.com', 'exa_mple.com', 'ftp://example.com', 'example..com'])(
    'domain %j → VALIDATION on domain',
    async (domain) => {
      const { err } = openCore()
      const error = await err('companies.create', { name: 'Acme', domain })
      expect(error.code).toBe('VALIDATION')
      expect(problemPath(error)).toBe('domain')
    },
  )

  test('a size outside the list → VALIDATION on size', async () => {
    const { err } = openCore()
    const error = await err('companies.create', { name: 'Acme', size: '2-3' })
    expect(error.code).toBe('VALIDATION')
    expect(problemPath(error)).toBe('size')
  })

  test('an unknown id → NOT_FOUND', async () => {
    const { err } = openCore()
    const error = await err('companies.get', { id: UNKNOWN_ID })
    expect(error.code).toBe('NOT_FOUND')
    expect(error.details).toEqual({ id: UNKNOWN_ID })
  })
})

describe('companies.update', () => {
  test('changes only the given fields and logs only those that changed', async () => {
    const { ok, clock, dataDir } = openCore()
    const company = await ok('companies.create', {
      name: 'Acme',
      domain: 'acme.test',
      industry: 'Retail',
      address: { street: '1 Main St', city: 'Springfield' },
    })
    const before = changeLog(dataDir).length
    clock.advance(MINUTE)
    const updated = await ok('companies.update', {
      id: company.id,
      patch: { name: 'Acme', domain: 'https://NEW.acme.test/', size: '1-10', address: { city: 'Shelbyville' } },
    })
    expect(updated).toEqual({
      ...company,
      domain: 'new.acme.test',
      size: '1-10',
      address: { ...company.address, city: 'Shelbyville' },
      updatedAt: clock.now(),
    })
    expect(await ok('companies.get', { id: company.id })).toEqual(updated)
    expect(changeLog(dataDir).slice(before).map((r) => [r.column_name, r.value])).toEqual([
      ['domain', '"new.acme.test"'],
      ['size', '"1-10"'],
      ['address_city', '"Shelbyville"'],
    ])
  })

  test('clearing fields with "" or null', async () => {
    const { ok } = openCore()
    const company = await ok('companies.create', { name: 'Acme', domain: 'acme.test', industry: 'Retail', size: '5000+' })
    const updated = await ok('companies.update', { id: company.id, patch: { domain: '', industry: '', size: null } })
    expect(updated).toMatchObject({ name: 'Acme', domain: null, industry: null, size: null })
  })

  test('an empty name → VALIDATION; invalid domain → VALIDATION; nothing changed', async () => {
    const { ok, err, dataDir } = openCore()
    const company = await ok('companies.create', { name: 'Acme' })
    const before = changeLog(dataDir).length
    const empty = await err('companies.update', { id: company.id, patch: { name: '  ' } })
    expect(empty.code).toBe('VALIDATION')
    expect(empty.message).toBe('The company name cannot be empty')
    expect(problemPath(empty)).toBe('patch.name')
    const badDomain = await err('companies.update', { id: company.id, patch: { domain: 'nope' } })
    expect(badDomain.code).toBe('VALIDATION')
    expect(problemPath(badDomain)).toBe('patch.domain')
    expect(changeLog(dataDir).length).toBe(before)
    expect(await ok('companies.get', { id: company.id })).toEqual(company)
  })

  test('an unknown or deleted company → NOT_FOUND', async () => {
    const { ok, err, dataDir } = openCore()
    const company = await ok('companies.create', { name: 'Acme' })
    await ok('companies.delete', { ids: [company.id] })
    const before = changeLog(dataDir).length
    expect((await err('companies.update', { id: UNKNOWN_ID, patch: { name: 'X' } })).code).toBe('NOT_FOUND')
    expect((await err('companies.update', { id: company.id, patch: { name: 'X' } })).code).toBe('NOT_FOUND')
    expect(changeLog(dataDir).length).toBe(before)
  })
})

describe('companies.list', () => {
  test('sorts by name case-insensitively, both ways', async () => {
    const env = openCore()
    await makeCompanies(env, ['beta', 'Alpha', 'charlie', 'Bravo'])
    expect(names(await env.ok('companies.list', {}))).toEqual(['Alpha', 'beta', 'Bravo', 'charlie'])
    expect(names(await env.ok('companies.list', { sort: 'name', direction: 'desc' }))).toEqual(['charlie', 'Bravo', 'beta', 'Alpha'])
  })

  test('sorts by creation time, both ways', async () => {
    const env = openCore()
    for (const name of ['Zulu', 'Alpha', 'Mike']) {
      await env.ok('companies.create', { name })
      env.clock.advance(MINUTE)
    }
    expect(names(await env.ok('companies.list', { sort: 'created' }))).toEqual(['Zulu', 'Alpha', 'Mike'])
    expect(names(await env.ok('companies.list', { sort: 'created', direction: 'desc' }))).toEqual(['Mike', 'Alpha', 'Zulu'])
  })

  test('pages with offset and limit and reports the total', async () => {
    const env = openCore()
    await makeCompanies(env, ['A', 'B', 'C', 'D', 'E'])
    const page = await env.ok('companies.list', { offset: 1, limit: 3 })
    expect(names(page)).toEqual(['B', 'C', 'D'])
    expect(page.total).toBe(5)
    expect(await env.ok('companies.list', { offset: 5, limit: 3 })).toEqual({ items: [], total: 5 })
  })

  test('query is a case-insensitive name prefix', async () => {
    const env = openCore()
    await makeCompanies(env, ['Acme', 'acme labs', 'The Acme Group', 'Apex'])
    const page = await env.ok('companies.list', { query: 'ACME' })
    expect(names(page)).toEqual(['Acme', 'acme labs'])
    expect(page.total).toBe(2)
    expect(names(await env.ok('companies.list', { query: '  a ' }))).toEqual(['Acme', 'acme labs', 'Apex'])
    expect(await env.ok('companies.list', { query: 'zzz' })).toEqual({ items: [], total: 0 })
  })

  test('% _ and \\ in the query are literal characters', async () => {
    const env = openCore()
    await makeCompanies(env, ['50% Off Shop', '50 Percent', '500 Club', 'A_B Corp', 'AxB Corp', 'C\\D Ltd', 'CD Ltd'])
    expect(names(await env.ok('companies.list', { query: '50%' }))).toEqual(['50% Off Shop'])
    expect(names(await env.ok('companies.list', { query: '%' }))).toEqual([])
    expect(names(await env.ok('companies.list', { query: 'A_' }))).toEqual(['A_B Corp'])
    expect(names(await env.ok('companies.list', { query: '_' }))).toEqual([])
    expect(names(await env.ok('companies.list', { query: 'C\\' }))).toEqual(['C\\D Ltd'])
  })

  test('contactCount counts the company\'s contacts that are not deleted', async () => {
    const env = openCore()
    const [acme, globex] = await makeCompanies(env, ['Acme', 'Globex'])
    const a = await env.ok('contacts.create', { firstName: 'A', companyId: acme.id })
    await env.ok('contacts.create', { firstName: 'B', companyId: acme.id })
    const c = await env.ok('contacts.create', { firstName: 'C', companyId: globex.id })
    await env.ok('contacts.create', { firstName: 'D' })
    const counts = async () => (await env.ok('companies.list', {})).items.map((c) => [c.name, c.contactCount])
    expect(await counts()).toEqual([
      ['Acme', 2],
      ['Globex', 1],
    ])
    expect((await env.ok('companies.get', { id: acme.id })).contactCount).toBe(2)

    await env.ok('contacts.delete', { ids: [a.id] })
    expect(await counts()).toEqual([
      ['Acme', 1],
      ['Globex', 1],
    ])
    // moving a person to another company moves the count
    await env.ok('contacts.update', { id: c.id, patch: { companyId: acme.id } })
    expect(await counts()).toEqual([
      ['Acme', 2],
      ['Globex', 0],
    ])
  })

  test('summaries carry name, domain, industry and createdAt', async () => {
    const { ok, clock } = openCore()
    const company = await ok('companies.create', { name: 'Acme', domain: 'acme.test', industry: 'Retail', size: '1-10' })
    expect((await ok('companies.list', {})).items).toEqual([
      { id: company.id, name: 'Acme', domain: 'acme.test', industry: 'Retail', contactCount: 0, createdAt: clock.now() },
    ])
  })
})

describe('companies.delete and companies.restore', () => {
  test('a deleted company leaves the list and its name leaves its contacts; restore brings both back', async () => {
    const { ok, err } = openCore()
    const acme = await ok('companies.create', { name: 'Acme', domain: 'acme.test' })
    const person = await ok('contacts.create', { firstName: 'Ana', companyId: acme.id })
    expect(person.companyName).toBe('Acme')

    expect(await ok('companies.delete', { ids: [acme.id] })).toEqual({ count: 1 })
    expect(await ok('companies.list', {})).toEqual({ items: [], total: 0 })
    expect((await err('companies.get', { id: acme.id })).code).toBe('NOT_FOUND')
    const orphan = await ok('contacts.get', { id: person.id })
    expect(orphan.companyName).toBeNull()
    expect(orphan.companyId).toBe(acme.id)
    expect((await ok('contacts.list', {})).items[0].companyName).toBeNull()
    expect(await ok('companies.delete', { ids: [acme.id] })).toEqual({ count: 0 })

    expect(await ok('companies.restore', { ids: [acme.id] })).toEqual({ count: 1 })
    expect((await ok('contacts.get', { id: person.id })).companyName).toBe('Acme')
    expect((await ok('contacts.list', {})).items[0].companyName).toBe('Acme')
    const back = await ok('companies.get', { id: acme.id })
    expect(back).toMatchObject({ name: 'Acme', domain: 'acme.test', contactCount: 1, deletedAt: null })
    expect(await ok('companies.restore', { ids: [acme.id] })).toEqual({ count: 0 })
  })

  test('an unknown id in the batch → NOT_FOUND and none is deleted', async () => {
    const env = openCore()
    const [a, b] = await makeCompanies(env, ['A', 'B'])
    const error = await env.err('companies.delete', { ids: [a.id, UNKNOWN_ID, b.id] })
    expect(error.code).toBe('NOT_FOUND')
    expect(error.details).toEqual({ id: UNKNOWN_ID })
    expect((await env.ok('companies.list', {})).total).toBe(2)
    expect(await env.ok('companies.delete', { ids: [a.id, b.id] })).toEqual({ count: 2 })
    expect((await env.err('companies.restore', { ids: [UNKNOWN_ID, a.id] })).code).toBe('NOT_FOUND')
    expect((await env.ok('companies.list', {})).total).toBe(0)
  })
})
