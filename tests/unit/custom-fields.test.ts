import { describe, expect, test } from 'vitest'
import { CUSTOM_FIELD_TYPES, type CustomFieldType } from '../../src-shared/model/custom-field'
import { openCore } from './helpers'

const MINUTE = 60_000
const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000'

type Env = ReturnType<typeof openCore>

const problemPath = (error: { details?: unknown }) => (error.details as { problems: { path: string }[] }).problems[0].path

const field = (env: Env, label: string, type: CustomFieldType = 'text', options?: string[]) =>
  env.ok('customFields.create', options ? { label, type, options } : { label, type })

const labels = async (env: Env) => (await env.ok('customFields.list')).map((f) => f.label)

describe('customFields.create', () => {
  test.each(CUSTOM_FIELD_TYPES.filter((t) => t !== 'select'))('creates a %s field', async (type) => {
    const env = openCore()
    const created = await field(env, ` Field ${type} `, type)
    const expected = {
      id: created.id,
      label: `Field ${type}`,
      type,
      options: [],
      position: 0,
      createdAt: env.clock.now(),
      updatedAt: env.clock.now(),
      deletedAt: null,
    }
    expect(created).toEqual(expected)
    expect(await env.ok('customFields.list')).toEqual([expected])
  })

  test('creates a select field with its options in order', async () => {
    const env = openCore()
    const created = await field(env, 'Tier', 'select', ['Gold', 'Silver', 'Bronze'])
    expect(created).toMatchObject({ label: 'Tier', type: 'select', options: ['Gold', 'Silver', 'Bronze'], position: 0 })
    expect((await env.ok('customFields.list'))[0].options).toEqual(['Gold', 'Silver', 'Bronze'])
  })

  test('a select field needs at least one option, each different and non-empty', async () => {
    const env = openCore()
    const cases: [Record<string, unknown>, string][] = [
      [{ label: 'Tier', type: 'select' }, 'options'],
      [{ label: 'Tier', type: 'select', options: [] }, 'options'],
      [{ label: 'Tier', type: 'select', options: ['Gold', 'Gold'] }, 'options'],
      [{ label: 'Tier', type: 'select', options: ['Gold', ' '] }, 'options.1'],
    ]
    for (const [input, path] of cases) {
      const error = await env.err('customFields.create', input)
      expect(error.code).toBe('VALIDATION')
      expect(problemPath(error)).toBe(path)
    }
    const noOptions = await env.err('customFields.create', { label: 'Tier', type: 'select' })
    expect(noOptions.message).toBe('A select field needs at least one option')
    expect(await env.ok('customFields.list')).toEqual([])
  })

  test('options given for a non-select field → VALIDATION on options, nothing created', async () => {
    const env = openCore()
    const error = await env.err('customFields.create', { label: 'Notes', type: 'text', options: ['a', 'b'] })
    expect(error).toMatchObject({ code: 'VALIDATION', message: 'Only select fields have options' })
    expect(problemPath(error)).toBe('options')
    expect(await env.ok('customFields.list')).toEqual([])
  })

  test('an empty label or an unknown type → VALIDATION', async () => {
    const env = openCore()
    for (const [input, path] of [
      [{ label: '  ', type: 'text' }, 'label'],
      [{ label: 'Color', type: 'colour' }, 'type'],
    ] as const) {
      const error = await env.err('customFields.create', input)
      expect(error.code).toBe('VALIDATION')
      expect(problemPath(error)).toBe(path)
    }
  })

  test('a duplicate label, whatever its case → CONFLICT; a deleted field\'s label is free again', async () => {
    const env = openCore()
    const first = await field(env, 'Budget', 'number')
    for (const label of ['Budget', 'BUDGET', ' budget ']) {
      expect((await env.err('customFields.create', { label, type: 'text' })).code).toBe('CONFLICT')
    }
    expect(await labels(env)).toEqual(['Budget'])
    await env.ok('customFields.delete', { ids: [first.id] })
    const again = await field(env, 'budget', 'text')
    expect(again.id).not.toBe(first.id)
    expect(await labels(env)).toEqual(['budget'])
  })
})

describe('customFields.list', () => {
  test('is ordered by position, which follows creation; deleted fields keep their place', async () => {
    const env = openCore()
    const a = await field(env, 'Zeta')
    const b = await field(env, 'Alpha')
    const c = await field(env, 'Mu')
    expect((await env.ok('customFields.list')).map((f) => [f.label, f.position])).toEqual([
      ['Zeta', 0],
      ['Alpha', 1],
      ['Mu', 2],
    ])
    await env.ok('customFields.delete', { ids: [b.id] })
    const d = await field(env, 'Beta')
    expect(d.position).toBe(3)
    expect((await env.ok('customFields.list')).map((f) => f.id)).toEqual([a.id, c.id, d.id])
    await env.ok('customFields.restore', { ids: [b.id] })
    expect((await env.ok('customFields.list')).map((f) => f.id)).toEqual([a.id, b.id, c.id, d.id])
  })
})

describe('customFields.update', () => {
  test('renames a field and keeps the rest', async () => {
    const env = openCore()
    const f = await field(env, 'Budget', 'number')
    env.clock.advance(MINUTE)
    const renamed = await env.ok('customFields.update', { id: f.id, label: 'Yearly budget' })
    expect(renamed).toEqual({ ...f, label: 'Yearly budget', updatedAt: env.clock.now() })
    expect(await env.ok('customFields.list')).toEqual([renamed])
  })

  test("changes a select field's options; the new options decide which values are valid", async () => {
    const env = openCore()
    const tier = await field(env, 'Tier', 'select', ['Gold', 'Silver'])
    const updated = await env.ok('customFields.update', { id: tier.id, options: ['Platinum', 'Gold'] })
    expect(updated.options).toEqual(['Platinum', 'Gold'])
    expect(updated.label).toBe('Tier')
    const c = await env.ok('contacts.create', { firstName: 'Ana', customFields: { [tier.id]: 'Platinum' } })
    expect(c.customFields).toEqual({ [tier.id]: 'Platinum' })
    const error = await env.err('contacts.update', { id: c.id, patch: { customFields: { [tier.id]: 'Silver' } } })
    expect(error.code).toBe('VALIDATION')
    expect(problemPath(error)).toBe(`customFields.${tier.id}`)
  })

  test('options on a non-select field → VALIDATION; an empty option list → VALIDATION; nothing changed', async () => {
    const env = openCore()
    const text = await field(env, 'Nickname', 'text')
    const tier = await field(env, 'Tier', 'select', ['Gold'])
    const onText = await env.err('customFields.update', { id: text.id, options: ['a'] })
    expect(onText.code).toBe('VALIDATION')
    expect(onText.message).toBe('Only select fields have options')
    const emptied = await env.err('customFields.update', { id: tier.id, options: [] })
    expect(emptied.code).toBe('VALIDATION')
    expect(emptied.message).toBe('A select field needs at least one option')
    const doubled = await env.err('customFields.update', { id: tier.id, options: ['A', 'A'] })
    expect(doubled.code).toBe('VALIDATION')
    expect(problemPath(doubled)).toBe('options')
    expect(await env.ok('customFields.list')).toEqual([text, tier])
  })

  test("renaming to another field's label → CONFLICT; re-casing its own label is fine", async () => {
    const env = openCore()
    await field(env, 'Budget', 'number')
    const other = await field(env, 'Nickname')
    expect((await env.err('customFields.update', { id: other.id, label: 'budget' })).code).toBe('CONFLICT')
    expect((await env.ok('customFields.update', { id: other.id, label: 'NICKNAME' })).label).toBe('NICKNAME')
    expect(await labels(env)).toEqual(['Budget', 'NICKNAME'])
  })

  test('an unknown or deleted field → NOT_FOUND', async () => {
    const env = openCore()
    const f = await field(env, 'Gone')
    await env.ok('customFields.delete', { ids: [f.id] })
    expect((await env.err('customFields.update', { id: f.id, label: 'Back' })).code).toBe('NOT_FOUND')
    expect((await env.err('customFields.update', { id: UNKNOWN_ID, label: 'X' })).code).toBe('NOT_FOUND')
  })
})

describe('customFields.delete and customFields.restore', () => {
  test("a deleted field's values disappear from contacts; restore shows them again", async () => {
    const env = openCore()
    const budget = await field(env, 'Budget', 'number')
    const vip = await field(env, 'VIP', 'checkbox')
    const c = await env.ok('contacts.create', { firstName: 'Ana', customFields: { [budget.id]: 5000, [vip.id]: true } })

    expect(await env.ok('customFields.delete', { ids: [budget.id] })).toEqual({ count: 1 })
    expect((await env.ok('contacts.get', { id: c.id })).customFields).toEqual({ [vip.id]: true })
    expect(await labels(env)).toEqual(['VIP'])
    // the form cannot write to a deleted field
    const error = await env.err('contacts.update', { id: c.id, patch: { customFields: { [budget.id]: 1 } } })
    expect(error.code).toBe('VALIDATION')
    expect(problemPath(error)).toBe(`customFields.${budget.id}`)
    expect(await env.ok('customFields.delete', { ids: [budget.id] })).toEqual({ count: 0 })

    expect(await env.ok('customFields.restore', { ids: [budget.id] })).toEqual({ count: 1 })
    expect((await env.ok('contacts.get', { id: c.id })).customFields).toEqual({ [budget.id]: 5000, [vip.id]: true })
    expect(await labels(env)).toEqual(['Budget', 'VIP'])
    expect(await env.ok('customFields.restore', { ids: [budget.id] })).toEqual({ count: 0 })
  })

  test('an unknown id in the batch → NOT_FOUND and none is deleted', async () => {
    const env = openCore()
    const a = await field(env, 'A')
    expect((await env.err('customFields.delete', { ids: [a.id, UNKNOWN_ID] })).code).toBe('NOT_FOUND')
    expect(await labels(env)).toEqual(['A'])
    expect((await env.err('customFields.restore', { ids: [UNKNOWN_ID] })).code).toBe('NOT_FOUND')
  })

  test('restoring a field whose label was taken meanwhile → CONFLICT, labels stay unique', async () => {
    const env = openCore()
    const old = await field(env, 'Budget', 'number')
    await env.ok('customFields.delete', { ids: [old.id] })
    const taken = await field(env, 'budget', 'text')
    expect((await env.err('customFields.restore', { ids: [old.id] })).code).toBe('CONFLICT')
    expect((await env.ok('customFields.list')).map((f) => f.id)).toEqual([taken.id])
  })
})
