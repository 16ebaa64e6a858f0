/**
 * CSV exports on a real core: the text is parsed back with papaparse and compared cell by cell —
 * quoting of commas, quotes and line breaks, unicode, formula-looking cells neutralised, the
 * contacts list's filter and order respected, times in the given zone, empty exports.
 */
import Papa from 'papaparse'
import { describe, expect, test } from 'vitest'
import type { Pipeline } from '../../src-shared/model/deal'
import { csvText, guardFormula, isNarrowed } from '../../src-shared/model/export'
import { exportFileName } from '../../src-renderer/lib/download'
import { openCore } from './helpers'

type Env = ReturnType<typeof openCore>

/** Rows of a CSV as arrays (header first); checks the RFC 4180 shape on the way. */
function parse(text: string): string[][] {
  const result = Papa.parse<string[]>(text, { newline: '\r\n', delimiter: ',' })
  expect(result.errors).toEqual([])
  return result.data
}
/** The rows as objects by header. */
function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parse(text)
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])))
}

async function fixture(env: Env) {
  const acme = await env.ok('companies.create', { name: 'Acme, "The Best" Inc.', domain: 'acme.example', size: '11-50', notes: 'Line one\nLine two' })
  const vip = await env.ok('tags.create', { name: 'VIP', color: '#46a758' })
  const zoe = await env.ok('contacts.create', {
    firstName: 'Zoë',
    lastName: 'Müller, Jr.',
    companyId: acme.id,
    jobTitle: '=HYPERLINK("http://evil.example","click")',
    lifecycleStage: 'customer',
    leadSource: '+Referral',
    owner: '@sam',
    emails: [
      { value: 'second@example.com', label: 'Home' },
      { value: 'zoe@example.com', label: 'Work', primary: true },
      { value: 'third@example.com' },
    ],
    phones: [{ value: '+49 170 1234567', label: 'Mobile' }],
    tagIds: [vip.id],
    address: { street: 'Straße 1\nHinterhaus', city: 'Köln', country: 'Deutschland' },
    birthday: '1990-04-27',
    notes: 'Said "yes", then -maybe-.\r\nCall back 😀',
  })
  const ann = await env.ok('contacts.create', { firstName: 'Ann', lastName: 'Archer', lifecycleStage: 'lead', emails: [{ value: 'ann@example.com' }] })
  const ben = await env.ok('contacts.create', { firstName: 'Ben', lastName: 'Brook', lifecycleStage: 'customer' })
  return { acme, vip, zoe, ann, ben }
}

describe('CSV export', () => {
  test('contacts: every column, quoted commas, quotes and line breaks, unicode, formulas neutralised', async () => {
    const env = openCore()
    await fixture(env)
    const file = await env.ok('exports.csv', { entity: 'contacts', timeZone: 'Europe/Berlin' })
    expect(file.count).toBe(3)
    expect(file.text.startsWith('First name,Last name,Email,Email 2,Email 3,Phone,Company,Job title,Lifecycle stage,Lead source,Owner,Street,City,Region,Postal code,Country,Birthday,Tags,Social profiles,Notes,Last contacted,Created\r\n')).toBe(true)
    // the raw text: quotes doubled, fields with commas / line breaks quoted
    expect(file.text).toContain('"Müller, Jr."')
    expect(file.text).toContain('"Acme, ""The Best"" Inc."')
    expect(file.text).toContain('"Said ""yes"", then -maybe-.\r\nCall back 😀"')

    const rows = records(file.text)
    expect(rows.map((r) => r['First name'])).toEqual(['Ann', 'Ben', 'Zoë'])
    const zoe = rows[2]
    expect(zoe).toMatchObject({
      'Last name': 'Müller, Jr.',
      // the primary email first, then the others in order
      Email: 'zoe@example.com',
      'Email 2': 'second@example.com',
      'Email 3': 'third@example.com',
      Company: 'Acme, "The Best" Inc.',
      'Lifecycle stage': 'Customer',
      Street: 'Straße 1\nHinterhaus',
      City: 'Köln',
      Country: 'Deutschland',
      Birthday: '1990-04-27',
      Tags: 'VIP',
      Notes: 'Said "yes", then -maybe-.\r\nCall back 😀',
      // core's fake clock: 2026-01-15 09:00 UTC is 10:00 in Berlin
      Created: '2026-01-15 10:00',
    })
    // a spreadsheet must not run these: they start with ' and stay text
    expect(zoe['Job title']).toBe(`'=HYPERLINK("http://evil.example","click")`)
    expect(zoe['Lead source']).toBe("'+Referral")
    expect(zoe.Owner).toBe("'@sam")
    // a phone number is data, not a formula: exact, even in the spreadsheet form
    expect(zoe.Phone).toBe('+49 170 1234567')
    expect(rows[0]).toMatchObject({ Email: 'ann@example.com', 'Email 2': '', Phone: '', Company: '', Tags: '' })
  })

  test("contacts: the list's filter and order are respected", async () => {
    const env = openCore()
    const { vip } = await fixture(env)
    const customers = await env.ok('exports.csv', { entity: 'contacts', filter: { lifecycleStage: 'customer', sort: 'name', direction: 'desc' } })
    expect(customers.count).toBe(2)
    expect(records(customers.text).map((r) => r['First name'])).toEqual(['Zoë', 'Ben'])
    const tagged = await env.ok('exports.csv', { entity: 'contacts', filter: { tagId: vip.id } })
    expect(records(tagged.text).map((r) => r['First name'])).toEqual(['Zoë'])
    // only as many Email columns as the exported contacts need
    expect(parse(tagged.text)[0]).toContain('Email 3')
    const leads = await env.ok('exports.csv', { entity: 'contacts', filter: { lifecycleStage: 'lead' } })
    expect(parse(leads.text)[0]).not.toContain('Email 2')
  })

  test('contacts: custom fields get a column each; deleted contacts are left out', async () => {
    const env = openCore()
    const { ben } = await fixture(env)
    const field = await env.ok('customFields.create', { label: 'Shoe size', type: 'number' })
    await env.ok('contacts.update', { id: ben.id, patch: { customFields: { [field.id]: 44 } } })
    const { ann } = { ann: (await env.ok('contacts.list', {})).items.find((c) => c.firstName === 'Ann')! }
    await env.ok('contacts.delete', { ids: [ann.id] })
    const rows = records((await env.ok('exports.csv', { entity: 'contacts' })).text)
    expect(rows.map((r) => r['First name'])).toEqual(['Ben', 'Zoë'])
    expect(rows[0]['Shoe size']).toBe('44')
  })

  test('companies, deals and activities', async () => {
    const env = openCore()
    const { acme, zoe } = await fixture(env)
    const [pipeline] = await env.ok('pipelines.list')
    const stage = (pipeline as Pipeline).stages[0]
    const deal = await env.ok('deals.create', { title: 'Big, "important" deal', valueMinor: 150_050, currency: 'EUR', stageId: stage.id, contactId: zoe.id, companyId: acme.id, owner: 'Sam' })
    await env.ok('deals.create', { title: 'Yen deal', valueMinor: 5000, currency: 'JPY', stageId: stage.id })
    await env.ok('deals.lose', { id: deal.id, reason: 'Too expensive' })
    await env.ok('activities.create', { type: 'call', contactId: zoe.id, occurredAt: Date.UTC(2026, 0, 10, 14, 30), subject: 'Kick-off', body: 'Talked about\nthe "plan"', direction: 'outbound', durationMinutes: 25, outcome: 'connected' })

    const companies = records((await env.ok('exports.csv', { entity: 'companies' })).text)
    expect(companies).toEqual([
      expect.objectContaining({ Name: 'Acme, "The Best" Inc.', Domain: 'acme.example', Size: '11-50', Notes: 'Line one\nLine two', Contacts: '1', Created: '2026-01-15 09:00' }),
    ])

    const deals = records((await env.ok('exports.csv', { entity: 'deals' })).text)
    expect(deals).toHaveLength(2)
    expect(deals[0]).toMatchObject({ Title: 'Big, "important" deal', Value: '1500.50', Currency: 'EUR', Pipeline: pipeline.name, Stage: stage.name, Status: 'Lost', Contact: 'Zoë Müller, Jr.', Company: 'Acme, "The Best" Inc.', Owner: 'Sam', 'Lost reason': 'Too expensive' })
    expect(deals[1]).toMatchObject({ Title: 'Yen deal', Value: '5000', Currency: 'JPY', Status: 'Open', Contact: '' })

    const activities = records((await env.ok('exports.csv', { entity: 'activities', timeZone: 'America/New_York' })).text)
    const call = activities.find((a) => a.Type === 'Call')!
    expect(call).toMatchObject({ Date: '2026-01-10 09:30', Subject: 'Kick-off', Text: 'Talked about\nthe "plan"', Contact: 'Zoë Müller, Jr.', Direction: 'Outbound', 'Duration (minutes)': '25', Outcome: 'Connected' })
  })

  test('counts and empty exports: a header row only', async () => {
    const env = openCore()
    expect(await env.ok('exports.counts')).toEqual({ contacts: 0, companies: 0, deals: 0, activities: 0 })
    const empty = await env.ok('exports.csv', { entity: 'companies' })
    expect(empty.count).toBe(0)
    expect(parse(empty.text)).toEqual([['Name', 'Domain', 'Industry', 'Size', 'Phone', 'Street', 'City', 'Region', 'Postal code', 'Country', 'Notes', 'Contacts', 'Created']])
    await fixture(env)
    expect(await env.ok('exports.counts')).toEqual({ contacts: 3, companies: 1, deals: 0, activities: 0 })
  })

  test('bad input: an unknown entity or time zone says what is allowed', async () => {
    const env = openCore()
    expect((await env.err('exports.csv', { entity: 'invoices' })).message).toMatch(/contacts, companies, deals, activities/)
    expect((await env.err('exports.csv', { entity: 'contacts', timeZone: 'Mars/Olympus' })).message).toMatch(/time zone/)
  })

  test('csvText: the one writer shared with the report tables', () => {
    expect(csvText(['a', 'b'], [['-1', 2], ['x,y', '@z'], ['-2+3', '+1-278-758-4331']])).toBe("a,b\r\n-1,2\r\n\"x,y\",\"'@z\"\r\n\"'-2+3\",+1-278-758-4331")
  })

  test('contacts in plain mode: every value exactly as stored', async () => {
    const env = openCore()
    await fixture(env)
    const zoe = records((await env.ok('exports.csv', { entity: 'contacts', mode: 'plain' })).text)[2]
    expect(zoe['Job title']).toBe('=HYPERLINK("http://evil.example","click")')
    expect(zoe['Lead source']).toBe('+Referral')
    expect(zoe.Owner).toBe('@sam')
    expect(zoe.Phone).toBe('+49 170 1234567')
    expect((await env.err('exports.csv', { entity: 'contacts', mode: 'excel' })).message).toMatch(/spreadsheet or plain/)
  })
})

/** Values that are data: a spreadsheet would not run them as code, so no form changes them. */
const DATA = [
  '+1-278-758-4331',
  '+44 20 7946 0958',
  '+1 (555) 010-9999',
  '+49 170 1234567',
  '+33.1.23.45.67.89',
  '+61/2/9374/4000',
  '+4915112345678',
  '-12.50',
  '-1',
  '+5',
  '-1,234.50',
  '0049 170 1234567',
  '(555) 010-9999',
  'Ana Ruiz',
  'a=b',
  "O'Brien",
  '',
]
/** Every formula trigger, at the start and after leading spaces. */
const FORMULAS = [
  '=1+2',
  '=HYPERLINK("http://evil.example","click")',
  '+cmd|\' /C calc\'!A0',
  '-2+3',
  '-1+1',
  '@SUM(A1:A2)',
  '\t=1+2',
  '\r=1+2',
  '\tanything',
  '\ranything',
  '  =1+2',
  ' +cmd|x',
  ' -12.50',
  '   @SUM(1)',
  '+1-278-758-4331+cmd',
  '+(1)=2',
  '-',
  '+',
  '=',
]

describe('CSV formula guard', () => {
  test.each(DATA)('data stays exact in both forms: %j', (value) => {
    expect(guardFormula(value)).toBe(value)
    for (const mode of ['spreadsheet', 'plain'] as const) expect(parse(csvText(['v'], [[value]], mode))[1]?.[0] ?? '').toBe(value)
  })

  test.each(FORMULAS)('a formula is guarded for spreadsheets, exact in plain: %j', (value) => {
    expect(guardFormula(value)).toBe(`'${value}`)
    const guarded = csvText(['v'], [[value]])
    expect(guarded.split('\r\n')[1].startsWith(`"'`)).toBe(true) // quoted as well
    expect(parse(guarded)[1][0]).toBe(`'${value}`)
    expect(parse(csvText(['v'], [[value]], 'plain'))[1][0]).toBe(value)
  })

  test('round trip: plain CSV parses back to exactly the data; spreadsheet CSV differs only by the guards', () => {
    const fields = ['=Header', 'Phone', 'Notes']
    const data = [...DATA, ...FORMULAS].map((v, i) => [v, DATA[i % DATA.length], `line ${i}\r\n"${v}", more`])
    const plain = parse(csvText(fields, data, 'plain'))
    expect(plain).toEqual([fields, ...data])
    const sheet = parse(csvText(fields, data, 'spreadsheet'))
    expect(sheet).toEqual([fields.map(guardFormula), ...data.map((r) => r.map(guardFormula))])
    // numbers are written as they are
    expect(parse(csvText(['n'], [[-12.5]]))[1][0]).toBe('-12.5')
  })
})

describe('export file names', () => {
  const day = new Date(2026, 11, 3, 10, 0)
  test('what it holds: everything, a saved view, a filter', () => {
    expect(exportFileName('contacts', 'csv', {}, day)).toBe('contacts-2026-12-03.csv')
    expect(exportFileName('contacts', 'csv', { filtered: false }, day)).toBe('contacts-2026-12-03.csv')
    expect(exportFileName('contacts', 'vcf', { filtered: true }, day)).toBe('contacts-filtered-2026-12-03.vcf')
    expect(exportFileName('contacts', 'csv', { viewName: 'VIP customers', filtered: true }, day)).toBe('contacts-VIP-customers-2026-12-03.csv')
    expect(exportFileName('contacts', 'csv', { viewName: 'Köln / Bonn: "hot"?' }, day)).toBe('contacts-Köln-Bonn-hot-2026-12-03.csv')
    expect(exportFileName('contacts', 'csv', { viewName: '..' }, day)).toBe('contacts-2026-12-03.csv')
  })

  test('"filtered" only when the selection really narrows the list (not for its order)', () => {
    expect(isNarrowed(undefined)).toBe(false)
    expect(isNarrowed({ sort: 'name', direction: 'asc' })).toBe(false)
    expect(isNarrowed({ sort: 'created', direction: 'desc', filter: { match: 'all', conditions: [] } })).toBe(false)
    expect(isNarrowed({ sort: 'name', direction: 'asc', tagId: '0190a0a0-0000-7000-8000-000000000000' })).toBe(true)
    expect(isNarrowed({ sort: 'name', direction: 'asc', lifecycleStage: 'lead' })).toBe(true)
  })
})
