/**
 * The filter builder's semantics (every field and operator, empty values, all/any), saved views
 * (round trip, counts, delete/restore, bad input) and bulk actions with their undo — on a real
 * core and a real SQLite file.
 */
import { describe, expect, test } from 'vitest'
import type { ContactFilterInput } from '../../src-shared/model/contact-filter'
import { openCore } from './helpers'

type Env = ReturnType<typeof openCore>
const DAY = 86_400_000
const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000'

/**
 * Seven people who differ in every filterable field:
 * Ana     lead      Hot        owner Ann     Acme   source Web   title "Head of Sales"  ana@acme.com  phone  called 40 days ago
 * Bruno   lead      Hot, Cold  owner "  " (→ none)  —  source —  title —               bruno@x.io    —      called 3 days ago
 * Chloé   prospect  —          owner ann     Acme   source web   title "Sales rep"      —             phone  never
 * Dmitri  customer  Cold       owner Ben     Globex source Fair  title —                dmitri@globex.com —  never
 * Émile   customer  —          owner —       —      source —     title "Owner"         —             —      called 100 days ago
 * Zoë     former    Hot        owner José    (deleted company)  source —  —             zoe@mail.de   —      never
 * Gone    lead      Hot        (deleted contact: never matches)
 */
async function seed(env: Env) {
  const { ok, clock } = env
  const hot = await ok('tags.create', { name: 'Hot' })
  const cold = await ok('tags.create', { name: 'Cold' })
  const acme = await ok('companies.create', { name: 'Acme' })
  const globex = await ok('companies.create', { name: 'Globex' })
  const doomed = await ok('companies.create', { name: 'Doomed Ltd' })
  const start = clock.now()
  // created 200 days ago ... now, one per contact, so "created" filters have something to cut
  const make = async (daysAgo: number, fields: Record<string, unknown>) => {
    clock.set(start - daysAgo * DAY)
    const c = await ok('contacts.create', fields)
    clock.set(start)
    return c
  }
  const ana = await make(200, { firstName: 'Ana', lifecycleStage: 'lead', tagIds: [hot.id], owner: 'Ann', companyId: acme.id, leadSource: 'Web', jobTitle: 'Head of Sales', emails: [{ value: 'ana@acme.com' }], phones: [{ value: '+1 555 0100' }] })
  const bruno = await make(150, { firstName: 'Bruno', lifecycleStage: 'lead', tagIds: [hot.id, cold.id], owner: '  ', emails: [{ value: 'bruno@x.io' }] })
  const chloe = await make(100, { firstName: 'Chloé', lifecycleStage: 'prospect', owner: 'ann', companyId: acme.id, leadSource: 'web', jobTitle: 'Sales rep', phones: [{ value: '+1 555 0101' }] })
  const dmitri = await make(50, { firstName: 'Dmitri', lifecycleStage: 'customer', tagIds: [cold.id], owner: 'Ben', companyId: globex.id, leadSource: 'Fair', emails: [{ value: 'dmitri@globex.com' }] })
  const emile = await make(10, { firstName: 'Émile', lifecycleStage: 'customer', jobTitle: 'Owner' })
  const zoe = await make(1, { firstName: 'Zoë', lifecycleStage: 'former_customer', tagIds: [hot.id], owner: 'José', companyId: doomed.id, emails: [{ value: 'zoe@mail.de' }] })
  const gone = await make(5, { firstName: 'Gone', lifecycleStage: 'lead', tagIds: [hot.id], owner: 'Ann' })
  await ok('contacts.delete', { ids: [gone.id] })
  await ok('companies.delete', { ids: [doomed.id] })
  await ok('activities.create', { type: 'call', contactId: ana.id, occurredAt: start - 40 * DAY })
  await ok('activities.create', { type: 'email', contactId: bruno.id, occurredAt: start - 3 * DAY })
  await ok('activities.create', { type: 'meeting', contactId: emile.id, occurredAt: start - 100 * DAY })
  // a note is not contact: Dmitri stays "never contacted"
  await ok('activities.create', { type: 'note', contactId: dmitri.id, body: 'Met at the fair' })
  return { hot, cold, acme, globex, doomed, ana, bruno, chloe, dmitri, emile, zoe, gone }
}

async function namesFor(env: Env, filter: ContactFilterInput): Promise<string[]> {
  const page = await env.ok('contacts.list', { filter, limit: 500 })
  const { count } = await env.ok('contacts.count', { filter })
  expect(count, 'contacts.count agrees with the list').toBe(page.total)
  expect(page.items.length).toBe(page.total)
  return page.items.map((c) => c.firstName).sort()
}
const one = (field: string, operator: string, value?: unknown): ContactFilterInput =>
  ({ match: 'all', conditions: [{ field, operator, ...(value === undefined ? {} : { value }) }] }) as ContactFilterInput

describe('filter semantics', () => {
  test('lifecycle stage is / is not', async () => {
    const env = openCore()
    await seed(env)
    expect(await namesFor(env, one('lifecycleStage', 'is', 'lead'))).toEqual(['Ana', 'Bruno'])
    expect(await namesFor(env, one('lifecycleStage', 'isNot', 'lead'))).toEqual(['Chloé', 'Dmitri', 'Zoë', 'Émile'])
  })

  test('tag is / is not / has none / has any; a deleted tag no longer counts', async () => {
    const env = openCore()
    const s = await seed(env)
    expect(await namesFor(env, one('tag', 'is', s.hot.id))).toEqual(['Ana', 'Bruno', 'Zoë'])
    expect(await namesFor(env, one('tag', 'isNot', s.hot.id))).toEqual(['Chloé', 'Dmitri', 'Émile'])
    expect(await namesFor(env, one('tag', 'isEmpty'))).toEqual(['Chloé', 'Émile'])
    expect(await namesFor(env, one('tag', 'isNotEmpty'))).toEqual(['Ana', 'Bruno', 'Dmitri', 'Zoë'])
    await env.ok('tags.delete', { ids: [s.cold.id] })
    expect(await namesFor(env, one('tag', 'isEmpty'))).toEqual(['Chloé', 'Dmitri', 'Émile'])
    expect(await namesFor(env, one('tag', 'is', s.cold.id))).toEqual([])
  })

  test('last contacted: more than N days ago excludes never-contacted; within; never; ever', async () => {
    const env = openCore()
    await seed(env)
    expect(await namesFor(env, one('lastContacted', 'moreThanDaysAgo', 30))).toEqual(['Ana', 'Émile'])
    expect(await namesFor(env, one('lastContacted', 'withinDays', 30))).toEqual(['Bruno'])
    expect(await namesFor(env, one('lastContacted', 'isEmpty'))).toEqual(['Chloé', 'Dmitri', 'Zoë'])
    expect(await namesFor(env, one('lastContacted', 'isNotEmpty'))).toEqual(['Ana', 'Bruno', 'Émile'])
    // 0 days: contacted before this minute / within this minute
    expect(await namesFor(env, one('lastContacted', 'withinDays', 0))).toEqual([])
    // days as text from a form field are read as a number
    expect(await namesFor(env, one('lastContacted', 'moreThanDaysAgo', '99'))).toEqual(['Émile'])
  })

  test('created more than / within N days, moving with the clock', async () => {
    const env = openCore()
    await seed(env)
    expect(await namesFor(env, one('created', 'withinDays', 30))).toEqual(['Zoë', 'Émile'])
    expect(await namesFor(env, one('created', 'moreThanDaysAgo', 120))).toEqual(['Ana', 'Bruno'])
    env.clock.advance(60 * DAY)
    expect(await namesFor(env, one('created', 'withinDays', 30))).toEqual([])
  })

  test('text fields: case- and accent-insensitive is / contains; blank owners are empty; "is not" includes empty', async () => {
    const env = openCore()
    await seed(env)
    expect(await namesFor(env, one('owner', 'is', 'ANN'))).toEqual(['Ana', 'Chloé'])
    expect(await namesFor(env, one('owner', 'is', 'jose'))).toEqual(['Zoë'])
    expect(await namesFor(env, one('owner', 'isNot', 'ann'))).toEqual(['Bruno', 'Dmitri', 'Zoë', 'Émile'])
    expect(await namesFor(env, one('owner', 'isEmpty'))).toEqual(['Bruno', 'Émile'])
    expect(await namesFor(env, one('owner', 'isNotEmpty'))).toEqual(['Ana', 'Chloé', 'Dmitri', 'Zoë'])
    expect(await namesFor(env, one('jobTitle', 'contains', 'sales'))).toEqual(['Ana', 'Chloé'])
    expect(await namesFor(env, one('jobTitle', 'notContains', 'sales'))).toEqual(['Bruno', 'Dmitri', 'Zoë', 'Émile'])
    expect(await namesFor(env, one('leadSource', 'is', 'WEB'))).toEqual(['Ana', 'Chloé'])
    expect(await namesFor(env, one('leadSource', 'isEmpty'))).toEqual(['Bruno', 'Zoë', 'Émile'])
    expect(await namesFor(env, one('name', 'contains', 'emi'))).toEqual(['Émile'])
    expect(await namesFor(env, one('name', 'contains', 'CHLOE'))).toEqual(['Chloé'])
    expect(await namesFor(env, one('name', 'notContains', 'o'))).toEqual(['Ana', 'Dmitri', 'Émile'])
  })

  test('company is / is not / empty; a deleted company counts as none', async () => {
    const env = openCore()
    const s = await seed(env)
    expect(await namesFor(env, one('company', 'is', s.acme.id))).toEqual(['Ana', 'Chloé'])
    expect(await namesFor(env, one('company', 'isNot', s.acme.id))).toEqual(['Bruno', 'Dmitri', 'Zoë', 'Émile'])
    expect(await namesFor(env, one('company', 'isEmpty'))).toEqual(['Bruno', 'Zoë', 'Émile'])
    expect(await namesFor(env, one('company', 'isNotEmpty'))).toEqual(['Ana', 'Chloé', 'Dmitri'])
  })

  test('email and phone: contains, empty, not empty (deleted channels do not count)', async () => {
    const env = openCore()
    const s = await seed(env)
    expect(await namesFor(env, one('email', 'contains', 'ACME'))).toEqual(['Ana'])
    expect(await namesFor(env, one('email', 'notContains', 'acme'))).toEqual(['Bruno', 'Chloé', 'Dmitri', 'Zoë', 'Émile'])
    expect(await namesFor(env, one('email', 'isEmpty'))).toEqual(['Chloé', 'Émile'])
    expect(await namesFor(env, one('phone', 'isNotEmpty'))).toEqual(['Ana', 'Chloé'])
    await env.ok('contacts.update', { id: s.ana.id, patch: { emails: [] } })
    expect(await namesFor(env, one('email', 'isEmpty'))).toEqual(['Ana', 'Chloé', 'Émile'])
  })

  test('all = AND, any = OR; no conditions = every live contact; combines with the quick filters', async () => {
    const env = openCore()
    const s = await seed(env)
    const conditions = [
      { field: 'lifecycleStage', operator: 'is', value: 'lead' },
      { field: 'tag', operator: 'is', value: s.hot.id },
      { field: 'lastContacted', operator: 'moreThanDaysAgo', value: 30 },
    ]
    // the example: lead AND Hot AND last contacted more than 30 days ago
    expect(await namesFor(env, { match: 'all', conditions } as ContactFilterInput)).toEqual(['Ana'])
    expect(await namesFor(env, { match: 'any', conditions } as ContactFilterInput)).toEqual(['Ana', 'Bruno', 'Zoë', 'Émile'])
    expect(await namesFor(env, { match: 'all', conditions: [] })).toEqual(['Ana', 'Bruno', 'Chloé', 'Dmitri', 'Zoë', 'Émile'])
    expect(await namesFor(env, { match: 'any', conditions: [] })).toEqual(['Ana', 'Bruno', 'Chloé', 'Dmitri', 'Zoë', 'Émile'])
    const page = await env.ok('contacts.list', { lifecycleStage: 'customer', filter: { match: 'any', conditions } as ContactFilterInput })
    expect(page.items.map((c) => c.firstName)).toEqual(['Émile'])
  })

  test('values are parameters: quotes, % and _ and SQL are plain text', async () => {
    const env = openCore()
    await env.ok('contacts.create', { firstName: "O'Brien", jobTitle: '100% _sure_' })
    await env.ok('contacts.create', { firstName: 'Plain', jobTitle: '100 sure' })
    expect(await namesFor(env, one('name', 'contains', "o'b"))).toEqual(["O'Brien"])
    expect(await namesFor(env, one('jobTitle', 'contains', '%'))).toEqual(["O'Brien"])
    expect(await namesFor(env, one('jobTitle', 'contains', '_'))).toEqual(["O'Brien"])
    expect(await namesFor(env, one('jobTitle', 'contains', "') OR 1=1 --"))).toEqual([])
  })
})

describe('bad filters are refused with a message that names the problem', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['a value missing', one('owner', 'is'), /Enter a value for “Owner is”/],
    ['an empty value', one('owner', 'contains', '   '), /Enter a value for “Owner contains”/],
    ['an operator the field lacks', one('lifecycleStage', 'contains', 'lead'), /Lifecycle stage cannot be filtered with “contains”/],
    ['an unknown field', one('shoeSize', 'is', '42'), /Filter field must be one of/],
    ['negative days', one('lastContacted', 'moreThanDaysAgo', -1), /whole number of days/],
    ['fractional days', one('created', 'withinDays', 2.5), /whole number of days/],
    ['days as words', one('created', 'withinDays', 'ten'), /whole number of days/],
    ['an unknown stage', one('lifecycleStage', 'is', 'vip'), /Lifecycle stage must be one of/],
    ['a tag that is not an id', one('tag', 'is', 'Hot'), /Pick a tag/],
    ['text that is too long', one('owner', 'is', 'x'.repeat(201)), /too long/],
    ['a control character', one('owner', 'is', 'a\u0007b'), /control character/],
    ['a wrong type', one('owner', 'is', { $ne: 1 }), /text or a number/],
    ['too many conditions', { match: 'all', conditions: Array.from({ length: 21 }, () => ({ field: 'tag', operator: 'isEmpty' })) }, /At most 20 conditions/],
    ['a bad match', { match: 'some', conditions: [] }, /Match must be "all" or "any"/],
  ]
  test.each(cases)('%s', async (_name, filter, message) => {
    const env = openCore()
    const error = await env.err('contacts.list', { filter })
    expect(error.code).toBe('VALIDATION')
    expect(error.message).toMatch(message)
  })

  test('an empty-values operator ignores a stray value', async () => {
    const env = openCore()
    await env.ok('contacts.create', { firstName: 'Nobody' })
    expect(await namesFor(env, one('owner', 'isEmpty', 'ignored'))).toEqual(['Nobody'])
  })

  test('unicode values match their NFC and decomposed forms alike', async () => {
    const env = openCore()
    await env.ok('contacts.create', { firstName: 'Søren', owner: 'Zoë Ünal' })
    expect(await namesFor(env, one('owner', 'is', 'zoe\u0308 u\u0308nal'))).toEqual(['Søren'])
    expect(await namesFor(env, one('owner', 'contains', 'ÜNAL'))).toEqual(['Søren'])
    expect(await namesFor(env, one('name', 'contains', '😀'))).toEqual([])
  })
})

describe('saved views', () => {
  test('round trip: what is saved comes back the same, listed by name, with live counts', async () => {
    const env = openCore()
    const s = await seed(env)
    const filter = {
      match: 'all',
      conditions: [
        { field: 'lifecycleStage', operator: 'is', value: 'lead' },
        { field: 'tag', operator: 'is', value: s.hot.id },
        { field: 'lastContacted', operator: 'moreThanDaysAgo', value: '30' },
        { field: 'owner', operator: 'isEmpty', value: null },
      ],
    }
    const stale = await env.ok('views.create', { name: ' Stale hot leads ', filter, sort: 'lastContacted', direction: 'desc' })
    expect(stale).toMatchObject({
      name: 'Stale hot leads',
      sort: 'lastContacted',
      direction: 'desc',
      filter: {
        match: 'all',
        conditions: [
          { field: 'lifecycleStage', operator: 'is', value: 'lead' },
          { field: 'tag', operator: 'is', value: s.hot.id },
          { field: 'lastContacted', operator: 'moreThanDaysAgo', value: 30 },
          { field: 'owner', operator: 'isEmpty', value: null },
        ],
      },
    })
    const all = await env.ok('views.create', { name: 'all customers', filter: one('lifecycleStage', 'is', 'customer') })
    expect(all).toMatchObject({ sort: 'name', direction: 'asc' })
    expect((await env.ok('views.list')).map((v) => v.name)).toEqual(['all customers', 'Stale hot leads'])
    // the saved filter selects what the same filter selects in the list
    const [reread] = (await env.ok('views.list')).filter((v) => v.id === stale.id)
    expect(reread).toEqual(stale)
    expect(await namesFor(env, reread.filter)).toEqual([])
    expect(await env.ok('views.counts')).toEqual([
      { id: all.id, count: 2 },
      { id: stale.id, count: 0 },
    ])

    // counts are live: they follow edits
    await env.ok('contacts.update', { id: s.ana.id, patch: { owner: null } })
    expect(await env.ok('views.counts')).toEqual([
      { id: all.id, count: 2 },
      { id: stale.id, count: 1 },
    ])
    await env.ok('contacts.update', { id: s.chloe.id, patch: { lifecycleStage: 'customer' } })
    expect((await env.ok('views.counts')).find((c) => c.id === all.id)!.count).toBe(3)
  })

  test('counts take turns with other commands: a read asked meanwhile answers before all counts are done', async () => {
    const env = openCore()
    const s = await seed(env)
    for (const name of ['A', 'B', 'C']) await env.ok('views.create', { name, filter: one('owner', 'contains', 'a') })
    await env.ok('contacts.update', { id: s.ana.id, patch: { jobTitle: 'CEO' } }) // a write: every count is recomputed
    const order: string[] = []
    const counts = env.core.invoke('views.counts').then(() => order.push('counts'))
    const read = env.core.invoke('contacts.get', { id: s.ana.id }).then(() => order.push('get'))
    await Promise.all([counts, read])
    expect(order).toEqual(['get', 'counts'])
  })

  test('update, rename, delete and restore; the change log records each', async () => {
    const env = openCore()
    const v = await env.ok('views.create', { name: 'Leads', filter: one('lifecycleStage', 'is', 'lead') })
    const renamed = await env.ok('views.update', { id: v.id, name: 'Warm leads', filter: { match: 'any', conditions: [] } })
    expect(renamed).toMatchObject({ name: 'Warm leads', filter: { match: 'any', conditions: [] }, sort: 'name' })
    expect(await env.ok('views.delete', { ids: [v.id] })).toEqual({ count: 1 })
    expect(await env.ok('views.list')).toEqual([])
    expect((await env.err('views.update', { id: v.id, name: 'x' })).code).toBe('NOT_FOUND')
    await env.ok('views.restore', { ids: [v.id] })
    expect((await env.ok('views.list')).map((x) => x.name)).toEqual(['Warm leads'])
  })

  test('bad input: empty name, unknown sort, bad filter, unknown id — nothing saved', async () => {
    const env = openCore()
    expect((await env.err('views.create', { name: '  ', filter: { conditions: [] } })).message).toMatch(/Give the view a name/)
    expect((await env.err('views.create', { name: 'x'.repeat(81), filter: { conditions: [] } })).message).toMatch(/too long/)
    expect((await env.err('views.create', { name: 'A', filter: { conditions: [] }, sort: 'age' })).message).toMatch(/Sort must be one of/)
    expect((await env.err('views.create', { name: 'A', filter: one('owner', 'is', '') })).message).toMatch(/Enter a value/)
    expect((await env.err('views.create', { name: 'A' })).code).toBe('VALIDATION')
    expect((await env.err('views.update', { id: UNKNOWN_ID, name: 'B' })).code).toBe('NOT_FOUND')
    expect(await env.ok('views.list')).toEqual([])
  })

  test('a view whose stored filter cannot be read shows with no conditions instead of breaking the list', async () => {
    const env = openCore()
    const v = await env.ok('views.create', { name: 'Broken', filter: one('tag', 'isEmpty') })
    const { default: Database } = await import('better-sqlite3')
    const { join } = await import('node:path')
    const db = new Database(join(env.dataDir, 'crm.db'))
    db.prepare("UPDATE saved_views SET filter = '{\"match\":\"all\",\"conditions\":[{\"field\":\"mood\"}]}' WHERE id = ?").run(v.id)
    db.close()
    const [read] = await env.ok('views.list')
    expect(read.filter).toEqual({ match: 'all', conditions: [] })
    expect(await env.ok('views.counts')).toEqual([{ id: v.id, count: 0 }])
  })
})

describe('bulk actions and their undo', () => {
  test('tag, untag, owner and stage on ticked ids; undo puts every field back', async () => {
    const env = openCore()
    const s = await seed(env)
    const ids = [s.ana.id, s.chloe.id, s.emile.id]
    const tagged = await env.ok('contacts.bulk', { target: { ids }, action: { kind: 'addTag', tagId: s.hot.id } })
    expect(tagged).toMatchObject({ changed: 2, selected: 3 }) // Ana was already Hot
    expect(await namesFor(env, one('tag', 'is', s.hot.id))).toEqual(['Ana', 'Bruno', 'Chloé', 'Zoë', 'Émile'])
    await env.ok('contacts.bulkUndo', { jobId: tagged.jobId })
    expect(await namesFor(env, one('tag', 'is', s.hot.id))).toEqual(['Ana', 'Bruno', 'Zoë'])

    const owned = await env.ok('contacts.bulk', { target: { ids }, action: { kind: 'setOwner', owner: 'Dana' } })
    expect(owned.changed).toBe(3)
    expect(await namesFor(env, one('owner', 'is', 'dana'))).toEqual(['Ana', 'Chloé', 'Émile'])
    await env.ok('contacts.bulkUndo', { jobId: owned.jobId })
    expect((await env.ok('contacts.get', { id: s.ana.id })).owner).toBe('Ann')
    expect((await env.ok('contacts.get', { id: s.emile.id })).owner).toBeNull()

    const cleared = await env.ok('contacts.bulk', { target: { ids }, action: { kind: 'setOwner', owner: '' } })
    expect(cleared.changed).toBe(2)
    expect((await env.ok('contacts.get', { id: s.chloe.id })).owner).toBeNull()

    const staged = await env.ok('contacts.bulk', { target: { ids }, action: { kind: 'setStage', stage: 'customer' } })
    expect(staged).toMatchObject({ changed: 2, selected: 3 })
    await env.ok('contacts.bulkUndo', { jobId: staged.jobId })
    expect((await env.ok('contacts.get', { id: s.chloe.id })).lifecycleStage).toBe('prospect')

    const untagged = await env.ok('contacts.bulk', { target: { ids: [s.ana.id, s.bruno.id] }, action: { kind: 'removeTag', tagId: s.hot.id } })
    expect(untagged.changed).toBe(2)
    await env.ok('contacts.bulkUndo', { jobId: untagged.jobId })
    expect(await namesFor(env, one('tag', 'is', s.hot.id))).toEqual(['Ana', 'Bruno', 'Zoë'])
  })

  test('on everything a view selects: delete with undo; edits made since the action are kept', async () => {
    const env = openCore()
    const s = await seed(env)
    const query = { filter: one('lifecycleStage', 'is', 'lead') }
    const stage = await env.ok('contacts.bulk', { target: { query }, action: { kind: 'setStage', stage: 'prospect' } })
    expect(stage).toMatchObject({ changed: 2, selected: 2 })
    // someone edits Bruno's stage after the bulk change: undo keeps that edit
    await env.ok('contacts.update', { id: s.bruno.id, patch: { lifecycleStage: 'customer' } })
    expect(await env.ok('contacts.bulkUndo', { jobId: stage.jobId })).toEqual({ reverted: 1, keptLaterEdits: 1 })
    expect((await env.ok('contacts.get', { id: s.ana.id })).lifecycleStage).toBe('lead')
    expect((await env.ok('contacts.get', { id: s.bruno.id })).lifecycleStage).toBe('customer')

    const removed = await env.ok('contacts.bulk', { target: { query: { tagId: s.hot.id } }, action: { kind: 'delete' } })
    expect(removed).toMatchObject({ changed: 3, selected: 3 })
    expect(await namesFor(env, { conditions: [] })).toEqual(['Chloé', 'Dmitri', 'Émile'])
    await env.ok('contacts.bulkUndo', { jobId: removed.jobId })
    expect(await namesFor(env, { conditions: [] })).toEqual(['Ana', 'Bruno', 'Chloé', 'Dmitri', 'Zoë', 'Émile'])
    // the contact deleted before the action stays deleted
    expect((await env.err('contacts.get', { id: s.gone.id })).code).toBe('NOT_FOUND')
  })

  test('an empty selection changes nothing; bad targets and actions are refused and write nothing', async () => {
    const env = openCore()
    const s = await seed(env)
    const none = await env.ok('contacts.bulk', { target: { query: { filter: one('owner', 'is', 'nobody') } }, action: { kind: 'delete' } })
    expect(none).toMatchObject({ changed: 0, selected: 0 })
    expect((await env.err('contacts.bulk', { target: { ids: [] }, action: { kind: 'delete' } })).message).toMatch(/Select at least one/)
    expect((await env.err('contacts.bulk', { target: {}, action: { kind: 'delete' } })).code).toBe('VALIDATION')
    expect((await env.err('contacts.bulk', { target: { ids: [s.ana.id] }, action: { kind: 'explode' } })).message).toMatch(/Unknown bulk action/)
    expect((await env.err('contacts.bulk', { target: { ids: [s.ana.id] }, action: { kind: 'setStage', stage: 'vip' } })).code).toBe('VALIDATION')
    expect((await env.err('contacts.bulk', { target: { ids: [s.ana.id] }, action: { kind: 'addTag', tagId: UNKNOWN_ID } })).code).toBe('NOT_FOUND')
    // one unknown id among good ones: nothing is written
    const error = await env.err('contacts.bulk', { target: { ids: [s.ana.id, UNKNOWN_ID] }, action: { kind: 'setOwner', owner: 'X' } })
    expect(error.code).toBe('NOT_FOUND')
    expect((await env.ok('contacts.get', { id: s.ana.id })).owner).toBe('Ann')
    expect((await env.err('contacts.bulkUndo', { jobId: '01900000-0000-7000-8000-000000000000' })).code).toBe('NOT_FOUND')
    expect((await env.err('contacts.bulkUndo', { jobId: 'nope' })).message).toMatch(/Not a valid job id/)
  })

  test('a query selecting more than 10,000 contacts is refused, not cut short', async () => {
    const env = openCore()
    // 10,001 contacts written raw (the one write path would take long; no change log is needed here)
    const { default: Database } = await import('better-sqlite3')
    const { join } = await import('node:path')
    const db = new Database(join(env.dataDir, 'crm.db'))
    const insert = db.prepare("INSERT INTO contacts (id, first_name, last_name, lifecycle_stage, notes, created_at, updated_at) VALUES (?, 'P', ?, 'lead', '', 0, 0)")
    db.transaction(() => {
      for (let i = 0; i < 10_001; i++) insert.run(`01900000-0000-7000-8000-${String(i).padStart(12, '0')}`, String(i))
    })()
    db.close()
    const error = await env.err('contacts.bulk', { target: { query: { lifecycleStage: 'lead' } }, action: { kind: 'setOwner', owner: 'A' } })
    expect(error.code).toBe('VALIDATION')
    expect(error.message).toMatch(/more than 10,000 contacts/)
    expect((await env.ok('contacts.count', { filter: one('owner', 'is', 'a') })).count).toBe(0)
  })
})
