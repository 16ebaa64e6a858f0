/** Deals: create, move on the board, win / lose / reopen, rotting, totals, list and board filters. */
import { describe, expect, test } from 'vitest'
import type { Board, Deal, Pipeline } from '../../src-shared/model/deal'
import { openCore, readDb } from './helpers'
import { seededRandom } from '../seeded-random'

/** The settings these tests do not change, at their defaults. */
const OTHER_SETTINGS = { quietHoursStart: null, quietHoursEnd: null, keepRunningInTray: true, openAtLogin: false, phoneRegion: null }

const HOUR = 60 * 60_000
const DAY = 24 * HOUR
const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000'

type Env = ReturnType<typeof openCore>

interface LogRow {
  table_name: string
  row_id: string
  column_name: string
  value: string
}
function changeLog(dataDir: string): LogRow[] {
  return readDb(dataDir, (db) => db.prepare('SELECT table_name, row_id, column_name, value FROM change_log ORDER BY hlc').all() as LogRow[])
}

const problemPath = (error: { details?: unknown }) => (error.details as { problems: { path: string }[] }).problems[0].path
const ids = (items: { id: string }[]) => items.map((i) => i.id)
const titles = (items: { title: string }[]) => items.map((i) => i.title)

/** The default "Sales" pipeline made on first start, with its stages by name. */
async function sales(env: Env) {
  const [pipeline] = await env.ok('pipelines.list')
  const stage = (name: string) => pipeline.stages.find((s) => s.name === name)!.id
  return { pipeline, lead: stage('Lead in'), qualified: stage('Qualified'), proposal: stage('Proposal sent'), negotiation: stage('Negotiation') }
}

async function deal(env: Env, title: string, extra: Record<string, unknown> = {}): Promise<Deal> {
  return env.ok('deals.create', { title, ...extra })
}

/** Deal ids per column, in board order. */
const columnIds = (board: Board) => board.columns.map((c) => ids(c.deals))
const column = (board: Board, stageId: string) => board.columns.find((c) => c.stage.id === stageId)!

const bodies = async (env: Env, filter: Record<string, string>) => (await env.ok('activities.list', filter)).map((a) => a.body)

describe('deals.create', () => {
  test('a deal with every field comes back as entered, in the first stage of the default pipeline', async () => {
    const env = openCore()
    const { pipeline, lead } = await sales(env)
    const ana = await env.ok('contacts.create', { firstName: 'Ana', lastName: 'Silva' })
    const acme = await env.ok('companies.create', { name: 'Acme' })
    const made = await deal(env, '  Website redesign ', {
      valueMinor: 150000,
      currency: 'eur',
      contactId: ana.id,
      companyId: acme.id,
      owner: ' Maria ',
      expectedClose: '2026-03-31',
      notes: 'Wants a quote by Friday.',
    })
    const now = env.clock.now()
    const expected: Deal = {
      id: made.id,
      title: 'Website redesign',
      valueMinor: 150000,
      currency: 'EUR',
      pipelineId: pipeline.id,
      stageId: lead,
      stageName: 'Lead in',
      status: 'open',
      contactId: ana.id,
      contactName: 'Ana Silva',
      companyId: acme.id,
      companyName: 'Acme',
      owner: 'Maria',
      expectedClose: '2026-03-31',
      rank: made.rank,
      stageEnteredAt: now,
      daysInStage: 0,
      idleDays: 0,
      rotting: false,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
      lostReason: null,
      closedAt: null,
      notes: 'Wants a quote by Friday.',
      privateTo: null,
    }
    expect(made).toEqual(expected)
    expect(await env.ok('deals.get', { id: made.id })).toEqual(expected)
  })

  test('defaults: value 0, the workspace currency, no links; a stage alone picks its pipeline', async () => {
    const env = openCore()
    const other = await env.ok('pipelines.create', { name: 'Hiring', stages: [{ name: 'Applied' }, { name: 'Interview' }] })
    const plain = await deal(env, 'Plain')
    expect(plain).toMatchObject({ valueMinor: 0, currency: 'USD', contactId: null, companyId: null, owner: null, expectedClose: null, notes: '' })
    const byStage = await deal(env, 'By stage', { stageId: other.stages[1].id })
    expect(byStage).toMatchObject({ pipelineId: other.id, stageId: other.stages[1].id, stageName: 'Interview' })
    const byPipeline = await deal(env, 'By pipeline', { pipelineId: other.id })
    expect(byPipeline).toMatchObject({ pipelineId: other.id, stageId: other.stages[0].id, stageName: 'Applied' })
  })

  test('new deals go to the bottom of their stage', async () => {
    const env = openCore()
    const { lead } = await sales(env)
    const a = await deal(env, 'A')
    const b = await deal(env, 'B')
    const c = await deal(env, 'C', { stageId: lead })
    expect(a.rank < b.rank && b.rank < c.rank).toBe(true)
    expect(ids(column(await env.ok('deals.board', {}), lead).deals)).toEqual([a.id, b.id, c.id])
  })

  test('from a contact: the contact timeline shows "Created in …", lastContactedAt is not changed by system entries', async () => {
    const env = openCore()
    const { qualified } = await sales(env)
    const ana = await env.ok('contacts.create', { firstName: 'Ana', lastName: 'Silva' })
    const made = await deal(env, 'Renewal', { contactId: ana.id, valueMinor: 150000, currency: 'EUR' })
    const entries = await env.ok('activities.list', { contactId: ana.id })
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      type: 'system',
      body: 'Created in Lead in · €1,500.00',
      contactId: ana.id,
      dealId: made.id,
      dealTitle: 'Renewal',
      occurredAt: env.clock.now(),
    })
    expect(await bodies(env, { dealId: made.id })).toEqual(['Created in Lead in · €1,500.00'])
    expect((await env.ok('contacts.get', { id: ana.id })).lastContactedAt).toBeNull()

    // A call sets it; later system entries (move, win) leave it at the call.
    env.clock.advance(HOUR)
    const call = await env.ok('activities.create', { type: 'call', contactId: ana.id })
    env.clock.advance(HOUR)
    await env.ok('deals.move', { id: made.id, stageId: qualified })
    env.clock.advance(HOUR)
    await env.ok('deals.win', { id: made.id })
    expect((await env.ok('contacts.get', { id: ana.id })).lastContactedAt).toBe(call.occurredAt)
  })

  test('with a company only: the entry is on the company timeline', async () => {
    const env = openCore()
    const acme = await env.ok('companies.create', { name: 'Acme' })
    const made = await deal(env, 'Big order', { companyId: acme.id, valueMinor: 99 })
    expect(await env.ok('activities.list', { companyId: acme.id })).toMatchObject([{ dealId: made.id, body: 'Created in Lead in · $0.99' }])
  })
})

describe('validation: bad deals write nothing', () => {
  test.each([
    ['a negative value', { title: 'X', valueMinor: -1 }, 'valueMinor', 'Value cannot be negative'],
    ['a fractional value', { title: 'X', valueMinor: 12.5 }, 'valueMinor', 'Value must be whole cents'],
    ['a too large value', { title: 'X', valueMinor: 1_000_000_000_001 }, 'valueMinor', 'Value is too large'],
    ['a value as text', { title: 'X', valueMinor: '100' }, 'valueMinor', 'Value must be a number'],
    ['an unknown currency', { title: 'X', currency: 'XYZ' }, 'currency', '"XYZ" is not a currency code we know'],
    ['a currency name', { title: 'X', currency: 'euro' }, 'currency', '"EURO" is not a currency code we know'],
    ['no title', { valueMinor: 100 }, 'title', 'Give the deal a title'],
    ['an empty title', { title: '   ' }, 'title', 'Give the deal a title'],
    ['an impossible close date', { title: 'X', expectedClose: '2026-02-30' }, 'expectedClose', 'Expected close must be a date'],
    ['an unknown field', { title: 'X', probability: 50 }, '', 'Unrecognized key'],
  ])('%s → VALIDATION', async (_, input, path, message) => {
    const env = openCore()
    const before = changeLog(env.dataDir).length
    const error = await env.err('deals.create', input)
    expect(error.code).toBe('VALIDATION')
    expect(problemPath(error)).toBe(path)
    expect(error.message).toContain(message)
    expect(changeLog(env.dataDir).length).toBe(before)
    expect((await env.ok('deals.list', {})).total).toBe(0)
  })

  test('lowercase "eur" is accepted and stored as "EUR"; on update too', async () => {
    const env = openCore()
    const made = await deal(env, 'X', { currency: ' eur ' })
    expect(made.currency).toBe('EUR')
    const updated = await env.ok('deals.update', { id: made.id, patch: { currency: 'gbp' } })
    expect(updated.currency).toBe('GBP')
    const entries = changeLog(env.dataDir).filter((r) => r.row_id === made.id && (r.column_name === 'currency' || r.column_name === '*'))
    expect(entries.map((r) => (r.column_name === '*' ? JSON.parse(r.value).currency : JSON.parse(r.value)))).toEqual(['EUR', 'GBP'])
  })

  test('links that do not fit → VALIDATION or NOT_FOUND, nothing written', async () => {
    const env = openCore()
    const { pipeline } = await sales(env)
    const other = await env.ok('pipelines.create', { name: 'Hiring' })
    const gone = await env.ok('contacts.create', { firstName: 'Gone' })
    await env.ok('contacts.delete', { ids: [gone.id] })
    const goneCo = await env.ok('companies.create', { name: 'Gone Co' })
    await env.ok('companies.delete', { ids: [goneCo.id] })
    const before = changeLog(env.dataDir).length

    const wrongPipeline = await env.err('deals.create', { title: 'X', pipelineId: pipeline.id, stageId: other.stages[0].id })
    expect(wrongPipeline.code).toBe('VALIDATION')
    expect(problemPath(wrongPipeline)).toBe('stageId')
    expect((await env.err('deals.create', { title: 'X', stageId: UNKNOWN_ID })).code).toBe('NOT_FOUND')
    expect((await env.err('deals.create', { title: 'X', pipelineId: UNKNOWN_ID })).code).toBe('NOT_FOUND')
    expect((await env.err('deals.create', { title: 'X', contactId: gone.id })).code).toBe('NOT_FOUND')
    expect((await env.err('deals.create', { title: 'X', contactId: UNKNOWN_ID })).code).toBe('NOT_FOUND')
    expect((await env.err('deals.create', { title: 'X', companyId: goneCo.id })).code).toBe('NOT_FOUND')
    expect((await env.err('deals.create', { title: 'X', stageId: 'not-an-id' })).code).toBe('VALIDATION')

    expect(changeLog(env.dataDir).length).toBe(before)
    expect((await env.ok('deals.list', {})).total).toBe(0)
  })

  test('update: an empty title, a negative value or a deleted contact is refused and changes nothing', async () => {
    const env = openCore()
    const made = await deal(env, 'Keep me', { valueMinor: 500 })
    const gone = await env.ok('contacts.create', { firstName: 'Gone' })
    await env.ok('contacts.delete', { ids: [gone.id] })
    const before = changeLog(env.dataDir).length
    const empty = await env.err('deals.update', { id: made.id, patch: { title: ' ' } })
    expect([empty.code, problemPath(empty)]).toEqual(['VALIDATION', 'patch.title'])
    expect((await env.err('deals.update', { id: made.id, patch: { valueMinor: -5 } })).code).toBe('VALIDATION')
    expect((await env.err('deals.update', { id: made.id, patch: { stageId: made.stageId } })).code).toBe('VALIDATION')
    expect((await env.err('deals.update', { id: made.id, patch: { contactId: gone.id } })).code).toBe('NOT_FOUND')
    expect((await env.err('deals.update', { id: UNKNOWN_ID, patch: { title: 'X' } })).code).toBe('NOT_FOUND')
    expect(changeLog(env.dataDir).length).toBe(before)
    expect(await env.ok('deals.get', { id: made.id })).toEqual(made)
  })
})

describe('settings: default currency', () => {
  test('USD until changed; new deals without a currency use the setting, existing deals keep theirs', async () => {
    const env = openCore()
    expect(await env.ok('settings.get')).toEqual({ ...OTHER_SETTINGS, defaultCurrency: 'USD' })
    const before = await deal(env, 'Before')
    expect(await env.ok('settings.update', { defaultCurrency: 'eur' })).toEqual({ ...OTHER_SETTINGS, defaultCurrency: 'EUR' })
    expect(await env.ok('settings.get')).toEqual({ ...OTHER_SETTINGS, defaultCurrency: 'EUR' })
    expect((await deal(env, 'After')).currency).toBe('EUR')
    expect((await deal(env, 'Explicit', { currency: 'JPY' })).currency).toBe('JPY')
    expect((await env.ok('deals.get', { id: before.id })).currency).toBe('USD')
  })
})

describe('deals.move', () => {
  test('200 random moves keep the board equal to a model, with unique strictly increasing ranks', async () => {
    const env = openCore()
    const { pipeline } = await sales(env)
    const stageIds = pipeline.stages.map((s) => s.id)
    const model = new Map<string, string[]>(stageIds.map((id) => [id, []]))
    const random = seededRandom(20260115)
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]
    for (let i = 0; i < 12; i++) {
      const stageId = stageIds[i % 3]
      model.get(stageId)!.push((await deal(env, `Deal ${i}`, { stageId })).id)
    }
    const all = [...model.values()].flat()

    for (let step = 0; step < 200; step++) {
      const id = pick(all)
      const from = stageIds.find((s) => model.get(s)!.includes(id))!
      const to = random() < 0.5 ? from : pick(stageIds)
      model.set(from, model.get(from)!.filter((d) => d !== id))
      const target = model.get(to)!
      const kind = target.length === 0 ? pick(['top', 'bottom', 'bottomNull']) : pick(['top', 'bottom', 'bottomNull', 'after', 'before'])
      let input: Record<string, unknown>
      if (kind === 'top') {
        input = { afterId: null }
        target.unshift(id)
      } else if (kind === 'bottom' || kind === 'bottomNull') {
        input = kind === 'bottom' ? {} : { beforeId: null }
        target.push(id)
      } else {
        const k = Math.floor(random() * target.length)
        input = kind === 'after' ? { afterId: target[k] } : { beforeId: target[k] }
        target.splice(kind === 'after' ? k + 1 : k, 0, id)
      }
      const card = await env.ok('deals.move', { id, stageId: to, ...input })
      expect(card.stageId).toBe(to)

      const board = await env.ok('deals.board', {})
      expect(columnIds(board), `step ${step}: ${kind} into ${to}`).toEqual(stageIds.map((s) => model.get(s)))
      for (const c of board.columns) {
        const ranks = c.deals.map((d) => d.rank)
        for (let r = 1; r < ranks.length; r++) expect(ranks[r - 1] < ranks[r], `step ${step}: ranks ${ranks}`).toBe(true)
      }
    }
    expect((await env.ok('deals.list', {})).total).toBe(12)
  })

  test('to the top, to the bottom, after a card, before a card', async () => {
    const env = openCore()
    const { lead } = await sales(env)
    const [a, b, c, d] = [await deal(env, 'A'), await deal(env, 'B'), await deal(env, 'C'), await deal(env, 'D')]
    const order = async () => titles(column(await env.ok('deals.board', {}), lead).deals)

    await env.ok('deals.move', { id: c.id, stageId: lead, afterId: null })
    expect(await order()).toEqual(['C', 'A', 'B', 'D'])
    await env.ok('deals.move', { id: c.id, stageId: lead })
    expect(await order()).toEqual(['A', 'B', 'D', 'C'])
    await env.ok('deals.move', { id: a.id, stageId: lead, beforeId: null })
    expect(await order()).toEqual(['B', 'D', 'C', 'A'])
    await env.ok('deals.move', { id: a.id, stageId: lead, afterId: b.id })
    expect(await order()).toEqual(['B', 'A', 'D', 'C'])
    await env.ok('deals.move', { id: c.id, stageId: lead, beforeId: a.id })
    expect(await order()).toEqual(['B', 'C', 'A', 'D'])
    await env.ok('deals.move', { id: b.id, stageId: lead, beforeId: d.id })
    expect(await order()).toEqual(['C', 'A', 'B', 'D'])
    await env.ok('deals.move', { id: d.id, stageId: lead, afterId: c.id })
    expect(await order()).toEqual(['C', 'D', 'A', 'B'])
  })

  test('within a stage: exactly one change-log entry (the rank), no history entry', async () => {
    const env = openCore()
    const { lead } = await sales(env)
    const a = await deal(env, 'A')
    await deal(env, 'B')
    const c = await deal(env, 'C')
    env.clock.advance(HOUR)
    const before = changeLog(env.dataDir).length
    const moved = await env.ok('deals.move', { id: c.id, stageId: lead, afterId: null })
    expect(moved.rank < a.rank).toBe(true)
    expect(changeLog(env.dataDir).slice(before)).toEqual([{ table_name: 'deals', row_id: c.id, column_name: 'rank', value: JSON.stringify(moved.rank) }])
    expect(moved).toMatchObject({ stageEnteredAt: c.stageEnteredAt, updatedAt: env.clock.now(), daysInStage: 0 })
    expect(await bodies(env, { dealId: c.id })).toEqual(['Created in Lead in · $0.00'])
  })

  test('to another stage: rank, stage and entry time written, plus "Moved from X to Y" on the deal and contact timelines', async () => {
    const env = openCore()
    const { pipeline, lead, qualified } = await sales(env)
    const ana = await env.ok('contacts.create', { firstName: 'Ana', lastName: 'Silva' })
    const other = await deal(env, 'Other', { stageId: qualified })
    const made = await deal(env, 'Renewal', { contactId: ana.id })
    env.clock.advance(2 * DAY)
    const before = changeLog(env.dataDir).length
    const moved = await env.ok('deals.move', { id: made.id, stageId: qualified, afterId: other.id })
    const now = env.clock.now()
    expect(moved).toMatchObject({ stageId: qualified, stageName: 'Qualified', pipelineId: pipeline.id, stageEnteredAt: now, daysInStage: 0 })
    const written = changeLog(env.dataDir).slice(before)
    expect(written.filter((r) => r.table_name === 'deals')).toEqual([
      { table_name: 'deals', row_id: made.id, column_name: 'rank', value: JSON.stringify(moved.rank) },
      { table_name: 'deals', row_id: made.id, column_name: 'stage_id', value: JSON.stringify(qualified) },
      { table_name: 'deals', row_id: made.id, column_name: 'stage_entered_at', value: String(now) },
    ])
    // besides the deal row: one timeline entry, and the stage history (old stay closed, new one opened)
    const others = written.filter((r) => r.table_name !== 'deals')
    expect(new Set(others.filter((r) => r.table_name === 'activities').map((r) => r.row_id)).size).toBe(1)
    expect(new Set(others.filter((r) => r.table_name === 'deal_stage_visits').map((r) => r.row_id)).size).toBe(2)
    expect(others.every((r) => r.table_name === 'activities' || r.table_name === 'deal_stage_visits')).toBe(true)

    const entry = (await env.ok('activities.list', { dealId: made.id }))[0]
    expect(entry).toMatchObject({ type: 'system', body: 'Moved from Lead in to Qualified', occurredAt: now, contactId: ana.id, dealId: made.id })
    expect(await bodies(env, { dealId: made.id })).toEqual(['Moved from Lead in to Qualified', 'Created in Lead in · $0.00'])
    expect(await bodies(env, { contactId: ana.id })).toEqual(['Moved from Lead in to Qualified', 'Created in Lead in · $0.00'])
    const board = await env.ok('deals.board', {})
    expect(ids(column(board, lead).deals)).toEqual([])
    expect(ids(column(board, qualified).deals)).toEqual([other.id, made.id])
  })

  test('to a stage of another pipeline: pipeline_id is written too, and the deal changes board', async () => {
    const env = openCore()
    const { pipeline } = await sales(env)
    const hiring = await env.ok('pipelines.create', { name: 'Hiring', stages: [{ name: 'Applied' }] })
    const made = await deal(env, 'Move me')
    env.clock.advance(HOUR)
    const before = changeLog(env.dataDir).length
    await env.ok('deals.move', { id: made.id, stageId: hiring.stages[0].id })
    // First card of an empty column either way: the rank stays "a0", so only what changed is written.
    const columns = changeLog(env.dataDir).slice(before).filter((r) => r.table_name === 'deals').map((r) => r.column_name)
    expect(made.rank).toBe('a0')
    expect(columns.sort()).toEqual(['pipeline_id', 'stage_entered_at', 'stage_id'])
    expect((await env.ok('deals.get', { id: made.id })).pipelineId).toBe(hiring.id)
    expect(columnIds(await env.ok('deals.board', { pipelineId: pipeline.id })).flat()).toEqual([])
    expect(columnIds(await env.ok('deals.board', { pipelineId: hiring.id }))).toEqual([[made.id]])
    expect(await bodies(env, { dealId: made.id })).toEqual(['Moved from Lead in to Applied', 'Created in Lead in · $0.00'])
  })

  test('refused moves: a neighbour in another stage, the deal itself, a closed deal, an unknown stage; nothing written', async () => {
    const env = openCore()
    const { lead, qualified } = await sales(env)
    const a = await deal(env, 'A')
    const b = await deal(env, 'B')
    const q = await deal(env, 'Q', { stageId: qualified })
    const won = await deal(env, 'Won')
    await env.ok('deals.win', { id: won.id })
    const deleted = await deal(env, 'Deleted')
    await env.ok('deals.delete', { ids: [deleted.id] })
    env.clock.advance(HOUR)
    const before = changeLog(env.dataDir).length

    const cases: [Record<string, unknown>, string, string?][] = [
      [{ id: a.id, stageId: lead, afterId: q.id }, 'VALIDATION', 'afterId'],
      [{ id: a.id, stageId: qualified, afterId: b.id }, 'VALIDATION', 'afterId'],
      [{ id: a.id, stageId: lead, beforeId: q.id }, 'VALIDATION', 'beforeId'],
      [{ id: a.id, stageId: lead, afterId: a.id }, 'VALIDATION', 'afterId'],
      [{ id: a.id, stageId: lead, beforeId: a.id }, 'VALIDATION', 'beforeId'],
      [{ id: a.id, stageId: lead, afterId: deleted.id }, 'VALIDATION', 'afterId'],
      [{ id: a.id, stageId: lead, afterId: UNKNOWN_ID }, 'VALIDATION', 'afterId'],
      [{ id: won.id, stageId: qualified }, 'CONFLICT'],
      [{ id: a.id, stageId: UNKNOWN_ID }, 'NOT_FOUND'],
      [{ id: UNKNOWN_ID, stageId: lead }, 'NOT_FOUND'],
      [{ id: deleted.id, stageId: lead }, 'NOT_FOUND'],
    ]
    for (const [input, code, path] of cases) {
      const error = await env.err('deals.move', input)
      expect(error.code, JSON.stringify(input)).toBe(code)
      if (path) expect(problemPath(error)).toBe(path)
    }
    expect(changeLog(env.dataDir).length).toBe(before)
    expect(columnIds(await env.ok('deals.board', {})).slice(0, 2)).toEqual([[a.id, b.id], [q.id]])
  })
})

describe('win, lose, reopen', () => {
  test('win: status won, closedAt = now, one "Won · $1,500.00" entry even when won twice; leaves the board', async () => {
    const env = openCore()
    const ana = await env.ok('contacts.create', { firstName: 'Ana' })
    const made = await deal(env, 'Big', { valueMinor: 150000, contactId: ana.id })
    env.clock.advance(3 * DAY)
    const wonAt = env.clock.now()
    const won = await env.ok('deals.win', { id: made.id })
    expect(won).toMatchObject({ status: 'won', closedAt: wonAt, lostReason: null, updatedAt: wonAt, rotting: false })
    env.clock.advance(HOUR)
    const before = changeLog(env.dataDir).length
    expect(await env.ok('deals.win', { id: made.id })).toMatchObject({ status: 'won', closedAt: wonAt })
    expect(changeLog(env.dataDir).length).toBe(before)
    expect(await bodies(env, { dealId: made.id })).toEqual(['Won · $1,500.00', 'Created in Lead in · $1,500.00'])
    expect(await bodies(env, { contactId: ana.id })).toEqual(['Won · $1,500.00', 'Created in Lead in · $1,500.00'])
    expect((await env.ok('activities.list', { dealId: made.id }))[0]).toMatchObject({ type: 'system', occurredAt: wonAt })

    expect(columnIds(await env.ok('deals.board', {})).flat()).toEqual([])
    expect(ids((await env.ok('deals.list', { status: 'won' })).items)).toEqual([made.id])
    expect(ids((await env.ok('deals.list', { status: 'open' })).items)).toEqual([])
  })

  test('lose needs a reason; stores it with closedAt; reopen clears both and writes "Reopened (was lost)"', async () => {
    const env = openCore()
    const { lead } = await sales(env)
    const made = await deal(env, 'Maybe', { valueMinor: 100 })
    const before = changeLog(env.dataDir).length
    for (const reason of ['', '   ']) {
      const error = await env.err('deals.lose', { id: made.id, reason })
      expect([error.code, problemPath(error), error.message]).toEqual(['VALIDATION', 'reason', 'Say why the deal was lost'])
    }
    expect((await env.err('deals.lose', { id: made.id })).code).toBe('VALIDATION')
    expect(changeLog(env.dataDir).length).toBe(before)

    env.clock.advance(DAY)
    const lostAt = env.clock.now()
    expect(await env.ok('deals.lose', { id: made.id, reason: ' Too expensive ' })).toMatchObject({
      status: 'lost',
      lostReason: 'Too expensive',
      closedAt: lostAt,
    })
    expect(ids((await env.ok('deals.list', { status: 'lost' })).items)).toEqual([made.id])
    expect(columnIds(await env.ok('deals.board', {})).flat()).toEqual([])

    env.clock.advance(DAY)
    const reopened = await env.ok('deals.reopen', { id: made.id })
    expect(reopened).toMatchObject({ status: 'open', lostReason: null, closedAt: null, stageId: lead })
    expect(await bodies(env, { dealId: made.id })).toEqual(['Reopened (was lost)', 'Lost: Too expensive', 'Created in Lead in · $1.00'])
    expect(columnIds(await env.ok('deals.board', {}))[0]).toEqual([made.id])

    // Reopening an open deal changes nothing.
    const again = changeLog(env.dataDir).length
    expect(await env.ok('deals.reopen', { id: made.id })).toEqual(reopened)
    expect(changeLog(env.dataDir).length).toBe(again)
  })

  test('winning a lost deal clears the lost reason; reopening a won deal says "was won"', async () => {
    const env = openCore()
    const made = await deal(env, 'Turnaround', { valueMinor: 250, currency: 'EUR' })
    await env.ok('deals.lose', { id: made.id, reason: 'Budget' })
    env.clock.advance(HOUR)
    expect(await env.ok('deals.win', { id: made.id })).toMatchObject({ status: 'won', lostReason: null, closedAt: env.clock.now() })
    await env.ok('deals.reopen', { id: made.id })
    expect(await bodies(env, { dealId: made.id })).toEqual(['Reopened (was won)', 'Won · €2.50', 'Lost: Budget', 'Created in Lead in · €2.50'])
  })

  test('win, lose and reopen of an unknown or deleted deal → NOT_FOUND', async () => {
    const env = openCore()
    const made = await deal(env, 'Gone')
    await env.ok('deals.delete', { ids: [made.id] })
    for (const id of [made.id, UNKNOWN_ID]) {
      expect((await env.err('deals.win', { id })).code).toBe('NOT_FOUND')
      expect((await env.err('deals.lose', { id, reason: 'x' })).code).toBe('NOT_FOUND')
      expect((await env.err('deals.reopen', { id })).code).toBe('NOT_FOUND')
    }
  })
})

describe('board totals', () => {
  test('per currency, sorted; weighted = round(sum(value × probability) / 100); closed deals not counted', async () => {
    const env = openCore()
    const { lead, qualified } = await sales(env)
    await deal(env, 'US 1', { stageId: qualified, valueMinor: 100000 })
    await deal(env, 'EU', { stageId: qualified, valueMinor: 99999, currency: 'EUR' })
    await deal(env, 'US 2', { stageId: qualified, valueMinor: 50001 })
    await deal(env, 'JP', { stageId: qualified, valueMinor: 7, currency: 'JPY' })
    const won = await deal(env, 'Won', { stageId: qualified, valueMinor: 1_000_000 })
    await env.ok('deals.win', { id: won.id })
    const board = await env.ok('deals.board', {})
    const q = column(board, qualified)
    expect(q.count).toBe(4)
    expect(q.stage).toMatchObject({ name: 'Qualified', probability: 25 })
    // 100000×25 + 50001×25 = 3,750,025 → 37,500.25 → 37,500; 99999×25 → 24,999.75 → 25,000; 7×25 → 1.75 → 2
    expect(q.totals).toEqual([
      { currency: 'EUR', value: 99999, weighted: 25000 },
      { currency: 'JPY', value: 7, weighted: 2 },
      { currency: 'USD', value: 150001, weighted: 37500 },
    ])
    expect(column(board, lead)).toMatchObject({ count: 0, totals: [], deals: [] })
  })

  test('the weighted sum is rounded once per column, not per deal', async () => {
    const env = openCore()
    const p = await env.ok('pipelines.create', { name: 'Halves', stages: [{ name: 'Half', probability: 50 }, { name: 'Never', probability: 0 }, { name: 'Sure', probability: 100 }] })
    for (const v of [1, 1, 1]) await deal(env, `One ${v}`, { stageId: p.stages[0].id, valueMinor: v })
    await deal(env, 'Zero', { stageId: p.stages[1].id, valueMinor: 500 })
    await deal(env, 'Sure', { stageId: p.stages[2].id, valueMinor: 333 })
    const board = await env.ok('deals.board', { pipelineId: p.id })
    expect(board.columns.map((c) => c.totals)).toEqual([
      [{ currency: 'USD', value: 3, weighted: 2 }], // 1.5 → 2, where per-deal rounding would give 3
      [{ currency: 'USD', value: 500, weighted: 0 }],
      [{ currency: 'USD', value: 333, weighted: 333 }],
    ])
  })

  test('totals follow a changed stage probability', async () => {
    const env = openCore()
    const { lead } = await sales(env)
    await deal(env, 'A', { valueMinor: 1000 })
    expect(column(await env.ok('deals.board', {}), lead).totals).toEqual([{ currency: 'USD', value: 1000, weighted: 100 }])
    await env.ok('stages.update', { id: lead, probability: 33 })
    expect(column(await env.ok('deals.board', {}), lead).totals).toEqual([{ currency: 'USD', value: 1000, weighted: 330 }])
  })
})

describe('rotting and idle time, by the injected clock', () => {
  async function setup() {
    const env = openCore()
    const p: Pipeline = await env.ok('pipelines.create', {
      name: 'Rot',
      stages: [{ name: 'Three days', rottingDays: 3 }, { name: 'Never', rottingDays: null }],
    })
    const ana = await env.ok('contacts.create', { firstName: 'Ana' })
    const made = await deal(env, 'Slow', { pipelineId: p.id, contactId: ana.id })
    const card = async () => env.ok('deals.get', { id: made.id })
    const boardCard = async () => (await env.ok('deals.board', { pipelineId: p.id })).columns.flatMap((c) => c.deals).find((d) => d.id === made.id)!
    return { env, p, ana, made, card, boardCard }
  }

  test('exactly rottingDays idle is not rotting; one millisecond more is', async () => {
    const { env, card, boardCard } = await setup()
    env.clock.advance(3 * DAY)
    expect(await card()).toMatchObject({ rotting: false, idleDays: 3, daysInStage: 3 })
    expect(await boardCard()).toMatchObject({ rotting: false, idleDays: 3, daysInStage: 3 })
    env.clock.advance(1)
    expect(await card()).toMatchObject({ rotting: true, idleDays: 3, daysInStage: 3 })
    expect(await boardCard()).toMatchObject({ rotting: true })
    expect((await env.ok('deals.list', {})).items[0]).toMatchObject({ rotting: true })
  })

  test('a logged call resets idle time and rotting, a deleted call no longer counts; system entries never reset it', async () => {
    const { env, ana, made, card } = await setup()
    env.clock.advance(4 * DAY)
    expect(await card()).toMatchObject({ rotting: true, idleDays: 4 })
    const call = await env.ok('activities.create', { type: 'call', dealId: made.id, contactId: ana.id })
    expect(await card()).toMatchObject({ rotting: false, idleDays: 0, daysInStage: 4 })
    env.clock.advance(DAY + HOUR)
    expect(await card()).toMatchObject({ rotting: false, idleDays: 1, daysInStage: 5 })
    await env.ok('activities.delete', { ids: [call.id] })
    expect(await card()).toMatchObject({ rotting: true, idleDays: 5 })

    // A call on the contact but not on the deal does not touch the deal.
    await env.ok('activities.create', { type: 'call', contactId: ana.id })
    expect(await card()).toMatchObject({ rotting: true, idleDays: 5 })

    // Win (never rots) and reopen write system entries; they do not reset idle time.
    expect(await env.ok('deals.win', { id: made.id })).toMatchObject({ status: 'won', rotting: false })
    env.clock.advance(10 * DAY)
    expect(await card()).toMatchObject({ rotting: false, idleDays: 15 })
    expect(await env.ok('deals.reopen', { id: made.id })).toMatchObject({ status: 'open', rotting: true, idleDays: 15, daysInStage: 15 })
  })

  test('daysInStage counts from entering the stage and resets on a stage change; rottingDays null never rots', async () => {
    const { env, p, made, card } = await setup()
    env.clock.advance(2 * DAY + 23 * HOUR)
    expect(await card()).toMatchObject({ daysInStage: 2, idleDays: 2 })
    await env.ok('deals.move', { id: made.id, stageId: p.stages[1].id })
    expect(await card()).toMatchObject({ daysInStage: 0, idleDays: 0, rotting: false, stageEnteredAt: env.clock.now() })
    env.clock.advance(400 * DAY)
    expect(await card()).toMatchObject({ daysInStage: 400, idleDays: 400, rotting: false })
    // Moving within the stage keeps the entry time.
    await env.ok('deals.move', { id: made.id, stageId: p.stages[1].id, afterId: null })
    expect(await card()).toMatchObject({ daysInStage: 400 })
    await env.ok('deals.move', { id: made.id, stageId: p.stages[0].id })
    expect(await card()).toMatchObject({ daysInStage: 0, idleDays: 0, rotting: false })
    env.clock.advance(3 * DAY + 1)
    expect(await card()).toMatchObject({ rotting: true })
    // Turning rotting off for the stage turns it off for its deals.
    await env.ok('stages.update', { id: p.stages[0].id, rottingDays: null })
    expect(await card()).toMatchObject({ rotting: false })
  })

  test('won and lost deals never rot', async () => {
    const { env, made, card } = await setup()
    const other = await deal(env, 'Lost one', { stageId: (await card()).stageId })
    await env.ok('deals.win', { id: made.id })
    await env.ok('deals.lose', { id: other.id, reason: 'No budget' })
    env.clock.advance(100 * DAY)
    expect(await card()).toMatchObject({ rotting: false, idleDays: 100 })
    expect(await env.ok('deals.get', { id: other.id })).toMatchObject({ rotting: false })
  })
})

describe('deals.list and board filters', () => {
  async function setup() {
    const env = openCore()
    const { pipeline, lead, qualified } = await sales(env)
    const hiring = await env.ok('pipelines.create', { name: 'Hiring', stages: [{ name: 'Applied' }] })
    const acme = await env.ok('companies.create', { name: 'Acme' })
    const ana = await env.ok('contacts.create', { firstName: 'Ana' })
    const bob = await env.ok('contacts.create', { firstName: 'Bob' })
    const vip = await env.ok('tags.create', { name: 'VIP' })
    await env.ok('tags.assign', { tagId: vip.id, contactIds: [ana.id] })
    const make = async (title: string, extra: Record<string, unknown>) => {
      env.clock.advance(1000)
      return deal(env, title, extra)
    }
    const d = {
      alpha: await make('alpha', { valueMinor: 300, owner: 'Maria', contactId: ana.id, expectedClose: '2026-02-01', stageId: lead }),
      bravo: await make('Bravo', { valueMinor: 100, owner: 'maria', contactId: bob.id, companyId: acme.id, expectedClose: '2026-02-28', stageId: qualified }),
      charlie: await make('charlie', { valueMinor: 500, owner: 'Jo', companyId: acme.id, expectedClose: '2026-03-01', stageId: lead }),
      delta: await make('Delta', { valueMinor: 200, contactId: ana.id, expectedClose: '2026-01-31', stageId: qualified }),
      echo: await make('echo', { valueMinor: 400, owner: 'MARIA', expectedClose: '2026-02-15', stageId: hiring.stages[0].id }),
    }
    return { env, pipeline, hiring, acme, ana, bob, vip, d, lead, qualified }
  }
  const listTitles = async (env: Env, input: Record<string, unknown>) => titles((await env.ok('deals.list', input)).items)

  test('filters: pipeline, contact, company, status, owner (any case), tag via the contact, close dates inclusive', async () => {
    const { env, pipeline, hiring, acme, ana, vip, d } = await setup()
    await env.ok('deals.win', { id: d.charlie.id })
    const by = (input: Record<string, unknown>) => listTitles(env, { sort: 'title', direction: 'asc', ...input })
    expect(await by({})).toEqual(['alpha', 'Bravo', 'charlie', 'Delta', 'echo'])
    expect(await by({ pipelineId: pipeline.id })).toEqual(['alpha', 'Bravo', 'charlie', 'Delta'])
    expect(await by({ pipelineId: hiring.id })).toEqual(['echo'])
    expect(await by({ contactId: ana.id })).toEqual(['alpha', 'Delta'])
    expect(await by({ companyId: acme.id })).toEqual(['Bravo', 'charlie'])
    expect(await by({ status: 'won' })).toEqual(['charlie'])
    expect(await by({ status: 'open' })).toEqual(['alpha', 'Bravo', 'Delta', 'echo'])
    expect(await by({ status: 'lost' })).toEqual([])
    expect(await by({ owner: 'MARIA' })).toEqual(['alpha', 'Bravo', 'echo'])
    expect(await by({ owner: ' maria ' })).toEqual(['alpha', 'Bravo', 'echo'])
    expect(await by({ owner: 'Mar' })).toEqual([])
    expect(await by({ tagId: vip.id })).toEqual(['alpha', 'Delta'])
    expect(await by({ closeFrom: '2026-02-01', closeTo: '2026-02-28' })).toEqual(['alpha', 'Bravo', 'echo'])
    expect(await by({ closeFrom: '2026-03-01' })).toEqual(['charlie'])
    expect(await by({ closeTo: '2026-01-31' })).toEqual(['Delta'])
    expect(await by({ pipelineId: pipeline.id, owner: 'maria', status: 'open', closeTo: '2026-02-01' })).toEqual(['alpha'])
    expect((await env.ok('deals.list', { owner: 'maria' })).total).toBe(3)

    // Untagging the contact and deleting a deal take effect at once.
    await env.ok('tags.unassign', { tagId: vip.id, contactIds: [ana.id] })
    expect(await by({ tagId: vip.id })).toEqual([])
    await env.ok('deals.delete', { ids: [d.bravo.id] })
    expect(await by({ companyId: acme.id })).toEqual(['charlie'])
    await env.ok('deals.restore', { ids: [d.bravo.id] })
    expect(await by({ companyId: acme.id })).toEqual(['Bravo', 'charlie'])
  })

  test('sorting by value, title, expected close and stage, both ways; updated desc by default', async () => {
    const { env, d } = await setup()
    expect(await listTitles(env, { sort: 'value', direction: 'asc' })).toEqual(['Bravo', 'Delta', 'alpha', 'echo', 'charlie'])
    expect(await listTitles(env, { sort: 'value', direction: 'desc' })).toEqual(['charlie', 'echo', 'alpha', 'Delta', 'Bravo'])
    expect(await listTitles(env, { sort: 'title', direction: 'asc' })).toEqual(['alpha', 'Bravo', 'charlie', 'Delta', 'echo'])
    expect(await listTitles(env, { sort: 'title', direction: 'desc' })).toEqual(['echo', 'Delta', 'charlie', 'Bravo', 'alpha'])
    expect(await listTitles(env, { sort: 'expectedClose', direction: 'asc' })).toEqual(['Delta', 'alpha', 'echo', 'Bravo', 'charlie'])
    expect(await listTitles(env, { sort: 'expectedClose', direction: 'desc' })).toEqual(['charlie', 'Bravo', 'echo', 'alpha', 'Delta'])
    expect(await listTitles(env, { sort: 'created', direction: 'asc' })).toEqual(['alpha', 'Bravo', 'charlie', 'Delta', 'echo'])
    // Stage position (Lead in and Applied are both 0), ties by id, i.e. by creation.
    expect(await listTitles(env, { sort: 'stage', direction: 'asc' })).toEqual(['alpha', 'charlie', 'echo', 'Bravo', 'Delta'])
    expect(await listTitles(env, { sort: 'stage', direction: 'desc' })).toEqual(['Delta', 'Bravo', 'echo', 'charlie', 'alpha'])
    env.clock.advance(1000)
    await env.ok('deals.update', { id: d.bravo.id, patch: { notes: 'touched' } })
    expect(await listTitles(env, {})).toEqual(['Bravo', 'echo', 'Delta', 'charlie', 'alpha'])
    const unknownSort = await env.err('deals.list', { sort: 'probability' })
    expect([unknownSort.code, problemPath(unknownSort)]).toEqual(['VALIDATION', 'sort'])
  })

  test('paging returns the total of the filtered set', async () => {
    const { env } = await setup()
    const page = (offset: number, limit: number) => env.ok('deals.list', { sort: 'value', direction: 'asc', offset, limit })
    expect(await page(0, 2)).toMatchObject({ total: 5, items: [{ title: 'Bravo' }, { title: 'Delta' }] })
    expect(titles((await page(2, 2)).items)).toEqual(['alpha', 'echo'])
    expect(titles((await page(4, 2)).items)).toEqual(['charlie'])
    expect(await page(10, 2)).toEqual({ total: 5, items: [] })
    expect(await env.ok('deals.list', { owner: 'maria', limit: 1 })).toMatchObject({ total: 3 })
    expect((await env.err('deals.list', { limit: 501 })).code).toBe('VALIDATION')
  })

  test('the board applies the same filters and counts the open deals they hide', async () => {
    const { env, pipeline, hiring, vip, d, lead, qualified } = await setup()
    const lost = await deal(env, 'lost', { owner: 'Maria' })
    await env.ok('deals.lose', { id: lost.id, reason: 'No' })
    const board = await env.ok('deals.board', {})
    expect(board.pipeline.id).toBe(pipeline.id)
    expect(board.hiddenByFilters).toBe(0)
    expect(ids(column(board, lead).deals)).toEqual([d.alpha.id, d.charlie.id])

    const maria = await env.ok('deals.board', { owner: 'MARIA' })
    expect([ids(column(maria, lead).deals), ids(column(maria, qualified).deals)]).toEqual([[d.alpha.id], [d.bravo.id]])
    expect(maria.hiddenByFilters).toBe(2)
    expect(column(maria, lead)).toMatchObject({ count: 1, totals: [{ currency: 'USD', value: 300, weighted: 30 }] })

    const tagged = await env.ok('deals.board', { tagId: vip.id, closeFrom: '2026-02-01' })
    expect(columnIds(tagged).flat()).toEqual([d.alpha.id])
    expect(tagged.hiddenByFilters).toBe(3)

    const hiringMaria = await env.ok('deals.board', { pipelineId: hiring.id, owner: 'maria', closeTo: '2026-02-14' })
    expect(columnIds(hiringMaria)).toEqual([[]])
    expect(hiringMaria.hiddenByFilters).toBe(1)
  })
})

describe('deals.outcomes: what became of a pipeline\'s deals', () => {
  test('counts won and lost per status and sums per currency in the window; deleted deals and other pipelines stay out', async () => {
    const env = openCore()
    const { pipeline } = await sales(env)
    const hiring = await env.ok('pipelines.create', { name: 'Hiring', stages: [{ name: 'Applied' }] })
    const start = env.clock.now()
    const closed = async (title: string, valueMinor: number, currency: string, outcome: 'won' | 'lost', extra: Record<string, unknown> = {}) => {
      const made = await deal(env, title, { valueMinor, currency, ...extra })
      if (outcome === 'won') await env.ok('deals.win', { id: made.id })
      else await env.ok('deals.lose', { id: made.id, reason: 'Price' })
      return made
    }
    // before the window: one won deal
    await closed('old win', 99_00, 'USD', 'won')
    env.clock.advance(10 * DAY)
    const from = env.clock.now()
    await closed('usd 1', 1_000_00, 'USD', 'won')
    await closed('usd 2', 240_00, 'USD', 'won')
    await closed('eur', 500_00, 'EUR', 'won')
    await closed('lost eur', 70_00, 'EUR', 'lost')
    const gone = await closed('deleted win', 5_000_00, 'USD', 'won')
    await env.ok('deals.delete', { ids: [gone.id] })
    await closed('other pipeline', 8_000_00, 'USD', 'won', { pipelineId: hiring.id })
    const reopened = await closed('reopened', 1_00, 'USD', 'lost')
    await env.ok('deals.reopen', { id: reopened.id })
    await deal(env, 'still open')
    env.clock.advance(DAY)
    const to = env.clock.now()
    await closed('after the window', 3_00, 'GBP', 'lost')

    const inWindow = await env.ok('deals.outcomes', { closedFrom: from, closedTo: to })
    expect(inWindow).toEqual({
      pipelineId: pipeline.id,
      won: { count: 3, totals: [{ currency: 'USD', value: 1_240_00 }, { currency: 'EUR', value: 500_00 }] },
      lost: { count: 1, totals: [{ currency: 'EUR', value: 70_00 }] },
      open: 2,
      closedEver: 6,
    })
    const allTime = await env.ok('deals.outcomes', {})
    expect(allTime.won).toEqual({ count: 4, totals: [{ currency: 'USD', value: 1_339_00 }, { currency: 'EUR', value: 500_00 }] })
    expect(allTime.lost).toEqual({ count: 2, totals: [{ currency: 'EUR', value: 70_00 }, { currency: 'GBP', value: 3_00 }] })
    expect(await env.ok('deals.outcomes', { pipelineId: hiring.id, closedFrom: start })).toMatchObject({ won: { count: 1, totals: [{ currency: 'USD', value: 8_000_00 }] }, lost: { count: 0, totals: [] }, open: 0, closedEver: 1 })

    // the list shows the same deals for the same window
    const listed = await env.ok('deals.list', { pipelineId: pipeline.id, status: 'won', closedFrom: from, closedTo: to, sort: 'closed' })
    expect(titles(listed.items).sort()).toEqual(['eur', 'usd 1', 'usd 2'])
    // a window that ends before it starts is refused, and an unknown pipeline is not found
    expect((await env.err('deals.outcomes', { closedFrom: to, closedTo: from })).code).toBe('VALIDATION')
    expect((await env.err('deals.list', { closedFrom: to, closedTo: to })).code).toBe('VALIDATION')
    expect((await env.err('deals.outcomes', { pipelineId: UNKNOWN_ID })).code).toBe('NOT_FOUND')
  })

  test('a pipeline with no deals at all: zero everywhere', async () => {
    const env = openCore()
    expect(await env.ok('deals.outcomes', {})).toMatchObject({ won: { count: 0, totals: [] }, lost: { count: 0, totals: [] }, open: 0, closedEver: 0 })
  })
})
