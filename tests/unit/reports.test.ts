/**
 * Reports: every figure checked against a small fixed fixture built through the commands with the
 * fake clock; every expected number is worked out by hand in the comments next to it.
 *
 * Calendar grouping (month, quarter, week) uses the local time zone, so the file runs in UTC.
 */
import { afterAll, describe, expect, test } from 'vitest'
import type {
  ActivityRow,
  Dashboard,
  FunnelRow,
  LeadSourceRow,
  LostReasonRow,
  RevenueRow,
  SalesCycleRow,
  WinRateRow,
} from '../../src-shared/model/report'
import { MAX_REPORT_RANGE_MS, MAX_REPORT_YEARS } from '../../src-shared/model/report'
import { fakeClock, openCore } from './helpers'

const ORIGINAL_TZ = process.env.TZ
process.env.TZ = 'UTC'
afterAll(() => {
  if (ORIGINAL_TZ === undefined) delete process.env.TZ
  else process.env.TZ = ORIGINAL_TZ
})

type Env = ReturnType<typeof openCore>

/** A moment in UTC (= local time here): month is 1-based, 09:00 unless told. */
const at = (y: number, m: number, d: number, h = 9, min = 0) => Date.UTC(y, m - 1, d, h, min)

const problemPath = (error: { details?: unknown }) => (error.details as { problems: { path: string }[] }).problems[0].path

/** The default "Sales" pipeline made on first start: Lead in 10 %, Qualified 25 %, Proposal sent 50 %, Negotiation 75 %. */
async function sales(env: Env) {
  const [pipeline] = await env.ok('pipelines.list')
  const stage = (name: string) => pipeline.stages.find((s) => s.name === name)!.id
  return { pipeline, lead: stage('Lead in'), qualified: stage('Qualified'), proposal: stage('Proposal sent'), negotiation: stage('Negotiation') }
}

/**
 * The fixture (2026, UTC, 09:00 unless told; February 2026 has 28 days; 2 Feb is a Monday).
 *
 * Contacts (created → lead source, lifecycle, owner):
 *   c1 Ana   2 Feb  LinkedIn  customer  Maria
 *   c2 Ben   2 Feb  LinkedIn  lead      Maria
 *   c3 Cleo  3 Feb  Facebook  lead      Joao
 *   c4 Dan   3 Feb  Facebook  prospect  —
 *   c5 Eve   4 Feb  Referral  customer  Joao
 *   c6 Finn  4 Feb  —         lead      —
 *   c7 Gus   Sun 22 Mar 20:00, c8 Hana Mon 23 Mar, c9 Ivo 24 Mar (deleted): only for the dashboard's week.
 *
 * Deals (all in "Sales"):
 *   D1  c1  Maria  USD 100000  Lead 5 Feb → Qualified 7 Feb → Proposal 10 Feb → won 16 Feb   (cycle 11 d)
 *   D2  c1  Maria  EUR  50001  Lead 5 Feb → won 2 Mar                                      (cycle 25 d)
 *   D3  c2  Joao   USD 200000  Lead 6 Feb → Qualified 8 Feb → lost 5 Mar "Price" (expected close 2026-03-15, ignored: not open)
 *   D4  c3  Maria  USD  30000  Lead 6 Feb → lost 20 Feb "Timing"
 *   D5  c4  —      EUR  80000  Lead 9 Feb → Q 10 Feb → P 12 Feb → N 16 Feb → back to P 18 Feb → lost 10 Mar "Price"
 *   D6  c5  Joao   USD 150000  Lead 10 Feb → Negotiation 11 Feb → won 20 Mar                (cycle 38 d; expected 2026-03-31, ignored)
 *   D7  c6  —      USD  40000  Lead 11 Feb → Proposal 13 Feb; open, expected 2026-03-20
 *   D8  —   Maria  EUR  60000  created in Proposal 12 Feb; open, expected 2026-02-27
 *   D9  c2  Joao   USD  20000  Lead 12 Feb; open, expected 2026-03-31
 *   D10 —   Joao   EUR  70000  Lead 13 Feb → won 4 Mar                                      (cycle 19 d)
 *   D11 c3  Maria  EUR  10000  Lead 14 Feb → lost 25 Feb "Chose competitor"
 *   D12 c1  Maria  USD 999999  created, won and deleted on 14 Feb: must show up nowhere.
 *
 * Entries (occurredAt → type, link; contact owner):
 *   A1 Tue 3 Feb 14:00   call     c1 (Maria)
 *   A2 Sun 8 Feb 20:00   email    c1 (Maria)       — a Sunday: still the week of Mon 2 Feb
 *   A3 Mon 9 Feb 00:00   meeting  c3 (Joao)        — the first moment of the week of 9 Feb
 *   A4 Tue 10 Feb        note     c6 (no owner)
 *   A5 Wed 11 Feb        call     deal D8 only (no contact → '')
 *   A6 Tue 24 Feb        call     c5 (Joao)
 *   A7 Thu 26 Feb        email    c2 (Maria)
 *   A8 Thu 26 Feb        note     c4, deleted
 *   A9 Fri 20 Mar        meeting  c2 (Maria) + deal D9 (owned by Joao: the contact's owner counts)
 *   plus the system entries the deal commands write, which no report counts.
 *
 * Follow-ups: due 20 Mar (overdue), 25 Mar 15:00 (today), 26 Mar 00:00 (tomorrow), 24 Mar done.
 * The clock ends at Wed 25 Mar 2026 09:00.
 */
async function fixture() {
  const env = openCore({ clock: fakeClock(at(2026, 2, 2)) })
  const { ok, clock } = env
  const s = await sales(env)
  const contact = (firstName: string, extra: Record<string, unknown>) => ok('contacts.create', { firstName, ...extra })
  const deal = (title: string, extra: Record<string, unknown>) => ok('deals.create', { title, ...extra })
  const move = (id: string, stageId: string) => ok('deals.move', { id, stageId })

  clock.set(at(2026, 2, 2))
  const c1 = await contact('Ana', { leadSource: 'LinkedIn', lifecycleStage: 'customer', owner: 'Maria' })
  const c2 = await contact('Ben', { leadSource: 'LinkedIn', lifecycleStage: 'lead', owner: 'Maria' })
  clock.set(at(2026, 2, 3))
  const c3 = await contact('Cleo', { leadSource: 'Facebook', owner: 'Joao' })
  const c4 = await contact('Dan', { leadSource: 'Facebook', lifecycleStage: 'prospect' })
  clock.set(at(2026, 2, 4))
  const c5 = await contact('Eve', { leadSource: 'Referral', lifecycleStage: 'customer', owner: 'Joao' })
  const c6 = await contact('Finn', {})

  clock.set(at(2026, 2, 5))
  const d1 = await deal('D1', { contactId: c1.id, owner: 'Maria', valueMinor: 100000, currency: 'USD' })
  const d2 = await deal('D2', { contactId: c1.id, owner: 'Maria', valueMinor: 50001, currency: 'EUR' })
  clock.set(at(2026, 2, 6))
  const d3 = await deal('D3', { contactId: c2.id, owner: 'Joao', valueMinor: 200000, currency: 'USD', expectedClose: '2026-03-15' })
  const d4 = await deal('D4', { contactId: c3.id, owner: 'Maria', valueMinor: 30000, currency: 'USD' })
  clock.set(at(2026, 2, 7))
  await move(d1.id, s.qualified)
  clock.set(at(2026, 2, 8))
  await move(d3.id, s.qualified)
  clock.set(at(2026, 2, 9))
  const d5 = await deal('D5', { contactId: c4.id, valueMinor: 80000, currency: 'EUR' })
  clock.set(at(2026, 2, 10))
  await move(d1.id, s.proposal)
  await move(d5.id, s.qualified)
  const d6 = await deal('D6', { contactId: c5.id, owner: 'Joao', valueMinor: 150000, currency: 'USD', expectedClose: '2026-03-31' })
  clock.set(at(2026, 2, 11))
  await move(d6.id, s.negotiation)
  const d7 = await deal('D7', { contactId: c6.id, valueMinor: 40000, currency: 'USD', expectedClose: '2026-03-20' })
  clock.set(at(2026, 2, 12))
  await move(d5.id, s.proposal)
  const d8 = await deal('D8', { stageId: s.proposal, owner: 'Maria', valueMinor: 60000, currency: 'EUR', expectedClose: '2026-02-27' })
  const d9 = await deal('D9', { contactId: c2.id, owner: 'Joao', valueMinor: 20000, currency: 'USD', expectedClose: '2026-03-31' })
  clock.set(at(2026, 2, 13))
  await move(d7.id, s.proposal)
  const d10 = await deal('D10', { owner: 'Joao', valueMinor: 70000, currency: 'EUR' })
  clock.set(at(2026, 2, 14))
  const d11 = await deal('D11', { contactId: c3.id, owner: 'Maria', valueMinor: 10000, currency: 'EUR' })
  const d12 = await deal('D12', { contactId: c1.id, owner: 'Maria', valueMinor: 999999, currency: 'USD', expectedClose: '2026-03-10' })
  await ok('deals.win', { id: d12.id })
  await ok('deals.delete', { ids: [d12.id] })
  clock.set(at(2026, 2, 16))
  await ok('deals.win', { id: d1.id })
  await move(d5.id, s.negotiation)
  clock.set(at(2026, 2, 18))
  await move(d5.id, s.proposal)
  clock.set(at(2026, 2, 20))
  await ok('deals.lose', { id: d4.id, reason: 'Timing' })
  clock.set(at(2026, 2, 25))
  await ok('deals.lose', { id: d11.id, reason: 'Chose competitor' })
  clock.set(at(2026, 3, 2))
  await ok('deals.win', { id: d2.id })
  clock.set(at(2026, 3, 4))
  await ok('deals.win', { id: d10.id })
  clock.set(at(2026, 3, 5))
  await ok('deals.lose', { id: d3.id, reason: 'Price' })
  clock.set(at(2026, 3, 10))
  await ok('deals.lose', { id: d5.id, reason: 'Price' })
  clock.set(at(2026, 3, 20))
  await ok('deals.win', { id: d6.id })

  clock.set(at(2026, 3, 22, 20))
  await contact('Gus', { leadSource: 'Website' })
  clock.set(at(2026, 3, 23))
  await contact('Hana', { leadSource: 'Website' })
  clock.set(at(2026, 3, 24))
  const c9 = await contact('Ivo', { leadSource: 'Website' })
  await ok('contacts.delete', { ids: [c9.id] })

  clock.set(at(2026, 3, 25))
  const entry = (type: string, occurredAt: number, links: Record<string, string>) => ok('activities.create', { type, occurredAt, ...links })
  await entry('call', at(2026, 2, 3, 14), { contactId: c1.id })
  await entry('email', at(2026, 2, 8, 20), { contactId: c1.id })
  await entry('meeting', at(2026, 2, 9, 0), { contactId: c3.id })
  await entry('note', at(2026, 2, 10), { contactId: c6.id })
  await entry('call', at(2026, 2, 11), { dealId: d8.id })
  await entry('call', at(2026, 2, 24), { contactId: c5.id })
  await entry('email', at(2026, 2, 26), { contactId: c2.id })
  const a8 = await entry('note', at(2026, 2, 26), { contactId: c4.id })
  await ok('activities.delete', { ids: [a8.id] })
  await entry('meeting', at(2026, 3, 20), { contactId: c2.id, dealId: d9.id })

  await ok('tasks.create', { title: 'Overdue', dueAt: at(2026, 3, 20) })
  await ok('tasks.create', { title: 'Today', dueAt: at(2026, 3, 25, 15) })
  await ok('tasks.create', { title: 'Tomorrow', dueAt: at(2026, 3, 26, 0) })
  const done = await ok('tasks.create', { title: 'Done', dueAt: at(2026, 3, 24) })
  await ok('tasks.complete', { id: done.id })

  return { env, ok, s, deals: { d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11, d12 } }
}

describe('reports.dashboard', () => {
  test('follow-ups, pipeline this month and quarter, won this and last month, new leads, rotting deals', async () => {
    const { ok } = await fixture()
    // Now: Wed 25 Mar 2026 09:00.
    const dashboard = await ok('reports.dashboard', {
      dayStart: at(2026, 3, 25, 0),
      dayEnd: at(2026, 3, 26, 0),
      weekStart: at(2026, 3, 23, 0),
      monthStart: at(2026, 3, 1, 0),
      monthEnd: at(2026, 4, 1, 0),
      prevMonthStart: at(2026, 2, 1, 0),
      quarterStart: at(2026, 1, 1, 0),
      quarterEnd: at(2026, 4, 1, 0),
    })
    const expected: Dashboard = {
      // Open: "Overdue" (20 Mar) before today; "Today" (15:00) today; "Tomorrow" at dayEnd is neither; "Done" is done.
      followUps: { overdue: 1, today: 1 },
      // Open deals expected in March: D7 USD 40000 × 50 % = 20000, D9 USD 20000 × 10 % = 2000.
      // Not D3 (lost, 15 Mar), D6 (won, 31 Mar), D12 (deleted, 10 Mar), D8 (27 Feb).
      pipelineThisMonth: [{ currency: 'USD', value: 60000, weighted: 22000 }],
      // Q1 adds D8 EUR 60000 × 50 % = 30000 (expected 27 Feb).
      pipelineThisQuarter: [
        { currency: 'EUR', value: 60000, weighted: 30000 },
        { currency: 'USD', value: 60000, weighted: 22000 },
      ],
      // Won in March: D2 EUR 50001 + D10 EUR 70000 = 120001; D6 USD 150000.
      wonThisMonth: [
        { currency: 'EUR', value: 120001 },
        { currency: 'USD', value: 150000 },
      ],
      // Won in February: D1 USD 100000 (D12 is deleted).
      wonLastMonth: [{ currency: 'USD', value: 100000 }],
      // Hana (Mon 23 Mar 09:00); not Gus (Sun 22 Mar 20:00, last week), not Ivo (deleted).
      newLeadsThisWeek: 1,
      // Open: D7 Proposal (10 d) since 13 Feb → rotting; D8 Proposal since 12 Feb (its call on 11 Feb is older) → rotting;
      // D9 Lead in (14 d) since 12 Feb but a meeting on 20 Mar, 5 days ago → not rotting.
      rottingDeals: 2,
    }
    expect(dashboard).toEqual(expected)
  })

  test('boundaries are honoured: the day, the months and the quarter are [start, end)', async () => {
    const { ok } = await fixture()
    // February as "this month", January as "last month", a day with the "Tomorrow" follow-up at its very start.
    const dashboard = await ok('reports.dashboard', {
      dayStart: at(2026, 3, 26, 0),
      dayEnd: at(2026, 3, 27, 0),
      weekStart: at(2026, 3, 23, 9), // Hana was created at exactly this moment: counted
      monthStart: at(2026, 2, 1, 0),
      monthEnd: at(2026, 3, 1, 0),
      prevMonthStart: at(2026, 1, 1, 0),
      quarterStart: at(2026, 4, 1, 0),
      quarterEnd: at(2026, 7, 1, 0),
    })
    expect(dashboard).toEqual({
      // "Overdue" and "Today" are now both before the day; "Tomorrow" is due at its start.
      followUps: { overdue: 2, today: 1 },
      // Expected in February: D8 only.
      pipelineThisMonth: [{ currency: 'EUR', value: 60000, weighted: 30000 }],
      // Nothing expected in Q2.
      pipelineThisQuarter: [],
      wonThisMonth: [{ currency: 'USD', value: 100000 }],
      wonLastMonth: [],
      // [Mon 23 Mar 09:00, 27 Mar): Hana.
      newLeadsThisWeek: 1,
      rottingDeals: 2,
    } satisfies Dashboard)
  })
})

describe('reports.leadSources', () => {
  test('leads, customers and conversion per source; win rate of their deals closed in the range; the "no source" row last', async () => {
    const { ok } = await fixture()
    // [1 Feb, 21 Mar): c1–c6 were created; every close (16 Feb … 20 Mar) is in; Gus, Hana and Ivo are not.
    const rows = await ok('reports.leadSources', { from: at(2026, 2, 1, 0), to: at(2026, 3, 21, 0) })
    const expected: LeadSourceRow[] = [
      // Facebook: Cleo, Dan, no customer → 0 / 2 = 0. Closed: D4 lost, D5 lost, D11 lost → 0 / 3 = 0.
      { source: 'Facebook', leads: 2, customers: 0, conversionRate: 0, dealsWon: 0, dealsLost: 3, winRate: 0 },
      // LinkedIn: Ana (customer), Ben → 1 / 2. Closed: D1 won, D2 won, D3 lost → 2 / 3 (D12 deleted).
      { source: 'LinkedIn', leads: 2, customers: 1, conversionRate: 0.5, dealsWon: 2, dealsLost: 1, winRate: 2 / 3 },
      // Referral: Eve (customer) → 1 / 1. Closed: D6 won → 1 / 1.
      { source: 'Referral', leads: 1, customers: 1, conversionRate: 1, dealsWon: 1, dealsLost: 0, winRate: 1 },
      // No source: Finn, a lead → 0 / 1. Closed: D10 (no contact) won → 1 / 1. D7 (Finn's) is open.
      { source: null, leads: 1, customers: 0, conversionRate: 0, dealsWon: 1, dealsLost: 0, winRate: 1 },
    ]
    expect(rows).toEqual(expected)
  })

  test('a range with closes but no new leads: conversion is null, win rates still count', async () => {
    const { ok } = await fixture()
    // [1 Mar, 21 Mar): no contact created. Closed: D2 won (LinkedIn), D10 won (none), D3 lost (LinkedIn), D5 lost (Facebook), D6 won (Referral).
    const rows = await ok('reports.leadSources', { from: at(2026, 3, 1, 0), to: at(2026, 3, 21, 0) })
    expect(rows).toEqual([
      { source: 'Facebook', leads: 0, customers: 0, conversionRate: null, dealsWon: 0, dealsLost: 1, winRate: 0 },
      { source: 'LinkedIn', leads: 0, customers: 0, conversionRate: null, dealsWon: 1, dealsLost: 1, winRate: 0.5 },
      { source: 'Referral', leads: 0, customers: 0, conversionRate: null, dealsWon: 1, dealsLost: 0, winRate: 1 },
      { source: null, leads: 0, customers: 0, conversionRate: null, dealsWon: 1, dealsLost: 0, winRate: 1 },
    ] satisfies LeadSourceRow[])
  })

  test('leads without closed deals: win rate is null; more leads sort first', async () => {
    const { ok } = await fixture()
    // [22 Mar, 26 Mar): Gus and Hana (Website; Ivo deleted); no deal closed.
    const rows = await ok('reports.leadSources', { from: at(2026, 3, 22, 0), to: at(2026, 3, 26, 0) })
    expect(rows).toEqual([{ source: 'Website', leads: 2, customers: 0, conversionRate: 0, dealsWon: 0, dealsLost: 0, winRate: null }] satisfies LeadSourceRow[])
  })
})

describe('reports.winRate', () => {
  // Closed in [1 Feb, 1 Apr):
  //   won:  D1 16 Feb USD 100000 Maria · D2 2 Mar EUR 50001 Maria · D10 4 Mar EUR 70000 Joao · D6 20 Mar USD 150000 Joao
  //   lost: D4 20 Feb Maria · D11 25 Feb Maria · D3 5 Mar Joao · D5 10 Mar (no owner)
  const range = { from: at(2026, 2, 1, 0), to: at(2026, 4, 1, 0) }

  test('by month (the default)', async () => {
    const { ok } = await fixture()
    const expected: WinRateRow[] = [
      // February: D1 won; D4, D11 lost → 1 / 3.
      { group: '2026-02', won: 1, lost: 2, winRate: 1 / 3, averageWon: [{ currency: 'USD', value: 100000 }] },
      // March: D2, D10, D6 won; D3, D5 lost → 3 / 5. EUR (50001 + 70000) / 2 = 60000.5 → 60001; USD 150000.
      {
        group: '2026-03',
        won: 3,
        lost: 2,
        winRate: 0.6,
        averageWon: [
          { currency: 'EUR', value: 60001 },
          { currency: 'USD', value: 150000 },
        ],
      },
    ]
    expect(await ok('reports.winRate', range)).toEqual(expected)
    expect(await ok('reports.winRate', { ...range, groupBy: 'month' })).toEqual(expected)
  })

  test('by quarter', async () => {
    const { ok } = await fixture()
    // Q1: 4 won, 4 lost → 0.5. EUR (50001 + 70000) / 2 → 60001; USD (100000 + 150000) / 2 = 125000.
    expect(await ok('reports.winRate', { ...range, groupBy: 'quarter' })).toEqual([
      {
        group: '2026-Q1',
        won: 4,
        lost: 4,
        winRate: 0.5,
        averageWon: [
          { currency: 'EUR', value: 60001 },
          { currency: 'USD', value: 125000 },
        ],
      },
    ] satisfies WinRateRow[])
  })

  test('by owner ("" for none)', async () => {
    const { ok } = await fixture()
    expect(await ok('reports.winRate', { ...range, groupBy: 'owner' })).toEqual([
      // No owner: D5 lost → 0, no won size.
      { group: '', won: 0, lost: 1, winRate: 0, averageWon: [] },
      // Joao: D10 EUR 70000, D6 USD 150000 won; D3 lost → 2 / 3.
      {
        group: 'Joao',
        won: 2,
        lost: 1,
        winRate: 2 / 3,
        averageWon: [
          { currency: 'EUR', value: 70000 },
          { currency: 'USD', value: 150000 },
        ],
      },
      // Maria: D1 USD 100000, D2 EUR 50001 won; D4, D11 lost → 0.5.
      {
        group: 'Maria',
        won: 2,
        lost: 2,
        winRate: 0.5,
        averageWon: [
          { currency: 'EUR', value: 50001 },
          { currency: 'USD', value: 100000 },
        ],
      },
    ] satisfies WinRateRow[])
  })

  test('the range is [from, to): a close at `to` is out, one at `from` is in', async () => {
    const { ok } = await fixture()
    // [16 Feb 09:00 (D1 won), 2 Mar 09:00 (D2 won, excluded)): D1 won, D4 and D11 lost.
    expect(await ok('reports.winRate', { from: at(2026, 2, 16), to: at(2026, 3, 2) })).toEqual([
      { group: '2026-02', won: 1, lost: 2, winRate: 1 / 3, averageWon: [{ currency: 'USD', value: 100000 }] },
    ] satisfies WinRateRow[])
  })
})

describe('reports.salesCycle', () => {
  test('an even count: average and median of days from created to won', async () => {
    const { ok, s } = await fixture()
    // Won in [1 Feb, 1 Apr): D1 11, D10 19, D2 25, D6 38 days (D12 deleted).
    // Average 93 / 4 = 23.25 → 23.3 (one decimal); median (19 + 25) / 2 = 22.
    expect(await ok('reports.salesCycle', { from: at(2026, 2, 1, 0), to: at(2026, 4, 1, 0) })).toEqual([
      { pipelineId: s.pipeline.id, pipeline: 'Sales', won: 4, averageDays: 23.3, medianDays: 22 },
    ] satisfies SalesCycleRow[])
  })

  test('an odd count', async () => {
    const { ok, s } = await fixture()
    // Won in March: D10 19, D2 25, D6 38 → average 82 / 3 = 27.33 → 27.3; median 25.
    expect(await ok('reports.salesCycle', { from: at(2026, 3, 1, 0), to: at(2026, 4, 1, 0) })).toEqual([
      { pipelineId: s.pipeline.id, pipeline: 'Sales', won: 3, averageDays: 27.3, medianDays: 25 },
    ] satisfies SalesCycleRow[])
  })

  test('half days, and a pipeline without wins gets a row of its own with nulls', async () => {
    const env = openCore({ clock: fakeClock(at(2026, 5, 1)) })
    const { ok, clock } = env
    const s = await sales(env)
    const hiring = await ok('pipelines.create', { name: 'Hiring', stages: [{ name: 'Applied' }, { name: 'Offer' }] })
    const a = await ok('deals.create', { title: 'A' })
    const b = await ok('deals.create', { title: 'B' })
    await ok('deals.create', { title: 'H', pipelineId: hiring.id })
    clock.set(at(2026, 5, 2, 21)) // A: 1.5 days
    await ok('deals.win', { id: a.id })
    clock.set(at(2026, 5, 5, 9)) // B: 4 days
    await ok('deals.win', { id: b.id })
    // Sales: (1.5 + 4) / 2 = 2.75 → 2.8; median of two = the average. Hiring: nothing won.
    expect(await ok('reports.salesCycle', { from: at(2026, 5, 1, 0), to: at(2026, 6, 1, 0) })).toEqual([
      { pipelineId: s.pipeline.id, pipeline: 'Sales', won: 2, averageDays: 2.8, medianDays: 2.8 },
      { pipelineId: hiring.id, pipeline: 'Hiring', won: 0, averageDays: null, medianDays: null },
    ] satisfies SalesCycleRow[])
  })
})

describe('reports.funnel', () => {
  test('reached per stage from the moves, conversion to the next, open deals now, average days in stage', async () => {
    const { ok, s } = await fixture()
    // Deals created in [1 Feb, 1 Mar): D1–D11 (D12 deleted). Furthest stage (0 Lead in … 3 Negotiation):
    //   D1 2 · D2 0 · D3 1 · D4 0 · D5 3 (went back to Proposal) · D6 3 (skipped stages) · D7 2 · D8 2 (created there)
    //   D9 0 · D10 0 · D11 0.
    // Reached: Lead in 11; Qualified (≥ 1) D1 D3 D5 D6 D7 D8 = 6; Proposal (≥ 2) D1 D5 D6 D7 D8 = 5; Negotiation D5 D6 = 2.
    // Open now: Lead in D9 USD 20000; Proposal D7 USD 40000, D8 EUR 60000.
    // Stays entered in the range (until they left, or now = 25 Mar 09:00 for open ones):
    //   Lead in:  D1 5→7 Feb 2, D2 5 Feb→2 Mar 25, D3 6→8 Feb 2, D4 6→20 Feb 14, D5 9→10 Feb 1, D6 10→11 Feb 1,
    //             D7 11→13 Feb 2, D9 12 Feb→25 Mar 41, D10 13 Feb→4 Mar 19, D11 14→25 Feb 11 → 118 / 10 = 11.8
    //   Qualified: D1 7→10 Feb 3, D3 8 Feb→5 Mar 25, D5 10→12 Feb 2 → 30 / 3 = 10
    //   Proposal:  D1 10→16 Feb 6, D5 12→16 Feb 4, D5 18 Feb→10 Mar 20, D7 13 Feb→25 Mar 40, D8 12 Feb→25 Mar 41 → 111 / 5 = 22.2
    //   Negotiation: D5 16→18 Feb 2, D6 11 Feb→20 Mar 37 → 39 / 2 = 19.5
    const expected: FunnelRow[] = [
      { stageId: s.lead, stage: 'Lead in', reached: 11, conversionToNext: 6 / 11, openDeals: 1, openValue: [{ currency: 'USD', value: 20000 }], averageDaysInStage: 11.8 },
      { stageId: s.qualified, stage: 'Qualified', reached: 6, conversionToNext: 5 / 6, openDeals: 0, openValue: [], averageDaysInStage: 10 },
      {
        stageId: s.proposal,
        stage: 'Proposal sent',
        reached: 5,
        conversionToNext: 2 / 5,
        openDeals: 2,
        openValue: [
          { currency: 'EUR', value: 60000 },
          { currency: 'USD', value: 40000 },
        ],
        averageDaysInStage: 22.2,
      },
      { stageId: s.negotiation, stage: 'Negotiation', reached: 2, conversionToNext: null, openDeals: 0, openValue: [], averageDaysInStage: 19.5 },
    ]
    expect(await ok('reports.funnel', { from: at(2026, 2, 1, 0), to: at(2026, 3, 1, 0) })).toEqual(expected)
    expect(await ok('reports.funnel', { from: at(2026, 2, 1, 0), to: at(2026, 3, 1, 0), pipelineId: s.pipeline.id })).toEqual(expected)
  })

  test('a later range: reached counts deals created in it, stays count visits entered in it', async () => {
    const { ok, s } = await fixture()
    // Created in [9 Feb, 1 Mar): D5 3, D6 3, D7 2, D8 2, D9 0, D10 0, D11 0 → Lead in 7, Qualified 4, Proposal 4, Negotiation 2.
    // Stays entered in the range:
    //   Lead in: D5 1, D6 1, D7 2, D9 41, D10 19, D11 11 → 75 / 6 = 12.5
    //   Qualified: D5 2 (D1 and D3 entered before 9 Feb) → 2
    //   Proposal: D1 6 (D1 was created before the range, but entered Proposal on 10 Feb), D5 4, D5 20, D7 40, D8 41 → 22.2
    //   Negotiation: D5 2, D6 37 → 19.5
    const rows = await ok('reports.funnel', { from: at(2026, 2, 9, 0), to: at(2026, 3, 1, 0) })
    expect(rows.map((r) => [r.stage, r.reached, r.conversionToNext, r.averageDaysInStage])).toEqual([
      ['Lead in', 7, 4 / 7, 12.5],
      ['Qualified', 4, 1, 2],
      ['Proposal sent', 4, 0.5, 22.2],
      ['Negotiation', 2, null, 19.5],
    ])
    // Open deals are "now", whatever the range.
    expect(rows.map((r) => [r.stageId, r.openDeals])).toEqual([
      [s.lead, 1],
      [s.qualified, 0],
      [s.proposal, 2],
      [s.negotiation, 0],
    ])
  })

  test('another pipeline by id', async () => {
    const env = openCore({ clock: fakeClock(at(2026, 5, 1)) })
    const { ok, clock } = env
    const hiring = await ok('pipelines.create', {
      name: 'Hiring',
      stages: [
        { name: 'Applied', probability: 20 },
        { name: 'Offer', probability: 80 },
      ],
    })
    const [applied, offer] = hiring.stages
    await ok('deals.create', { title: 'Sales deal' }) // other pipeline: not counted
    const a = await ok('deals.create', { title: 'A', pipelineId: hiring.id, valueMinor: 500, currency: 'GBP' })
    await ok('deals.create', { title: 'B', pipelineId: hiring.id, valueMinor: 700, currency: 'GBP' })
    clock.set(at(2026, 5, 4))
    await ok('deals.move', { id: a.id, stageId: offer.id })
    clock.set(at(2026, 5, 11))
    // A: Applied 1→4 May 3 d, Offer 4→11 May 7 d (open); B: Applied 1→11 May 10 d (open).
    expect(await ok('reports.funnel', { from: at(2026, 5, 1, 0), to: at(2026, 6, 1, 0), pipelineId: hiring.id })).toEqual([
      { stageId: applied.id, stage: 'Applied', reached: 2, conversionToNext: 0.5, openDeals: 1, openValue: [{ currency: 'GBP', value: 700 }], averageDaysInStage: 6.5 },
      { stageId: offer.id, stage: 'Offer', reached: 1, conversionToNext: null, openDeals: 1, openValue: [{ currency: 'GBP', value: 500 }], averageDaysInStage: 7 },
    ] satisfies FunnelRow[])
  })
})

describe('reports.revenue', () => {
  test('won per month and weighted forecast per expected-close month, per currency; empty months present', async () => {
    const { ok } = await fixture()
    const expected: RevenueRow[] = [
      { month: '2026-01', won: [], forecast: [] },
      // February: D1 USD 100000 won (D12 deleted). Forecast: D8 EUR 60000 × 50 % = 30000 (expected 27 Feb).
      { month: '2026-02', won: [{ currency: 'USD', value: 100000 }], forecast: [{ currency: 'EUR', value: 30000 }] },
      // March: D2 EUR 50001 + D10 EUR 70000 = 120001, D6 USD 150000. Forecast: D7 USD 40000 × 50 % + D9 USD 20000 × 10 % = 22000
      // (D3 lost and D6 won are not open; D12 is deleted).
      {
        month: '2026-03',
        won: [
          { currency: 'EUR', value: 120001 },
          { currency: 'USD', value: 150000 },
        ],
        forecast: [{ currency: 'USD', value: 22000 }],
      },
      { month: '2026-04', won: [], forecast: [] },
    ]
    expect(await ok('reports.revenue', { from: at(2026, 1, 1, 0), to: at(2026, 5, 1, 0) })).toEqual(expected)
  })

  test('a range starting mid-month still shows that month, and ending at a month start stops before it', async () => {
    const { ok } = await fixture()
    // [20 Feb, 1 Mar): nothing won in it (D1 was 16 Feb); D8 expected 27 Feb is in.
    expect(await ok('reports.revenue', { from: at(2026, 2, 20, 0), to: at(2026, 3, 1, 0) })).toEqual([
      { month: '2026-02', won: [], forecast: [{ currency: 'EUR', value: 30000 }] },
    ] satisfies RevenueRow[])
  })
})

describe('reports.activity', () => {
  test('by week: weeks start on Monday, Sunday belongs to the week before, quiet weeks are present, system entries and deleted ones are not counted', async () => {
    const { ok } = await fixture()
    // [Sun 1 Feb, Mon 2 Mar): 1 Feb is in the week of Mon 26 Jan; 2 Mar is the end, so its week is not listed.
    const expected: ActivityRow[] = [
      { group: '2026-01-26', calls: 0, emails: 0, meetings: 0, notes: 0 },
      // A1 call (Tue 3 Feb), A2 email (Sun 8 Feb 20:00).
      { group: '2026-02-02', calls: 1, emails: 1, meetings: 0, notes: 0 },
      // A3 meeting (Mon 9 Feb 00:00), A4 note, A5 call.
      { group: '2026-02-09', calls: 1, emails: 0, meetings: 1, notes: 1 },
      // Only system entries (D1 won, D5 moved twice, D4 lost).
      { group: '2026-02-16', calls: 0, emails: 0, meetings: 0, notes: 0 },
      // A6 call, A7 email; A8 deleted.
      { group: '2026-02-23', calls: 1, emails: 1, meetings: 0, notes: 0 },
    ]
    expect(await ok('reports.activity', { from: at(2026, 2, 1, 0), to: at(2026, 3, 2, 0) })).toEqual(expected)
    expect(await ok('reports.activity', { from: at(2026, 2, 1, 0), to: at(2026, 3, 2, 0), groupBy: 'week' })).toEqual(expected)
  })

  test('by owner: the contact\'s owner, "" for none or no contact', async () => {
    const { ok } = await fixture()
    // [1 Feb, 1 Apr):
    //   ''    A4 note (Finn, no owner), A5 call (deal D8 only)
    //   Joao  A3 meeting (Cleo), A6 call (Eve)
    //   Maria A1 call, A2 email (Ana), A7 email, A9 meeting (Ben; the deal D9 belongs to Joao)
    expect(await ok('reports.activity', { from: at(2026, 2, 1, 0), to: at(2026, 4, 1, 0), groupBy: 'owner' })).toEqual([
      { group: '', calls: 1, emails: 0, meetings: 0, notes: 1 },
      { group: 'Joao', calls: 1, emails: 0, meetings: 1, notes: 0 },
      { group: 'Maria', calls: 1, emails: 2, meetings: 1, notes: 0 },
    ] satisfies ActivityRow[])
  })
})

describe('reports.lostReasons', () => {
  test('deals and value per currency per reason, most deals first, then by name', async () => {
    const { ok } = await fixture()
    // Lost in [1 Feb, 1 Apr): Price D3 USD 200000, D5 EUR 80000; Timing D4 USD 30000; Chose competitor D11 EUR 10000.
    expect(await ok('reports.lostReasons', { from: at(2026, 2, 1, 0), to: at(2026, 4, 1, 0) })).toEqual([
      {
        reason: 'Price',
        deals: 2,
        value: [
          { currency: 'EUR', value: 80000 },
          { currency: 'USD', value: 200000 },
        ],
      },
      { reason: 'Chose competitor', deals: 1, value: [{ currency: 'EUR', value: 10000 }] },
      { reason: 'Timing', deals: 1, value: [{ currency: 'USD', value: 30000 }] },
    ] satisfies LostReasonRow[])
    // February only: Timing (20 Feb), Chose competitor (25 Feb).
    expect(await ok('reports.lostReasons', { from: at(2026, 2, 1, 0), to: at(2026, 3, 1, 0) })).toEqual([
      { reason: 'Chose competitor', deals: 1, value: [{ currency: 'EUR', value: 10000 }] },
      { reason: 'Timing', deals: 1, value: [{ currency: 'USD', value: 30000 }] },
    ] satisfies LostReasonRow[])
  })

  test('a reopened deal is no longer lost', async () => {
    const { ok, deals } = await fixture()
    await ok('deals.reopen', { id: deals.d3.id })
    expect(await ok('reports.lostReasons', { from: at(2026, 2, 1, 0), to: at(2026, 4, 1, 0) })).toEqual([
      { reason: 'Chose competitor', deals: 1, value: [{ currency: 'EUR', value: 10000 }] },
      { reason: 'Price', deals: 1, value: [{ currency: 'EUR', value: 80000 }] },
      { reason: 'Timing', deals: 1, value: [{ currency: 'USD', value: 30000 }] },
    ] satisfies LostReasonRow[])
  })
})

describe('edge cases', () => {
  test('no data at all: empty rows, zeros and nulls, never NaN', async () => {
    const env = openCore({ clock: fakeClock(at(2026, 3, 1)) })
    const { ok } = env
    const s = await sales(env)
    const range = { from: at(2026, 1, 1, 0), to: at(2026, 3, 1, 0) }
    const results = {
      dashboard: await ok('reports.dashboard', {
        dayStart: at(2026, 3, 1, 0),
        dayEnd: at(2026, 3, 2, 0),
        weekStart: at(2026, 2, 23, 0),
        monthStart: at(2026, 3, 1, 0),
        monthEnd: at(2026, 4, 1, 0),
        prevMonthStart: at(2026, 2, 1, 0),
        quarterStart: at(2026, 1, 1, 0),
        quarterEnd: at(2026, 4, 1, 0),
      }),
      leadSources: await ok('reports.leadSources', range),
      winRate: await ok('reports.winRate', range),
      winRateQuarter: await ok('reports.winRate', { ...range, groupBy: 'quarter' }),
      winRateOwner: await ok('reports.winRate', { ...range, groupBy: 'owner' }),
      salesCycle: await ok('reports.salesCycle', range),
      funnel: await ok('reports.funnel', range),
      revenue: await ok('reports.revenue', range),
      activityByWeek: await ok('reports.activity', range),
      activityByOwner: await ok('reports.activity', { ...range, groupBy: 'owner' }),
      lostReasons: await ok('reports.lostReasons', range),
    }
    const emptyStage = { reached: 0, conversionToNext: null, openDeals: 0, openValue: [], averageDaysInStage: null }
    const quietWeek = (group: string) => ({ group, calls: 0, emails: 0, meetings: 0, notes: 0 })
    expect(results).toEqual({
      dashboard: {
        followUps: { overdue: 0, today: 0 },
        pipelineThisMonth: [],
        pipelineThisQuarter: [],
        wonThisMonth: [],
        wonLastMonth: [],
        newLeadsThisWeek: 0,
        rottingDeals: 0,
      },
      leadSources: [],
      winRate: [],
      winRateQuarter: [],
      winRateOwner: [],
      salesCycle: [{ pipelineId: s.pipeline.id, pipeline: 'Sales', won: 0, averageDays: null, medianDays: null }],
      funnel: [
        { stageId: s.lead, stage: 'Lead in', ...emptyStage },
        { stageId: s.qualified, stage: 'Qualified', ...emptyStage },
        { stageId: s.proposal, stage: 'Proposal sent', ...emptyStage },
        { stageId: s.negotiation, stage: 'Negotiation', ...emptyStage },
      ],
      revenue: [
        { month: '2026-01', won: [], forecast: [] },
        { month: '2026-02', won: [], forecast: [] },
      ],
      // Thu 1 Jan 2026 is in the week of Mon 29 Dec 2025; the last week starting before 1 Mar is Mon 23 Feb.
      activityByWeek: ['2025-12-29', '2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02', '2026-02-09', '2026-02-16', '2026-02-23'].map(quietWeek),
      activityByOwner: [],
      lostReasons: [],
    })
    expect(JSON.stringify(results)).not.toContain('NaN')
  })

  test('one deal, won: rate 1, its own size as the average, median = average', async () => {
    const env = openCore({ clock: fakeClock(at(2026, 4, 6)) })
    const { ok, clock } = env
    const s = await sales(env)
    const one = await ok('deals.create', { title: 'One', valueMinor: 12345, currency: 'JPY', owner: 'Maria' })
    clock.set(at(2026, 4, 13, 21)) // 7.5 days
    await ok('deals.win', { id: one.id })
    const range = { from: at(2026, 4, 1, 0), to: at(2026, 5, 1, 0) }
    expect(await ok('reports.winRate', range)).toEqual([{ group: '2026-04', won: 1, lost: 0, winRate: 1, averageWon: [{ currency: 'JPY', value: 12345 }] }])
    expect(await ok('reports.salesCycle', range)).toEqual([{ pipelineId: s.pipeline.id, pipeline: 'Sales', won: 1, averageDays: 7.5, medianDays: 7.5 }])
    // Reached Lead in only, then won from it: 1 / 0 / 0 / 0; its stay ended when it was won.
    const funnel = await ok('reports.funnel', range)
    expect(funnel.map((r) => [r.reached, r.conversionToNext, r.openDeals, r.averageDaysInStage])).toEqual([
      [1, 0, 0, 7.5],
      [0, null, 0, null],
      [0, null, 0, null],
      [0, null, 0, null],
    ])
    expect(await ok('reports.revenue', range)).toEqual([{ month: '2026-04', won: [{ currency: 'JPY', value: 12345 }], forecast: [] }])
    // A deal without a contact: the "no source" row, with no leads.
    expect(await ok('reports.leadSources', range)).toEqual([
      { source: null, leads: 0, customers: 0, conversionRate: null, dealsWon: 1, dealsLost: 0, winRate: 1 },
    ])
    expect(await ok('reports.lostReasons', range)).toEqual([])
  })

  test('all lost: win rate 0 and no average won size', async () => {
    const env = openCore({ clock: fakeClock(at(2026, 4, 6)) })
    const { ok, clock } = env
    const c = await ok('contacts.create', { firstName: 'Zoe' }) // no lead source
    const a = await ok('deals.create', { title: 'A', valueMinor: 1000, currency: 'USD', contactId: c.id })
    const b = await ok('deals.create', { title: 'B', valueMinor: 2000, currency: 'EUR' })
    clock.set(at(2026, 4, 7))
    await ok('deals.lose', { id: a.id, reason: 'Budget' })
    await ok('deals.lose', { id: b.id, reason: 'Budget' })
    const range = { from: at(2026, 4, 1, 0), to: at(2026, 5, 1, 0) }
    expect(await ok('reports.winRate', range)).toEqual([{ group: '2026-04', won: 0, lost: 2, winRate: 0, averageWon: [] }])
    expect(await ok('reports.winRate', { ...range, groupBy: 'owner' })).toEqual([{ group: '', won: 0, lost: 2, winRate: 0, averageWon: [] }])
    // Zoe (no source) and deal B (no contact) both fall in the "no source" row.
    expect(await ok('reports.leadSources', range)).toEqual([
      { source: null, leads: 1, customers: 0, conversionRate: 0, dealsWon: 0, dealsLost: 2, winRate: 0 },
    ])
    expect((await ok('reports.salesCycle', range))[0]).toMatchObject({ won: 0, averageDays: null, medianDays: null })
    expect(await ok('reports.lostReasons', range)).toEqual([
      {
        reason: 'Budget',
        deals: 2,
        value: [
          { currency: 'EUR', value: 2000 },
          { currency: 'USD', value: 1000 },
        ],
      },
    ])
  })

  test('several currencies are never summed together', async () => {
    const env = openCore({ clock: fakeClock(at(2026, 4, 6)) })
    const { ok, clock } = env
    const s = await sales(env)
    const made = []
    for (const [currency, valueMinor] of [
      ['USD', 1000],
      ['EUR', 2000],
      ['JPY', 3000],
      ['GBP', 4000],
      ['USD', 5000],
    ] as const) {
      made.push(await ok('deals.create', { title: `${currency} ${valueMinor}`, valueMinor, currency, expectedClose: '2026-04-30' }))
    }
    await ok('deals.create', { title: 'Open EUR', valueMinor: 7000, currency: 'EUR', expectedClose: '2026-04-30', stageId: s.negotiation })
    await ok('deals.create', { title: 'Open CHF', valueMinor: 333, currency: 'CHF', expectedClose: '2026-04-30' })
    clock.set(at(2026, 4, 10))
    for (const d of made) await ok('deals.win', { id: d.id })
    const range = { from: at(2026, 4, 1, 0), to: at(2026, 5, 1, 0) }
    // Won: EUR 2000, GBP 4000, JPY 3000, USD 1000 + 5000 = 6000. Forecast: CHF 333 × 10 % = 33.3 → 33; EUR 7000 × 75 % = 5250.
    expect(await ok('reports.revenue', range)).toEqual([
      {
        month: '2026-04',
        won: [
          { currency: 'EUR', value: 2000 },
          { currency: 'GBP', value: 4000 },
          { currency: 'JPY', value: 3000 },
          { currency: 'USD', value: 6000 },
        ],
        forecast: [
          { currency: 'CHF', value: 33 },
          { currency: 'EUR', value: 5250 },
        ],
      },
    ])
    // Average won: USD (1000 + 5000) / 2 = 3000; the others alone.
    expect((await ok('reports.winRate', range))[0].averageWon).toEqual([
      { currency: 'EUR', value: 2000 },
      { currency: 'GBP', value: 4000 },
      { currency: 'JPY', value: 3000 },
      { currency: 'USD', value: 3000 },
    ])
    const dashboard = await ok('reports.dashboard', {
      dayStart: at(2026, 4, 10, 0),
      dayEnd: at(2026, 4, 11, 0),
      weekStart: at(2026, 4, 6, 0),
      monthStart: at(2026, 4, 1, 0),
      monthEnd: at(2026, 5, 1, 0),
      prevMonthStart: at(2026, 3, 1, 0),
      quarterStart: at(2026, 4, 1, 0),
      quarterEnd: at(2026, 7, 1, 0),
    })
    expect(dashboard.wonThisMonth).toEqual([
      { currency: 'EUR', value: 2000 },
      { currency: 'GBP', value: 4000 },
      { currency: 'JPY', value: 3000 },
      { currency: 'USD', value: 6000 },
    ])
    expect(dashboard.pipelineThisMonth).toEqual([
      { currency: 'CHF', value: 333, weighted: 33 },
      { currency: 'EUR', value: 7000, weighted: 5250 },
    ])
    // Lead in holds only CHF now, Negotiation only EUR.
    const funnel = await ok('reports.funnel', range)
    expect(funnel.map((r) => r.openValue)).toEqual([[{ currency: 'CHF', value: 333 }], [], [], [{ currency: 'EUR', value: 7000 }]])
  })

  test('a range crossing a year boundary: Dec–Jan months, "2025-Q4" and "2026-Q1", weeks across New Year', async () => {
    const env = openCore({ clock: fakeClock(at(2025, 11, 3)) })
    const { ok, clock } = env
    const c = await ok('contacts.create', { firstName: 'Yan', leadSource: 'Event' })
    const lostNov = await ok('deals.create', { title: 'Lost Nov', valueMinor: 500, currency: 'USD', contactId: c.id })
    const wonDec = await ok('deals.create', { title: 'Won Dec', valueMinor: 1000, currency: 'USD', contactId: c.id })
    const wonJan = await ok('deals.create', { title: 'Won Jan', valueMinor: 3000, currency: 'USD' })
    await ok('deals.create', { title: 'Open Jan', valueMinor: 2000, currency: 'EUR', expectedClose: '2026-01-15' })
    clock.set(at(2025, 11, 20))
    await ok('deals.lose', { id: lostNov.id, reason: 'Timing' })
    clock.set(at(2025, 12, 31, 23, 59))
    await ok('deals.win', { id: wonDec.id })
    clock.set(at(2026, 1, 1, 0, 0))
    await ok('deals.win', { id: wonJan.id })
    await ok('activities.create', { type: 'call', contactId: c.id, occurredAt: at(2025, 12, 31, 23, 59) })
    await ok('activities.create', { type: 'email', contactId: c.id, occurredAt: at(2026, 1, 4, 23, 59) }) // Sunday
    await ok('activities.create', { type: 'note', contactId: c.id, occurredAt: at(2026, 1, 5, 0, 0) }) // Monday

    const range = { from: at(2025, 11, 1, 0), to: at(2026, 2, 1, 0) }
    expect(await ok('reports.winRate', { ...range, groupBy: 'quarter' })).toEqual([
      // Q4: lost Nov, won Dec (31 Dec 23:59) → 1 / 2.
      { group: '2025-Q4', won: 1, lost: 1, winRate: 0.5, averageWon: [{ currency: 'USD', value: 1000 }] },
      // Q1: won Jan (1 Jan 00:00).
      { group: '2026-Q1', won: 1, lost: 0, winRate: 1, averageWon: [{ currency: 'USD', value: 3000 }] },
    ])
    expect((await ok('reports.winRate', range)).map((r) => r.group)).toEqual(['2025-11', '2025-12', '2026-01'])
    // Dec 2025 – Jan 2026 only.
    expect(await ok('reports.revenue', { from: at(2025, 12, 1, 0), to: at(2026, 2, 1, 0) })).toEqual([
      { month: '2025-12', won: [{ currency: 'USD', value: 1000 }], forecast: [] },
      // Open Jan: EUR 2000 × 10 % = 200.
      { month: '2026-01', won: [{ currency: 'USD', value: 3000 }], forecast: [{ currency: 'EUR', value: 200 }] },
    ])
    // [Mon 29 Dec 2025, Mon 12 Jan 2026): the week of 29 Dec holds the call (31 Dec) and the email (Sun 4 Jan).
    expect(await ok('reports.activity', { from: at(2025, 12, 29, 0), to: at(2026, 1, 12, 0) })).toEqual([
      { group: '2025-12-29', calls: 1, emails: 1, meetings: 0, notes: 0 },
      { group: '2026-01-05', calls: 0, emails: 0, meetings: 0, notes: 1 },
    ])
    const cycle = await ok('reports.salesCycle', { from: at(2025, 12, 1, 0), to: at(2026, 2, 1, 0) })
    // Created 3 Nov 09:00. Won Dec: 31 Dec 23:59 → 27 + 31 = 58 d + 14 h 59 min = 58.6243 d; Won Jan: 58 d + 15 h = 58.625 d.
    // Average 58.6247 → 58.6; the median of two is the average.
    expect(cycle[0]).toMatchObject({ won: 2, averageDays: 58.6, medianDays: 58.6 })
  })

  test('calendar grouping follows the local time zone, in SQL and in the generated months and weeks alike', async () => {
    process.env.TZ = 'Pacific/Auckland' // UTC+13 in summer
    try {
      const env = openCore({ clock: fakeClock(at(2026, 1, 20)) })
      const { ok, clock } = env
      const d = await ok('deals.create', { title: 'Late', valueMinor: 100, currency: 'USD' })
      clock.set(Date.UTC(2026, 0, 31, 12)) // Sun 1 Feb 01:00 in Auckland
      await ok('deals.win', { id: d.id })
      await ok('activities.create', { type: 'call', dealId: d.id, occurredAt: Date.UTC(2026, 0, 31, 12) }) // Sun 1 Feb local
      await ok('activities.create', { type: 'note', dealId: d.id, occurredAt: Date.UTC(2026, 1, 1, 11) }) // Mon 2 Feb 00:00 local
      // Local January and February: [1 Jan 00:00 NZDT, 1 Mar 00:00 NZDT).
      const range = { from: Date.UTC(2025, 11, 31, 11), to: Date.UTC(2026, 1, 28, 11) }
      expect((await ok('reports.winRate', range)).map((r) => r.group)).toEqual(['2026-02'])
      expect(await ok('reports.revenue', range)).toEqual([
        { month: '2026-01', won: [], forecast: [] },
        { month: '2026-02', won: [{ currency: 'USD', value: 100 }], forecast: [] },
      ])
      // [Mon 26 Jan, Mon 9 Feb) local: the call is on Sunday 1 Feb, the note opens the week of 2 Feb.
      expect(await ok('reports.activity', { from: Date.UTC(2026, 0, 25, 11), to: Date.UTC(2026, 1, 8, 11) })).toEqual([
        { group: '2026-01-26', calls: 1, emails: 0, meetings: 0, notes: 0 },
        { group: '2026-02-02', calls: 0, emails: 0, meetings: 0, notes: 1 },
      ])
    } finally {
      process.env.TZ = 'UTC'
    }
  })

  test.each([
    ['reports.leadSources', {}],
    ['reports.winRate', { groupBy: 'quarter' }],
    ['reports.salesCycle', {}],
    ['reports.funnel', {}],
    ['reports.revenue', {}],
    ['reports.activity', { groupBy: 'owner' }],
    ['reports.lostReasons', {}],
  ])('%s: an inverted or empty range → VALIDATION on "to"', async (name, extra) => {
    const { err } = openCore()
    for (const [from, to] of [
      [at(2026, 3, 1), at(2026, 2, 1)],
      [at(2026, 3, 1), at(2026, 3, 1)],
    ]) {
      const error = await err(name, { from, to, ...extra })
      expect(error.code).toBe('VALIDATION')
      expect(problemPath(error)).toBe('to')
    }
  })

  const REPORTS = [
    ['reports.leadSources', {}],
    ['reports.winRate', { groupBy: 'month' }],
    ['reports.salesCycle', {}],
    ['reports.funnel', {}],
    ['reports.revenue', {}],
    ['reports.activity', { groupBy: 'week' }],
    ['reports.activity', { groupBy: 'owner' }],
    ['reports.lostReasons', {}],
  ] as const

  test.each(REPORTS)('%s: a range longer than MAX_REPORT_YEARS, or past the year 9999 → VALIDATION that says what to do', async (name, extra) => {
    const { err } = openCore()
    for (const [from, to] of [
      [0, at(9999, 12, 31)], // a range of 8,000 years (to the year 275,760, reports.activity once built 14 million weeks and ran out of memory)
      [at(2000, 1, 1, 0), at(2000, 1, 1, 0) + MAX_REPORT_RANGE_MS + 1], // a millisecond too long
    ]) {
      const error = await err(name, { from, to, ...extra })
      expect(error.code).toBe('VALIDATION')
      expect(error.message).toContain(`A report covers at most ${MAX_REPORT_YEARS} years: pick a shorter range.`)
      expect(problemPath(error)).toBe('to')
    }
    for (const [from, to] of [
      [at(9999, 6, 1), at(10_000, 1, 2)],
      [0, 8_640_000_000_000_000],
    ]) {
      const late = await err(name, { from, to, ...extra })
      expect(late.message).toMatch(/^To must be before the year 10000: pick an earlier date./)
    }
  })

  test.each(REPORTS)('%s: the longest range accepted (MAX_REPORT_YEARS calendar years, DST and leap days included) answers, one row per week or month at most', async (name, extra) => {
    const env = openCore({ clock: fakeClock(at(2026, 3, 1)) })
    await sales(env)
    // 25 calendar years (7 leap days) fit, and so does the longest range accepted
    expect(await env.ok(name, { from: at(2001, 1, 1, 0), to: at(2001 + MAX_REPORT_YEARS, 1, 1, 0), ...extra })).toBeDefined()
    const range = { from: at(2001, 1, 1, 0), to: at(2001, 1, 1, 0) + MAX_REPORT_RANGE_MS }
    const rows = (await env.ok(name, { ...range, ...extra })) as unknown[]
    expect(rows.length).toBeLessThanOrEqual(MAX_REPORT_YEARS * 53)
    if (name === 'reports.revenue') expect(rows.length).toBeLessThanOrEqual(MAX_REPORT_YEARS * 12 + 1)
    if (name === 'reports.activity' && 'groupBy' in extra && extra.groupBy === 'week') expect(rows.length).toBeGreaterThanOrEqual(MAX_REPORT_YEARS * 52)
  })
})
