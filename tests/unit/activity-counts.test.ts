/**
 * activity_counts is kept by SQL triggers: after any mix of logging, editing, deleting, restoring
 * entries and handing contacts to another owner, it must equal a recount of the live entries.
 * Also: migration 0006 fills it from the history an existing database already holds.
 */
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { DATABASE_FILE } from '../../src-main/core/core'
import { openDatabase } from '../../src-main/core/db/open'
import { fakeClock, migrationsBefore, openCore, readDb, tempDir } from './helpers'
import { seededRandom } from '../seeded-random'

const SLOT = 15 * 60_000
const RECOUNT = `
  SELECT a.occurred_at - (a.occurred_at % ${SLOT} + ${SLOT}) % ${SLOT} AS slot, coalesce(c.owner, '') AS owner,
    sum(a.type = 'call') AS calls, sum(a.type = 'email') AS emails, sum(a.type = 'meeting') AS meetings, sum(a.type = 'note') AS notes
  FROM activities a LEFT JOIN contacts c ON c.id = a.contact_id
  WHERE a.deleted_at IS NULL AND a.type <> 'system'
  GROUP BY 1, 2 ORDER BY 1, 2`
// slots emptied by deletes and moves keep a row of zeros
const KEPT = 'SELECT * FROM activity_counts WHERE calls + emails + meetings + notes > 0 ORDER BY 1, 2'

function readBoth(dataDir: string) {
  return readDb(dataDir, (db) => ({ kept: db.prepare(KEPT).all(), recount: db.prepare(RECOUNT).all() }))
}

describe('activity counts', () => {
  test('stay equal to a recount through logging, edits, deletes, restores and owner changes', async () => {
    const env = openCore({ clock: fakeClock(Date.UTC(2026, 5, 1)) })
    const rnd = seededRandom(42) // seeded, so a failure replays the same way
    const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]
    const owners = ['Alex', 'Sam', 'Zoë 山田', null]
    const contacts: string[] = []
    for (let i = 0; i < 6; i++) contacts.push((await env.ok('contacts.create', { firstName: `P${i}`, owner: pick(owners) })).id)
    const company = await env.ok('companies.create', { name: 'Acme' })
    const base = Date.UTC(2026, 4, 1)
    const entries: string[] = []
    const deleted = new Set<string>()

    for (let step = 0; step < 300; step++) {
      const roll = rnd()
      if (roll < 0.35 || entries.length < 5) {
        // some entries share a slot (same quarter hour), some sit on a slot's edge
        const occurredAt = base + Math.floor(rnd() * 40) * SLOT + pick([0, 1, SLOT - 1, 7 * 60_000])
        const link = rnd() < 0.15 ? { companyId: company.id } : { contactId: pick(contacts) }
        entries.push((await env.ok('activities.create', { type: pick(['call', 'email', 'meeting', 'note']), occurredAt, body: 'x', ...link })).id)
      } else if (roll < 0.6) {
        const id = pick(entries)
        if (deleted.has(id)) continue
        const patch = pick([
          { type: pick(['call', 'email', 'meeting', 'note']) },
          { occurredAt: base + Math.floor(rnd() * 60) * SLOT + 3 },
          { contactId: pick(contacts) },
          { contactId: null, companyId: company.id },
        ])
        await env.ok('activities.update', { id, patch })
      } else if (roll < 0.75) {
        const id = pick(entries)
        await env.ok(deleted.has(id) ? 'activities.restore' : 'activities.delete', { ids: [id] })
        if (deleted.has(id)) deleted.delete(id)
        else deleted.add(id)
      } else if (roll < 0.9) {
        await env.ok('contacts.update', { id: pick(contacts), patch: { owner: pick(owners) } })
      } else {
        const id = pick(contacts)
        await env.ok('contacts.delete', { ids: [id] }) // its history stays, and so do its counts
        await env.ok('contacts.restore', { ids: [id] })
      }
      if (step % 25 === 0) {
        const { kept, recount } = readBoth(env.dataDir)
        expect(kept, `after step ${step}`).toEqual(recount)
      }
    }
    const { kept, recount } = readBoth(env.dataDir)
    expect(recount.length).toBeGreaterThan(10)
    expect(kept).toEqual(recount)

    // and the report reads them: per owner over the whole period equals the recount
    const byOwner = await env.ok('reports.activity', { from: base - 86_400_000, to: base + 30 * 86_400_000, groupBy: 'owner' })
    type Counts = { calls: number; emails: number; meetings: number; notes: number }
    const expected = new Map<string, Counts>()
    for (const { owner, ...row } of recount as (Counts & { owner: string; slot: number })[]) {
      const entry = expected.get(owner) ?? { calls: 0, emails: 0, meetings: 0, notes: 0 }
      for (const key of ['calls', 'emails', 'meetings', 'notes'] as const) entry[key] += row[key]
      expected.set(owner, entry)
    }
    expect(byOwner).toEqual([...expected].sort(([a], [b]) => (a < b ? -1 : 1)).map(([group, c]) => ({ group, ...c })))
  })

  test('stage changes and wins (system entries) are not counted', async () => {
    const env = openCore()
    const contact = await env.ok('contacts.create', { firstName: 'Ada', owner: 'Alex' })
    const [pipeline] = await env.ok('pipelines.list')
    const deal = await env.ok('deals.create', { title: 'Deal', pipelineId: pipeline.id, stageId: pipeline.stages[0].id, contactId: contact.id, valueMinor: 100, currency: 'EUR' })
    await env.ok('deals.move', { id: deal.id, stageId: pipeline.stages[1].id })
    await env.ok('deals.win', { id: deal.id })
    const { kept, recount } = readBoth(env.dataDir)
    expect(kept).toEqual([])
    expect(recount).toEqual([])
  })

  test('migration 0006 fills the counts from the history an existing database holds', async () => {
    // a database as it was before 0006: the same migrations folder without the last entry
    const older = migrationsBefore(6) // 0006 and every later one

    // Migrated up to 0005 only (today's services would need later tables), history written raw.
    const dataDir = tempDir()
    const { sqlite } = openDatabase({ file: join(dataDir, DATABASE_FILE), migrationsFolder: older })
    sqlite.prepare("INSERT INTO contacts (id, created_at, updated_at, first_name, last_name, owner) VALUES ('c1', 0, 0, 'Ada', '', 'Sam')").run()
    const entry = sqlite.prepare("INSERT INTO activities (id, created_at, updated_at, type, contact_id, occurred_at, body) VALUES (?, 0, 0, ?, 'c1', ?, '')")
    for (const [i, [type, minutes]] of ([['call', 0], ['call', 5], ['email', 20], ['note', 300], ['system', 0]] as const).entries()) {
      entry.run(`a${i}`, type, Date.UTC(2026, 0, 10, 9, minutes))
    }
    sqlite.prepare("INSERT INTO activities (id, created_at, updated_at, deleted_at, type, contact_id, occurred_at, body) VALUES ('gone', 0, 0, 1, 'call', 'c1', 0, '')").run()
    sqlite.close()

    openCore({ dataDir }) // the full folder: 0006 runs now
    const { kept, recount } = readBoth(dataDir)
    expect(kept).toEqual([
      { slot: Date.UTC(2026, 0, 10, 9, 0), owner: 'Sam', calls: 2, emails: 0, meetings: 0, notes: 0 },
      { slot: Date.UTC(2026, 0, 10, 9, 15), owner: 'Sam', calls: 0, emails: 1, meetings: 0, notes: 0 },
      { slot: Date.UTC(2026, 0, 10, 14, 0), owner: 'Sam', calls: 0, emails: 0, meetings: 0, notes: 1 },
    ])
    expect(kept).toEqual(recount)
  })
})
