import { describe, expect, test } from 'vitest'
import { TAG_COLORS } from '../../src-shared/model/tag'
import { openCore, readDb } from './helpers'

const MINUTE = 60_000
const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000'

type Env = ReturnType<typeof openCore>

function countRows(dataDir: string, sql: string, ...params: unknown[]): number {
  return readDb(dataDir, (db) => db.prepare(sql).pluck().get(...params) as number)
}
const logSize = (dataDir: string) => countRows(dataDir, 'SELECT count(*) FROM change_log')

const problemPath = (error: { details?: unknown }) => (error.details as { problems: { path: string }[] }).problems[0].path

async function people(env: Env, ...names: string[]) {
  const made = []
  for (const firstName of names) made.push(await env.ok('contacts.create', { firstName }))
  return made
}

const tagNamesOf = async (env: Env, contactId: string) => (await env.ok('contacts.get', { id: contactId })).tags.map((t) => t.name)
const counts = async (env: Env) => (await env.ok('tags.list')).map((t) => [t.name, t.contactCount])

describe('tags.create', () => {
  test('creates a tag with the given colour (lower-cased) or the default one', async () => {
    const { ok, clock } = openCore()
    const vip = await ok('tags.create', { name: ' VIP ', color: '#E5484D' })
    expect(vip).toEqual({
      id: vip.id,
      name: 'VIP',
      color: '#e5484d',
      contactCount: 0,
      createdAt: clock.now(),
      updatedAt: clock.now(),
      deletedAt: null,
    })
    const plain = await ok('tags.create', { name: 'Plain' })
    expect(plain.color).toBe(TAG_COLORS[5])
    expect(plain.color).toBe('#0090ff')
  })

  test('a duplicate name, whatever its case → CONFLICT, nothing written', async () => {
    const { ok, err, dataDir } = openCore()
    const vip = await ok('tags.create', { name: 'VIP' })
    const before = logSize(dataDir)
    for (const name of ['VIP', 'vip', ' Vip ']) {
      const error = await err('tags.create', { name })
      expect(error.code).toBe('CONFLICT')
      expect(error.details).toEqual({ id: vip.id })
    }
    expect(logSize(dataDir)).toBe(before)
    expect((await ok('tags.list')).map((t) => t.id)).toEqual([vip.id])
  })

  test('the name of a deleted tag can be used again', async () => {
    const { ok } = openCore()
    const old = await ok('tags.create', { name: 'VIP' })
    await ok('tags.delete', { ids: [old.id] })
    const again = await ok('tags.create', { name: 'vip' })
    expect(again.id).not.toBe(old.id)
    expect((await ok('tags.list')).map((t) => t.name)).toEqual(['vip'])
  })

  test('an empty name or a bad colour → VALIDATION', async () => {
    const { err } = openCore()
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(61) }, 'name'],
      [{ name: 'Red', color: 'red' }, 'color'],
      [{ name: 'Red', color: '#fff' }, 'color'],
    ]
    for (const [input, path] of cases) {
      const error = await err('tags.create', input)
      expect(error.code).toBe('VALIDATION')
      expect(problemPath(error)).toBe(path)
    }
  })
})

describe('tags.update', () => {
  test('renames and recolours; contacts show the new name and colour', async () => {
    const env = openCore()
    const tag = await env.ok('tags.create', { name: 'Hot', color: '#e5484d' })
    const [ana] = await people(env, 'Ana')
    await env.ok('tags.assign', { tagId: tag.id, contactIds: [ana.id] })
    env.clock.advance(MINUTE)

    const renamed = await env.ok('tags.update', { id: tag.id, name: 'Warm' })
    expect(renamed).toEqual({ ...tag, name: 'Warm', contactCount: 1, updatedAt: env.clock.now() })
    const recoloured = await env.ok('tags.update', { id: tag.id, color: '#FFC53D' })
    expect(recoloured).toMatchObject({ name: 'Warm', color: '#ffc53d' })
    expect((await env.ok('contacts.get', { id: ana.id })).tags).toEqual([{ id: tag.id, name: 'Warm', color: '#ffc53d' }])
  })

  test("renaming to another tag's name → CONFLICT; changing the case of its own name is fine", async () => {
    const { ok, err } = openCore()
    const vip = await ok('tags.create', { name: 'VIP' })
    const hot = await ok('tags.create', { name: 'Hot' })
    const error = await err('tags.update', { id: hot.id, name: 'vip' })
    expect(error.code).toBe('CONFLICT')
    expect(error.details).toEqual({ id: vip.id })
    expect((await ok('tags.update', { id: vip.id, name: 'Vip' })).name).toBe('Vip')
    expect((await ok('tags.list')).map((t) => t.name)).toEqual(['Hot', 'Vip'])
  })

  test('an unknown or deleted tag → NOT_FOUND', async () => {
    const { ok, err } = openCore()
    const tag = await ok('tags.create', { name: 'Gone' })
    await ok('tags.delete', { ids: [tag.id] })
    expect((await err('tags.update', { id: tag.id, name: 'Back' })).code).toBe('NOT_FOUND')
    expect((await err('tags.update', { id: UNKNOWN_ID, color: '#000000' })).code).toBe('NOT_FOUND')
  })
})

describe('tags.list', () => {
  test('sorted by name case-insensitively, with the number of (non-deleted) contacts', async () => {
    const env = openCore()
    const b = await env.ok('tags.create', { name: 'beta' })
    const a = await env.ok('tags.create', { name: 'Alpha' })
    await env.ok('tags.create', { name: 'Charlie' })
    const [ana, bob, cy] = await people(env, 'Ana', 'Bob', 'Cy')
    await env.ok('tags.assign', { tagId: a.id, contactIds: [ana.id, bob.id, cy.id] })
    await env.ok('tags.assign', { tagId: b.id, contactIds: [bob.id] })
    expect(await counts(env)).toEqual([
      ['Alpha', 3],
      ['beta', 1],
      ['Charlie', 0],
    ])
    await env.ok('contacts.delete', { ids: [bob.id] })
    expect(await counts(env)).toEqual([
      ['Alpha', 2],
      ['beta', 0],
      ['Charlie', 0],
    ])
    await env.ok('contacts.restore', { ids: [bob.id] })
    expect(await counts(env)).toEqual([
      ['Alpha', 3],
      ['beta', 1],
      ['Charlie', 0],
    ])
  })
})

describe('tags.assign and tags.unassign', () => {
  test('assigns to many contacts at once and returns how many were newly tagged', async () => {
    const env = openCore()
    const vip = await env.ok('tags.create', { name: 'VIP' })
    const [ana, bob, cy] = await people(env, 'Ana', 'Bob', 'Cy')
    expect(await env.ok('tags.assign', { tagId: vip.id, contactIds: [ana.id, bob.id] })).toEqual({ count: 2 })
    expect(await tagNamesOf(env, ana.id)).toEqual(['VIP'])
    expect(await tagNamesOf(env, bob.id)).toEqual(['VIP'])
    expect(await tagNamesOf(env, cy.id)).toEqual([])

    const before = logSize(env.dataDir)
    expect(await env.ok('tags.assign', { tagId: vip.id, contactIds: [ana.id, bob.id] })).toEqual({ count: 0 })
    expect(logSize(env.dataDir)).toBe(before)
    expect(await env.ok('tags.assign', { tagId: vip.id, contactIds: [ana.id, cy.id, cy.id] })).toEqual({ count: 1 })
    expect(countRows(env.dataDir, 'SELECT count(*) FROM contact_tags WHERE tag_id = ?', vip.id)).toBe(3)
    expect((await env.ok('contacts.list', { tagId: vip.id })).total).toBe(3)
  })

  test('unassign removes the tag and returns how many lost it; re-assigning revives the same row', async () => {
    const env = openCore()
    const vip = await env.ok('tags.create', { name: 'VIP' })
    const [ana, bob, cy] = await people(env, 'Ana', 'Bob', 'Cy')
    await env.ok('tags.assign', { tagId: vip.id, contactIds: [ana.id, bob.id] })

    expect(await env.ok('tags.unassign', { tagId: vip.id, contactIds: [ana.id, cy.id] })).toEqual({ count: 1 })
    expect(await tagNamesOf(env, ana.id)).toEqual([])
    expect(await tagNamesOf(env, bob.id)).toEqual(['VIP'])
    expect(await env.ok('tags.unassign', { tagId: vip.id, contactIds: [ana.id] })).toEqual({ count: 0 })
    expect(await counts(env)).toEqual([['VIP', 1]])

    expect(await env.ok('tags.assign', { tagId: vip.id, contactIds: [ana.id] })).toEqual({ count: 1 })
    expect(await tagNamesOf(env, ana.id)).toEqual(['VIP'])
    expect(countRows(env.dataDir, 'SELECT count(*) FROM contact_tags WHERE tag_id = ? AND contact_id = ?', vip.id, ana.id)).toBe(1)
  })

  test('an unknown contact in the batch → NOT_FOUND and no contact got the tag', async () => {
    const env = openCore()
    const vip = await env.ok('tags.create', { name: 'VIP' })
    const [ana, bob, gone] = await people(env, 'Ana', 'Bob', 'Gone')
    await env.ok('contacts.delete', { ids: [gone.id] })
    const before = logSize(env.dataDir)

    const unknown = await env.err('tags.assign', { tagId: vip.id, contactIds: [ana.id, UNKNOWN_ID, bob.id] })
    expect(unknown.code).toBe('NOT_FOUND')
    expect(unknown.details).toEqual({ id: UNKNOWN_ID })
    const deleted = await env.err('tags.assign', { tagId: vip.id, contactIds: [ana.id, gone.id] })
    expect(deleted.code).toBe('NOT_FOUND')

    expect(logSize(env.dataDir)).toBe(before)
    expect(countRows(env.dataDir, 'SELECT count(*) FROM contact_tags')).toBe(0)
    expect(await tagNamesOf(env, ana.id)).toEqual([])
    expect(await tagNamesOf(env, bob.id)).toEqual([])
    expect(await counts(env)).toEqual([['VIP', 0]])
  })

  test('an unknown contact on unassign → NOT_FOUND and nobody lost the tag', async () => {
    const env = openCore()
    const vip = await env.ok('tags.create', { name: 'VIP' })
    const [ana] = await people(env, 'Ana')
    await env.ok('tags.assign', { tagId: vip.id, contactIds: [ana.id] })
    expect((await env.err('tags.unassign', { tagId: vip.id, contactIds: [ana.id, UNKNOWN_ID] })).code).toBe('NOT_FOUND')
    expect(await tagNamesOf(env, ana.id)).toEqual(['VIP'])
  })

  test('an unknown or deleted tag → NOT_FOUND; an empty contact list → VALIDATION', async () => {
    const env = openCore()
    const [ana] = await people(env, 'Ana')
    const gone = await env.ok('tags.create', { name: 'Gone' })
    await env.ok('tags.delete', { ids: [gone.id] })
    expect((await env.err('tags.assign', { tagId: UNKNOWN_ID, contactIds: [ana.id] })).code).toBe('NOT_FOUND')
    expect((await env.err('tags.assign', { tagId: gone.id, contactIds: [ana.id] })).code).toBe('NOT_FOUND')
    expect((await env.err('tags.unassign', { tagId: gone.id, contactIds: [ana.id] })).code).toBe('NOT_FOUND')
    const empty = await env.err('tags.assign', { tagId: gone.id, contactIds: [] })
    expect(empty.code).toBe('VALIDATION')
    expect(problemPath(empty)).toBe('contactIds')
  })
})

describe('tags.delete and tags.restore', () => {
  test("a deleted tag disappears from contacts' tags and the tag list; restore brings it back", async () => {
    const env = openCore()
    const vip = await env.ok('tags.create', { name: 'VIP', color: '#6e56cf' })
    const hot = await env.ok('tags.create', { name: 'Hot' })
    const [ana] = await people(env, 'Ana')
    await env.ok('contacts.update', { id: ana.id, patch: { tagIds: [vip.id, hot.id] } })

    expect(await env.ok('tags.delete', { ids: [vip.id] })).toEqual({ count: 1 })
    expect(await tagNamesOf(env, ana.id)).toEqual(['Hot'])
    expect((await env.ok('contacts.list', {})).items[0].tags.map((t) => t.name)).toEqual(['Hot'])
    expect((await env.ok('tags.list')).map((t) => t.name)).toEqual(['Hot'])
    expect(await env.ok('tags.delete', { ids: [vip.id] })).toEqual({ count: 0 })

    expect(await env.ok('tags.restore', { ids: [vip.id] })).toEqual({ count: 1 })
    expect((await env.ok('contacts.get', { id: ana.id })).tags).toEqual([
      { id: hot.id, name: 'Hot', color: '#0090ff' },
      { id: vip.id, name: 'VIP', color: '#6e56cf' },
    ])
    expect(await counts(env)).toEqual([
      ['Hot', 1],
      ['VIP', 1],
    ])
    expect(await env.ok('tags.restore', { ids: [vip.id] })).toEqual({ count: 0 })
  })

  test('an unknown id in the batch → NOT_FOUND and none is deleted', async () => {
    const { ok, err } = openCore()
    const a = await ok('tags.create', { name: 'A' })
    expect((await err('tags.delete', { ids: [a.id, UNKNOWN_ID] })).code).toBe('NOT_FOUND')
    expect((await ok('tags.list')).map((t) => t.id)).toEqual([a.id])
  })

  test('restoring a tag whose name was taken meanwhile → CONFLICT, names stay unique', async () => {
    const { ok, err } = openCore()
    const old = await ok('tags.create', { name: 'VIP' })
    await ok('tags.delete', { ids: [old.id] })
    const taken = await ok('tags.create', { name: 'vip' })
    const error = await err('tags.restore', { ids: [old.id] })
    expect(error.code).toBe('CONFLICT')
    expect(error.details).toEqual({ id: taken.id })
    expect((await ok('tags.list')).map((t) => t.id)).toEqual([taken.id])

    // in a batch, the clash undoes the whole restore
    const other = await ok('tags.create', { name: 'Other' })
    await ok('tags.delete', { ids: [other.id] })
    expect((await err('tags.restore', { ids: [other.id, old.id] })).code).toBe('CONFLICT')
    expect((await ok('tags.list')).map((t) => t.id)).toEqual([taken.id])
  })
})
