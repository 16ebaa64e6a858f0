/** Reports and the dashboard: range presets, the CSV of a table, empty states, tiles that open their lists, the start page. */
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { App } from '../../src-renderer/App'
import { buildCsv } from '../../src-renderer/lib/csv'
import { choiceRange, csvFileName, customRangeProblem, dashboardBoundaries, presetRange } from '../../src-renderer/lib/reportRanges'
import { useBoard } from '../../src-renderer/stores/board'
import { useContactList } from '../../src-renderer/stores/contacts'
import { useDealList } from '../../src-renderer/stores/dealList'
import { useReports } from '../../src-renderer/stores/reports'
import { LEAD_SOURCE_COLUMNS } from '../../src-renderer/views/reports/LeadSourcesReport'
import { winRateColumns } from '../../src-renderer/views/reports/WinRateReport'
import { crm, seed } from './setup'

/** Local wall-clock time (the presets work in the user's time zone, whatever it is). */
const local = (y: number, m: number, d = 1, h = 0) => new Date(y, m - 1, d, h).getTime()
const DAY = 86_400_000

afterEach(() => vi.useRealTimers())

/** Fakes only Date (timers stay real, so Testing Library and user-event work as usual); core's clock follows it. */
function setNow(date: Date) {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(date)
}

/** A deal core marks won (or lost) at `at`: closed_at is core's clock at that moment. */
async function closedDeal(input: Parameters<typeof seed.deal>[0], outcome: 'won' | 'lost', at = Date.now()) {
  const deal = await seed.deal(input, { at: at - DAY })
  if (outcome === 'won') await seed.ok('deals.win', { id: deal.id }, { at })
  else await seed.ok('deals.lose', { id: deal.id, reason: 'Too expensive' }, { at })
  return deal
}

/** A stage of core's default pipeline by its win probability (Lead in 10 %, Qualified 25 %, Proposal sent 50 %, ...). */
async function stageAt(probability: number) {
  const pipeline = await seed.pipeline()
  return { pipelineId: pipeline.id, stageId: pipeline.stages.find((s) => s.probability === probability)!.id }
}

describe('date range presets', () => {
  it('compute [from, to) in local time for a fixed now', () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(2026, 1, 15, 10, 30)) // Sunday, Feb 15 2026, 10:30 local
    expect(presetRange('thisMonth')).toEqual({ from: local(2026, 2), to: local(2026, 3) })
    expect(presetRange('lastMonth')).toEqual({ from: local(2026, 1), to: local(2026, 2) })
    expect(presetRange('thisQuarter')).toEqual({ from: local(2026, 1), to: local(2026, 4) })
    expect(presetRange('thisYear')).toEqual({ from: local(2026, 1), to: local(2027, 1) })
    expect(presetRange('last12Months')).toEqual({ from: local(2025, 3), to: local(2026, 3) })
    // custom dates include both days: [start of from, start of the day after to)
    expect(choiceRange({ preset: 'custom', customFrom: '2026-01-01', customTo: '2026-03-31' })).toEqual({ from: local(2026, 1), to: local(2026, 4) })
    expect(choiceRange({ preset: 'custom', customFrom: '2026-03-05', customTo: '2026-03-05' })).toEqual({ from: local(2026, 3, 5), to: local(2026, 3, 6) })
    expect(choiceRange({ preset: 'custom', customFrom: '2026-03-05', customTo: '2026-03-01' })).toBeNull()
    expect(choiceRange({ preset: 'custom', customFrom: '', customTo: '2026-03-01' })).toBeNull()
    // core refuses a report over more than MAX_REPORT_YEARS, or past the year 9999: the picker says so first
    expect(choiceRange({ preset: 'custom', customFrom: '2001-01-01', customTo: '2025-12-31' })).toEqual({ from: local(2001, 1), to: local(2026, 1) })
    expect(choiceRange({ preset: 'custom', customFrom: '1990-01-01', customTo: '2026-12-31' })).toBeNull()
    expect(customRangeProblem({ preset: 'custom', customFrom: '1990-01-01', customTo: '2026-12-31' })).toBe('A report covers at most 25 years: pick a shorter range.')
    expect(customRangeProblem({ preset: 'custom', customFrom: '1960-01-01', customTo: '1970-12-31' })).toBe('Pick a start date in 1970 or later.')
    expect(customRangeProblem({ preset: 'custom', customFrom: '2026-01-01', customTo: '2026-12-31' })).toBeNull()
    expect(csvFileName('win-rate', presetRange('thisQuarter')!)).toBe('win-rate-2026-01-01-to-2026-03-31.csv')
  })

  it('gives the dashboard its day, Monday week, month and quarter boundaries', () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(2026, 1, 15, 10, 30))
    expect(dashboardBoundaries()).toEqual({
      dayStart: local(2026, 2, 15),
      dayEnd: local(2026, 2, 16),
      weekStart: local(2026, 2, 9),
      monthStart: local(2026, 2),
      monthEnd: local(2026, 3),
      prevMonthStart: local(2026, 1),
      quarterStart: local(2026, 1),
      quarterEnd: local(2026, 4),
    })
  })
})

describe('CSV export', () => {
  it('writes exactly the table shown: labels, one-decimal percentages, money per currency as decimals', () => {
    const csv = buildCsv(winRateColumns('month'), [
      { group: '2026-01', won: 3, lost: 1, winRate: 0.75, averageWon: [{ currency: 'EUR', value: 150050 }, { currency: 'JPY', value: 3000 }] },
      { group: '2026-02', won: 0, lost: 2, winRate: 0, averageWon: [] },
      { group: '2026-03', won: 0, lost: 0, winRate: null, averageWon: [] },
    ])
    expect(csv).toBe(
      [
        'Month,Won,Lost,Win rate %,Currency,Average won deal',
        'Jan 2026,3,1,75.0,EUR,1500.50',
        'Jan 2026,3,1,75.0,JPY,3000',
        'Feb 2026,0,2,0.0,,',
        'Mar 2026,0,0,,,',
      ].join('\r\n'),
    )
  })

  it('quotes commas and neutralises text that looks like a formula', () => {
    const csv = buildCsv(LEAD_SOURCE_COLUMNS, [
      { source: 'Events, fairs', leads: 2, customers: 1, conversionRate: 0.5, dealsWon: 1, dealsLost: 0, winRate: 1 },
      { source: '=HYPERLINK("x")', leads: 1, customers: 0, conversionRate: 0, dealsWon: 0, dealsLost: 0, winRate: null },
      { source: null, leads: 3, customers: 0, conversionRate: 0, dealsWon: 0, dealsLost: 1, winRate: 0 },
    ])
    const lines = csv.split('\r\n')
    expect(lines[0]).toBe('Lead source,Leads,Customers,Conversion %,Deals won,Deals lost,Win rate %')
    expect(lines[1]).toBe('"Events, fairs",2,1,50.0,1,0,100.0')
    expect(lines[2]).toBe(`"'=HYPERLINK(""x"")",1,0,0.0,0,0,`)
    expect(lines[3]).toBe('No source,3,0,0.0,0,1,0.0')
  })
})

describe('reports', () => {
  it('shows an honest empty state when no deals were closed in the range', async () => {
    location.hash = '#/reports/win-rate'
    render(<App />)
    const report = await screen.findByTestId('report-win-rate')
    expect(await within(report).findByText('No deals were closed in this range')).toBeTruthy()
    expect(within(report).getByText(/try a longer range/)).toBeTruthy()
    expect(within(report).getByRole('button', { name: /Export CSV/ })).toHaveProperty('disabled', true)
    // asked for the range shown: last 12 months by default, grouped by month
    const [input] = crm.callsOf('reports.winRate')
    expect(input).toMatchObject({ groupBy: 'month', from: choiceRange(useReports.getState().range)!.from })
  })

  it('shows the table behind the chart, and refetches on a new range, grouping and data change', async () => {
    // LinkedIn: 2 leads, 1 customer, 1 deal won; Facebook: 2 leads, no customer, 1 deal lost
    const linkedIn1 = await seed.contact({ firstName: 'Lin', lastName: 'One', leadSource: 'LinkedIn', lifecycleStage: 'customer' })
    await seed.contact({ firstName: 'Lin', lastName: 'Two', leadSource: 'LinkedIn' })
    const facebook1 = await seed.contact({ firstName: 'Fay', lastName: 'One', leadSource: 'Facebook' })
    await seed.contact({ firstName: 'Fay', lastName: 'Two', leadSource: 'Facebook' })
    await closedDeal({ title: 'Via LinkedIn', contactId: linkedIn1.id }, 'won')
    await closedDeal({ title: 'Via Facebook', contactId: facebook1.id }, 'lost')
    location.hash = '#/reports/lead-sources'
    render(<App />)
    const table = await screen.findByTestId('report-table')
    const linkedIn = within(table).getByRole('row', { name: /LinkedIn/ })
    expect(linkedIn.textContent).toContain('50.0 %')
    expect(screen.getByTestId('report-chart')).toBeTruthy()

    const user = userEvent.setup()
    await user.selectOptions(screen.getByRole('combobox', { name: 'Range' }), 'thisMonth')
    await waitFor(() => expect(crm.callsOf('reports.leadSources')).toHaveLength(2))
    expect(crm.callsOf('reports.leadSources')[1]).toEqual(presetRange('thisMonth'))

    await seed.deal({ title: 'A new deal' }) // data.changed: deals
    await waitFor(() => expect(crm.callsOf('reports.leadSources')).toHaveLength(3))

    await user.click(screen.getByRole('link', { name: /Activity/ }))
    await user.click(await screen.findByRole('radio', { name: 'Owner' }))
    await waitFor(() => expect(crm.callsOf('reports.activity').at(-1)).toMatchObject({ groupBy: 'owner' }))
  })

  it('says a custom range is longer than a report covers before asking core, and asks again once it fits', async () => {
    location.hash = '#/reports/revenue'
    render(<App />)
    await screen.findByTestId('report-revenue')
    const user = userEvent.setup()
    await user.selectOptions(screen.getByRole('combobox', { name: 'Range' }), 'custom')
    const asked = crm.callsOf('reports.revenue').length
    const from = screen.getByLabelText('From')
    await user.clear(from)
    await user.type(from, '1990-01-01')
    expect((await screen.findByRole('alert')).textContent).toBe('A report covers at most 25 years: pick a shorter range.')
    expect(from.getAttribute('aria-invalid')).toBe('true')
    expect(crm.callsOf('reports.revenue').slice(asked).every((input) => (input as { from: number }).from !== local(1990, 1))).toBe(true)
    await user.clear(from)
    await user.type(from, '2010-01-01')
    await waitFor(() => expect(crm.callsOf('reports.revenue').at(-1)).toMatchObject({ from: local(2010, 1) }))
    expect(screen.queryByText(/at most 25 years/)).toBeNull()
  })

  it('reports several currencies side by side, never summed', async () => {
    setNow(new Date(2026, 2, 15, 10, 0)) // the last 12 months: April 2025 to March 2026
    // January 2026: won €1,000.00 and $50.00; February: an open €500.00 deal at 50 % (forecast €250.00)
    await closedDeal({ title: 'Euro deal', valueMinor: 100000, currency: 'EUR' }, 'won', local(2026, 1, 20, 12))
    await closedDeal({ title: 'Dollar deal', valueMinor: 5000, currency: 'USD' }, 'won', local(2026, 1, 21, 12))
    await seed.deal({ title: 'Forecast', valueMinor: 50000, currency: 'EUR', ...(await stageAt(50)), expectedClose: '2026-02-10' })
    location.hash = '#/reports/revenue'
    render(<App />)
    const switcher = await screen.findByRole('radiogroup', { name: 'Currency' })
    expect(within(switcher).getAllByRole('radio').map((r) => r.textContent)).toEqual(['EUR', 'USD'])
    const jan = within(screen.getByTestId('report-table')).getByRole('row', { name: /Jan 2026/ })
    expect(jan.textContent).toContain('€1,000.00')
    expect(jan.textContent).toContain('$50.00')
  })
})

describe('dashboard', () => {
  it('shows the figures and every tile opens the list behind it', async () => {
    setNow(new Date(2026, 1, 18, 10, 0)) // Wednesday, Feb 18 2026, 10:00 local
    const at = dashboardBoundaries()
    // follow-ups: 2 overdue, 3 due today
    for (const h of [1, 2]) await seed.task({ title: `Overdue ${h}`, dueAt: at.dayStart - h * 3_600_000 })
    for (const h of [11, 12, 13]) await seed.task({ title: `Today ${h}`, dueAt: at.dayStart + h * 3_600_000 })
    // open pipeline: €5,000.00 at 50 % closing this month, €4,000.00 at 10 % next month (this quarter)
    await seed.deal({ title: 'This month', valueMinor: 500000, currency: 'EUR', ...(await stageAt(50)), expectedClose: '2026-02-25' })
    await seed.deal({ title: 'This quarter', valueMinor: 400000, currency: 'EUR', ...(await stageAt(10)), expectedClose: '2026-03-20' })
    // won: €1,200.00 this month, €1,000.00 last month (+20 %)
    await closedDeal({ title: 'Won now', valueMinor: 120000, currency: 'EUR' }, 'won', at.monthStart + 2 * DAY)
    await closedDeal({ title: 'Won before', valueMinor: 100000, currency: 'EUR' }, 'won', at.prevMonthStart + 5 * DAY)
    // 4 new leads this week, 1 deal idle in "Lead in" (rots after 14 days) for 20 days
    for (const n of [1, 2, 3, 4]) await seed.contact({ firstName: `Lead${n}` })
    await seed.deal({ title: 'Idle', ...(await stageAt(10)) }, { at: Date.now() - 20 * DAY })
    location.hash = '#/dashboard'
    render(<App />)
    const tile = (id: string) => screen.findByTestId(`tile-${id}`)
    expect((await screen.findByTestId('followups-today')).textContent).toBe('3due today')
    expect(screen.getByTestId('followups-overdue').textContent).toBe('2overdue')
    expect((await tile('followups')).getAttribute('href')).toBe('#/today')
    expect((await tile('pipeline-month')).textContent).toContain('€5,000.00')
    expect((await tile('pipeline-month')).textContent).toContain('~€2,500.00 forecast')
    expect((await tile('won-month')).textContent).toContain('20.0 %')
    expect((await tile('new-leads')).getAttribute('href')).toBe('#/contacts')
    expect((await tile('rotting')).getAttribute('href')).toBe('#/pipeline')
    // the boundaries were the user's local ones
    expect(crm.callsOf('reports.dashboard')[0]).toEqual(dashboardBoundaries())

    const user = userEvent.setup()
    const b = dashboardBoundaries()
    const month = new Date(b.monthStart)
    const lastDay = new Date(b.monthEnd - 1)
    const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`

    await user.click(await tile('pipeline-month'))
    await waitFor(() => expect(location.hash).toBe('#/pipeline'))
    expect(useBoard.getState().filters).toMatchObject({ closeFrom: iso(month), closeTo: iso(lastDay) })
    expect(useBoard.getState().view).toBe('board')

    location.hash = '#/dashboard'
    await user.click(await tile('won-month'))
    await waitFor(() => expect(location.hash).toBe('#/pipeline'))
    expect(useBoard.getState().view).toBe('list')
    expect(useDealList.getState().query.status).toBe('won')
    expect(screen.getByRole('combobox', { name: 'Deal status' })).toHaveProperty('value', 'won')

    location.hash = '#/dashboard'
    await user.click(await tile('new-leads'))
    await waitFor(() => expect(location.hash).toBe('#/contacts'))
    expect(useContactList.getState().query).toMatchObject({ sort: 'created', direction: 'desc' })

    location.hash = '#/dashboard'
    await user.click(await tile('followups'))
    await waitFor(() => expect(location.hash).toBe('#/today'))
  })

  it('refreshes when deals change', async () => {
    location.hash = '#/dashboard'
    render(<App />)
    await screen.findByTestId('tile-rotting')
    // seven deals idle in "Lead in" (rots after 14 days) for 20 days: each one a change to deals
    for (let i = 0; i < 7; i++) await seed.deal({ title: `Idle ${i}`, ...(await stageAt(10)) }, { at: Date.now() - 20 * DAY })
    await waitFor(() => expect(screen.getByTestId('tile-rotting').textContent).toContain('7'))
  })
})

describe('start page', () => {
  it('is the dashboard once there are contacts', async () => {
    await seed.contact()
    location.hash = ''
    render(<App />)
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeTruthy()
    expect(location.hash).toBe('#/dashboard')
    expect(screen.getByRole('link', { name: /Dashboard/ }).getAttribute('aria-current')).toBe('page')
  })

  it('stays the contacts first-run page when there is nobody yet', async () => {
    location.hash = ''
    render(<App />)
    expect(await screen.findByTestId('empty-state')).toBeTruthy()
    expect(screen.getByRole('heading', { level: 1, name: 'Contacts' })).toBeTruthy()
  })
})
