/**
 * vCard import and export on a real core (real SQLite file): 3.0 and 4.0 cards, folded lines,
 * quoted-printable UTF-8, several emails and phones with TYPE and PREF, categories, unknown
 * properties, broken cards among good ones, CRLF and LF, empty files; export → import round trip.
 */
import { describe, expect, test } from 'vitest'
import type { Contact, ContactSummary } from '../../src-shared/model/contact'
import type { VcardImportResult } from '../../src-shared/model/export'
import { decodeQuotedPrintable, parseVcards } from '../../src-main/core/formats/vcard'
import { openCore, readDb } from './helpers'

type Env = ReturnType<typeof openCore>

const crlf = (...lines: string[]) => lines.join('\r\n') + '\r\n'
const lf = (...lines: string[]) => lines.join('\n') + '\n'

async function importText(env: Env, text: string): Promise<VcardImportResult> {
  return env.ok('vcard.import', { text, fileName: 'test.vcf' })
}

async function allContacts(env: Env): Promise<Contact[]> {
  const page = await env.ok('contacts.list', { limit: 500 })
  return Promise.all(page.items.map((c: ContactSummary) => env.ok('contacts.get', { id: c.id })))
}

async function byName(env: Env, name: string): Promise<Contact> {
  const found = (await allContacts(env)).find((c) => c.displayName === name)
  if (!found) throw new Error(`No contact named ${name}`)
  return found
}

const txCount = (dataDir: string) => readDb(dataDir, (db) => db.prepare('SELECT count(DISTINCT tx_id) FROM change_log').pluck().get() as number)

// A 3.0 export as Apple/Google write them: CRLF, folded lines, TYPE lists with pref, grouped and X- properties.
const APPLE_30 = crlf(
  'BEGIN:VCARD',
  'VERSION:3.0',
  'PRODID:-//Apple Inc.//iPhone OS 17.0//EN',
  'N:Lindqvist;Astrid;Maria;Dr.;',
  'FN:Dr. Astrid Maria Lindqvist',
  'ORG:acme corp;Research',
  'TITLE:Head of Research',
  'EMAIL;type=INTERNET;type=HOME:astrid@home.example',
  'EMAIL;type=INTERNET;type=WORK;type=pref:astrid@acme.example',
  'TEL;type=CELL;type=VOICE:+46 70 123 45 67',
  'TEL;type=WORK;type=VOICE;type=pref:+46 8 555 0100',
  'TEL;type=HOME:+46 8 555 0199',
  'item1.ADR;type=WORK;type=pref:;;Drottninggatan 1;Stockholm;;111 51;Sweden',
  'item1.X-ABADR:se',
  'BDAY:1985-11-02',
  'NOTE:Met at the Nordic SaaS meetup. Prefers email\\, not calls.\\nFollow up in',
  '  spring about the pilot.',
  'URL;type=WORK:https://www.linkedin.com/in/astrid',
  'X-SOCIALPROFILE;type=twitter:https://twitter.com/astrid',
  'CATEGORIES:vip,Investors',
  'X-ABUID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE:ABPerson',
  'PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGBwkIBwcHBwgJ',
  ' CQkLCQgICAoKCQoLDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ==',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Okafor;Chidi;;;',
  'FN:Chidi Okafor',
  'ORG:ACME Corp',
  'EMAIL;TYPE=INTERNET:chidi@acme.example',
  'END:VCARD',
)

// A 4.0 card: LF line ends, VERSION first, PREF=, tel: URIs, basic-format BDAY.
const CARD_40 = lf(
  'BEGIN:VCARD',
  'VERSION:4.0',
  'FN:Kenji Watanabe',
  'N:Watanabe;Kenji;;;',
  'EMAIL;TYPE=work:kenji@work.example',
  'EMAIL;TYPE=home;PREF=1:kenji@home.example',
  'TEL;VALUE=uri;TYPE="voice,cell";PREF=1:tel:+81-90-1234-5678',
  'TEL;VALUE=uri;TYPE=work:tel:+81-3-5555-0100;ext=42',
  'BDAY:19791224',
  'ADR;TYPE=home:;;1-2-3 Shibuya\\nApt 4;Tokyo;Tokyo;150-0002;Japan',
  'CATEGORIES:Investors,Japan',
  'X-CUSTOM-THING;X-PARAM=1:anything at all',
  'END:VCARD',
)

// Old Android export: quoted-printable UTF-8 with soft line breaks, bare 2.1-style parameters.
const ANDROID_QP = crlf(
  'BEGIN:VCARD',
  'VERSION:2.1',
  'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;Zo=C3=AB;;;',
  'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Zo=C3=AB M=C3=BCller',
  'TEL;CELL;PREF:+49 170 1234567',
  'TEL;HOME:030 1234567',
  'EMAIL;HOME:zoe@example.de',
  'ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:B=C3=A4ckerei Sch=C3=B6n',
  'NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Kuchen-Fan =F0=9F=8E=82 und Kaffee =E2=98=95=0D=0AZweite Zeile, die =',
  'sehr lang ist und =C3=BCber eine weiche Zeilenumbruch-Grenze geht.',
  'CATEGORIES;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Stammkunde,Caf=C3=A9',
  'END:VCARD',
)

describe('vCard import', () => {
  test('3.0 (CRLF, folded, TYPE lists with pref): every field lands, the preferred email and phone first', async () => {
    const env = openCore()
    const existing = await env.ok('companies.create', { name: 'ACME Corp' })
    const vip = await env.ok('tags.create', { name: 'VIP', color: '#46a758' })

    const result = await importText(env, APPLE_30)
    expect(result).toMatchObject({ cards: 2, created: 2, rejected: [] })
    // the company is found by name (any case) for both cards, not created; "Investors" is a new tag, "vip" is VIP
    expect(result.companyIds).toEqual([])
    expect(result.tagIds).toHaveLength(1)

    const astrid = await byName(env, 'Astrid Maria Lindqvist')
    expect(astrid.firstName).toBe('Astrid Maria')
    expect(astrid.lastName).toBe('Lindqvist')
    expect(astrid.companyId).toBe(existing.id)
    expect(astrid.jobTitle).toBe('Head of Research')
    expect(astrid.emails).toEqual([
      { value: 'astrid@acme.example', label: 'Work', primary: true },
      { value: 'astrid@home.example', label: 'Personal', primary: false },
    ])
    expect(astrid.phones).toEqual([
      { value: '+46 8 555 0100', label: 'Work' },
      { value: '+46 70 123 45 67', label: 'Mobile' },
      { value: '+46 8 555 0199', label: 'Home' },
    ])
    expect(astrid.address).toEqual({ street: 'Drottninggatan 1', city: 'Stockholm', region: null, postalCode: '111 51', country: 'Sweden' })
    expect(astrid.birthday).toBe('1985-11-02')
    expect(astrid.notes).toBe('Met at the Nordic SaaS meetup. Prefers email, not calls.\nFollow up in spring about the pilot.')
    expect(astrid.socialProfiles).toEqual([
      { value: 'https://www.linkedin.com/in/astrid', label: 'Work' },
      { value: 'https://twitter.com/astrid', label: 'Twitter' },
    ])
    expect(astrid.tags.map((t) => t.name)).toEqual(['Investors', 'VIP'])
    expect(astrid.tags.find((t) => t.name === 'VIP')!.id).toBe(vip.id)

    const chidi = await byName(env, 'Chidi Okafor')
    expect(chidi.companyId).toBe(existing.id)
    expect(chidi.emails).toEqual([{ value: 'chidi@acme.example', label: null, primary: true }])
  })

  test('4.0 (LF, PREF=1, tel: URIs, basic dates, unknown X- properties ignored)', async () => {
    const env = openCore()
    const result = await importText(env, CARD_40)
    expect(result).toMatchObject({ cards: 1, created: 1, rejected: [], warnings: [] })
    const kenji = await byName(env, 'Kenji Watanabe')
    expect(kenji.emails).toEqual([
      { value: 'kenji@home.example', label: 'Personal', primary: true },
      { value: 'kenji@work.example', label: 'Work', primary: false },
    ])
    expect(kenji.phones).toEqual([
      { value: '+81-90-1234-5678', label: 'Mobile' },
      { value: '+81-3-5555-0100 x42', label: 'Work' },
    ])
    expect(kenji.birthday).toBe('1979-12-24')
    expect(kenji.address).toEqual({ street: '1-2-3 Shibuya\nApt 4', city: 'Tokyo', region: 'Tokyo', postalCode: '150-0002', country: 'Japan' })
    expect(kenji.tags.map((t) => t.name)).toEqual(['Investors', 'Japan'])
  })

  test('quoted-printable UTF-8 with soft line breaks (umlauts, emoji), 2.1 bare parameters', async () => {
    const env = openCore()
    const result = await importText(env, ANDROID_QP)
    expect(result).toMatchObject({ created: 1, rejected: [] })
    const zoe = await byName(env, 'Zoë Müller')
    expect(zoe.firstName).toBe('Zoë')
    expect(zoe.lastName).toBe('Müller')
    expect(zoe.companyName).toBe('Bäckerei Schön')
    expect(result.companyIds).toHaveLength(1)
    expect(zoe.notes).toBe('Kuchen-Fan 🎂 und Kaffee ☕\nZweite Zeile, die sehr lang ist und über eine weiche Zeilenumbruch-Grenze geht.')
    expect(zoe.phones).toEqual([
      { value: '+49 170 1234567', label: 'Mobile' },
      { value: '030 1234567', label: 'Home' },
    ])
    expect(zoe.emails).toEqual([{ value: 'zoe@example.de', label: 'Personal', primary: true }])
    expect(zoe.tags.map((t) => t.name)).toEqual(['Café', 'Stammkunde'])
  })

  test('decodeQuotedPrintable: bytes across escapes, literal text, another charset', () => {
    expect(decodeQuotedPrintable('Gr=C3=BC=C3=9Fe =F0=9F=91=8B!')).toBe('Grüße 👋!')
    expect(decodeQuotedPrintable('a=3Db')).toBe('a=b')
    expect(decodeQuotedPrintable('M=FCller', 'ISO-8859-1')).toBe('Müller')
    expect(decodeQuotedPrintable('trailing soft break=')).toBe('trailing soft break')
  })

  test('a broken card among good ones: it is rejected with its position and reason, the others import in one transaction', async () => {
    const env = openCore()
    const before = txCount(env.dataDir)
    const file = lf(
      'BEGIN:VCARD', 'VERSION:3.0', 'FN:Good One', 'N:One;Good;;;', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:3.0', 'FN:Broken Bob', 'THIS LINE HAS NO COLON', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:4.0', 'FN:Good Two', 'EMAIL:not-an-email', 'EMAIL:two@example.com', 'BDAY:--0427', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:3.0', 'NOTE:no name, no email, no org', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:3.0', 'FN:' + 'x'.repeat(250), 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:3.0', 'FN:Cut Short', 'EMAIL:cut@example.com',
    )
    const result = await importText(env, file)
    expect(result.cards).toBe(6)
    expect(result.created).toBe(2)
    expect(result.rejected).toEqual([
      { index: 2, name: 'Broken Bob', reason: expect.stringMatching(/could not be read: the line "THIS LINE HAS NO COLON" is not a vCard property/) },
      { index: 4, reason: expect.stringMatching(/no name, email or organisation/) },
      { index: 5, name: expect.stringMatching(/^x+$/), reason: expect.stringMatching(/First name is too long/) },
      { index: 6, name: 'Cut Short', reason: expect.stringMatching(/does not end with END:VCARD/) },
    ])
    expect(result.warnings).toEqual([
      { index: 3, name: 'Good Two', message: expect.stringMatching(/not-an-email.*left out/) },
      { index: 3, name: 'Good Two', message: expect.stringMatching(/Birthday has no year/) },
    ])
    const two = await byName(env, 'Good Two')
    expect(two.emails.map((e) => e.value)).toEqual(['two@example.com'])
    expect(two.birthday).toBeNull()
    expect((await env.ok('contacts.list', {})).total).toBe(2)
    expect(txCount(env.dataDir) - before).toBe(1)
  })

  test('a card without a name takes its email, else its organisation', async () => {
    const env = openCore()
    const result = await importText(
      env,
      crlf('BEGIN:VCARD', 'VERSION:3.0', 'EMAIL:nameless@example.com', 'END:VCARD', 'BEGIN:VCARD', 'VERSION:3.0', 'ORG:Only An Org Ltd', 'END:VCARD'),
    )
    expect(result.created).toBe(2)
    const names = (await allContacts(env)).map((c) => c.displayName).sort()
    expect(names).toEqual(['Only An Org Ltd', 'nameless@example.com'])
  })

  test('empty or non-vCard files are refused with a message that says what to do', async () => {
    const env = openCore()
    const empty = await env.err('vcard.import', { text: '' })
    expect(empty.code).toBe('VALIDATION')
    expect(empty.message).toMatch(/file is empty.*\.vcf/)
    expect((await env.err('vcard.import', { text: ' \r\n\n ' })).message).toMatch(/empty/)
    const csv = await env.err('vcard.import', { text: 'Name,Email\nAna,ana@example.com\n' })
    expect(csv.message).toMatch(/No contacts found.*BEGIN:VCARD/)
    expect((await env.ok('contacts.list', {})).total).toBe(0)
  })

  test('undo: deleting the created ids (soft) takes the import back; created companies and tags too', async () => {
    const env = openCore()
    await env.ok('contacts.create', { firstName: 'Already', lastName: 'Here' })
    const result = await importText(env, ANDROID_QP + CARD_40)
    expect(result.created).toBe(2)
    expect((await env.ok('contacts.list', {})).total).toBe(3)
    expect(await env.ok('contacts.delete', { ids: result.contactIds })).toEqual({ count: 2 })
    await env.ok('companies.delete', { ids: result.companyIds })
    await env.ok('tags.delete', { ids: result.tagIds })
    const left = await env.ok('contacts.list', {})
    expect(left.items.map((c) => c.displayName)).toEqual(['Already Here'])
    expect((await env.ok('companies.list', {})).total).toBe(0)
    expect(await env.ok('tags.list')).toEqual([])
  })

  test('parseVcards keeps file order and counts cards with CR-only line ends too', () => {
    const cards = parseVcards('BEGIN:VCARD\rVERSION:3.0\rFN:A B\rEND:VCARD\rBEGIN:VCARD\rVERSION:3.0\rFN:C D\rEND:VCARD\r')
    expect(cards.map((c) => (c.ok ? c.name : c.reason))).toEqual(['A B', 'C D'])
  })
})

describe('vCard export and round trip', () => {
  async function richFixture(env: Env) {
    const acme = await env.ok('companies.create', { name: 'Acme, Inc; "Europe"' })
    const vip = await env.ok('tags.create', { name: 'VIP, gold', color: '#46a758' })
    const party = await env.ok('tags.create', { name: '🎉 Party people', color: '#0090ff' })
    await env.ok('contacts.create', {
      firstName: 'Zoë',
      lastName: 'Müller-Lüdenscheidt',
      jobTitle: 'Head of Sales; EMEA',
      companyId: acme.id,
      emails: [
        { value: 'zoe@acme.example', label: 'Work', primary: true },
        { value: 'zoe@home.example', label: 'Home' },
        { value: 'z@other.example', label: 'Büro, alt' },
      ],
      phones: [
        { value: '+49 170 1234567', label: 'Mobile' },
        { value: '+49 30 555 0100 x12', label: 'Work' },
        { value: '030 555 0199', label: null },
      ],
      socialProfiles: [
        { value: 'https://www.linkedin.com/in/zoe', label: 'LinkedIn' },
        { value: 'https://example.com/zoe?a=1&b=2', label: null },
      ],
      tagIds: [vip.id, party.id],
      address: { street: 'Unter den Linden 1\nHinterhaus', city: 'Berlin', region: 'BE', postalCode: '10117', country: 'Germany' },
      birthday: '1988-02-29',
      notes: 'First line; with semicolons, commas and a backslash \\.\nSecond line with emoji 😀 and a long tail that has to be folded across several lines when written out as vCard text.',
    })
    await env.ok('contacts.create', { firstName: 'Solo', emails: [{ value: 'b@x.example' }, { value: 'a@x.example', primary: true }] })
    await env.ok('contacts.create', { lastName: 'Onlylast' })
  }

  /** What must survive the trip, without ids and timestamps. */
  const essence = (c: Contact) => ({
    firstName: c.firstName,
    lastName: c.lastName,
    jobTitle: c.jobTitle,
    companyName: c.companyName,
    emails: c.emails,
    phones: c.phones,
    socialProfiles: c.socialProfiles,
    tags: c.tags.map((t) => t.name),
    address: c.address,
    birthday: c.birthday,
    notes: c.notes,
  })
  const sorted = (cs: Contact[]) => cs.map(essence).sort((a, b) => `${a.firstName}|${a.lastName}`.localeCompare(`${b.firstName}|${b.lastName}`))

  for (const version of ['4.0', '3.0'] as const) {
    test(`export ${version} → import into an empty database gives equal contacts`, async () => {
      const source = openCore()
      await richFixture(source)
      const file = await source.ok('vcard.export', { version })
      expect(file.count).toBe(3)
      expect(file.text).toMatch(new RegExp(`^BEGIN:VCARD\\r\\nVERSION:${version.replace('.', '\\.')}\\r\\n`))
      expect(file.text.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true)

      const target = openCore()
      const result = await target.ok('vcard.import', { text: file.text })
      expect(result).toMatchObject({ cards: 3, created: 3, rejected: [], warnings: [] })

      const expected = await allContacts(source)
      // the primary email goes first in a vCard
      const solo = expected.find((c) => c.firstName === 'Solo')!
      solo.emails.sort((a, b) => Number(b.primary) - Number(a.primary))
      expect(sorted(await allContacts(target))).toEqual(sorted(expected))
    })
  }

  test('the filter picks the contacts the list shows; 3.0 marks the primary with TYPE=pref, 4.0 with PREF=1', async () => {
    const env = openCore()
    await richFixture(env)
    const [vip] = (await env.ok('tags.list')).filter((t) => t.name === 'VIP, gold')
    const filtered = await env.ok('vcard.export', { filter: { tagId: vip.id } })
    expect(filtered.count).toBe(1)
    expect(filtered.text.match(/BEGIN:VCARD/g)).toHaveLength(1)
    expect(filtered.text).toContain('FN:Zoë Müller-Lüdenscheidt')
    expect(filtered.text).toContain('EMAIL;TYPE=work;PREF=1:zoe@acme.example')
    expect(filtered.text).toContain('CATEGORIES:VIP\\, gold,🎉 Party people')
    const v3 = await env.ok('vcard.export', { version: '3.0', filter: { tagId: vip.id } })
    expect(v3.text).toContain('EMAIL;TYPE=internet,work,pref:zoe@acme.example')
    expect(v3.text).toContain('BDAY;VALUE=DATE:19880229')

    const none = await env.ok('vcard.export', { filter: { lifecycleStage: 'customer' } })
    expect(none).toEqual({ text: '', count: 0 })
  })
})
