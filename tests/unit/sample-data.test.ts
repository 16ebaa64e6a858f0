import { describe, expect, test } from 'vitest'
import { LIFECYCLE_STAGES } from '../../src-shared/model/contact'
import { createCore } from '../../src-main/core/core'
import { callers, fakeClock, MIGRATIONS, openCore, quietLog, readDb, tempDir } from './helpers'

const TAG_NAMES = ['Hot', 'Newsletter', 'Partner', 'Referral', 'Trade show', 'VIP'] // as tags.list sorts them

type Env = ReturnType<typeof openCore>

function scalar(dataDir: string, sql: string, ...params: unknown[]): number {
  return readDb(dataDir, (db) => db.prepare(sql).pluck().get(...params) as number)
}
const active = (dataDir: string, table: string) => scalar(dataDir, `SELECT count(*) FROM ${table} WHERE deleted_at IS NULL`)

async function loaded() {
  const env = openCore()
  const events: string[][] = []
  env.core.on('data.changed', ({ tables }) => events.push(tables))
  const result = await env.ok('sampleData.load')
  return { ...env, result, events }
}

async function allContacts(env: Env) {
  const page = await env.ok('contacts.list', { limit: 500 })
  expect(page.total).toBe(page.items.length)
  return page.items
}

describe('sampleData.load', () => {
  test('200 contacts at 30 companies with their history; the counts match the database', async () => {
    const env = await loaded()
    const { ok, result, dataDir } = env
    expect(result.contacts).toBe(200)
    expect(result.companies).toBe(30)
    // 0 to 10 entries per person, about 5 on average
    expect(result.activities).toBeGreaterThan(600)
    expect(result.activities).toBeLessThan(1400)

    expect(active(dataDir, 'contacts')).toBe(result.contacts)
    expect(active(dataDir, 'companies')).toBe(result.companies)
    // what people logged, plus the deals' own entries (created, won, lost)
    expect(scalar(dataDir, "SELECT count(*) FROM activities WHERE deleted_at IS NULL AND type <> 'system'")).toBe(result.activities)
    expect(result.deals).toBe(60)
    expect(active(dataDir, 'deals')).toBe(60)
    expect(scalar(dataDir, "SELECT count(*) FROM activities WHERE type = 'system' AND body LIKE 'Created in %'")).toBe(60)
    // follow-ups: the overdue ones have no reminder, so loading rings no bell
    expect(active(dataDir, 'tasks')).toBe(20)
    expect(scalar(dataDir, 'SELECT count(*) FROM tasks WHERE due_at < ? AND remind_at IS NOT NULL', env.clock.now())).toBe(0)
    expect(await ok('app.info')).toMatchObject({ contactCount: 200, companyCount: 30 })
    expect((await ok('contacts.list', {})).total).toBe(200)
    expect((await ok('companies.list', {})).total).toBe(30)
    // written through the repository: every contact has its change-log entries
    expect(scalar(dataDir, "SELECT count(DISTINCT row_id) FROM change_log WHERE table_name = 'contacts'")).toBe(200)
  })

  test('every contact reads back whole and valid', { timeout: 20_000 }, async () => {
    const env = await loaded()
    const companies = new Set((await env.ok('companies.list', { limit: 500 })).items.map((c) => c.id))
    const summaries = await allContacts(env)
    expect(summaries).toHaveLength(200)
    for (const summary of summaries) {
      const c = await env.ok('contacts.get', { id: summary.id })
      expect(c.firstName).not.toBe('')
      expect(c.lastName).not.toBe('')
      expect(LIFECYCLE_STAGES).toContain(c.lifecycleStage)
      expect(c.emails).toHaveLength(1)
      expect(c.emails[0].primary).toBe(true)
      expect(c.emails[0].value).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/)
      expect(summary.primaryEmail).toBe(c.emails[0].value)
      expect(c.phones).toHaveLength(1)
      expect(c.socialProfiles.length).toBeLessThanOrEqual(1)
      expect(c.tags.length).toBeLessThanOrEqual(2)
      if (c.companyId !== null) {
        expect(companies.has(c.companyId)).toBe(true)
        expect(c.companyName).not.toBeNull()
      }
      if (c.birthday !== null) expect(c.birthday).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    }
    // the per-company counts add up to everyone who has a company
    const withCompany = summaries.filter((s) => s.companyId !== null).length
    const counted = (await env.ok('companies.list', { limit: 500 })).items.reduce((n, c) => n + c.contactCount, 0)
    expect(counted).toBe(withCompany)
    expect(withCompany).toBeGreaterThan(140) // 85% have a company
  })

  test('histories are consistent: details fit their type and last contacted matches the timeline', async () => {
    const env = await loaded()
    const { dataDir } = env
    expect(scalar(dataDir, "SELECT count(*) FROM activities WHERE type = 'note' AND (outcome IS NOT NULL OR direction IS NOT NULL OR duration_minutes IS NOT NULL)")).toBe(0)
    expect(scalar(dataDir, "SELECT count(*) FROM activities WHERE type <> 'call' AND outcome IS NOT NULL")).toBe(0)
    expect(scalar(dataDir, 'SELECT count(*) FROM activities WHERE occurred_at > ?', env.clock.now())).toBe(0)
    expect(scalar(dataDir, 'SELECT count(DISTINCT type) FROM activities')).toBe(5) // note, call, email, meeting, system

    const summaries = await allContacts(env)
    for (const s of summaries.slice(0, 40)) {
      const timeline = await env.ok('activities.list', { contactId: s.id, limit: 1000 })
      const contacted = timeline.filter((a) => a.type !== 'note' && a.type !== 'system').map((a) => a.occurredAt)
      expect(s.lastContactedAt).toBe(contacted.length ? Math.max(...contacted) : null)
    }
  })

  test('the six tags exist and carry their contact counts', async () => {
    const { ok, dataDir } = await loaded()
    const tags = await ok('tags.list')
    expect(tags.map((t) => t.name)).toEqual(TAG_NAMES)
    for (const tag of tags) {
      expect(tag.contactCount).toBeGreaterThan(0)
      expect((await ok('contacts.list', { tagId: tag.id })).total).toBe(tag.contactCount)
    }
    expect(tags.reduce((n, t) => n + t.contactCount, 0)).toBe(active(dataDir, 'contact_tags'))
  })

  test('loading twice adds the people again but reuses the tags', async () => {
    const env = await loaded()
    const firstTags = await env.ok('tags.list')
    const second = await env.ok('sampleData.load')
    expect(second).toEqual(env.result) // same seed, same amounts
    const tags = await env.ok('tags.list')
    expect(tags.map((t) => t.id)).toEqual(firstTags.map((t) => t.id))
    expect(tags.map((t) => t.contactCount)).toEqual(firstTags.map((t) => t.contactCount * 2))
    expect(active(env.dataDir, 'tags')).toBe(6)
    expect(active(env.dataDir, 'contacts')).toBe(400)
  })

  test('a tag the user already has (in any case) is reused, not duplicated', async () => {
    const env = openCore()
    const mine = await env.ok('tags.create', { name: 'vip', color: '#000000' })
    await env.ok('sampleData.load')
    const tags = await env.ok('tags.list')
    expect(tags).toHaveLength(6)
    expect(tags.find((t) => t.id === mine.id)).toMatchObject({ name: 'vip', color: '#000000' })
    expect(tags.find((t) => t.id === mine.id)!.contactCount).toBeGreaterThan(0)
  })

  // The load is a job of short chunks (issue 12). Their data.changed are held and announced with
  // the job's progress (at most one per 100 ms, and one at the end), so open views refresh a few
  // times, not once per chunk; together they name exactly the tables written.
  test('data.changed is announced a few times while it loads, together naming the tables written', async () => {
    const started = performance.now()
    const { events } = await loaded()
    const took = performance.now() - started
    expect(events.length).toBeGreaterThanOrEqual(1)
    expect(events.length).toBeLessThanOrEqual(Math.ceil(took / 100) + 2)
    expect([...new Set(events.flat())].sort()).toEqual(['activities', 'companies', 'contact_channels', 'contact_tags', 'contacts', 'deal_stage_visits', 'deals', 'tags', 'tasks'])
  })
})

/** Every synced table's rows (all columns), and the derived counts: "the database" for before/after comparisons. */
function snapshot(dataDir: string) {
  return readDb(dataDir, (db) => {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%deleted_at%' ORDER BY name").pluck().all() as string[]
    const all = Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY id`).all()]))
    all.activity_counts = db.prepare('SELECT * FROM activity_counts ORDER BY slot, owner').all()
    all.live_counts = db.prepare('SELECT * FROM live_counts').all()
    return all
  })
}
/** Live ids per synced table, as "table:id". */
function liveIds(dataDir: string): Set<string> {
  return readDb(dataDir, (db) => {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%deleted_at%'").pluck().all() as string[]
    return new Set(tables.flatMap((t) => (db.prepare(`SELECT id FROM ${t} WHERE deleted_at IS NULL`).pluck().all() as string[]).map((id) => `${t}:${id}`)))
  })
}
const integrity = (dataDir: string) => readDb(dataDir, (db) => db.prepare('PRAGMA integrity_check').pluck().get())

describe('sampleData.remove', () => {
  test('removes exactly the rest of the sample; the user contact and the two worked-on sample contacts stay, with what they need', { timeout: 30_000 }, async () => {
    const env = openCore()
    const before = liveIds(env.dataDir) // the default pipeline, its stages, the rules
    expect((await env.ok('sampleData.status')).loaded).toBe(false)
    await env.ok('sampleData.load')
    const sample = [...liveIds(env.dataDir)].filter((k) => !before.has(k))

    const people = await allContacts(env)
    const withCompany = people.filter((p) => p.companyId !== null)
    const [noted, edited] = [withCompany[0], withCompany[1]]
    const mine = await env.ok('contacts.create', { firstName: 'Ana', lastName: 'Mine', emails: [{ value: 'ana@mine.example' }] })
    const note = await env.ok('activities.create', { type: 'note', contactId: noted.id, body: 'Met at the fair, wants a quote' })
    await env.ok('contacts.update', { id: edited.id, patch: { jobTitle: 'Head of buying' } })

    const status = await env.ok('sampleData.status')
    expect(status.loaded).toBe(true)
    expect(status.kept.filter((k) => k.workedOn).map((k) => k.id).sort()).toEqual([noted.id, edited.id].sort())
    expect(status.counts.contacts).toBe(198)
    const removal = await env.ok('sampleData.remove')
    expect(removal.removed).toBe(status.records)
    expect(removal.kept.map((k) => k.name)).toEqual(status.kept.map((k) => k.name))

    // what stays of the sample, worked out here from the tables: the two contacts, their
    // companies, their emails, phones, social links and tag links, and the tags those name
    const kept = readDb(env.dataDir, (db) => {
      const ids = [noted.id, edited.id]
      const q = (sql: string) => db.prepare(sql).pluck().all(...ids) as string[]
      return new Set([
        ...ids.map((id) => `contacts:${id}`),
        ...q('SELECT company_id FROM contacts WHERE id IN (?, ?)').map((id) => `companies:${id}`),
        ...q('SELECT id FROM contact_channels WHERE contact_id IN (?, ?)').map((id) => `contact_channels:${id}`),
        ...q('SELECT id FROM contact_tags WHERE contact_id IN (?, ?)').map((id) => `contact_tags:${id}`),
        ...q('SELECT tag_id FROM contact_tags WHERE contact_id IN (?, ?)').map((id) => `tags:${id}`),
      ])
    })
    const after = liveIds(env.dataDir)
    expect(sample.filter((k) => after.has(k)).sort()).toEqual([...kept].sort())
    // the user's rows are all there
    for (const k of [`contacts:${mine.id}`, `activities:${note.id}`, ...before]) expect(after.has(k)).toBe(true)
    expect((await env.ok('contacts.list', {})).total).toBe(3)
    expect((await env.ok('contacts.get', { id: edited.id })).jobTitle).toBe('Head of buying')
    expect(integrity(env.dataDir)).toBe('ok')
    // the sample's made-up history on a kept contact went; the user's note stayed
    expect(scalar(env.dataDir, 'SELECT count(*) FROM activities WHERE deleted_at IS NULL AND contact_id = ?', noted.id)).toBe(1)
    expect(scalar(env.dataDir, 'SELECT count(*) FROM deals WHERE deleted_at IS NULL')).toBe(0)
    expect(scalar(env.dataDir, 'SELECT count(*) FROM tasks WHERE deleted_at IS NULL')).toBe(0)

    // twice: nothing left to remove, and it says so
    const second = await env.err('sampleData.remove')
    expect(second.code).toBe('NOT_FOUND')
    expect(second.message).toMatch(/no sample data left to remove/)
    expect(await env.ok('sampleData.status')).toMatchObject({ loaded: true, records: 0 })
  })

  test('Undo (the jobs panel) brings the database back to exactly what it was before the removal', { timeout: 30_000 }, async () => {
    const env = openCore()
    await env.ok('sampleData.load')
    const [someone] = await allContacts(env)
    await env.ok('activities.create', { type: 'call', contactId: someone.id, body: 'Called back', direction: 'outbound' })
    const statusBefore = await env.ok('sampleData.status')
    const before = snapshot(env.dataDir)
    const removal = await env.ok('sampleData.remove')
    expect(snapshot(env.dataDir)).not.toEqual(before)
    const job = (await env.ok('jobs.list')).find((j) => j.id === removal.jobId)!
    expect(job).toMatchObject({ kind: 'sampleData.remove', status: 'done', canUndo: true })
    await env.ok('jobs.undo', { id: removal.jobId })
    expect(snapshot(env.dataDir)).toEqual(before)
    expect(integrity(env.dataDir)).toBe('ok')
    // the undo is not "work on" the sample: the same plan again, and it can go again
    expect(await env.ok('sampleData.status')).toEqual(statusBefore)
    const again = await env.ok('sampleData.remove')
    expect(again.removed).toBe(removal.removed)
    expect((await env.ok('contacts.list', {})).total).toBe(1)
  })

  test('a tag the user had stays; a user contact at a sample company keeps that company', { timeout: 30_000 }, async () => {
    const env = openCore()
    const vip = await env.ok('tags.create', { name: 'VIP', color: '#000000' })
    await env.ok('sampleData.load')
    const [company] = (await env.ok('companies.list', { limit: 1 })).items
    const mine = await env.ok('contacts.create', { firstName: 'Ben', lastName: 'Mine', companyId: company.id, tagIds: [vip.id] })
    const removal = await env.ok('sampleData.remove')
    expect(removal.kept).toEqual([{ kind: 'companies', id: company.id, name: company.name, workedOn: true }])
    expect((await env.ok('tags.list')).map((t) => t.id)).toEqual([vip.id])
    expect((await env.ok('contacts.get', { id: mine.id })).companyName).toBe(company.name)
    expect((await env.ok('companies.list', {})).items.map((c) => c.id)).toEqual([company.id])
  })

  test('after restoring an older backup, the sample in it is found and removed', { timeout: 30_000 }, async () => {
    const env = openCore()
    await env.ok('sampleData.load')
    const backup = await env.ok('backups.create')
    await env.ok('sampleData.remove')
    expect((await env.ok('contacts.list', {})).total).toBe(0)
    await env.ok('backups.restore', { path: backup.path })
    expect((await env.ok('contacts.list', {})).total).toBe(200)
    expect(await env.ok('sampleData.status')).toMatchObject({ loaded: true, kept: [] })
    await env.ok('sampleData.remove')
    expect((await env.ok('contacts.list', {})).total).toBe(0)
    expect(active(env.dataDir, 'activities') + active(env.dataDir, 'deals') + active(env.dataDir, 'companies') + active(env.dataDir, 'tags')).toBe(0)
  })

  test('a sample contact the user deleted keeps its emails and phones, so restoring it later brings it back whole', { timeout: 30_000 }, async () => {
    const env = openCore()
    await env.ok('sampleData.load')
    const [gone] = await allContacts(env)
    await env.ok('contacts.delete', { ids: [gone.id] })
    const channels = () => scalar(env.dataDir, 'SELECT count(*) FROM contact_channels WHERE deleted_at IS NULL AND contact_id = ?', gone.id)
    const before = channels()
    expect(before).toBeGreaterThan(0)
    await env.ok('sampleData.remove')
    expect(channels()).toBe(before)
    await env.ok('contacts.restore', { ids: [gone.id] })
    expect((await env.ok('contacts.get', { id: gone.id })).phones).toHaveLength(1)
  })

  test('nothing loaded: nothing to remove, and it says so', async () => {
    const env = openCore()
    await env.ok('contacts.create', { firstName: 'Only', lastName: 'Mine' })
    expect(await env.ok('sampleData.status')).toMatchObject({ loaded: false, records: 0, kept: [] })
    expect((await env.err('sampleData.remove')).message).toBe('There is no sample data to remove.')
    expect((await env.ok('contacts.list', {})).total).toBe(1)
  })

  /**
   * Chunks of one slice each (jobPauseMs, as the e2e host's --job-pause-ms): the removal takes many
   * chunks, contacts last, and a command invoked right after it starts runs after its first chunk
   * (long-jobs.test.ts explains why that is deterministic).
   */
  function slowCore() {
    const dataDir = tempDir()
    const clock = fakeClock()
    const core = createCore({ dataDir, migrationsFolder: MIGRATIONS, clock, log: quietLog, version: 'test', jobPauseMs: 1 })
    return { core, clock, dataDir, ...callers(core), close: () => core.close() }
  }

  test('work done on a sample contact while the removal runs is kept (it plans again between chunks)', { timeout: 30_000 }, async () => {
    const env = slowCore()
    try {
      await env.ok('sampleData.load')
      const people = await allContacts(env)
      const target = people[people.length - 1]
      const removing = env.ok('sampleData.remove')
      const note = await env.ok('activities.create', { type: 'note', contactId: target.id, body: 'Written while the removal ran' })
      const removal = await removing
      expect(removal.kept.find((k) => k.id === target.id)).toMatchObject({ kind: 'contacts', workedOn: true })
      expect((await env.ok('contacts.get', { id: target.id })).id).toBe(target.id)
      expect(scalar(env.dataDir, 'SELECT count(*) FROM activities WHERE deleted_at IS NULL')).toBe(1)
      expect(scalar(env.dataDir, 'SELECT deleted_at FROM activities WHERE id = ?', note.id)).toBeNull()
      expect((await env.ok('contacts.list', {})).total).toBe(1)
    } finally {
      env.close()
    }
  })

  test('Cancel leaves the sample as it was', { timeout: 30_000 }, async () => {
    const env = slowCore()
    try {
      await env.ok('sampleData.load')
      const before = snapshot(env.dataDir)
      let cancelled = false
      env.core.on('job.progress', (p) => {
        if (p.kind === 'sampleData.remove' && p.status === 'running' && !cancelled) {
          cancelled = true
          void env.core.invoke('jobs.cancel', { id: p.id })
        }
      })
      const error = await env.err('sampleData.remove')
      expect(error.code).toBe('CANCELLED')
      expect(snapshot(env.dataDir)).toEqual(before)
      expect((await env.ok('sampleData.status')).records).toBeGreaterThan(400)
    } finally {
      env.close()
    }
  })
})
