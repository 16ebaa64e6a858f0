/**
 * Seeded contact data sets for the benchmarks and the list-at-scale e2e test, written with raw
 * prepared inserts in one transaction (a fixture: 100,000 contacts through core.invoke would take
 * minutes). Same seed → the same people, companies, channels, tags and custom values every run.
 *
 * Shape per contact: a faker name, job title, lifecycle stage, lead source, owner and city; 70%
 * work at one of contacts/20 companies; one email, a second one for 1 in 4 (the SECOND marked
 * primary for half of those, so order matters); a phone for 4 in 5; 1 in 4 tagged with one or two
 * of 6 tags (plus a deleted tag row now and then); 1 in 3 with custom values (a text and a select
 * field); each 10th contact has `history` history entries. Ids are UUIDv7 like the app's.
 */
import { join } from 'node:path'
import { en, base, Faker } from '@faker-js/faker'
import Database from 'better-sqlite3'
import { v7 as uuidv7 } from 'uuid'
import { createCore, DATABASE_FILE } from '../../src-main/core/core'

const DAY = 86_400_000
const HISTORY_EVERY = 10
const quiet = { info() {}, warn() {}, error() {} }

export interface DataSetOptions {
  contacts: number
  /** History entries of each 10th contact (default 20; 2 per contact on average). */
  history?: number
  seed?: number
  /** A contact with a known name, written last (so it is the newest): the e2e test looks for it. */
  planted?: { firstName: string; lastName: string; email: string }
  /** "now" of the data set (created_at values lie in the two years before it). */
  now?: number
}

export interface DataSet {
  contactIds: string[]
  companyIds: string[]
  tagIds: string[]
  fieldIds: string[]
  /** The contacts with history entries (each 10th). */
  withHistory: string[]
  plantedId: string | null
  writeMs: number
}

/** Migrates a fresh data folder through createCore, then writes the data set with raw inserts. */
export function writeDataSet(dataDir: string, migrationsFolder: string, options: DataSetOptions): DataSet {
  createCore({ dataDir, migrationsFolder, log: quiet, scheduler: false, backupTimers: false }).close()
  const db = new Database(join(dataDir, DATABASE_FILE))
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('cache_size = -262144') // 256 MB: the one big transaction stays in memory until commit
    return write(db, options)
  } finally {
    db.close()
  }
}

function write(db: Database.Database, options: DataSetOptions): DataSet {
  const t0 = performance.now()
  const faker = new Faker({ locale: [en, base], seed: options.seed ?? 42 })
  const now = options.now ?? Date.now()
  const historyPer = options.history ?? 20
  const pick = <T>(list: readonly T[]) => list[faker.number.int(list.length - 1)]
  const out: DataSet = { contactIds: [], companyIds: [], tagIds: [], fieldIds: [], withHistory: [], plantedId: null, writeMs: 0 }

  db.transaction(() => {
    const tag = db.prepare('INSERT INTO tags (id, created_at, updated_at, deleted_at, name, color) VALUES (?, ?, ?, ?, ?, ?)')
    const colors = ['#e5484d', '#46a758', '#0090ff', '#f76b15', '#8e4ec6', '#ffc53d']
    for (const [k, name] of ['VIP', 'Newsletter', 'Partner', 'Investor', 'Supplier', 'Press'].entries()) {
      const id = uuidv7()
      tag.run(id, now, now, null, name, colors[k])
      out.tagIds.push(id)
    }
    const deletedTag = uuidv7()
    tag.run(deletedTag, now, now, now, 'Old tag', '#999999')

    const field = db.prepare('INSERT INTO custom_fields (id, created_at, updated_at, label, type, options, position) VALUES (?, ?, ?, ?, ?, ?, ?)')
    const regions = ['North', 'South', 'East', 'West']
    const [textField, selectField] = [uuidv7(), uuidv7()]
    field.run(textField, now, now, 'Account number', 'text', '[]', 0)
    field.run(selectField, now, now, 'Region', 'select', JSON.stringify(regions), 1)
    out.fieldIds.push(textField, selectField)

    const company = db.prepare('INSERT INTO companies (id, created_at, updated_at, name, domain, industry) VALUES (?, ?, ?, ?, ?, ?)')
    const companies = Math.max(1, Math.round(options.contacts / 20))
    for (let i = 0; i < companies; i++) {
      const id = uuidv7()
      const created = now - faker.number.int(730) * DAY
      company.run(id, created, created, `${faker.company.name()} ${i}`, `c${i}.example.com`, pick(['Software', 'Retail', 'Health', 'Finance', null]))
      out.companyIds.push(id)
    }

    const contact = db.prepare(
      `INSERT INTO contacts (id, created_at, updated_at, first_name, last_name, job_title, company_id, lead_source, lifecycle_stage,
         owner, address_city, address_country, notes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const channel = db.prepare(
      'INSERT INTO contact_channels (id, created_at, updated_at, deleted_at, contact_id, kind, value, label, is_primary, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    const tagged = db.prepare('INSERT INTO contact_tags (id, created_at, updated_at, contact_id, tag_id) VALUES (?, ?, ?, ?, ?)')
    const value = db.prepare('INSERT INTO contact_field_values (id, created_at, updated_at, contact_id, field_id, value) VALUES (?, ?, ?, ?, ?, ?)')
    const activity = db.prepare('INSERT INTO activities (id, created_at, updated_at, type, contact_id, occurred_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)')
    const stages = ['lead', 'prospect', 'customer', 'former_customer'] as const

    const one = (i: number, firstName: string, lastName: string, created: number, email?: string) => {
      const id = uuidv7()
      // Channels before the row: the search index's contact trigger then indexes the contact once,
      // with its channels, instead of re-indexing it for every channel (same index in the end).
      const mail = email ?? `${firstName}.${lastName}.${i}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, '')
      const second = email === undefined && i % 4 === 0 // the planted contact has one email: its own
      const secondPrimary = second && i % 8 === 0
      channel.run(uuidv7(), created, created, null, id, 'email', mail, 'work', secondPrimary ? 0 : 1, 0)
      if (second) channel.run(uuidv7(), created, created, null, id, 'email', `p${i}@home.example.net`, 'home', secondPrimary ? 1 : 0, 1)
      if (i % 16 === 1) channel.run(uuidv7(), created, created, created, id, 'email', `gone${i}@old.example.org`, null, 0, 2) // deleted
      if (faker.number.int(4) < 4) channel.run(uuidv7(), created, created, null, id, 'phone', faker.phone.number({ style: 'international' }), 'mobile', 0, 0)
      contact.run(
        id, created, created, firstName, lastName, faker.person.jobTitle(),
        faker.number.int(9) < 7 ? pick(out.companyIds) : null,
        pick(['LinkedIn', 'Referral', 'Website', 'Event', null]), pick(stages), pick(['Alex', 'Sam', 'Jordan', null]),
        faker.location.city(), faker.location.countryCode(), i % 10 === 0 ? faker.lorem.sentence() : '',
      )
      if (i % 4 === 0) {
        tagged.run(uuidv7(), created, created, id, out.tagIds[i % 6])
        if (i % 8 === 0) tagged.run(uuidv7(), created, created, id, out.tagIds[(i + 3) % 6])
        if (i % 40 === 0) tagged.run(uuidv7(), created, created, id, deletedTag)
      }
      if (i % 3 === 0) {
        value.run(uuidv7(), created, created, id, textField, JSON.stringify(`AC-${100000 + i}`))
        value.run(uuidv7(), created, created, id, selectField, JSON.stringify(pick(regions)))
      }
      if (i % HISTORY_EVERY === 0) {
        out.withHistory.push(id)
        for (let k = 0; k < historyPer; k++) {
          const at = created + faker.number.int(Math.max(1, now - created))
          activity.run(uuidv7(), at, at, pick(['note', 'call', 'email', 'meeting']), id, at, k % 3 === 0 ? faker.lorem.sentence() : '')
        }
      }
      return id
    }

    for (let i = 0; i < options.contacts; i++) {
      out.contactIds.push(one(i, faker.person.firstName(), faker.person.lastName(), now - faker.number.int(730 * DAY)))
    }
    if (options.planted) {
      const p = options.planted
      out.plantedId = one(options.contacts, p.firstName, p.lastName, now, p.email)
      out.contactIds.push(out.plantedId)
    }
  })()
  db.pragma('optimize')
  out.writeMs = performance.now() - t0
  return out
}
