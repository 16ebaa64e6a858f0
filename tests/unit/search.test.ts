/**
 * search.query on real SQLite: prefixes, accents, ranking, every trigger path that keeps the FTS5
 * tables in step, hostile input, and the migration building the index for rows that existed before.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import { createCore } from '../../src-main/core/core'
import { indexTerm } from '../../src-main/core/services/search/search'
import type { SearchResults } from '../../src-shared/model/search'
import { callers, fakeClock, migrationsBefore, openCore, quietLog, tempDir } from './helpers'

type Ok = ReturnType<typeof openCore>['ok']
const search = (ok: Ok, text: string, limit?: number) => ok('search.query', limit ? { text, limit } : { text }) as Promise<SearchResults>
const titles = (hits: { title: string }[]) => hits.map((h) => h.title)

describe('search.query', () => {
  test('prefixes, any case, accent-insensitive both ways', async () => {
    const { ok } = openCore()
    await ok('contacts.create', { firstName: 'Anna', lastName: 'Müller' })
    await ok('contacts.create', { firstName: 'Zoë', lastName: 'Baker' })
    await ok('contacts.create', { firstName: 'Bob', lastName: 'Smith' })
    expect(titles((await search(ok, 'mull')).contacts)).toEqual(['Anna Müller'])
    expect(titles((await search(ok, 'MÜL')).contacts)).toEqual(['Anna Müller'])
    expect(titles((await search(ok, 'muller')).contacts)).toEqual(['Anna Müller'])
    expect(titles((await search(ok, 'zoe')).contacts)).toEqual(['Zoë Baker'])
    expect(titles((await search(ok, 'zoë ba')).contacts)).toEqual(['Zoë Baker'])
    expect(titles((await search(ok, 'zoe smi')).contacts)).toEqual([]) // every word must match
    expect((await search(ok, '')).contacts).toEqual([])
    expect(await search(ok, '   \n\t ')).toEqual({ contacts: [], companies: [], deals: [], notes: [] })
  })

  test('contacts by email, phone, job title and company name; companies by name and domain; deals by title', async () => {
    const { ok } = openCore()
    const acme = await ok('companies.create', { name: 'Acme Tools', domain: 'acmetools.io' })
    const ann = await ok('contacts.create', {
      firstName: 'Ann',
      lastName: 'Lee',
      jobTitle: 'Purchasing manager',
      companyId: acme.id,
      emails: [{ value: 'ann.lee@northwind.example' }],
      phones: [{ value: '+1 555 123 4567' }],
    })
    const [pipeline] = await ok('pipelines.list')
    await ok('deals.create', { title: 'Warehouse racking', currency: 'EUR', stageId: pipeline.stages[0].id, contactId: ann.id })
    for (const text of ['northwind', 'ann.lee@north', 'purchas', 'acme', '5551234567', '555 123']) {
      expect(titles((await search(ok, text)).contacts), text).toEqual(['Ann Lee'])
    }
    expect((await search(ok, 'acme')).contacts[0].subtitle).toBe('Purchasing manager · Acme Tools')
    expect(titles((await search(ok, 'acmetools')).companies)).toEqual(['Acme Tools'])
    const deals = (await search(ok, 'wareh')).deals
    expect(titles(deals)).toEqual(['Warehouse racking'])
    expect(deals[0].subtitle).toContain('Ann Lee')
  })

  test('history notes: note, call, email and meeting are found with a snippet and their contact; system entries are not', async () => {
    const { ok, dataDir } = openCore()
    const ann = await ok('contacts.create', { firstName: 'Ann', lastName: 'Lee' })
    await ok('activities.create', { type: 'call', contactId: ann.id, subject: 'Budget', body: 'She asked about the quarterly forecast numbers.' })
    await ok('activities.create', { type: 'meeting', contactId: ann.id, body: 'Forecast review at the office' })
    const notes = (await search(ok, 'forec')).notes
    expect(notes).toHaveLength(2)
    const call = notes.find((n) => n.type === 'call')!
    expect(call.title).toBe('Budget')
    expect(call.contact).toEqual({ id: ann.id, name: 'Ann Lee' })
    expect(call.snippet).toContain('\u0002forecast\u0003')
    // a system entry (written by core, e.g. a stage change) is never indexed
    const db = new Database(join(dataDir, 'crm.db'))
    db.prepare(
      "INSERT INTO activities (id, created_at, updated_at, type, contact_id, occurred_at, body) VALUES ('sys-1', 1, 1, 'system', ?, 1, 'forecast moved to Won')",
    ).run(ann.id)
    db.close()
    expect((await search(ok, 'forec')).notes).toHaveLength(2)
  })

  test('each note hit carries the snippet of its own text', async () => {
    const { ok } = openCore()
    const ann = await ok('contacts.create', { firstName: 'Ann', lastName: 'Lee' })
    const bodies = ['Forecast for the northern region', 'Numbers of the southern forecast', 'Forecast review with the western team']
    const ids = new Map<string, string>()
    for (const body of bodies) ids.set((await ok('activities.create', { type: 'note', contactId: ann.id, body })).id, body)
    const notes = (await search(ok, 'forecast')).notes
    expect(notes).toHaveLength(3)
    for (const n of notes) expect(n.snippet.replace(/[\u0002\u0003]/g, '')).toBe(ids.get(n.id))
  })

  test('notes: a word of 4+ letters as one index term, several terms, or none; accents; every word', async () => {
    const { ok } = openCore()
    const ann = await ok('contacts.create', { firstName: 'Ann', lastName: 'Lee' })
    const note = async (body: string) => (await ok('activities.create', { type: 'note', contactId: ann.id, body })).id
    const sent = await note('Quarterly proposal sent')
    const plural = await note('Proposals for Müller')
    const changes = await note('Proposed changes')
    const ids = async (text: string) => (await search(ok, text)).notes.map((n) => n.id).sort()
    expect(await ids('propo')).toEqual([sent, plural, changes].sort())
    expect(await ids('proposal')).toEqual([sent, plural].sort()) // starts two terms: stays a prefix
    expect(await ids('PROPOSALS')).toEqual([plural]) // starts one term: that term
    expect((await search(ok, 'proposals')).notes[0].snippet).toBe('\u0002Proposals\u0003 for Müller')
    expect(await ids('mull')).toEqual([plural])
    expect((await search(ok, 'müll')).notes[0].snippet).toBe('Proposals for \u0002Müller\u0003')
    expect(await ids('quarterly propos')).toEqual([sent])
    expect(await ids('proposed sent')).toEqual([]) // in two different notes
    expect(await ids('zzzz')).toEqual([])
    expect(await ids('changes zzzz')).toEqual([])
  })

  test('indexTerm folds a word exactly as the FTS5 tokenizer does, or declines', () => {
    const db = new Database(':memory:')
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)`)
    const insert = db.prepare('INSERT INTO t (rowid, x) VALUES (?, ?)')
    const words = new Map<number, string>()
    for (let c = 0x21; c < 0x2000; c++) {
      const word = `Qu${String.fromCodePoint(c)}x`
      if (indexTerm(word) !== null) words.set(c, word)
      insert.run(c, word)
    }
    const tokens = new Map<number, string[]>()
    for (const { doc, term } of db.prepare('SELECT doc, term FROM v').all() as { doc: number; term: string }[]) {
      tokens.set(doc, [...(tokens.get(doc) ?? []), term])
    }
    expect(words.size).toBeGreaterThan(150) // ASCII, and Latin-1 and Extended-A letters with accents
    for (const [c, word] of words) expect(tokens.get(c), word).toEqual([indexTerm(word)])
    expect(indexTerm('Zoë')).toBe('zoe')
    for (const declined of ['straße', 'søren', 'ann.lee', 'o\'neil', 'Ǡx', 'иван']) expect(indexTerm(declined), declined).toBeNull()
    db.close()
  })

  test('an entry left out (its contact deleted) makes room for the next best one', async () => {
    const { ok } = openCore()
    const ids: string[] = []
    const contacts: string[] = []
    for (let i = 0; i < 6; i++) {
      const c = await ok('contacts.create', { firstName: `Kim${i}`, lastName: 'Park' })
      contacts.push(c.id)
      ids.push((await ok('activities.create', { type: 'note', contactId: c.id, body: 'turquoise model' })).id)
    }
    expect((await search(ok, 'turquoise')).notes.map((n) => n.id)).toEqual(ids.slice(1).reverse()) // equal scores: newest first
    await ok('contacts.delete', { ids: [contacts[5]] })
    expect((await search(ok, 'turquoise')).notes.map((n) => n.id)).toEqual(ids.slice(0, 5).reverse())
  })

  test('ranking: a name match comes before a note match, a name before a job title', async () => {
    const { ok } = openCore()
    const other = await ok('contacts.create', { firstName: 'Ann', lastName: 'Lee', jobTitle: 'Friend of Parker' })
    await ok('contacts.create', { firstName: 'Peter', lastName: 'Parker' })
    await ok('activities.create', { type: 'note', contactId: other.id, body: 'Parker called back about parking' })
    const r = await search(ok, 'parker')
    expect(titles(r.contacts)).toEqual(['Peter Parker', 'Ann Lee'])
    expect(r.notes).toHaveLength(1)
  })

  test('a single letter looks at names only (bounded by the name indexes) and never at notes or deals', async () => {
    const { ok } = openCore()
    const zed = await ok('contacts.create', { firstName: 'Zed', lastName: 'Alpha' })
    await ok('contacts.create', { firstName: 'Amy', lastName: 'Zeta' })
    await ok('companies.create', { name: 'zebra corp' })
    await ok('activities.create', { type: 'note', contactId: zed.id, body: 'z z z' })
    const r = await search(ok, 'Z')
    expect(titles(r.contacts)).toEqual(['Zed Alpha'])
    expect(titles(r.companies)).toEqual(['zebra corp'])
    expect(r.notes).toEqual([])
    expect(r.deals).toEqual([])
    // a one-letter word next to a longer one is left out rather than scanned
    expect(titles((await search(ok, 'zed q')).contacts)).toEqual(['Zed Alpha'])
  })

  test('FTS5 syntax and odd input in the text: results or an empty list, never an error', async () => {
    const { ok, core } = openCore()
    await ok('contacts.create', { firstName: 'Near', lastName: 'Quote"s' })
    await ok('contacts.create', { firstName: 'Ann', lastName: 'Lee' })
    const odd = ['a"b', '(', ')', '*', '"', 'NEAR', 'NEAR(ann lee)', 'ann OR lee', 'ann AND', 'NOT', '-x', '-ann', '^ann', 'ann:', 'name:ann', '{name}: ann',
      '😀', 'ann 😀', '👩‍👩‍👧', '\u0000', '\u0002', 'x'.repeat(10_000), 'ann '.repeat(2_500), "'; DROP TABLE contacts; --", '%', '_', '\\']
    for (const text of odd) {
      const result = await core.invoke('search.query', { text })
      expect(result.ok, JSON.stringify(text.slice(0, 40))).toBe(true)
    }
    expect(titles((await search(ok, 'NEAR')).contacts)).toEqual(['Near Quote"s'])
    expect(titles((await search(ok, 'ann AND')).contacts)).toEqual([]) // "and" is a word like any other
    expect(titles((await search(ok, '-ann')).contacts)).toEqual(['Ann Lee'])
    expect(titles((await search(ok, 'quote"s')).contacts)).toEqual(['Near Quote"s'])
    expect(titles((await search(ok, 'ann 😀')).contacts)).toEqual(['Ann Lee'])
    expect((await core.invoke('search.query', { text: 1 })).ok).toBe(false) // not text: VALIDATION
  })

  test('control characters and lone surrogates inside words: the words around them are searched, never an error', async () => {
    const { ok, core } = openCore()
    await ok('contacts.create', { firstName: 'Ann', lastName: 'Lee' })
    await ok('contacts.create', { firstName: 'Bob', lastName: 'Stone' })
    // a NUL inside a quoted FTS5 phrase once ended the MATCH string early: SQLite's "unterminated string", INTERNAL
    for (const text of ['a\u0000b', 'ann\u0000', '\u0000ann', 'ann\u0007lee', 'ann\u001b[31m', 'ann\uD800', '\uDFFFann', 'an\u007f', 'ann\u0000lee\u0000']) {
      const result = await core.invoke('search.query', { text })
      expect(result, JSON.stringify(text)).toMatchObject({ ok: true })
    }
    // a control character separates words, as a space does
    expect(titles((await search(ok, 'ann\u0000lee')).contacts)).toEqual(['Ann Lee'])
    expect(titles((await search(ok, 'sto\u0000')).contacts)).toEqual(['Bob Stone'])
    expect(titles((await search(ok, 'bob\uD800')).contacts)).toEqual(['Bob Stone'])
  })

  test('limit per group', async () => {
    const { ok } = openCore()
    for (let i = 0; i < 8; i++) await ok('contacts.create', { firstName: `Sam${i}`, lastName: 'Stone' })
    expect((await search(ok, 'stone')).contacts).toHaveLength(5)
    expect((await search(ok, 'stone', 8)).contacts).toHaveLength(8)
  })
})

describe('the index follows every change (SQL triggers)', () => {
  test('contact: create, rename, email added and removed, phone, soft delete and restore', async () => {
    const { ok } = openCore()
    const c = await ok('contacts.create', { firstName: 'Olga', lastName: 'Ivanova', emails: [{ value: 'olga@first.example' }] })
    expect(titles((await search(ok, 'ivan')).contacts)).toEqual(['Olga Ivanova'])
    await ok('contacts.update', { id: c.id, patch: { lastName: 'Petrova' } })
    expect((await search(ok, 'ivan')).contacts).toEqual([])
    expect(titles((await search(ok, 'petro')).contacts)).toEqual(['Olga Petrova'])
    expect(titles((await search(ok, 'first')).contacts)).toEqual(['Olga Petrova'])

    await ok('contacts.update', { id: c.id, patch: { emails: [{ value: 'olga@first.example' }, { value: 'op@second.example' }] } })
    expect(titles((await search(ok, 'second')).contacts)).toEqual(['Olga Petrova'])
    await ok('contacts.update', { id: c.id, patch: { emails: [{ value: 'olga@first.example' }] } }) // the second one removed
    expect((await search(ok, 'second')).contacts).toEqual([])
    expect(titles((await search(ok, 'first')).contacts)).toEqual(['Olga Petrova'])
    await ok('contacts.update', { id: c.id, patch: { emails: [{ value: 'op@second.example' }] } }) // replaced
    expect((await search(ok, 'first')).contacts).toEqual([])
    expect(titles((await search(ok, 'second')).contacts)).toEqual(['Olga Petrova'])
    await ok('contacts.update', { id: c.id, patch: { phones: [{ value: '+44 20 7946 0958' }] } })
    expect(titles((await search(ok, '7946')).contacts)).toEqual(['Olga Petrova'])
    await ok('contacts.update', { id: c.id, patch: { jobTitle: 'Head of logistics' } })
    expect(titles((await search(ok, 'logist')).contacts)).toEqual(['Olga Petrova'])

    await ok('contacts.delete', { ids: [c.id] })
    expect((await search(ok, 'petro')).contacts).toEqual([])
    expect((await search(ok, 'second')).contacts).toEqual([])
    await ok('contacts.restore', { ids: [c.id] })
    expect(titles((await search(ok, 'petro')).contacts)).toEqual(['Olga Petrova'])
    expect(titles((await search(ok, 'second')).contacts)).toEqual(['Olga Petrova'])
  })

  test('company: rename re-indexes the company and its contacts; delete and restore', async () => {
    const { ok } = openCore()
    const co = await ok('companies.create', { name: 'Globex' })
    await ok('contacts.create', { firstName: 'Hank', lastName: 'Scorpio', companyId: co.id })
    expect(titles((await search(ok, 'globex')).contacts)).toEqual(['Hank Scorpio'])
    await ok('companies.update', { id: co.id, patch: { name: 'Initech' } })
    expect((await search(ok, 'globex')).contacts).toEqual([])
    expect((await search(ok, 'globex')).companies).toEqual([])
    expect(titles((await search(ok, 'initech')).contacts)).toEqual(['Hank Scorpio'])
    expect(titles((await search(ok, 'initech')).companies)).toEqual(['Initech'])
    await ok('companies.update', { id: co.id, patch: { domain: 'initech.example' } })
    expect(titles((await search(ok, 'initech')).contacts)).toEqual(['Hank Scorpio']) // no duplicate row, still there
    await ok('companies.delete', { ids: [co.id] })
    expect((await search(ok, 'initech')).companies).toEqual([])
    expect((await search(ok, 'initech')).contacts).toEqual([])
    await ok('companies.restore', { ids: [co.id] })
    expect(titles((await search(ok, 'initech')).companies)).toEqual(['Initech'])
    expect(titles((await search(ok, 'initech')).contacts)).toEqual(['Hank Scorpio'])
  })

  test('deal: rename, delete, restore', async () => {
    const { ok } = openCore()
    const [pipeline] = await ok('pipelines.list')
    const d = await ok('deals.create', { title: 'Solar roof', currency: 'EUR', stageId: pipeline.stages[0].id })
    expect(titles((await search(ok, 'solar')).deals)).toEqual(['Solar roof'])
    await ok('deals.update', { id: d.id, patch: { title: 'Heat pump' } })
    expect((await search(ok, 'solar')).deals).toEqual([])
    expect(titles((await search(ok, 'heat')).deals)).toEqual(['Heat pump'])
    await ok('deals.delete', { ids: [d.id] })
    expect((await search(ok, 'heat')).deals).toEqual([])
    await ok('deals.restore', { ids: [d.id] })
    expect(titles((await search(ok, 'heat')).deals)).toEqual(['Heat pump'])
  })

  test('history entry: edit, delete, restore; an entry of a deleted contact is not offered', async () => {
    const { ok } = openCore()
    const c = await ok('contacts.create', { firstName: 'Ann', lastName: 'Lee' })
    const a = await ok('activities.create', { type: 'note', contactId: c.id, body: 'Wants the turquoise model' })
    expect((await search(ok, 'turquo')).notes.map((n) => n.id)).toEqual([a.id])
    await ok('activities.update', { id: a.id, patch: { body: 'Wants the crimson model' } })
    expect((await search(ok, 'turquo')).notes).toEqual([])
    expect((await search(ok, 'crims')).notes.map((n) => n.id)).toEqual([a.id])
    await ok('activities.delete', { ids: [a.id] })
    expect((await search(ok, 'crims')).notes).toEqual([])
    await ok('activities.restore', { ids: [a.id] })
    expect((await search(ok, 'crims')).notes.map((n) => n.id)).toEqual([a.id])
    await ok('contacts.delete', { ids: [c.id] })
    expect((await search(ok, 'crims')).notes).toEqual([])
  })

  test('a merge (duplicates.merge) moves the emails to the survivor and drops the other contact', async () => {
    const { ok } = openCore()
    const a = await ok('contacts.create', { firstName: 'Kim', lastName: 'Park', emails: [{ value: 'kim@alpha.example' }] })
    const b = await ok('contacts.create', { firstName: 'Kimberly', lastName: 'Park', emails: [{ value: 'kim@beta.example' }] })
    await ok('duplicates.merge', { survivorId: a.id, otherId: b.id })
    expect(titles((await search(ok, 'park')).contacts)).toEqual(['Kim Park'])
    expect(titles((await search(ok, 'beta')).contacts)).toEqual(['Kim Park'])
    expect((await search(ok, 'kimberly')).contacts).toEqual([])
  })

  test('the index is derived: nothing of it reaches the change log', async () => {
    const { ok, dataDir } = openCore()
    await ok('contacts.create', { firstName: 'Ann', lastName: 'Lee' })
    const db = new Database(join(dataDir, 'crm.db'), { readonly: true })
    try {
      expect(db.prepare("SELECT count(*) FROM change_log WHERE table_name LIKE 'search%'").pluck().get()).toBe(0)
    } finally {
      db.close()
    }
  })
})

test('migration 0010 builds the index for the rows that existed before it', async () => {
  const older = migrationsBefore(10)
  const dataDir = tempDir()
  const before = createCore({ dataDir, migrationsFolder: older, clock: fakeClock(), log: quietLog, scheduler: false })
  const { ok: okBefore } = callers(before)
  const co = await okBefore('companies.create', { name: 'Müller Bau' })
  const c = await okBefore('contacts.create', { firstName: 'Zoë', lastName: 'Adams', companyId: co.id, emails: [{ value: 'zoe@bau.example' }] })
  const gone = await okBefore('contacts.create', { firstName: 'Zoë', lastName: 'Deleted' })
  await okBefore('contacts.delete', { ids: [gone.id] })
  await okBefore('activities.create', { type: 'note', contactId: c.id, body: 'Scaffolding order next spring' })
  const [pipeline] = await okBefore('pipelines.list')
  await okBefore('deals.create', { title: 'Scaffolding', currency: 'EUR', stageId: pipeline.stages[0].id })
  before.close()

  const { ok } = openCore({ dataDir })
  expect(titles((await search(ok, 'zoe')).contacts)).toEqual(['Zoë Adams'])
  expect(titles((await search(ok, 'mull')).contacts)).toEqual(['Zoë Adams'])
  expect(titles((await search(ok, 'mull')).companies)).toEqual(['Müller Bau'])
  expect(titles((await search(ok, 'scaff')).deals)).toEqual(['Scaffolding'])
  expect((await search(ok, 'scaff')).notes).toHaveLength(1)
  expect(titles((await search(ok, 'bau.ex')).contacts)).toEqual(['Zoë Adams'])
})
