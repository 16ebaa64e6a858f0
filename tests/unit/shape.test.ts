/**
 * The write path's shape: Writer.apply(ops) under the named writes, commits announced after they
 * commit (with origin and changes), the Reader/LocalWriter rule, keep-in-touch following committed
 * history, and contacts.history reading the change log back. All on a real, migrated SQLite file.
 */
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { HybridLogicalClock } from '../../src-shared/hlc'
import { localWriterOf, readerOf } from '../../src-main/core/db/access'
import { openDatabase } from '../../src-main/core/db/open'
import { Repository, type Commit } from '../../src-main/core/db/repository'
import { Statements } from '../../src-main/core/db/statements'
import { createActivitiesService } from '../../src-main/core/services/activities/activities'
import { createContactsService } from '../../src-main/core/services/contacts/contacts'
import type { ServiceContext } from '../../src-main/core/services/context'
import { createTasksService } from '../../src-main/core/services/tasks/tasks'
import { fakeClock, MIGRATIONS, openCore, quietLog, tempDir } from './helpers'

function setup() {
  const { sqlite } = openDatabase({ file: join(tempDir(), 'crm.db'), migrationsFolder: MIGRATIONS })
  const clock = fakeClock()
  const announced: string[][] = []
  const repo = new Repository(sqlite, clock, new HybridLogicalClock('dev1', clock.now), 'dev1', (t) => announced.push(t), quietLog)
  const statements = new Statements(sqlite)
  const ctx: ServiceContext = { q: readerOf(statements), local: localWriterOf(statements), repo, clock }
  const commits: Commit[] = []
  repo.onCommitted((c) => commits.push(c))
  const log = () => sqlite.prepare('SELECT tx_id, table_name, row_id, column_name, value FROM change_log ORDER BY hlc').all()
  return { sqlite, repo, clock, ctx, commits, announced, log }
}

describe('Writer.apply', () => {
  test('applies ops in order in one transaction and answers per op; the named writes are the same ops', () => {
    const { repo, sqlite, log } = setup()
    const [a, b] = repo.apply([
      { op: 'insert', table: 'tags', values: { name: 'VIP', color: '#e5484d' } },
      { op: 'insert', table: 'tags', values: { name: 'Newsletter', color: '#46a758' } },
    ]) as string[]
    const results = repo.apply([
      { op: 'update', table: 'tags', id: a, patch: { name: 'V.I.P.' } },
      { op: 'update', table: 'tags', id: a, patch: { name: 'V.I.P.' } }, // same value: nothing to write
      { op: 'delete', table: 'tags', id: b },
      { op: 'delete', table: 'tags', id: b }, // already deleted
      { op: 'restore', table: 'tags', id: b },
    ])
    expect(results).toEqual([1, 0, true, false, true])
    const tags = sqlite.prepare('SELECT id, name, deleted_at FROM tags ORDER BY name').all()
    expect(tags).toEqual([
      { id: b, name: 'Newsletter', deleted_at: null },
      { id: a, name: 'V.I.P.', deleted_at: null },
    ])
    const entries = log() as { tx_id: string; column_name: string }[]
    expect(entries.map((e) => e.column_name)).toEqual(['*', '*', 'name', 'deleted_at', 'deleted_at'])
    expect(new Set(entries.slice(2).map((e) => e.tx_id)).size).toBe(1) // the second apply: one transaction

    // the same through the named methods writes the same log shape
    const { repo: repo2, log: log2 } = setup()
    const [c, d] = repo2.write((w) => [w.insert('tags', { name: 'VIP', color: '#e5484d' }), w.insert('tags', { name: 'Newsletter', color: '#46a758' })])
    repo2.write((w) => {
      w.update('tags', c, { name: 'V.I.P.' })
      w.softDelete('tags', d)
      w.restore('tags', d)
    })
    const strip = (rows: unknown[]) => (rows as { column_name: string; value: string; table_name: string }[]).map((r) => [r.table_name, r.column_name, r.value])
    expect(strip(log2())).toEqual(strip(log()))
  })

  test('a failing op rolls the whole batch back and announces nothing', () => {
    const { repo, sqlite, commits, announced } = setup()
    expect(() =>
      repo.apply([
        { op: 'insert', table: 'tags', values: { name: 'Kept?', color: '#e5484d' } },
        { op: 'update', table: 'tags', id: '00000000-0000-7000-8000-000000000000', patch: { name: 'x' } },
      ]),
    ).toThrow(/no longer exists/)
    expect(sqlite.prepare('SELECT count(*) FROM tags').pluck().get()).toBe(0)
    expect(commits).toEqual([])
    expect(announced).toEqual([])
  })
})

describe('commits are announced after they commit', () => {
  test('once per transaction (nested writes join), with origin, tables and each changed row; updates carry the previous values', () => {
    const { repo, commits, announced } = setup()
    const id = repo.write((w) => {
      const tag = w.insert('tags', { name: 'VIP', color: '#e5484d' })
      repo.write((inner) => inner.update('tags', tag, { color: '#46a758' }))
      return tag
    })
    expect(announced).toEqual([['tags']])
    expect(commits).toHaveLength(1)
    expect(commits[0]).toMatchObject({ origin: 'local', tables: ['tags'] })
    expect(commits[0].changes).toEqual([
      { table: 'tags', id, kind: 'insert' },
      { table: 'tags', id, kind: 'update', previous: { color: '#e5484d' } },
    ])
    repo.write((w) => w.softDelete('tags', id), { origin: 'remote' })
    expect(commits[1]).toMatchObject({ origin: 'remote', changes: [{ table: 'tags', id, kind: 'delete', previous: { deleted_at: null } }] })
    // a transaction that changes nothing announces nothing
    repo.write((w) => w.update('tags', id, { color: '#46a758' }))
    expect(commits).toHaveLength(2)
  })

  test('a listener runs after the commit: what it throws is logged and the commit stands; what it writes is its own transaction', () => {
    const { repo, sqlite, commits } = setup()
    const errors: unknown[] = []
    const repoWithLog = new Repository(sqlite, fakeClock(), new HybridLogicalClock('dev2', Date.now), 'dev2', () => {}, { ...quietLog, error: (...a: unknown[]) => errors.push(a) })
    repoWithLog.onCommitted(() => {
      throw new Error('listener broke')
    })
    const id = repoWithLog.write((w) => w.insert('tags', { name: 'Stays', color: '#e5484d' }))
    expect(sqlite.prepare('SELECT name FROM tags WHERE id = ?').pluck().get(id)).toBe('Stays')
    expect(errors).toHaveLength(1)

    const stop = repo.onCommitted((c) => {
      if (c.tables.includes('tags')) repo.write((w) => w.insert('saved_views', { name: 'After tags', filter: '{}', sort: 'name', direction: 'asc' }))
    })
    repo.write((w) => w.insert('tags', { name: 'Triggers', color: '#e5484d' }))
    stop()
    repo.write((w) => w.insert('tags', { name: 'Not any more', color: '#e5484d' }))
    expect(commits.map((c) => c.tables)).toEqual([['tags'], ['saved_views'], ['tags']])
    expect(new Set(commits.map((c) => c.txId)).size).toBe(3)
  })
})

describe('the write rule', () => {
  test('the Reader refuses a statement that writes; the LocalWriter writes only local tables', () => {
    const { ctx, sqlite } = setup()
    expect(ctx.q.one<{ n: number }>('SELECT count(*) AS n FROM contacts')!.n).toBe(0)
    expect(() => ctx.q.get("UPDATE contacts SET first_name = 'x'")).toThrow(/writes go through the repository/)
    expect(() => ctx.q.all("DELETE FROM tags RETURNING id")).toThrow(/writes go through the repository/)
    expect(() => ctx.local.run("UPDATE contacts SET first_name = 'x'")).toThrow(/only touch imports, jobs, meta/)
    expect(() => ctx.local.run('INSERT INTO change_log (hlc) VALUES (1)')).toThrow(/not change_log/)
    expect(() => ctx.local.run('SELECT 1')).toThrow(/may only touch/)
    ctx.local.run("INSERT INTO meta (key, value) VALUES ('probe', ?)", 'yes')
    expect(sqlite.prepare("SELECT value FROM meta WHERE key = 'probe'").pluck().get()).toBe('yes')
  })
})

describe('keep-in-touch follows committed history', () => {
  async function withKeepInTouch() {
    const env = setup()
    const contacts = createContactsService(env.ctx)
    const tasks = createTasksService(env.ctx)
    const activities = createActivitiesService(env.ctx)
    env.repo.onCommitted(tasks.followHistory())
    const ana = contacts.create({ firstName: 'Ana', lastName: 'Lima' } as never)
    tasks.setKeepInTouch({ contactId: ana.id, every: { count: 2, unit: 'week' } })
    const due = () =>
      env.sqlite.prepare('SELECT due_at FROM tasks WHERE contact_id = ? AND keep_in_touch = 1 AND deleted_at IS NULL AND done_at IS NULL').pluck().all(ana.id) as number[]
    return { ...env, ana, activities, due }
  }

  test('a call logged here moves the follow-up; a call that came from another device does not (it brings its own)', async () => {
    const { ana, activities, due, clock, repo } = await withKeepInTouch()
    const [before] = due()
    clock.advance(3 * 24 * 3600_000)
    repo.write((w) => w.insert('activities', { type: 'call', contactId: ana.id, occurredAt: clock.now(), body: 'from the laptop' }), { origin: 'remote' })
    expect(due()).toEqual([before])
    clock.advance(24 * 3600_000)
    activities.create({ type: 'call', contactId: ana.id, occurredAt: clock.now(), body: 'here' } as never)
    expect(due()).toHaveLength(1)
    expect(due()[0]).toBeGreaterThan(before)
  })

  test('a call moved to another contact moves both follow-ups', async () => {
    const env = await withKeepInTouch()
    const contacts = createContactsService(env.ctx)
    const tasks = createTasksService(env.ctx)
    const bo = contacts.create({ firstName: 'Bo', lastName: 'Berg' } as never)
    tasks.setKeepInTouch({ contactId: bo.id, every: { count: 2, unit: 'week' } })
    env.clock.advance(24 * 3600_000)
    env.activities.create({ type: 'call', contactId: env.ana.id, occurredAt: env.clock.now(), body: 'first' } as never)
    const anaAfterFirst = env.due()[0]
    env.clock.advance(5 * 24 * 3600_000)
    const call = env.activities.create({ type: 'call', contactId: env.ana.id, occurredAt: env.clock.now(), body: '' } as never)
    const anaAfterCall = env.due()[0]
    env.activities.update({ id: call.id, patch: { contactId: bo.id } } as never)
    // Ana's follow-up no longer counts the call: due again from her first one
    expect(anaAfterCall).toBeGreaterThan(anaAfterFirst)
    expect(env.due()).toEqual([anaAfterFirst])
    const boDue = env.sqlite.prepare('SELECT due_at FROM tasks WHERE contact_id = ? AND keep_in_touch = 1 AND deleted_at IS NULL').pluck().get(bo.id)
    expect(boDue).toBe(anaAfterCall)
  })
})

describe('contacts.history', () => {
  test('every change to the contact and its channels, per transaction, newest first; paging never cuts a transaction', async () => {
    const env = openCore()
    const ana = await env.ok('contacts.create', { firstName: 'Ana', lastName: 'Lima', emails: [{ value: 'ana@example.com' }] })
    env.clock.advance(60_000)
    await env.ok('contacts.update', { id: ana.id, patch: { firstName: 'Anna', jobTitle: 'CTO' } })
    env.clock.advance(60_000)
    await env.ok('contacts.delete', { ids: [ana.id] })
    env.clock.advance(60_000)
    await env.ok('contacts.restore', { ids: [ana.id] })

    const all = await env.ok('contacts.history', { id: ana.id })
    expect(all.nextBefore).toBeNull()
    expect(all.entries.map((e) => e.changes.map((c) => `${c.record}:${c.kind}${c.field ? `:${c.field}` : ''}`).sort())).toEqual([
      ['contact:restored'],
      ['contact:deleted'],
      ['contact:changed:first_name', 'contact:changed:job_title'],
      ['channel:created', 'contact:created'],
    ])
    expect(all.entries.every((e) => e.thisDevice)).toBe(true)
    expect(all.entries[0].at).toBeGreaterThan(all.entries[3].at)
    const created = all.entries[3].changes.find((c) => c.record === 'contact')!
    expect(created.value).toMatchObject({ first_name: 'Ana', last_name: 'Lima' })
    expect(all.entries[2].changes.find((c) => c.field === 'first_name')!.value).toBe('Anna')

    // one entry a page: the update's two fields still come together
    const pages: string[][] = []
    let before: string | undefined
    for (let i = 0; i < 10; i++) {
      const page = await env.ok('contacts.history', { id: ana.id, limit: 1, before })
      pages.push(page.entries.map((e) => e.txId))
      if (!page.nextBefore) break
      before = page.nextBefore
    }
    expect(pages.flat()).toEqual(all.entries.map((e) => e.txId))
    expect(pages.length).toBe(4)

    expect((await env.err('contacts.history', { id: '00000000-0000-7000-8000-000000000000' })).code).toBe('NOT_FOUND')
    expect((await env.err('contacts.history', { id: 'nope' })).code).toBe('VALIDATION')
    expect((await env.err('contacts.history', { id: ana.id, limit: 0 })).code).toBe('VALIDATION')
  })
})
