/**
 * The dashboard and the reports against the real core: a small fixture built through the bridge,
 * one figure per report checked against it, a CSV export read back from disk, and screenshots of
 * everything in light and dark.
 */
import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { format } from 'date-fns'
import type { Pipeline } from '../../src-shared/model/deal'
import { bridge, expect, openApp, shots, test, type Invoke } from './harness'

/**
 * 5 contacts: LinkedIn 2 (1 customer) and Facebook 3 (1 customer). Deals: one won (EUR 1,500),
 * three lost (two "Too expensive": EUR 800 and USD 2,000; one "Went with a competitor"), one
 * open (EUR 1,000) expected to close today. Two calls and an email; one follow-up due today.
 */
async function buildFixture(invoke: Invoke) {
  const [pipeline] = (await invoke<Pipeline[]>('pipelines.list')).sort((a, b) => a.position - b.position)
  const contact = (firstName: string, leadSource: string, lifecycleStage: string, owner: string) =>
    invoke<{ id: string }>('contacts.create', { firstName, lastName: 'Fixture', leadSource, lifecycleStage, owner })
  const ann = await contact('Ann', 'LinkedIn', 'customer', 'Sam')
  const ben = await contact('Ben', 'LinkedIn', 'lead', 'Sam')
  const cat = await contact('Cat', 'Facebook', 'lead', 'Kim')
  const dan = await contact('Dan', 'Facebook', 'lead', 'Kim')
  const eve = await contact('Eve', 'Facebook', 'customer', 'Kim')

  const [first, second] = pipeline.stages
  const deal = (title: string, valueMinor: number, currency: string, contactId: string, owner: string, extra: object = {}) =>
    invoke<{ id: string }>('deals.create', { title, valueMinor, currency, stageId: first.id, contactId, owner, ...extra })
  const won = await deal('Ann renewal', 150_000, 'EUR', ann.id, 'Sam')
  await invoke('deals.win', { id: won.id })
  for (const [title, value, currency, who, owner, reason] of [
    ['Ben pilot', 80_000, 'EUR', ben.id, 'Sam', 'Too expensive'],
    ['Dan upsell', 200_000, 'USD', dan.id, 'Kim', 'Too expensive'],
    ['Cat setup', 40_000, 'EUR', cat.id, 'Kim', 'Went with a competitor'],
  ] as const) {
    const d = await deal(title, value, currency, who, owner)
    await invoke('deals.lose', { id: d.id, reason })
  }
  const open = await deal('Eve expansion', 100_000, 'EUR', eve.id, 'Kim', { expectedClose: format(new Date(), 'yyyy-MM-dd') })
  await invoke('deals.move', { id: open.id, stageId: second.id })

  await invoke('activities.create', { type: 'call', contactId: ann.id, body: 'Kick-off call' })
  await invoke('activities.create', { type: 'call', contactId: ben.id, body: 'Pricing call' })
  await invoke('activities.create', { type: 'email', contactId: ann.id, body: 'Sent the contract' })
  await invoke('tasks.create', { title: 'Call Eve back', dueAt: Date.now() + 60_000, contactId: eve.id })
  return { pipeline }
}

const row = (page: Page, name: RegExp | string) => page.getByTestId('report-table').getByRole('row', { name })

test('dashboard and reports: figures from a small fixture, CSV export, light and dark', async ({ page, app, shot }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openApp(page, app, '#/contacts')
  const invoke = bridge(page)
  await buildFixture(invoke)

  // with data, the app starts on the dashboard
  await page.goto(app.url)
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  await expect(page).toHaveURL(/#\/dashboard$/)
  await expect(page.getByTestId('tile-won-month')).toContainText('€1,500.00')
  await expect(page.getByTestId('tile-new-leads')).toContainText('5')
  await expect(page.getByTestId('followups-today')).toHaveText('1due today')
  await expect(page.getByTestId('tile-pipeline-month')).toContainText('€1,000.00')
  await shots(page, shot, 'dashboard')

  // a tile opens the list behind it: won deals in the pipeline's list view
  await page.getByTestId('tile-won-month').click()
  await expect(page).toHaveURL(/#\/pipeline$/)
  await expect(page.getByLabel('Deal status')).toHaveValue('won')
  await expect(page.getByTestId('deal-row').filter({ hasText: 'Ann renewal' })).toBeVisible()

  // reports, from the sidebar
  await page.getByRole('link', { name: 'Reports' }).click()
  await expect(page.getByTestId('report-lead-sources')).toBeVisible()
  await expect(row(page, /LinkedIn/)).toContainText('50.0 %')
  await expect(row(page, /Facebook/)).toContainText('33.3 %')
  await expect(page.getByTestId('report-chart')).toBeVisible()
  await shots(page, shot, 'report-lead-sources')

  // CSV: exactly the table, read back from the downloaded file
  const range = await page.getByLabel('Range', { exact: true }).inputValue()
  expect(range).toBe('last12Months')
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()])
  expect(download.suggestedFilename()).toMatch(/^lead-sources-\d{4}-\d{2}-01-to-\d{4}-\d{2}-\d{2}\.csv$/)
  const csv = readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '')
  const lines = csv.split('\r\n')
  expect(lines[0]).toBe('Lead source,Leads,Customers,Conversion %,Deals won,Deals lost,Win rate %')
  expect(lines).toContain('LinkedIn,2,1,50.0,1,1,50.0')

  await page.getByRole('link', { name: /Win rate/ }).click()
  await expect(page).toHaveURL(/#\/reports\/win-rate$/)
  await expect(row(page, new RegExp(format(new Date(), 'MMM yyyy')))).toContainText('25.0 %')
  await shots(page, shot, 'report-win-rate')
  await page.getByRole('radio', { name: 'Owner' }).click()
  await expect(row(page, /Sam/)).toContainText('50.0 %')
  await expect(row(page, /Kim/)).toContainText('0.0 %')
  // money goes out per currency, as decimals
  const [winCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()])
  const winLines = readFileSync((await winCsv.path())!, 'utf8').replace(/^\ufeff/, '').split('\r\n')
  expect(winLines[0]).toBe('Owner,Won,Lost,Win rate %,Currency,Average won deal')
  expect(winLines).toContain('Sam,1,1,50.0,EUR,1500.00')

  await page.getByRole('link', { name: /Sales cycle/ }).click()
  await expect(row(page, /Sales/)).toContainText('1')
  await shots(page, shot, 'report-sales-cycle')

  await page.getByRole('link', { name: /Funnel/ }).click()
  const funnel = page.getByTestId('report-table').locator('tbody tr')
  await expect(funnel.first()).toContainText('5')
  await shots(page, shot, 'report-funnel')

  await page.getByRole('link', { name: /Revenue/ }).click()
  await expect(row(page, new RegExp(format(new Date(), 'MMM yyyy')))).toContainText('€1,500.00')
  await shots(page, shot, 'report-revenue')

  await page.getByRole('link', { name: /Activity/ }).click()
  await page.getByRole('radio', { name: 'Owner' }).click()
  await expect(row(page, /Sam/)).toContainText('2')
  await shots(page, shot, 'report-activity')

  await page.getByRole('link', { name: /Lost reasons/ }).click()
  const expensive = row(page, /Too expensive/)
  await expect(expensive).toContainText('€800.00')
  await expect(expensive).toContainText('$2,000.00')
  await shots(page, shot, 'report-lost-reasons')

  // an honest empty state: nothing was closed last month in this fixture
  await page.getByRole('link', { name: /Win rate/ }).click()
  await page.getByLabel('Range', { exact: true }).selectOption('lastMonth')
  await expect(page.getByTestId('empty-state')).toContainText('No deals were closed in this range')
  await shots(page, shot, 'report-win-rate-empty')

  // refresh on data.changed: another won deal shows without a reload
  await page.getByLabel('Range', { exact: true }).selectOption('thisMonth')
  await expect(row(page, /Sam/)).toContainText('50.0 %')
  const [pipeline] = await invoke<Pipeline[]>('pipelines.list')
  const extra = await invoke<{ id: string }>('deals.create', { title: 'Late win', valueMinor: 10_000, currency: 'EUR', stageId: pipeline.stages[0].id, owner: 'Sam' })
  await invoke('deals.win', { id: extra.id })
  await expect(row(page, /Sam/)).toContainText('66.7 %')
})

test('reports at 1024×700, with the custom range', async ({ page, app, shot }) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  await openApp(page, app, '#/contacts')
  await buildFixture(bridge(page))
  await page.goto(app.url + '#/dashboard')
  await expect(page.getByTestId('tile-won-month')).toContainText('€1,500.00')
  await shot('small-dashboard')
  await page.goto(app.url + '#/reports/revenue')
  await page.getByLabel('Range', { exact: true }).selectOption('custom')
  const today = format(new Date(), 'yyyy-MM-dd')
  await page.getByLabel('From').fill(today)
  await page.getByLabel('To').fill(today)
  await expect(row(page, new RegExp(format(new Date(), 'MMM yyyy')))).toContainText('€1,500.00')
  await shot('small-report-revenue')
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.goto(app.url + '#/reports/funnel')
  await expect(page.getByTestId('report-chart')).toBeVisible()
  await shot('small-report-funnel-dark')
})
