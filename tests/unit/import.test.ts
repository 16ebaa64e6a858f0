/**
 * CSV import on a real core and SQLite file: nasty files (quotes, newlines, BOM, semicolons,
 * Latin-1, empty rows, duplicate headers, a 1 MB cell, bad values), header guesses of common
 * exports, dry run, match strategies, Cancel, Undo, and a failure / a kill in the middle.
 */
import { describe, expect, test } from 'vitest'
import { decodeCsvBytes, guessMapping, looksLikeHeader } from '../../src-shared/csv-mapping'
import type { ImportPreview } from '../../src-shared/model/import'
import { syncedTables } from '../../src-main/core/db/schema'
import { parseCsv } from '../../src-main/core/services/imports/parse'
import { openCore, readDb, tempDir, waitImportDone as waitDone } from './helpers'

type Ok = ReturnType<typeof openCore>['ok']

async function prepare(ok: Ok, text: string, extra: object = {}): Promise<ImportPreview> {
  return ok('imports.prepare', { fileName: 'test.csv', text, ...extra })
}

async function importText(ok: Ok, text: string, options: { onMatch?: string; dryRun?: boolean; mapping?: string[]; addTags?: string[] } = {}) {
  const p = await prepare(ok, text)
  const started = await ok('imports.start', { sessionId: p.sessionId, mapping: options.mapping ?? p.guess, ...options })
  return { preview: p, job: await waitDone(ok, started.id) }
}

/** Every live row of every synced table, without updated_at (an undo is itself an edit, so that moves). */
function liveRows(dataDir: string) {
  return readDb(dataDir, (db) => {
    const out: Record<string, unknown[]> = {}
    for (const table of Object.keys(syncedTables)) {
      out[table] = (db.prepare(`SELECT * FROM ${table} WHERE deleted_at IS NULL ORDER BY id`).all() as Record<string, unknown>[]).map(
        ({ updated_at: _u, ...rest }) => rest,
      )
    }
    return out
  })
}

function countRows(dataDir: string, sql: string): number {
  return readDb(dataDir, (db) => db.prepare(sql).pluck().get() as number)
}

describe('decoding and guessing (pure)', () => {
  test('UTF-8 with and without BOM, and Windows-1252 bytes ("Müller" as 0xFC)', () => {
    const utf8 = new TextEncoder().encode('Name\nMüller')
    expect(decodeCsvBytes(utf8)).toEqual({ text: 'Name\nMüller', encoding: 'utf-8' })
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ text: 'Name\nMüller', encoding: 'utf-8 (BOM)' })
    const latin1 = new Uint8Array([...new TextEncoder().encode('Name\nM'), 0xfc, ...new TextEncoder().encode('ller '), 0x80])
    expect(decodeCsvBytes(latin1)).toEqual({ text: 'Name\nMüller €', encoding: 'windows-1252' })
  })

  test('headers of Google Contacts, Outlook, HubSpot, Pipedrive and plain files are guessed', () => {
    expect(
      guessMapping(['Given Name', 'Family Name', 'E-mail 1 - Type', 'E-mail 1 - Value', 'E-mail 2 - Value', 'Phone 1 - Type', 'Phone 1 - Value', 'Organization 1 - Name', 'Organization 1 - Title', 'Group Membership', 'Birthday', 'Notes']),
    ).toEqual(['firstName', 'lastName', 'ignore', 'email', 'email', 'ignore', 'phone', 'company', 'jobTitle', 'tags', 'birthday', 'notes'])
    expect(guessMapping(['Title', 'First Name', 'Last Name', 'Company', 'Job Title', 'Business Phone', 'Mobile Phone', 'E-mail Address', 'E-mail Display Name', 'Business City', 'Categories'])).toEqual([
      'ignore', 'firstName', 'lastName', 'company', 'jobTitle', 'phone', 'phone', 'email', 'ignore', 'city', 'tags',
    ])
    expect(guessMapping(['First Name', 'Last Name', 'Email', 'Phone Number', 'Company Name', 'Lifecycle Stage', 'Contact owner', 'State/Region', 'Postal Code', 'Country/Region'])).toEqual([
      'firstName', 'lastName', 'email', 'phone', 'company', 'lifecycleStage', 'owner', 'region', 'postalCode', 'country',
    ])
    expect(guessMapping(['Person - Name', 'Person - Email - Work', 'Person - Phone - Mobile', 'Person - Organization', 'Person - Label'])).toEqual([
      'fullName', 'email', 'phone', 'company', 'tags',
    ])
    expect(guessMapping(['Name', 'Email', 'Phone 1', 'Phone 2', 'Company', 'Something else'])).toEqual(['fullName', 'email', 'phone', 'phone', 'company', 'ignore'])
    expect(guessMapping(['Colour'], [{ id: '0190aaaa-0000-7000-8000-000000000001', label: 'colour' }])).toEqual(['custom:0190aaaa-0000-7000-8000-000000000001'])
  })

  test('a first row of data is not taken for a header', () => {
    expect(looksLikeHeader(['Name', 'Email'], ['Ana', 'ana@example.com'])).toBe(true)
    expect(looksLikeHeader(['Ana', 'ana@example.com'], ['Ben', 'ben@example.com'])).toBe(false)
  })
})

describe('CSV import through core', () => {
  test('a nasty file: quoted commas and newlines, BOM, empty rows, duplicate headers, a 1 MB cell, a bad email', async () => {
    const { ok, dataDir } = openCore()
    const big = 'x'.repeat(1_000_000)
    const text =
      '\ufeffFirst Name,Last Name,Email,Email,Company,Notes\r\n' +
      'Ana,"López, Jr.",ana@example.com,ana.work@example.com,"Acme, Inc.","line one\nline two"\r\n' +
      '\r\n' +
      ',,,,,\r\n' +
      `Ben,Big,ben@example.com,,Acme,${big}\r\n` +
      'Cleo,Bad,not-an-email,,ACME,\r\n' +
      'Dan,Ok,dan@example.com,,acme,\r\n'
    const { preview, job } = await importText(ok, text)
    expect(preview.delimiter).toBe(',')
    expect(preview.hasHeader).toBe(true)
    expect(preview.headers).toEqual(['First Name', 'Last Name', 'Email', 'Email (2)', 'Company', 'Notes'])
    expect(preview.guess).toEqual(['firstName', 'lastName', 'email', 'email', 'company', 'notes'])
    expect(preview.rowCount).toBe(4) // the two empty rows are not rows
    expect(preview.rows[1][5]).toHaveLength(201) // the preview cuts long cells

    expect(job).toMatchObject({ status: 'done', created: 2, rejected: 2, companiesCreated: 2 })
    // line numbers as the file counts them: Ana's quoted newline makes her row two lines
    expect(job.rejections.map((r) => [r.row, r.reason])).toEqual([
      [6, 'Notes holds 1,000,000 characters; at most 100,000 can be imported'],
      [7, '"not-an-email" is not a valid email address, e.g. ana@example.com'],
    ])
    const list = await ok('contacts.list', { limit: 10 })
    const ana = await ok('contacts.get', { id: list.items.find((c) => c.firstName === 'Ana')!.id })
    expect(ana).toMatchObject({ lastName: 'López, Jr.', companyName: 'Acme, Inc.', notes: 'line one\nline two' })
    expect(ana.emails.map((e) => [e.value, e.primary])).toEqual([['ana@example.com', true], ['ana.work@example.com', false]])
    const dan = list.items.find((c) => c.firstName === 'Dan')!
    // "acme" links to "Acme"? No: "Acme, Inc." and "acme" are different names; "acme" made one company, case-insensitively reused
    expect(dan.companyName).toBe('acme')
    expect(countRows(dataDir, "SELECT count(*) FROM companies WHERE deleted_at IS NULL")).toBe(2)
  })

  test('semicolons, Latin-1 bytes and no header row', async () => {
    const { ok } = openCore()
    const bytes = new Uint8Array([...new TextEncoder().encode('J'), 0xfc, ...new TextEncoder().encode('rgen;M'), 0xfc, ...new TextEncoder().encode('ller;jm@example.de;+49 30 1234567\n')])
    const { text, encoding } = decodeCsvBytes(bytes)
    expect(encoding).toBe('windows-1252')
    const p = await prepare(ok, text, { encoding })
    expect(p).toMatchObject({ delimiter: ';', hasHeader: false, headers: ['Column 1', 'Column 2', 'Column 3', 'Column 4'], rowCount: 1 })
    const started = await ok('imports.start', { sessionId: p.sessionId, mapping: ['firstName', 'lastName', 'email', 'phone'] })
    expect(await waitDone(ok, started.id)).toMatchObject({ status: 'done', created: 1 })
    const [c] = (await ok('contacts.list', {})).items
    expect(c).toMatchObject({ firstName: 'Jürgen', lastName: 'Müller', primaryEmail: 'jm@example.de', primaryPhone: '+49 30 1234567' })
  })

  test('a mapping without a name column is refused; a row without a name is rejected with the reason', async () => {
    const { ok, err } = openCore()
    const p = await prepare(ok, 'Email,First Name\nann@example.com,\nbo@example.com,Bo\n')
    expect((await err('imports.start', { sessionId: p.sessionId, mapping: ['email', 'ignore'] })).message).toMatch(/Map a column to a name/)
    const job = await waitDone(ok, (await ok('imports.start', { sessionId: p.sessionId, mapping: p.guess })).id)
    expect(job).toMatchObject({ created: 1, rejected: 1 })
    expect(job.rejections[0]).toMatchObject({ row: 2, reason: 'No name: the row has no first, last or full name' })
  })

  test('our own contacts CSV export imports back into an empty database: same people, phones unescaped', async () => {
    const source = openCore()
    const acme = await source.ok('companies.create', { name: 'Acme' })
    await source.ok('contacts.create', { firstName: 'Zoë', lastName: 'Müller', jobTitle: '=Boss', companyId: acme.id, emails: [{ value: 'zoe@example.com' }], phones: [{ value: '+49 30 1234567' }] })
    await source.ok('contacts.create', { firstName: 'Ben', lastName: 'O\'Neil, Jr.', emails: [{ value: 'ben@example.com' }, { value: 'b@work.example.org' }] })
    const { text } = await source.ok('exports.csv', { entity: 'contacts' })
    expect(text).toContain(',+49 30 1234567,') // a phone is data: exact even in the spreadsheet-safe form
    expect(text).toContain(`"'=Boss"`) // while a formula is guarded, and unguarded again on the way in

    const target = openCore()
    const { job } = await importText(target.ok, text)
    expect(job.rejections).toEqual([])
    const people = await Promise.all((await target.ok('contacts.list', {})).items.map((c) => target.ok('contacts.get', { id: c.id })))
    const shape = (c: (typeof people)[number]) => ({
      name: `${c.firstName} ${c.lastName}`,
      jobTitle: c.jobTitle,
      company: c.companyName,
      emails: c.emails.map((e) => e.value),
      phones: c.phones.map((p) => p.value),
    })
    expect(people.map(shape)).toEqual([
      { name: "Ben O'Neil, Jr.", jobTitle: null, company: null, emails: ['ben@example.com', 'b@work.example.org'], phones: [] },
      { name: 'Zoë Müller', jobTitle: '=Boss', company: 'Acme', emails: ['zoe@example.com'], phones: ['+49 30 1234567'] },
    ])
  })

  test('tags, custom fields and full names', async () => {
    const { ok } = openCore()
    const size = await ok('customFields.create', { label: 'Size', type: 'select', options: ['Small', 'Large'] })
    const seats = await ok('customFields.create', { label: 'Seats', type: 'number' })
    const text = 'Name,Labels,Size,Seats\n"Ana María López","* myContacts ::: VIP ::: Friends",small,12\nBen Ode,vip,huge,3\nCy,,Large,many\n'
    const { preview, job } = await importText(ok, text, { addTags: ['Imported'] })
    expect(preview.guess).toEqual(['fullName', 'tags', `custom:${size.id}`, `custom:${seats.id}`])
    expect(job.rejections.map((r) => r.reason)).toEqual(['Size must be one of: Small, Large (not "huge")', 'Seats must be a number, not "many"'])
    const [ana] = (await ok('contacts.list', {})).items
    const full = await ok('contacts.get', { id: ana.id })
    expect(full).toMatchObject({ firstName: 'Ana María', lastName: 'López', customFields: { [size.id]: 'Small', [seats.id]: 12 } })
    expect(full.tags.map((t) => t.name)).toEqual(['Friends', 'Imported', 'VIP'])
  })

  test('dry run: N new, M updated, K rejected with reasons, and nothing written', async () => {
    const { ok, dataDir } = openCore()
    await ok('contacts.create', { firstName: 'Old', emails: [{ value: 'old@example.com' }] })
    const before = liveRows(dataDir)
    const logBefore = countRows(dataDir, 'SELECT count(*) FROM change_log')
    const text = 'First Name,Email,Company\nNew,new@example.com,Acme\nOld Again,OLD@example.com,\nBad,x@,Acme\n'
    const { job } = await importText(ok, text, { dryRun: true, onMatch: 'update' })
    expect(job).toMatchObject({ dryRun: true, status: 'done', created: 1, updated: 1, rejected: 1, companiesCreated: 1 })
    expect(job.rejections[0].row).toBe(4)
    expect(liveRows(dataDir)).toEqual(before)
    expect(countRows(dataDir, 'SELECT count(*) FROM change_log')).toBe(logBefore)
    expect(countRows(dataDir, 'SELECT count(*) FROM imports')).toBe(0)
  })

  describe('a match by email or phone', () => {
    const text = 'First Name,Last Name,Email,Phone,Job Title\nAnn,Newname,ANN@example.com,,CTO\nZed,Zed,,+1 (555) 010-2000,\nFresh,One,fresh@example.com,,\n'
    async function setup() {
      const core = openCore()
      const ann = await core.ok('contacts.create', { firstName: 'Ann', lastName: 'Old', jobTitle: 'Dev', emails: [{ value: 'ann@example.com' }] })
      const zed = await core.ok('contacts.create', { firstName: 'Zed', phones: [{ value: '15550102000' }] })
      return { ...core, ann, zed }
    }

    test('skip leaves the contact as it was', async () => {
      const { ok, ann } = await setup()
      const { job } = await importText(ok, text, { onMatch: 'skip' })
      expect(job).toMatchObject({ created: 1, skipped: 2, updated: 0 })
      expect(await ok('contacts.get', { id: ann.id })).toMatchObject({ lastName: 'Old', jobTitle: 'Dev' })
      expect((await ok('contacts.list', {})).total).toBe(3)
    })

    test('update writes the filled fields and adds new phones', async () => {
      const { ok, ann, zed } = await setup()
      const { job } = await importText(ok, text, { onMatch: 'update' })
      expect(job).toMatchObject({ created: 1, skipped: 0, updated: 2 })
      const a = await ok('contacts.get', { id: ann.id })
      expect(a).toMatchObject({ lastName: 'Newname', jobTitle: 'CTO' })
      expect(a.emails.map((e) => e.value)).toEqual(['ann@example.com']) // same address, other case: not added twice
      expect((await ok('contacts.get', { id: zed.id })).lastName).toBe('Zed')
      expect((await ok('contacts.list', {})).total).toBe(3)
    })

    test('create makes a new contact anyway', async () => {
      const { ok, ann } = await setup()
      const { job } = await importText(ok, text, { onMatch: 'create' })
      expect(job).toMatchObject({ created: 3, skipped: 0, updated: 0 })
      expect(await ok('contacts.get', { id: ann.id })).toMatchObject({ lastName: 'Old' })
      expect((await ok('contacts.list', {})).total).toBe(5)
    })
  })

  test('undo restores the exact previous state, updated contacts included', async () => {
    const { ok, dataDir } = openCore({ importHooks: { chunkSize: 2 } })
    const acme = await ok('companies.create', { name: 'Acme' })
    const vip = await ok('tags.create', { name: 'VIP' })
    const ann = await ok('contacts.create', { firstName: 'Ann', lastName: 'Old', jobTitle: 'Dev', companyId: acme.id, emails: [{ value: 'ann@example.com' }] })
    await ok('contacts.update', { id: ann.id, patch: { notes: 'kept' } })
    const before = liveRows(dataDir)
    const text = 'First Name,Last Name,Email,Phone,Company,Job Title,Tags\nAnn,New,ann@example.com,+1 555 111 2222,Other Co,CEO,VIP\nBo,B,bo@example.com,,acme,,VIP;New tag\nCy,C,cy@example.com,,Brand New,,\n'
    const { job } = await importText(ok, text, { onMatch: 'update' })
    expect(job).toMatchObject({ status: 'done', created: 2, updated: 1, canUndo: true })
    expect(liveRows(dataDir)).not.toEqual(before)
    const a = await ok('contacts.get', { id: ann.id })
    expect(a).toMatchObject({ lastName: 'New', jobTitle: 'CEO', companyName: 'Other Co', notes: 'kept' })
    expect(a.tags.map((t) => t.id)).toEqual([vip.id])

    const undo = await ok('imports.undo', { id: job.id })
    expect(undo.keptLaterEdits).toBe(0)
    expect(liveRows(dataDir)).toEqual(before)
    expect((await ok('imports.get', { id: job.id })).status).toBe('undone')
    expect((await ok('imports.list'))[0]).toMatchObject({ id: job.id, status: 'undone', canUndo: false })
  })

  test('Cancel stops after the current chunk and leaves nothing of the import', async () => {
    const { ok, core, dataDir } = openCore({ importHooks: { chunkSize: 100 } })
    await ok('contacts.create', { firstName: 'Before', emails: [{ value: 'p5@example.com' }] })
    const before = liveRows(dataDir)
    const rows = Array.from({ length: 2000 }, (_, i) => `P${i},Q,p${i}@example.com,Co ${i % 7}`).join('\n')
    const p = await prepare(ok, `First Name,Last Name,Email,Company\n${rows}`)
    const events: number[] = []
    let cancelled: Promise<unknown> | null = null
    const started = await ok('imports.start', { sessionId: p.sessionId, mapping: p.guess, onMatch: 'update' })
    core.on('import.progress', (e) => {
      events.push(e.processed)
      if (e.processed >= 500 && !cancelled) cancelled = ok('imports.cancel', { id: started.id })
    })
    const job = await waitDone(ok, started.id)
    await cancelled
    expect(job.status).toBe('cancelled')
    expect(events[0]).toBe(100)
    expect(Math.max(...events)).toBeLessThan(2000)
    expect(liveRows(dataDir)).toEqual(before)
    expect((await ok('imports.get', { id: started.id })).canUndo).toBe(false)
  })

  test('a failure inside a chunk: that chunk is all out, the earlier ones all in, and Undo removes them', async () => {
    const { ok, dataDir } = openCore({
      importHooks: {
        chunkSize: 10,
        insideChunk(i) {
          if (i === 2) throw new Error('disk unplugged')
        },
      },
    })
    const before = liveRows(dataDir)
    const rows = Array.from({ length: 50 }, (_, i) => `P${i},p${i}@example.com,+1 555 000 ${String(i).padStart(4, '0')},Co ${i % 3}`).join('\n')
    const { job } = await importText(ok, `Name,Email,Phone,Company\n${rows}`)
    expect(job).toMatchObject({ status: 'failed', processed: 20, created: 20, canUndo: true })
    expect(job.error).toMatch(/disk unplugged/)
    expect(countRows(dataDir, 'SELECT count(*) FROM contacts WHERE deleted_at IS NULL')).toBe(20)
    expect(countRows(dataDir, 'SELECT count(*) FROM contact_channels WHERE deleted_at IS NULL')).toBe(40)
    expect(countRows(dataDir, "SELECT count(*) FROM contacts WHERE first_name IN ('P19', 'P20')")).toBe(1)
    await ok('imports.undo', { id: job.id })
    expect(liveRows(dataDir)).toEqual(before)
  })

  test('a process killed mid-import: whole chunks only, "interrupted" after restart, and undoable', async () => {
    const dataDir = tempDir()
    const first = openCore({ dataDir, importHooks: { chunkSize: 100 } })
    const before = liveRows(dataDir)
    const rows = Array.from({ length: 1000 }, (_, i) => `P${i},p${i}@example.com`).join('\n')
    const p = await first.ok('imports.prepare', { fileName: 'kill.csv', text: `Name,Email\n${rows}` })
    const started = await first.ok('imports.start', { sessionId: p.sessionId, mapping: p.guess })
    await new Promise<void>((resolve) =>
      first.core.on('import.progress', (e) => {
        if (e.processed === 300) {
          first.core.close() // the database closes between chunks, as when the process dies
          resolve()
        }
      }),
    )
    await new Promise((r) => setTimeout(r, 20))
    const second = openCore({ dataDir })
    const job = await second.ok('imports.get', { id: started.id })
    expect(job).toMatchObject({ status: 'interrupted', processed: 300, created: 300, canUndo: true })
    expect(countRows(dataDir, 'SELECT count(*) FROM contacts WHERE deleted_at IS NULL')).toBe(300)
    await second.ok('imports.undo', { id: started.id })
    expect(liveRows(dataDir)).toEqual(before)
  })

  test('10,000 rows import in chunks while other commands keep answering', async () => {
    const { ok, core } = openCore()
    const rows = Array.from({ length: 10_000 }, (_, i) => `F${i},L${i},p${i}@example.com${i % 3 ? '' : `;q${i}@example.org`},+1 555 ${String(i).padStart(7, '0')},Company ${i % 500},Imported`)
    const p = await prepare(ok, `First Name,Last Name,Email,Phone,Company,Tags\n${rows.join('\n')}`)
    const started = await ok('imports.start', { sessionId: p.sessionId, mapping: p.guess })
    let answeredWhileRunning = false
    const off = core.on('import.progress', () => {
      if (!answeredWhileRunning) {
        void ok('contacts.list', { limit: 5 }).then((page) => {
          answeredWhileRunning = page.total > 0 && page.total < 10_000
        })
      }
    })
    const job = await waitDone(ok, started.id)
    off()
    expect(job).toMatchObject({ status: 'done', created: 10_000, rejected: 0, companiesCreated: 500 })
    expect(answeredWhileRunning).toBe(true)
    expect((await ok('contacts.list', {})).total).toBe(10_000)
    expect((await ok('companies.list', {})).total).toBe(500)
    const tags = await ok('tags.list')
    expect(tags.map((t) => [t.name, t.contactCount])).toEqual([['Imported', 10_000]])
  }, 60_000)
})

describe('lines with too few or too many cells (issue 14, item 4)', () => {
  const HEADER = 'First Name,Last Name,Email,Phone,Company,Job Title,City,Country,Notes,Owner,Lead Source,Tags'
  // line 2–3: a quoted newline; line 4: 3 cells; line 5: 14 cells; then a trailing empty line
  const TEXT = [
    HEADER,
    'Ana,Lee,ana@example.com,,Acme,CTO,Oslo,Norway,"first line\nsecond line",Sam,Web,vip',
    'Ben,Short,ben@example.com',
    `Cy,Long,cy@example.com,,Acme,CEO,Oslo,Norway,notes,Sam,Web,vip,extra13,extra14`,
    'Dee,Fine,dee@example.com,,Acme,CFO,Oslo,Norway,notes,Sam,Web,vip',
    '',
    '',
  ].join('\n')

  test('parse lists each such line with its line number (quoted newlines counted), found count and raw text', () => {
    const parsed = parseCsv(TEXT, ',')
    expect(parsed.headers).toHaveLength(12)
    expect(parsed.rowNumbers).toEqual([2, 4, 5, 6])
    expect(parsed.mismatched.map((m) => [parsed.rowNumbers[m.index], parsed.rows[m.index].length, m.excerpt])).toEqual([
      [4, 3, 'Ben,Short,ben@example.com'],
      [5, 14, 'Cy,Long,cy@example.com,,Acme,CEO,Oslo,Norway,notes,Sam,Web,vip,extra13,extra14'],
    ])
    // \r\n and lone \r count as one line break each; a long line is cut
    const crlf = parseCsv(`a,b\r\n"x\r\ny",1\r\n${'z'.repeat(300)}\r\n`, ',', true)
    expect(crlf.rowNumbers).toEqual([2, 4])
    expect(crlf.mismatched).toEqual([{ index: 1, excerpt: `${'z'.repeat(120)}…` }])
    expect(parseCsv('a,b\r1,2\r3\r', ',', true).rowNumbers).toEqual([2, 3])
    // without a header row, the width most lines have is the expected one
    const bare = parseCsv('a@x.com,Ann,1\nb@x.com,Bo,2\nc@x.com\n', ',', false)
    expect(bare.headers).toHaveLength(3)
    expect(bare.mismatched.map((m) => bare.rowNumbers[m.index])).toEqual([3])
  })

  test('the preview says which lines differ; by default they are skipped and listed with the rejected rows', async () => {
    const { ok } = openCore()
    const { preview, job } = await importText(ok, TEXT)
    expect(preview.rowCount).toBe(4)
    expect(preview.headers).toHaveLength(12) // the 14-cell line adds no columns
    expect(preview.cellCounts).toEqual({
      expected: 12,
      mismatched: 2,
      lines: [
        { line: 4, found: 3, excerpt: 'Ben,Short,ben@example.com' },
        { line: 5, found: 14, excerpt: 'Cy,Long,cy@example.com,,Acme,CEO,Oslo,Norway,notes,Sam,Web,vip,extra13,extra14' },
      ],
    })
    expect(job).toMatchObject({ status: 'done', created: 2, rejected: 2 })
    expect(job.rejections.map((r) => [r.row, r.reason, r.cellCount])).toEqual([
      [4, 'Skipped, as chosen before the import: 3 cells where the header has 12', true],
      [5, 'Skipped, as chosen before the import: 14 cells where the header has 12', true],
    ])
    expect((await ok('contacts.list', {})).items.map((c) => c.firstName).sort()).toEqual(['Ana', 'Dee'])
  })

  test('imported anyway: a short line reads as padded with empty cells, cells past the last column are dropped', async () => {
    const { ok } = openCore()
    const p = await prepare(ok, TEXT)
    const started = await ok('imports.start', { sessionId: p.sessionId, mapping: p.guess, mismatchedLines: 'import' })
    const job = await waitDone(ok, started.id)
    expect(job).toMatchObject({ status: 'done', created: 4, rejected: 0 })
    const list = (await ok('contacts.list', {})).items
    const ben = await ok('contacts.get', { id: list.find((c) => c.firstName === 'Ben')!.id })
    expect(ben).toMatchObject({ lastName: 'Short', companyName: null, jobTitle: null, tags: [] })
    expect(ben.emails.map((e) => e.value)).toEqual(['ben@example.com'])
    const cy = await ok('contacts.get', { id: list.find((c) => c.firstName === 'Cy')!.id })
    expect(cy.tags.map((t) => t.name)).toEqual(['vip'])
    expect(JSON.stringify(cy)).not.toMatch(/extra1[34]/)
    await expect(ok('imports.start', { sessionId: p.sessionId, mapping: p.guess, mismatchedLines: 'pad' })).rejects.toThrow()
  })
})
