import { describe, expect, test } from 'vitest'
import { LIFECYCLE_STAGES } from '../../src-shared/model/contact'
import { openCore, readDb } from './helpers'

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
