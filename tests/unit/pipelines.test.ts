/** Pipelines, their stages (create, update, reorder, delete with reassignment) and workspace settings. */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import { DATABASE_FILE } from '../../src-main/core/core'
import type { Deal, Pipeline, Stage } from '../../src-shared/model/deal'
import { openCore, readDb } from './helpers'

/** The settings these tests do not change, at their defaults. */
const OTHER_SETTINGS = { quietHoursStart: null, quietHoursEnd: null, keepRunningInTray: true, openAtLogin: false, phoneRegion: null }

const HOUR = 60 * 60_000
const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000'

type Env = ReturnType<typeof openCore>

function logCount(dataDir: string): number {
  return readDb(dataDir, (db) => db.prepare('SELECT count(*) FROM change_log').pluck().get() as number)
}

const problemPath = (error: { details?: unknown }) => (error.details as { problems: { path: string }[] }).problems[0].path
const ids = (items: { id: string }[]) => items.map((i) => i.id)
const stageSummary = (p: Pipeline) => p.stages.map(({ name, probability, rottingDays, position }) => ({ name, probability, rottingDays, position }))

async function sales(env: Env) {
  const [pipeline] = await env.ok('pipelines.list')
  const stage = (name: string) => pipeline.stages.find((s) => s.name === name)!.id
  return { pipeline, lead: stage('Lead in'), qualified: stage('Qualified'), proposal: stage('Proposal sent'), negotiation: stage('Negotiation') }
}

const deal = (env: Env, title: string, extra: Record<string, unknown> = {}): Promise<Deal> => env.ok('deals.create', { title, ...extra })

const DEFAULT_STAGES = [
  { name: 'Lead in', probability: 10, rottingDays: 14, position: 0 },
  { name: 'Qualified', probability: 25, rottingDays: 14, position: 1 },
  { name: 'Proposal sent', probability: 50, rottingDays: 10, position: 2 },
  { name: 'Negotiation', probability: 75, rottingDays: 7, position: 3 },
]

describe('pipelines', () => {
  test('first start makes one "Sales" pipeline with four stages; opening the data folder again does not add another', async () => {
    const env = openCore()
    const first = await env.ok('pipelines.list')
    expect(first).toHaveLength(1)
    expect(first[0]).toMatchObject({ name: 'Sales', position: 0, createdAt: 0, deletedAt: null })
    // createdAt 0: a seeded row is the same on every device (db/repository.ts seedHlc), whichever seed wins the fold
    expect(stageSummary(first[0])).toEqual(DEFAULT_STAGES)
    expect(first[0].stages.every((s) => s.pipelineId === first[0].id)).toBe(true)

    env.core.close()
    env.clock.advance(HOUR)
    const again = openCore({ dataDir: env.dataDir, clock: env.clock })
    const second = await again.ok('pipelines.list')
    expect(second).toEqual(first)
    expect((await again.ok('deals.board', {})).pipeline.id).toBe(first[0].id)
  })

  test('a renamed default pipeline is not recreated either', async () => {
    const env = openCore()
    const { pipeline } = await sales(env)
    await env.ok('pipelines.update', { id: pipeline.id, name: 'Main' })
    env.core.close()
    const again = openCore({ dataDir: env.dataDir })
    expect((await again.ok('pipelines.list')).map((p) => p.name)).toEqual(['Main'])
  })

  test('every pipeline deleted (two people deleting the last two at once, then a sync): the next start brings the seeded one back with its stages', async () => {
    const env = openCore()
    const { pipeline } = await sales(env)
    const other = await env.ok('pipelines.create', { name: 'Hiring' })
    await env.ok('pipelines.delete', { ids: [pipeline.id] })
    env.core.close()
    // what the other person's delete of the last one leaves once synced (the check that keeps one is per device)
    const db = new Database(join(env.dataDir, DATABASE_FILE))
    try {
      db.prepare('UPDATE pipelines SET deleted_at = 1 WHERE id = ?').run(other.id)
    } finally {
      db.close()
    }
    const again = openCore({ dataDir: env.dataDir })
    const [back] = await again.ok('pipelines.list')
    expect(back).toMatchObject({ id: pipeline.id, name: 'Sales' })
    expect(back.stages).toHaveLength(DEFAULT_STAGES.length)
  })

  test('create with custom stages (defaults: probability 50, never rots); without stages it gets the default four', async () => {
    const env = openCore()
    env.clock.advance(HOUR)
    const hiring = await env.ok('pipelines.create', {
      name: ' Hiring ',
      stages: [{ name: 'Applied', probability: 5, rottingDays: 2 }, { name: ' Interview ' }, { name: 'Offer', probability: 100, rottingDays: null }],
    })
    expect(hiring).toMatchObject({ name: 'Hiring', position: 1, createdAt: env.clock.now(), updatedAt: env.clock.now() })
    expect(stageSummary(hiring)).toEqual([
      { name: 'Applied', probability: 5, rottingDays: 2, position: 0 },
      { name: 'Interview', probability: 50, rottingDays: null, position: 1 },
      { name: 'Offer', probability: 100, rottingDays: null, position: 2 },
    ])
    const plain = await env.ok('pipelines.create', { name: 'Partners' })
    expect(plain.position).toBe(2)
    expect(stageSummary(plain)).toEqual(DEFAULT_STAGES)
    expect((await env.ok('pipelines.list')).map((p) => p.name)).toEqual(['Sales', 'Hiring', 'Partners'])
  })

  test('bad pipelines → VALIDATION, a duplicate name (any case) → CONFLICT; nothing written', async () => {
    const env = openCore()
    const before = logCount(env.dataDir)
    const cases: [Record<string, unknown>, string, string?][] = [
      [{ name: '' }, 'VALIDATION', 'name'],
      [{ name: '   ' }, 'VALIDATION', 'name'],
      [{ name: 'x'.repeat(81) }, 'VALIDATION', 'name'],
      [{ name: 'Empty', stages: [] }, 'VALIDATION', 'stages'],
      [{ name: 'Many', stages: Array.from({ length: 31 }, (_, i) => ({ name: `S${i}` })) }, 'VALIDATION', 'stages'],
      [{ name: 'Bad stage', stages: [{ name: 'A', probability: 101 }] }, 'VALIDATION', 'stages.0.probability'],
      [{ name: 'Bad stage', stages: [{ name: '' }] }, 'VALIDATION', 'stages.0.name'],
      [{ name: 'Sales' }, 'CONFLICT'],
      [{ name: ' sALES ' }, 'CONFLICT'],
    ]
    for (const [input, code, path] of cases) {
      const error = await env.err('pipelines.create', input)
      expect(error.code, JSON.stringify(input).slice(0, 80)).toBe(code)
      if (path) expect(problemPath(error)).toBe(path)
    }
    expect(logCount(env.dataDir)).toBe(before)
    expect(await env.ok('pipelines.list')).toHaveLength(1)
  })

  test('rename: to a free name, to itself in another case; to another pipeline\'s name → CONFLICT', async () => {
    const env = openCore()
    const { pipeline } = await sales(env)
    const hiring = await env.ok('pipelines.create', { name: 'Hiring' })
    env.clock.advance(HOUR)
    expect(await env.ok('pipelines.update', { id: pipeline.id, name: 'SALES' })).toMatchObject({ name: 'SALES', updatedAt: env.clock.now() })
    expect((await env.err('pipelines.update', { id: hiring.id, name: 'sales' })).code).toBe('CONFLICT')
    expect((await env.err('pipelines.update', { id: UNKNOWN_ID, name: 'Other' })).code).toBe('NOT_FOUND')
    expect((await env.ok('pipelines.list')).map((p) => p.name)).toEqual(['SALES', 'Hiring'])
  })

  test('delete: refused while it holds deals (even closed ones) and for the last pipeline; otherwise gone with its stages', async () => {
    const env = openCore()
    const { pipeline } = await sales(env)
    const hiring = await env.ok('pipelines.create', { name: 'Hiring', stages: [{ name: 'Applied' }] })
    const a = await deal(env, 'A', { pipelineId: hiring.id })
    const b = await deal(env, 'B', { pipelineId: hiring.id })
    await env.ok('deals.win', { id: b.id })
    const before = logCount(env.dataDir)

    const holding = await env.err('pipelines.delete', { ids: [hiring.id] })
    expect(holding.code).toBe('CONFLICT')
    expect(holding.details).toEqual({ dealCount: 2 })
    expect(holding.message).toBe('"Hiring" still holds 2 deals. Move or delete them first.')
    // Both at once: the empty one is not deleted either, all or nothing.
    expect((await env.err('pipelines.delete', { ids: [pipeline.id, hiring.id] })).code).toBe('CONFLICT')
    expect(logCount(env.dataDir)).toBe(before)
    expect(await env.ok('pipelines.list')).toHaveLength(2)

    await env.ok('deals.delete', { ids: [a.id, b.id] })
    // Deleting the default pipeline makes the next one the default board.
    expect(await env.ok('pipelines.delete', { ids: [pipeline.id] })).toEqual({ count: 1 })
    expect(ids(await env.ok('pipelines.list'))).toEqual([hiring.id])
    expect((await env.ok('deals.board', {})).pipeline.id).toBe(hiring.id)
    expect((await env.err('deals.board', { pipelineId: pipeline.id })).code).toBe('NOT_FOUND')
    expect((await env.err('stages.update', { id: pipeline.stages[0].id, name: 'X' })).code).toBe('NOT_FOUND')
    expect((await env.err('deals.create', { title: 'X', stageId: pipeline.stages[0].id })).code).toBe('NOT_FOUND')
    expect((await deal(env, 'New')).pipelineId).toBe(hiring.id)
    await env.ok('deals.delete', { ids: [(await env.ok('deals.list', { status: 'open' })).items[0].id] })

    const last = await env.err('pipelines.delete', { ids: [hiring.id] })
    expect(last.code).toBe('CONFLICT')
    expect(last.message).toBe('Keep at least one pipeline: rename this one instead.')
    expect((await env.err('pipelines.delete', { ids: [UNKNOWN_ID] })).code).toBe('NOT_FOUND')
    expect(ids(await env.ok('pipelines.list'))).toEqual([hiring.id])
  })

  test('a single deal is named in the singular', async () => {
    const env = openCore()
    const hiring = await env.ok('pipelines.create', { name: 'Hiring' })
    await deal(env, 'A', { pipelineId: hiring.id })
    const error = await env.err('pipelines.delete', { ids: [hiring.id] })
    expect([error.message, error.details]).toEqual(['"Hiring" still holds 1 deal. Move or delete them first.', { dealCount: 1 }])
  })

  test('the board of a given pipeline and of the default one', async () => {
    const env = openCore()
    const { pipeline, lead } = await sales(env)
    const hiring = await env.ok('pipelines.create', { name: 'Hiring', stages: [{ name: 'Applied' }, { name: 'Hired', probability: 100 }] })
    const s = await deal(env, 'Sale')
    const h = await deal(env, 'Hire', { stageId: hiring.stages[1].id })
    const byDefault = await env.ok('deals.board', {})
    expect(byDefault.pipeline).toEqual(pipeline)
    expect(byDefault.columns.map((c) => [c.stage.name, ids(c.deals)])).toEqual([
      ['Lead in', [s.id]],
      ['Qualified', []],
      ['Proposal sent', []],
      ['Negotiation', []],
    ])
    expect(byDefault.columns[0].stage.id).toBe(lead)
    const given = await env.ok('deals.board', { pipelineId: hiring.id })
    expect(given.pipeline.name).toBe('Hiring')
    expect(given.columns.map((c) => [c.stage.name, ids(c.deals), c.count])).toEqual([
      ['Applied', [], 0],
      ['Hired', [h.id], 1],
    ])
    expect((await env.err('deals.board', { pipelineId: UNKNOWN_ID })).code).toBe('NOT_FOUND')
  })
})

describe('stages: create and update', () => {
  test('a new stage goes last, with probability 50 and no rotting unless given', async () => {
    const env = openCore()
    const { pipeline } = await sales(env)
    const after = await env.ok('stages.create', { pipelineId: pipeline.id, name: ' Contract ' })
    expect(stageSummary(after).at(-1)).toEqual({ name: 'Contract', probability: 50, rottingDays: null, position: 4 })
    const more = await env.ok('stages.create', { pipelineId: pipeline.id, name: 'Signed', probability: 100, rottingDays: 1 })
    expect(stageSummary(more).at(-1)).toEqual({ name: 'Signed', probability: 100, rottingDays: 1, position: 5 })
    expect((await env.ok('deals.board', {})).columns.map((c) => c.stage.name)).toEqual([
      'Lead in',
      'Qualified',
      'Proposal sent',
      'Negotiation',
      'Contract',
      'Signed',
    ])
  })

  test('probability 0..100 whole, rottingDays ≥ 1 or null; bad values → VALIDATION and nothing written', async () => {
    const env = openCore()
    const { pipeline, lead } = await sales(env)
    const before = logCount(env.dataDir)
    const bad: [Record<string, unknown>, string][] = [
      [{ probability: -1 }, 'probability'],
      [{ probability: 101 }, 'probability'],
      [{ probability: 12.5 }, 'probability'],
      [{ probability: '50' }, 'probability'],
      [{ rottingDays: 0 }, 'rottingDays'],
      [{ rottingDays: -3 }, 'rottingDays'],
      [{ rottingDays: 1.5 }, 'rottingDays'],
      [{ rottingDays: 3651 }, 'rottingDays'],
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(81) }, 'name'],
    ]
    for (const [fields, path] of bad) {
      const created = await env.err('stages.create', { pipelineId: pipeline.id, name: 'New', ...fields })
      expect([created.code, problemPath(created)], JSON.stringify(fields)).toEqual(['VALIDATION', path])
      const updated = await env.err('stages.update', { id: lead, ...fields })
      expect([updated.code, problemPath(updated)], JSON.stringify(fields)).toEqual(['VALIDATION', path])
    }
    expect((await env.err('stages.create', { pipelineId: UNKNOWN_ID, name: 'New' })).code).toBe('NOT_FOUND')
    expect((await env.err('stages.update', { id: UNKNOWN_ID, name: 'New' })).code).toBe('NOT_FOUND')
    expect(logCount(env.dataDir)).toBe(before)
    expect(stageSummary((await sales(env)).pipeline)).toEqual(DEFAULT_STAGES)
  })

  test('the edges are accepted: probability 0 and 100, rottingDays 1 and 3650', async () => {
    const env = openCore()
    const { pipeline } = await sales(env)
    const p = await env.ok('stages.create', { pipelineId: pipeline.id, name: 'Edge', probability: 0, rottingDays: 3650 })
    const edge = p.stages.at(-1)!
    expect(edge).toMatchObject({ probability: 0, rottingDays: 3650 })
    const updated = await env.ok('stages.update', { id: edge.id, probability: 100, rottingDays: 1 })
    expect(updated.stages.at(-1)).toMatchObject({ name: 'Edge', probability: 100, rottingDays: 1 })
  })

  test('update changes only the given fields; rottingDays null turns rotting off; one change-log entry per changed field', async () => {
    const env = openCore()
    const { lead } = await sales(env)
    const before = logCount(env.dataDir)
    const p1 = await env.ok('stages.update', { id: lead, probability: 15 })
    expect(p1.stages[0]).toEqual<Stage>({ id: lead, pipelineId: p1.id, name: 'Lead in', probability: 15, rottingDays: 14, position: 0 })
    const p2 = await env.ok('stages.update', { id: lead, name: 'New leads', rottingDays: null })
    expect(p2.stages[0]).toMatchObject({ name: 'New leads', probability: 15, rottingDays: null })
    expect(logCount(env.dataDir) - before).toBe(3)
    await env.ok('stages.update', { id: lead, name: 'New leads' })
    expect(logCount(env.dataDir) - before).toBe(3)
  })

  test('a renamed stage shows on its deals', async () => {
    const env = openCore()
    const { lead } = await sales(env)
    const d = await deal(env, 'A')
    await env.ok('stages.update', { id: lead, name: 'Inbox' })
    expect((await env.ok('deals.get', { id: d.id })).stageName).toBe('Inbox')
  })
})

describe('stages.reorder', () => {
  test('the new order is kept, on the pipeline and on the board', async () => {
    const env = openCore()
    const { pipeline, lead, qualified, proposal, negotiation } = await sales(env)
    const reordered = await env.ok('stages.reorder', { pipelineId: pipeline.id, stageIds: [negotiation, lead, proposal, qualified] })
    expect(reordered.stages.map((s) => [s.name, s.position])).toEqual([
      ['Negotiation', 0],
      ['Lead in', 1],
      ['Proposal sent', 2],
      ['Qualified', 3],
    ])
    expect(ids((await env.ok('deals.board', {})).columns.map((c) => c.stage))).toEqual([negotiation, lead, proposal, qualified])
    // The first stage is where new deals land.
    expect((await deal(env, 'New')).stageId).toBe(negotiation)
  })

  test('a stage list that is not exactly the pipeline\'s stages → VALIDATION, nothing written', async () => {
    const env = openCore()
    const { pipeline, lead, qualified, proposal, negotiation } = await sales(env)
    const hiring = await env.ok('pipelines.create', { name: 'Hiring', stages: [{ name: 'Applied' }] })
    const before = logCount(env.dataDir)
    for (const stageIds of [
      [lead, qualified, proposal],
      [lead, qualified, proposal, negotiation, hiring.stages[0].id],
      [lead, qualified, proposal, hiring.stages[0].id],
      [lead, qualified, proposal, proposal],
      [lead, qualified, proposal, UNKNOWN_ID],
      [],
    ]) {
      const error = await env.err('stages.reorder', { pipelineId: pipeline.id, stageIds })
      expect([error.code, problemPath(error)], JSON.stringify(stageIds)).toEqual(['VALIDATION', 'stageIds'])
    }
    expect((await env.err('stages.reorder', { pipelineId: UNKNOWN_ID, stageIds: [lead] })).code).toBe('NOT_FOUND')
    expect(logCount(env.dataDir)).toBe(before)
    expect(stageSummary((await sales(env)).pipeline)).toEqual(DEFAULT_STAGES)
  })
})

describe('stages.delete', () => {
  test('a stage with deals needs moveDealsTo; with it the deals go to the end of the target in their order, each with an entry', async () => {
    const env = openCore()
    const { pipeline, proposal, negotiation } = await sales(env)
    const ana = await env.ok('contacts.create', { firstName: 'Ana' })
    const x = await deal(env, 'X', { stageId: negotiation })
    const y = await deal(env, 'Y', { stageId: negotiation })
    const a = await deal(env, 'A', { stageId: proposal, contactId: ana.id })
    const b = await deal(env, 'B', { stageId: proposal })
    const c = await deal(env, 'C', { stageId: proposal })
    const won = await deal(env, 'Won', { stageId: proposal })
    await env.ok('deals.win', { id: won.id })
    await env.ok('deals.move', { id: c.id, stageId: proposal, afterId: null }) // proposal order: C, A, B
    env.clock.advance(HOUR)
    const before = logCount(env.dataDir)

    const refused = await env.err('stages.delete', { id: proposal })
    expect(refused.code).toBe('CONFLICT')
    expect(refused.details).toEqual({ dealCount: 4 })
    expect(refused.message).toBe('"Proposal sent" holds 4 deals. Choose a stage to move them to.')
    expect(logCount(env.dataDir)).toBe(before)

    const after = await env.ok('stages.delete', { id: proposal, moveDealsTo: negotiation })
    expect(after.stages.map((s) => s.name)).toEqual(['Lead in', 'Qualified', 'Negotiation'])
    expect((await env.ok('pipelines.list'))[0].stages.map((s) => s.id)).not.toContain(proposal)
    expect((await env.ok('deals.board', {})).columns.map((col) => [col.stage.name, ids(col.deals)])).toEqual([
      ['Lead in', []],
      ['Qualified', []],
      ['Negotiation', [x.id, y.id, c.id, a.id, b.id]],
    ])
    const now = env.clock.now()
    for (const moved of [a, b, c]) {
      const d = await env.ok('deals.get', { id: moved.id })
      expect(d).toMatchObject({ stageId: negotiation, stageName: 'Negotiation', pipelineId: pipeline.id, stageEnteredAt: now })
      expect((await env.ok('activities.list', { dealId: moved.id }))[0]).toMatchObject({
        type: 'system',
        occurredAt: now,
        body: 'Moved from Proposal sent to Negotiation (stage "Proposal sent" was deleted)',
      })
    }
    expect((await env.ok('activities.list', { contactId: ana.id }))[0].body).toBe('Moved from Proposal sent to Negotiation (stage "Proposal sent" was deleted)')
    // The won deal moves too (no deal is left in a deleted stage) but keeps its entry time.
    expect(await env.ok('deals.get', { id: won.id })).toMatchObject({ stageId: negotiation, status: 'won', stageEnteredAt: won.stageEnteredAt })
    expect((await env.ok('deals.get', { id: x.id })).stageEnteredAt).toBe(x.stageEnteredAt)
    // New ranks sort after the target's own deals.
    const ranks = (await env.ok('deals.board', {})).columns[2].deals.map((d) => d.rank)
    expect([...ranks].sort()).toEqual(ranks)
    expect(new Set(ranks).size).toBe(5)

    expect((await env.err('stages.update', { id: proposal, name: 'Back' })).code).toBe('NOT_FOUND')
    expect((await env.err('deals.move', { id: x.id, stageId: proposal })).code).toBe('NOT_FOUND')
  })

  test('moveDealsTo the same stage, another pipeline\'s stage or an unknown stage is refused; nothing written', async () => {
    const env = openCore()
    const { pipeline, proposal, qualified } = await sales(env)
    const hiring = await env.ok('pipelines.create', { name: 'Hiring', stages: [{ name: 'Applied' }] })
    const d = await deal(env, 'A', { stageId: proposal })
    const before = logCount(env.dataDir)
    const same = await env.err('stages.delete', { id: proposal, moveDealsTo: proposal })
    expect([same.code, problemPath(same)]).toEqual(['VALIDATION', 'moveDealsTo'])
    const other = await env.err('stages.delete', { id: proposal, moveDealsTo: hiring.stages[0].id })
    expect([other.code, problemPath(other)]).toEqual(['VALIDATION', 'moveDealsTo'])
    // Also for an empty stage: a target in another pipeline is still a mistake.
    const emptyOther = await env.err('stages.delete', { id: qualified, moveDealsTo: hiring.stages[0].id })
    expect([emptyOther.code, problemPath(emptyOther)]).toEqual(['VALIDATION', 'moveDealsTo'])
    expect((await env.err('stages.delete', { id: proposal, moveDealsTo: UNKNOWN_ID })).code).toBe('NOT_FOUND')
    expect((await env.err('stages.delete', { id: UNKNOWN_ID })).code).toBe('NOT_FOUND')
    expect(logCount(env.dataDir)).toBe(before)
    expect((await env.ok('deals.get', { id: d.id })).stageId).toBe(proposal)
    expect((await env.ok('pipelines.list'))[0].stages).toEqual(pipeline.stages)
  })

  test('an empty stage deletes without moveDealsTo; the last stage cannot be deleted', async () => {
    const env = openCore()
    const { pipeline, lead, qualified, proposal, negotiation } = await sales(env)
    expect((await env.ok('stages.delete', { id: qualified })).stages.map((s) => s.name)).toEqual(['Lead in', 'Proposal sent', 'Negotiation'])
    await env.ok('stages.delete', { id: proposal })
    const one = await env.ok('stages.delete', { id: lead })
    expect(ids(one.stages)).toEqual([negotiation])
    const before = logCount(env.dataDir)
    const last = await env.err('stages.delete', { id: negotiation })
    expect([last.code, last.message]).toEqual(['CONFLICT', 'A pipeline needs at least one stage: rename this one instead.'])
    expect(logCount(env.dataDir)).toBe(before)
    expect(ids((await env.ok('pipelines.list'))[0].stages)).toEqual([negotiation])
    // New deals now start in the remaining stage.
    expect((await deal(env, 'New', { pipelineId: pipeline.id })).stageId).toBe(negotiation)
    // A stage added afterwards goes after it.
    expect((await env.ok('stages.create', { pipelineId: pipeline.id, name: 'Done' })).stages.map((s) => s.name)).toEqual(['Negotiation', 'Done'])
  })

  test('a deal deleted before its stage was deleted is not orphaned: restored, it lands at the end of the first stage', async () => {
    const env = openCore()
    const { lead, proposal, negotiation } = await sales(env)
    const first = await deal(env, 'First', { stageId: lead })
    const kept = await deal(env, 'Kept', { stageId: proposal })
    const gone = await deal(env, 'Gone', { stageId: proposal })
    await env.ok('deals.delete', { ids: [gone.id] })
    await env.ok('stages.delete', { id: proposal, moveDealsTo: negotiation })
    env.clock.advance(HOUR)
    expect(await env.ok('deals.restore', { ids: [gone.id] })).toEqual({ count: 1 })
    expect(await env.ok('deals.get', { id: gone.id })).toMatchObject({ stageId: lead, stageName: 'Lead in', stageEnteredAt: env.clock.now() })
    const board = await env.ok('deals.board', {})
    expect(board.columns.map((c) => [c.stage.name, ids(c.deals)])).toEqual([
      ['Lead in', [first.id, gone.id]],
      ['Qualified', []],
      ['Negotiation', [kept.id]],
    ])
    expect(board.hiddenByFilters).toBe(0)
    expect((await env.ok('activities.list', { dealId: gone.id }))[0].body).toBe('Moved from Proposal sent to Lead in (stage "Proposal sent" was deleted)')
  })

  test('a deal deleted before its pipeline was deleted is restored onto the default pipeline', async () => {
    const env = openCore()
    const { pipeline, lead } = await sales(env)
    const hiring = await env.ok('pipelines.create', { name: 'Hiring', stages: [{ name: 'Applied' }] })
    const d = await deal(env, 'Candidate', { pipelineId: hiring.id })
    await env.ok('deals.win', { id: d.id })
    await env.ok('deals.delete', { ids: [d.id] })
    await env.ok('pipelines.delete', { ids: [hiring.id] })
    await env.ok('deals.restore', { ids: [d.id] })
    // A closed deal keeps its stage entry time; it is listed under the pipeline that exists.
    expect(await env.ok('deals.get', { id: d.id })).toMatchObject({ pipelineId: pipeline.id, stageId: lead, status: 'won', stageEnteredAt: d.stageEnteredAt })
    expect(ids((await env.ok('deals.list', { pipelineId: pipeline.id })).items)).toEqual([d.id])
  })

  test('restoring a deal whose stage still exists leaves it where it was', async () => {
    const env = openCore()
    const { qualified } = await sales(env)
    const d = await deal(env, 'A', { stageId: qualified })
    await env.ok('deals.delete', { ids: [d.id] })
    env.clock.advance(HOUR)
    await env.ok('deals.restore', { ids: [d.id] })
    expect(await env.ok('deals.get', { id: d.id })).toMatchObject({ stageId: qualified, rank: d.rank, stageEnteredAt: d.stageEnteredAt })
    expect((await env.ok('activities.list', { dealId: d.id })).map((a) => a.body)).toEqual(['Created in Qualified · $0.00'])
  })
})

describe('settings', () => {
  test('the default currency is USD; an update upper-cases the code and survives a restart', async () => {
    const env = openCore()
    expect(await env.ok('settings.get')).toEqual({ ...OTHER_SETTINGS, defaultCurrency: 'USD' })
    expect(await env.ok('settings.get', {})).toEqual({ ...OTHER_SETTINGS, defaultCurrency: 'USD' })
    expect(await env.ok('settings.update', {})).toEqual({ ...OTHER_SETTINGS, defaultCurrency: 'USD' })
    const before = logCount(env.dataDir)
    expect(await env.ok('settings.update', { defaultCurrency: 'eur' })).toEqual({ ...OTHER_SETTINGS, defaultCurrency: 'EUR' })
    expect(logCount(env.dataDir)).toBeGreaterThan(before)
    const once = logCount(env.dataDir)
    expect(await env.ok('settings.update', { defaultCurrency: 'EUR' })).toEqual({ ...OTHER_SETTINGS, defaultCurrency: 'EUR' })
    expect(logCount(env.dataDir)).toBe(once)
    expect(await env.ok('settings.update', { defaultCurrency: 'JPY' })).toEqual({ ...OTHER_SETTINGS, defaultCurrency: 'JPY' })
    expect(logCount(env.dataDir)).toBe(once + 1)
    expect((await deal(env, 'Yen')).currency).toBe('JPY')
    env.core.close()
    const again = openCore({ dataDir: env.dataDir })
    expect(await again.ok('settings.get')).toEqual({ ...OTHER_SETTINGS, defaultCurrency: 'JPY' })
  })

  test('an unknown code or an unknown setting → VALIDATION, nothing written', async () => {
    const env = openCore()
    const before = logCount(env.dataDir)
    for (const input of [{ defaultCurrency: 'XYZ' }, { defaultCurrency: 'euro' }, { defaultCurrency: '' }, { defaultCurrency: 978 }, { theme: 'dark' }]) {
      const error = await env.err('settings.update', input)
      expect(error.code, JSON.stringify(input)).toBe('VALIDATION')
    }
    expect(problemPath(await env.err('settings.update', { defaultCurrency: 'XYZ' }))).toBe('defaultCurrency')
    expect(logCount(env.dataDir)).toBe(before)
    expect(await env.ok('settings.get')).toEqual({ ...OTHER_SETTINGS, defaultCurrency: 'USD' })
  })
})
