import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import { HybridLogicalClock } from '../../src-shared/hlc'
import { openDatabase } from '../../src-main/core/db/open'
import { Repository } from '../../src-main/core/db/repository'
import { fakeClock, MIGRATIONS, openCore, tempDir } from './helpers'

function openRepo() {
  const dir = tempDir()
  const { sqlite } = openDatabase({ file: join(dir, 'crm.db'), migrationsFolder: MIGRATIONS })
  const clock = fakeClock()
  const commits: string[][] = []
  const repo = new Repository(sqlite, clock, new HybridLogicalClock('dev1', clock.now), 'dev1', (t) => commits.push(t))
  const count = (table: string) => sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
  const log = () => sqlite.prepare('SELECT table_name, row_id, column_name, value FROM change_log ORDER BY hlc').all()
  return { sqlite, repo, clock, commits, count, log }
}

describe('repository write path', () => {
  test('an insert writes the row and one change-log entry holding its non-empty fields, in one transaction', () => {
    const { repo, log, commits } = openRepo()
    const id = repo.write((w) => w.insert('tags', { name: 'VIP', color: '#e5484d' }))
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/) // UUIDv7
    expect(log()).toEqual([{ table_name: 'tags', row_id: id, column_name: '*', value: expect.any(String) }])
    expect(JSON.parse((log()[0] as { value: string }).value)).toEqual({ name: 'VIP', color: '#e5484d', created_at: Date.UTC(2026, 0, 15, 9) })
    expect(commits).toEqual([['tags']])
  })

  test('insertMany logs exactly what insert() logs, row by row', () => {
    const one = openRepo()
    const many = openRepo()
    const rows = [{ name: 'A', color: '#111111' }, { name: 'B', color: '#222222' }, { name: 'C', color: '#333333' }]
    one.repo.write((w) => rows.forEach((r, i) => w.insert('tags', { ...r, id: `id-${i}` })))
    many.repo.write((w) => w.insertMany('tags', rows.map((r, i) => ({ ...r, id: `id-${i}` }))))
    expect(many.log()).toEqual(one.log())
  })

  test('softDeleteMany marks only live rows and logs each like softDelete()', () => {
    const { repo, log, sqlite } = openRepo()
    const ids = repo.write((w) => w.insertMany('tags', [{ name: 'A', color: '#111111' }, { name: 'B', color: '#222222' }, { name: 'C', color: '#333333' }]))
    repo.write((w) => w.softDelete('tags', ids[1]))
    const before = log().length
    expect(repo.write((w) => w.softDeleteMany('tags', [...ids, 'no-such-id']))).toBe(2)
    expect(log().slice(before)).toEqual([ids[0], ids[2]].map((id) => ({ table_name: 'tags', row_id: id, column_name: 'deleted_at', value: expect.any(String) })))
    expect(sqlite.prepare('SELECT count(*) FROM tags WHERE deleted_at IS NULL').pluck().get()).toBe(0)
    expect(repo.write((w) => w.softDeleteMany('tags', ids))).toBe(0)
  })

  test('an update logs only the fields that changed and bumps updated_at', () => {
    const { repo, log, clock, sqlite } = openRepo()
    const id = repo.write((w) => w.insert('tags', { name: 'VIP', color: '#e5484d' }))
    const before = log().length
    clock.advance(5000)
    const changed = repo.write((w) => w.update('tags', id, { name: 'VIP', color: '#46a758' }))
    expect(changed).toBe(1)
    expect(log().slice(before)).toEqual([{ table_name: 'tags', row_id: id, column_name: 'color', value: '"#46a758"' }])
    expect(sqlite.prepare('SELECT updated_at FROM tags WHERE id = ?').pluck().get(id)).toBe(clock.now())
    expect(repo.write((w) => w.update('tags', id, { name: 'VIP' }))).toBe(0)
    expect(log().length).toBe(before + 1)
  })

  test('a failing write leaves neither the row nor its change-log entries', () => {
    const { repo, count, commits } = openRepo()
    expect(() =>
      repo.write((w) => {
        w.insert('tags', { name: 'kept?', color: '#000000' })
        w.insert('tags', { name: null, color: '#000000' }) // NOT NULL constraint fails
      }),
    ).toThrow(/NOT NULL/)
    expect(count('tags')).toBe(0)
    expect(count('change_log')).toBe(0)
    expect(commits).toEqual([])
  })

  test('an error thrown by the caller rolls back everything written so far', () => {
    const { repo, count } = openRepo()
    expect(() =>
      repo.write((w) => {
        w.insert('tags', { name: 'one', color: '#000000' })
        throw new Error('changed my mind')
      }),
    ).toThrow('changed my mind')
    expect(count('tags') + count('change_log')).toBe(0)
  })

  test('nested writes join the outer transaction and announce once', () => {
    const { repo, commits, count } = openRepo()
    repo.write((w) => {
      w.insert('tags', { name: 'a', color: '#000000' })
      repo.write((inner) => inner.insert('companies', { name: 'Acme', notes: '' }))
    })
    expect(commits).toEqual([['tags', 'companies']])
    expect(count('tags') + count('companies')).toBe(2)
  })

  test('soft delete and restore are ordinary logged field writes; repeating them changes nothing', () => {
    const { repo, log, sqlite } = openRepo()
    const id = repo.write((w) => w.insert('tags', { name: 'a', color: '#000000' }))
    expect(repo.write((w) => w.softDelete('tags', id))).toBe(true)
    expect(repo.write((w) => w.softDelete('tags', id))).toBe(false)
    expect(sqlite.prepare('SELECT deleted_at FROM tags WHERE id = ?').pluck().get(id)).not.toBeNull()
    expect(repo.write((w) => w.restore('tags', id))).toBe(true)
    expect(repo.write((w) => w.restore('tags', id))).toBe(false)
    const deletions = log().filter((e) => (e as { column_name: string }).column_name === 'deleted_at')
    expect(deletions.map((e) => (e as { value: string }).value)).toEqual([String(Date.UTC(2026, 0, 15, 9)), 'null'])
  })

  test('unknown columns and unknown rows are refused', () => {
    const { repo } = openRepo()
    expect(() => repo.write((w) => w.insert('tags', { name: 'a', color: '#000', nope: 1 }))).toThrow(/Unknown column/)
    expect(() => repo.write((w) => w.update('tags', 'missing', { name: 'x' }))).toThrow(/no longer exists/)
  })

  test('every command that writes goes through the change log (audit trail covers a whole session)', async () => {
    const { ok, dataDir } = openCore()
    const company = await ok('companies.create', { name: 'Acme' })
    const tag = await ok('tags.create', { name: 'VIP' })
    const contact = await ok('contacts.create', { firstName: 'Ana', companyId: company.id, tagIds: [tag.id], emails: [{ value: 'a@b.co' }] })
    await ok('activities.create', { type: 'note', contactId: contact.id, body: 'hello' })
    const db = new Database(join(dataDir, 'crm.db'), { readonly: true })
    const synced = ['companies', 'contacts', 'contact_channels', 'contact_tags', 'tags', 'activities']
    for (const table of synced) {
      const rows = db.prepare(`SELECT id FROM ${table}`).pluck().all() as string[]
      for (const id of rows) {
        const logged = db.prepare('SELECT count(*) FROM change_log WHERE table_name = ? AND row_id = ?').pluck().get(table, id)
        expect(logged, `${table} ${id} has change-log entries`).toBeGreaterThan(0)
      }
    }
    db.close()
  })
})
