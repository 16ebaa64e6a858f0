import { join } from 'node:path'
import { faker } from '@faker-js/faker'
import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import type { Pipeline } from '../../src-shared/model/deal'
import type { DuplicateList } from '../../src-shared/model/duplicate'
import { nameKey, toE164 } from '../../src-main/core/formats/phone'
import { DATABASE_FILE } from '../../src-main/core/core'
import { openDatabase } from '../../src-main/core/db/open'
import { CHECK_EMAIL_SQL, EMAIL_GROUPS_SQL } from '../../src-main/core/services/duplicates/duplicates'
import { MIGRATIONS, migrationsBefore, openCore, readDb, tempDir } from './helpers'

type Env = ReturnType<typeof openCore>
const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000'

const RELATED = ['contact_channels', 'contact_tags', 'contact_field_values', 'activities', 'deals', 'tasks'] as const

/** Every row of both contacts and every row that refers to either, minus updated_at (a write always moves it). */
function snapshot(dataDir: string, ids: string[]) {
  return readDb(dataDir, (db) => {
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ updated_at: _, ...rest }) => rest)
    const out: Record<string, unknown[]> = {
      contacts: strip(db.prepare('SELECT * FROM contacts WHERE id IN (?, ?) ORDER BY id').all(...ids) as Record<string, unknown>[]),
    }
    for (const table of RELATED) {
      out[table] = strip(db.prepare(`SELECT * FROM ${table} WHERE contact_id IN (?, ?) ORDER BY id`).all(...ids) as Record<string, unknown>[])
    }
    return out
  })
}

/** The reasons of the pair of a and b, or undefined when it was not found. */
function reasonsOf(list: DuplicateList, a: string, b: string) {
  return list.pairs.find((p) => new Set([p.a.id, p.b.id]).size === 2 && [p.a.id, p.b.id].includes(a) && [p.a.id, p.b.id].includes(b))?.reasons
}

describe('normalisation helpers', () => {
  test('phones written differently meet in E.164; without a region only +numbers are read', () => {
    expect(toE164('+44 20 7946 0958')).toBe('+442079460958')
    expect(toE164('020 7946 0958', 'GB')).toBe('+442079460958')
    expect(toE164('(020) 7946-0958 x12', 'GB')).toBe('+442079460958')
    expect(toE164('020 7946 0958')).toBeNull()
  })
  test('names lose accents, case, punctuation and word order', () => {
    expect(nameKey('Adá', 'Lovelace')).toBe(nameKey('ada', 'LOVELACE'))
    expect(nameKey('Lovelace,', 'Ada')).toBe('ada lovelace')
    expect(nameKey('José-María', 'Núñez')).toBe('jose maria nunez')
  })
})

describe('finding duplicates', () => {
  test('finds planted pairs: email case and spaces, phones written two ways, names at one company (accents too)', async () => {
    const env = openCore()
    const { ok } = env
    const acme = await ok('companies.create', { name: 'Acme' })
    const other = await ok('companies.create', { name: 'Globex' })
    const ada1 = await ok('contacts.create', { firstName: 'Ada', lastName: 'Lovelace', emails: [{ value: 'Ada@X.com' }] })
    const ada2 = await ok('contacts.create', { firstName: 'Augusta', lastName: 'King', emails: [{ value: '  ada@x.COM ' }] })
    const tel1 = await ok('contacts.create', { firstName: 'Grace', lastName: 'Hopper', phones: [{ value: '+44 20 7946 0958' }] })
    const tel2 = await ok('contacts.create', { firstName: 'G.', lastName: 'H.', phones: [{ value: '020 7946 0958' }] })
    const jose1 = await ok('contacts.create', { firstName: 'José', lastName: 'Núñez', companyId: acme.id })
    const jose2 = await ok('contacts.create', { firstName: 'jose', lastName: 'NUNEZ', companyId: acme.id })
    const typo1 = await ok('contacts.create', { firstName: 'Margaret', lastName: 'Hamilton', companyId: acme.id })
    const typo2 = await ok('contacts.create', { firstName: 'Margaret', lastName: 'Hamiltom', companyId: acme.id })
    // the same name at another company is someone else
    const elsewhere = await ok('contacts.create', { firstName: 'José', lastName: 'Nuñez', companyId: other.id })
    // a deleted contact is never suggested
    const gone = await ok('contacts.create', { firstName: 'Ada', lastName: 'Copy', emails: [{ value: 'ada@x.com' }] })
    await ok('contacts.delete', { ids: [gone.id] })

    const list = await ok('duplicates.list', { region: 'GB' })
    expect(reasonsOf(list, ada1.id, ada2.id)?.map((r) => r.label)).toEqual(['same email ada@x.com'])
    expect(reasonsOf(list, tel1.id, tel2.id)?.map((r) => r.label)).toEqual(['same phone +44 20 7946 0958'])
    expect(reasonsOf(list, jose1.id, jose2.id)?.map((r) => r.label)).toEqual(['same name at Acme'])
    expect(reasonsOf(list, typo1.id, typo2.id)?.map((r) => r.label)).toEqual(['similar name at Acme'])
    expect(reasonsOf(list, jose1.id, elsewhere.id)).toBeUndefined()
    expect(list.pairs.some((p) => p.a.id === gone.id || p.b.id === gone.id)).toBe(false)
    expect(list.total).toBe(4)
    expect(list.checked).toEqual({ contacts: 9, region: 'GB' })
    // strongest first: email (3) before phone and same name (2) before similar name (1)
    expect(list.pairs.map((p) => p.score)).toEqual([3, 2, 2, 1])
    expect(list.pairs[0].reasons[0].kind).toBe('email')
    expect(list.pairs[0].a.primaryEmail?.toLowerCase().trim()).toBe('ada@x.com')
    expect((await ok('duplicates.count', { region: 'GB' })).count).toBe(4)

    // without a region the national number cannot be read: no phone pair
    const noRegion = await ok('duplicates.list', {})
    expect(reasonsOf(noRegion, tel1.id, tel2.id)).toBeUndefined()

    // one pair with two reasons adds them up and comes first
    await ok('contacts.update', { id: jose2.id, patch: { emails: [{ value: 'ADA@x.com' }] } })
    const both = await ok('duplicates.list', { region: 'GB' })
    expect(both.pairs[0].score).toBeGreaterThanOrEqual(3)
    expect(reasonsOf(both, jose1.id, jose2.id)?.map((r) => r.kind)).toEqual(['name'])
    expect(reasonsOf(both, ada1.id, jose2.id)?.map((r) => r.kind)).toEqual(['email'])
  })

  test('no false pairs among generated distinct people (fixed seed)', async () => {
    const env = openCore()
    const { ok } = env
    faker.seed(6)
    const companies = []
    for (let i = 0; i < 15; i++) companies.push(await ok('companies.create', { name: `${faker.company.name()} ${i}` }))
    const seenNames = new Set<string>()
    let made = 0
    for (let i = 0; made < 400; i++) {
      const firstName = faker.person.firstName()
      const lastName = faker.person.lastName()
      const company = companies[i % companies.length]
      // distinct people: a generated exact-name repeat at the same company would be a real duplicate
      const key = `${company.id}|${nameKey(firstName, lastName)}`
      if (seenNames.has(key)) continue
      seenNames.add(key)
      await ok('contacts.create', {
        firstName,
        lastName,
        companyId: company.id,
        emails: [{ value: `person${i}.${faker.internet.email({ firstName, lastName })}` }],
        phones: [{ value: `+44 20 7${String(100_000 + i * 37).padStart(6, '0').slice(0, 3)} ${String(1000 + i).slice(-4)}` }],
      })
      made++
    }
    const list = await ok('duplicates.list', { region: 'GB' })
    expect(list.pairs.map((p) => `${p.a.displayName} / ${p.b.displayName}: ${p.reasons.map((r) => r.label).join(', ')}`)).toEqual([])
    expect(list.checked.contacts).toBe(400)
  })

  test('a dismissed pair is a synced row with change-log entries, kept across a restart; undismiss soft-deletes it', async () => {
    const env = openCore()
    const a = await env.ok('contacts.create', { firstName: 'Ada', lastName: 'L', emails: [{ value: 'ada@x.com' }] })
    const b = await env.ok('contacts.create', { firstName: 'Ada', lastName: 'M', emails: [{ value: 'ADA@x.com' }] })
    const [lo, hi] = [a.id, b.id].sort()
    expect((await env.ok('duplicates.list', {})).total).toBe(1)
    expect(await env.ok('duplicates.dismiss', { a: hi, b: lo })).toEqual({ count: 1 })
    expect(await env.ok('duplicates.dismiss', { a: lo, b: hi })).toEqual({ count: 0 }) // already dismissed: no second row
    expect((await env.ok('duplicates.list', {})).total).toBe(0)
    const row = readDb(env.dataDir, (db) => {
      const rows = db.prepare('SELECT * FROM duplicate_dismissals').all() as { id: string; contact_a: string; contact_b: string; deleted_at: number | null }[]
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ contact_a: lo, contact_b: hi, deleted_at: null })
      // the insert is in the change log (however the repository shapes its entries): both ids are there
      const logged = db.prepare("SELECT column_name, value FROM change_log WHERE table_name = 'duplicate_dismissals' AND row_id = ?").all(rows[0].id) as {
        value: string
      }[]
      expect(logged.length).toBeGreaterThan(0)
      const text = logged.map((e) => e.value).join(' ')
      expect(text).toContain(lo)
      expect(text).toContain(hi)
      expect(db.prepare("SELECT count(*) FROM meta WHERE key = 'duplicates.dismissed'").pluck().get()).toBe(0)
      return rows[0]
    })
    env.core.close()

    const again = openCore({ dataDir: env.dataDir })
    const list = await again.ok('duplicates.list', {})
    expect(list.total).toBe(0)
    expect(list.dismissedCount).toBe(1)
    expect(await again.ok('duplicates.undismiss', { a: a.id, b: b.id })).toEqual({ count: 1 })
    const back = await again.ok('duplicates.list', {})
    expect(back.total).toBe(1)
    expect(back.dismissedCount).toBe(0)
    readDb(env.dataDir, (db) => {
      expect(db.prepare('SELECT deleted_at FROM duplicate_dismissals WHERE id = ?').pluck().get(row.id)).not.toBeNull()
      const tombstone = db.prepare("SELECT column_name, value FROM change_log WHERE table_name = 'duplicate_dismissals' AND row_id = ? AND value LIKE '%deleted_at%' OR (row_id = ? AND column_name = 'deleted_at')").all(row.id, row.id)
      expect(tombstone.length).toBeGreaterThan(0)
    })
    // dismissing again writes a new row (insert, never a hidden local flag)
    await again.ok('duplicates.dismiss', { a: a.id, b: b.id })
    expect((await again.ok('duplicates.list', {})).total).toBe(0)
    expect(readDb(env.dataDir, (db) => db.prepare('SELECT count(*) FROM duplicate_dismissals WHERE deleted_at IS NULL').pluck().get())).toBe(1)
  })

  test('two live rows for one pair (as after a sync) count once; undismiss ends both', async () => {
    const env = openCore()
    const a = await env.ok('contacts.create', { firstName: 'Ada', lastName: 'L', emails: [{ value: 'ada@x.com' }] })
    const b = await env.ok('contacts.create', { firstName: 'Ada', lastName: 'M', emails: [{ value: 'ada@x.com' }] })
    await env.ok('duplicates.dismiss', { a: a.id, b: b.id })
    env.core.close()
    // a second device's row for the same pair, as a sync would bring it (there is no UNIQUE on the pair)
    const db = new Database(join(env.dataDir, 'crm.db'))
    db.prepare('INSERT INTO duplicate_dismissals (id, created_at, updated_at, contact_a, contact_b) SELECT ?, 1, 1, contact_a, contact_b FROM duplicate_dismissals').run(
      '01900000-0000-7000-8000-0000000000aa',
    )
    db.close()
    const again = openCore({ dataDir: env.dataDir })
    expect((await again.ok('duplicates.list', {})).dismissedCount).toBe(1)
    await again.ok('duplicates.undismiss', { a: b.id, b: a.id })
    expect((await again.ok('duplicates.list', {})).total).toBe(1)
    expect(readDb(env.dataDir, (d) => d.prepare('SELECT count(*) FROM duplicate_dismissals WHERE deleted_at IS NULL').pluck().get())).toBe(0)
  })

  test('migration 0008 carries pairs dismissed in meta over into duplicate_dismissals and drops the meta key', async () => {
    // a database as it was before 0008: the same migrations folder without 0008 and later
    const older = migrationsBefore(8)

    const dataDir = tempDir()
    const { sqlite } = openDatabase({ file: join(dataDir, DATABASE_FILE), migrationsFolder: older })
    expect(sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'duplicate_dismissals'").pluck().get()).toBe(0)
    const ids = ['01900000-0000-7000-8000-000000000001', '01900000-0000-7000-8000-000000000002', '01900000-0000-7000-8000-000000000003']
    const contact = sqlite.prepare("INSERT INTO contacts (id, created_at, updated_at, first_name, last_name) VALUES (?, 0, 0, 'Ada', 'L')")
    const channel = sqlite.prepare("INSERT INTO contact_channels (id, created_at, updated_at, contact_id, kind, value) VALUES (?, 0, 0, ?, 'email', 'ada@x.com')")
    ids.forEach((id, i) => {
      contact.run(id)
      channel.run(`01900000-0000-7000-8000-00000000010${i}`, id)
    })
    // two pairs as the old service wrote them, one written the wrong way round, one malformed entry and a repeat
    const pairs = [`${ids[0]}:${ids[1]}`, `${ids[2]}:${ids[0]}`, 'garbage', `${ids[0]}:${ids[1]}`, 42]
    sqlite.prepare("INSERT INTO meta (key, value) VALUES ('duplicates.dismissed', ?)").run(JSON.stringify(pairs))
    sqlite.close()

    const env = openCore({ dataDir }) // the full folder: 0008 runs now
    readDb(dataDir, (db) => {
      const rows = db.prepare('SELECT id, created_at, updated_at, deleted_at, contact_a, contact_b FROM duplicate_dismissals ORDER BY contact_a, contact_b').all() as {
        id: string
        created_at: number
        updated_at: number
        deleted_at: number | null
        contact_a: string
        contact_b: string
      }[]
      expect(rows.map((r) => [r.contact_a, r.contact_b])).toEqual([
        [ids[0], ids[1]],
        [ids[0], ids[2]],
      ])
      for (const r of rows) {
        expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
        expect(r.deleted_at).toBeNull()
        expect(Math.abs(r.created_at - Date.now())).toBeLessThan(60_000)
        expect(r.updated_at).toBe(r.created_at)
      }
      expect(rows[0].id).not.toBe(rows[1].id)
      expect(db.prepare("SELECT count(*) FROM meta WHERE key = 'duplicates.dismissed'").pluck().get()).toBe(0)
    })
    // the service reads them: of the three pairs sharing ada@x.com only the undismissed one is left
    const list = await env.ok('duplicates.list', {})
    expect(list.dismissedCount).toBe(2)
    expect(list.pairs.map((p) => p.key)).toEqual([`${ids[1]}:${ids[2]}`])
    // and a carried-over pair can be undismissed like any other
    await env.ok('duplicates.undismiss', { a: ids[2], b: ids[0] })
    expect((await env.ok('duplicates.list', {})).total).toBe(2)
  })
})

describe('the email index', () => {
  test('checkEmail is one lookup in contact_channels_value_key; the email grouping looks its candidate keys up there too', () => {
    const { sqlite } = openDatabase({ file: join(tempDir(), DATABASE_FILE), migrationsFolder: MIGRATIONS })
    try {
      const index = sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'contact_channels_value_key'").pluck().get() as string
      expect(index).toMatch(/ON `contact_channels` \(`kind`,lower\(trim\("value"\)\)\) WHERE "contact_channels"."deleted_at" IS NULL/)
      const plan = (sql: string, ...args: unknown[]) =>
        (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join('\n')
      expect(plan(CHECK_EMAIL_SQL, 'ada@x.com', null)).toMatch(/SEARCH ch USING INDEX contact_channels_value_key \(kind=\? AND <expr>=\?\)/)
      expect(plan(EMAIL_GROUPS_SQL, '["ada@x.com"]')).toMatch(/SEARCH ch USING INDEX contact_channels_value_key \(kind=\? AND <expr>=\?\)/)
    } finally {
      sqlite.close()
    }
  })
})

/** Two duplicates of Ada, each with history, a deal, a follow-up, tags, channels and custom values. */
async function twoAdas(env: Env) {
  const { ok } = env
  const acme = await ok('companies.create', { name: 'Acme' })
  const vip = await ok('tags.create', { name: 'VIP', color: '#E5484D' })
  const beta = await ok('tags.create', { name: 'beta', color: '#46a758' })
  const tier = await ok('customFields.create', { label: 'Tier', type: 'select', options: ['Gold', 'Silver'] })
  const size = await ok('customFields.create', { label: 'Seats', type: 'number' })
  const site = await ok('customFields.create', { label: 'Site', type: 'text' })
  const [pipeline] = await ok('pipelines.list')
  const stageId = (pipeline as Pipeline).stages[0].id
  const keep = await ok('contacts.create', {
    firstName: 'Ada',
    lastName: 'Lovelace',
    jobTitle: 'Analyst',
    owner: 'Sam',
    emails: [{ value: 'ada@x.com', primary: true }],
    phones: [{ value: '+44 20 7946 0958' }],
    tagIds: [vip.id],
    customFields: { [tier.id]: 'Gold', [size.id]: 5 },
  })
  const dupe = await ok('contacts.create', {
    firstName: 'Ada',
    lastName: 'Lovelace',
    jobTitle: 'Mathematician',
    companyId: acme.id,
    leadSource: 'LinkedIn',
    emails: [{ value: 'ADA@x.com' }, { value: 'ada@work.example' }],
    phones: [{ value: '+44 20 7946 0958' }, { value: '+1 415 555 0100' }],
    tagIds: [vip.id, beta.id],
    customFields: { [tier.id]: 'Silver', [site.id]: 'London' },
    address: { city: 'London' },
  })
  await ok('activities.create', { type: 'call', contactId: keep.id, body: 'Kept call' })
  const calls = [
    await ok('activities.create', { type: 'call', contactId: dupe.id, body: 'Call on the duplicate', occurredAt: Date.UTC(2026, 0, 14) }),
    await ok('activities.create', { type: 'note', contactId: dupe.id, body: 'Note on the duplicate' }),
  ]
  const deal = await ok('deals.create', { title: 'Engine', valueMinor: 1000, currency: 'GBP', stageId, contactId: dupe.id })
  const task = await ok('tasks.create', { title: 'Send notes', dueAt: Date.UTC(2026, 1, 1), contactId: dupe.id })
  return { keep, dupe, calls, deal, task, tags: { vip, beta }, fields: { tier, size, site }, acme }
}

describe('merging', () => {
  test('moves every related record, applies the picks, tombstones the other; undo restores both exactly', async () => {
    const env = openCore()
    const { ok, dataDir } = env
    const f = await twoAdas(env)
    const ids = [f.keep.id, f.dupe.id]
    const before = snapshot(dataDir, ids)
    const detail = await ok('duplicates.pair', { a: f.keep.id, b: f.dupe.id })
    expect(detail.counts[f.dupe.id]).toEqual({ activities: 3, deals: 1, tasks: 1 })
    expect(detail.counts[f.keep.id]).toEqual({ activities: 1, deals: 0, tasks: 0 })

    const result = await ok('duplicates.merge', {
      survivorId: f.keep.id,
      otherId: f.dupe.id,
      picks: { jobTitle: 'other' },
      customFieldPicks: { [f.fields.tier.id]: 'other' },
    })
    const s = result.survivor
    // picks: job title taken from the other; blanks filled from the other; the rest kept
    expect(s.jobTitle).toBe('Mathematician')
    expect(s.companyId).toBe(f.acme.id)
    expect(s.leadSource).toBe('LinkedIn')
    expect(s.owner).toBe('Sam')
    expect(s.address.city).toBe('London')
    // union of channels and tags, no repeats
    expect(s.emails.map((e) => e.value)).toEqual(['ada@x.com', 'ada@work.example'])
    expect(s.emails.filter((e) => e.primary).map((e) => e.value)).toEqual(['ada@x.com'])
    expect(s.phones.map((p) => p.value)).toEqual(['+44 20 7946 0958', '+1 415 555 0100'])
    expect(s.tags.map((t) => t.name).sort()).toEqual(['VIP', 'beta'])
    expect(s.customFields).toEqual({ [f.fields.tier.id]: 'Silver', [f.fields.size.id]: 5, [f.fields.site.id]: 'London' })
    // two entries and the deal's system entry
    expect(result.moved).toEqual({ activities: 3, deals: 1, tasks: 1, tags: 1, channels: 2, customFields: 2 })

    // history, deal and follow-up now belong to the survivor
    const history = await ok('activities.list', { contactId: f.keep.id })
    expect(history.map((a) => a.body)).toEqual(expect.arrayContaining(['Kept call', 'Call on the duplicate', 'Note on the duplicate']))
    expect((await ok('deals.get', { id: f.deal.id })).contactId).toBe(f.keep.id)
    expect((await ok('tasks.get', { id: f.task.id })).contactId).toBe(f.keep.id)
    // the other is a tombstone, with nothing live left on it
    const gone = await env.err('contacts.get', { id: f.dupe.id })
    expect(gone.code).toBe('NOT_FOUND')
    readDb(dataDir, (db) => {
      expect(db.prepare('SELECT deleted_at FROM contacts WHERE id = ?').pluck().get(f.dupe.id)).not.toBeNull()
      for (const table of ['activities', 'deals', 'tasks', 'contact_tags', 'contact_field_values'] as const) {
        expect(db.prepare(`SELECT count(*) FROM ${table} WHERE contact_id = ? AND deleted_at IS NULL`).pluck().get(f.dupe.id), table).toBe(
          table === 'contact_tags' ? 1 : 0, // its VIP tag stays on the tombstone: the survivor has its own
        )
      }
      // ONE transaction did all of it
      const txs = db.prepare('SELECT count(DISTINCT tx_id) FROM change_log WHERE tx_id = ?').pluck().get(result.txId)
      expect(txs).toBe(1)
      const rowsInTx = db.prepare('SELECT count(DISTINCT row_id) FROM change_log WHERE tx_id = ?').pluck().get(result.txId) as number
      expect(rowsInTx).toBeGreaterThanOrEqual(10)
    })
    expect((await ok('duplicates.list', {})).total).toBe(0)

    // undo: both back exactly as they were
    const undone = await ok('duplicates.undoMerge', { txId: result.txId })
    expect(undone.keptLaterEdits).toBe(0)
    expect(snapshot(dataDir, ids)).toEqual(before)
    expect((await ok('contacts.get', { id: f.dupe.id })).jobTitle).toBe('Mathematician')
    expect((await ok('contacts.get', { id: f.keep.id })).jobTitle).toBe('Analyst')
    // and a second undo is refused
    expect((await env.err('duplicates.undoMerge', { txId: result.txId })).code).toBe('CONFLICT')
  })

  test('keep-in-touch: one open follow-up remains after a merge', async () => {
    const env = openCore()
    const { ok } = env
    const a = await ok('contacts.create', { firstName: 'Ada', lastName: 'L' })
    const b = await ok('contacts.create', { firstName: 'Ada', lastName: 'L' })
    await ok('contacts.keepInTouch', { contactId: a.id, every: { count: 2, unit: 'week' } })
    await ok('contacts.keepInTouch', { contactId: b.id, every: { count: 1, unit: 'month' } })
    await ok('duplicates.merge', { survivorId: a.id, otherId: b.id })
    const tasks = await ok('tasks.list', { contactId: a.id })
    expect(tasks.items.filter((t) => t.keepInTouch && t.doneAt === null)).toHaveLength(1)
  })

  test('refuses to merge a contact with itself, a deleted or an unknown one, and writes nothing', async () => {
    const env = openCore()
    const { ok, err, dataDir } = env
    const a = await ok('contacts.create', { firstName: 'Ada', lastName: 'L' })
    const b = await ok('contacts.create', { firstName: 'Ada', lastName: 'M' })
    await ok('contacts.delete', { ids: [b.id] })
    const logSize = () => readDb(dataDir, (db) => db.prepare('SELECT count(*) FROM change_log').pluck().get())
    const size = logSize()

    const self = await err('duplicates.merge', { survivorId: a.id, otherId: a.id })
    expect(self.code).toBe('VALIDATION')
    expect(self.message).toMatch(/cannot be merged with itself/)
    const deleted = await err('duplicates.merge', { survivorId: a.id, otherId: b.id })
    expect(deleted.code).toBe('CONFLICT')
    expect(deleted.message).toMatch(/was deleted/)
    const deletedSurvivor = await err('duplicates.merge', { survivorId: b.id, otherId: a.id })
    expect(deletedSurvivor.message).toMatch(/The contact to keep was deleted/)
    expect((await err('duplicates.merge', { survivorId: a.id, otherId: UNKNOWN_ID })).code).toBe('NOT_FOUND')
    expect((await err('duplicates.undoMerge', { txId: UNKNOWN_ID })).code).toBe('NOT_FOUND')
    expect(logSize()).toBe(size)
  })
})

describe('the contact form email check', () => {
  test('finds live contacts case-insensitively, ignores deleted ones and the contact being edited', async () => {
    const { ok } = openCore()
    const ada = await ok('contacts.create', { firstName: 'Ada', lastName: 'Lovelace', emails: [{ value: 'Ada@Example.com' }] })
    const gone = await ok('contacts.create', { firstName: 'Old', lastName: 'Copy', emails: [{ value: 'old@example.com' }] })
    await ok('contacts.delete', { ids: [gone.id] })

    expect(await ok('duplicates.checkEmail', { email: '  ada@EXAMPLE.com ' })).toEqual([
      { id: ada.id, displayName: 'Ada Lovelace', email: 'Ada@Example.com' },
    ])
    expect(await ok('duplicates.checkEmail', { email: 'ada@example.com', excludeId: ada.id })).toEqual([])
    expect(await ok('duplicates.checkEmail', { email: 'old@example.com' })).toEqual([])
    expect(await ok('duplicates.checkEmail', { email: 'ada@example' + '.org' })).toEqual([])
    expect(await ok('duplicates.checkEmail', { email: 'ada' })).toEqual([])
  })
})
