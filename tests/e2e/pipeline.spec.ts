/**
 * The pipeline board end to end: create deals, drag between and within stages (pointer and
 * keyboard), win and lose, the deal and contact timelines, a rotting card, Settings → Pipelines.
 * The 2,000-deal board and its drop → persisted → rendered figure: board-scale.spec.ts.
 */
import type { Page } from '@playwright/test'
import type { Pipeline } from '../../src-shared/model/deal'
import { bridge, expect, openApp, test, type Invoke, type HostedApp } from './harness'


async function firstPipeline(invoke: Invoke): Promise<Pipeline> {
  const pipelines = await invoke<Pipeline[]>('pipelines.list')
  return pipelines.sort((a, b) => a.position - b.position)[0]
}

const column = (page: Page, stageName: string) => page.getByTestId('board-column').filter({ has: page.getByRole('heading', { name: stageName, exact: true }) })
const card = (page: Page, title: string) => page.getByTestId('deal-card').filter({ hasText: title })

/** A pointer drag with intermediate moves, as a person does it (dnd-kit needs movement past 5 px). */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move(from.x + 8, from.y + 8, { steps: 4 })
  await page.mouse.move(to.x, to.y, { steps: 12 })
  await page.waitForTimeout(120)
  await page.mouse.move(to.x, to.y + 1)
  await page.mouse.up()
}
const center = async (_page: Page, locator: ReturnType<Page['locator']>) => {
  const box = (await locator.boundingBox())!
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}
async function dragCard(page: Page, title: string, target: ReturnType<Page['locator']>, offsetY = 0) {
  const to = await center(page, target)
  await drag(page, await center(page, card(page, title)), { x: to.x, y: to.y + offsetY })
}

const titlesIn = (page: Page, stageName: string) => column(page, stageName).getByTestId('deal-card').locator('.deal-card-title').allTextContents()

async function reloadBoard(page: Page, app: HostedApp) {
  await page.reload()
  await openApp(page, app, '#/pipeline')
  await expect(page.getByTestId('board')).toBeVisible()
}

test('board: create, drag between and within stages, keyboard move, win and lose, timelines', async ({ page, app, shot }) => {
  await openApp(page, app, '#/pipeline')
  const invoke = bridge(page)
  await expect(page.getByTestId('empty-state')).toContainText('No deals yet — add your first deal')
  await shot('pipeline-01-empty-light')

  const pipeline = await firstPipeline(invoke)
  const [lead, qualified, proposal] = pipeline.stages
  const ada = await invoke<{ id: string }>('contacts.create', { firstName: 'Ada', lastName: 'Lovelace' })

  // a deal through the form, from the column's "+"
  await column(page, lead.name).getByRole('button', { name: `New deal in ${lead.name}` }).click()
  const form = page.getByRole('dialog', { name: 'New deal' })
  await form.getByLabel('Title').fill('Analytical engine')
  await form.getByLabel('Value').fill('1,500.50')
  await form.getByLabel('Contact').fill('Ada')
  await form.getByRole('option', { name: /Ada Lovelace/ }).click()
  await form.getByRole('button', { name: /Create deal/ }).click()
  await expect(form).toBeHidden()
  await expect(card(page, 'Analytical engine')).toContainText('1,500.50')

  for (const [title, value] of [['Difference engine', 900_000], ['Punch cards', 120_000], ['Tabulator', 45_000]] as const) {
    await invoke('deals.create', { title, valueMinor: value, currency: 'EUR', stageId: lead.id, contactId: ada.id })
  }
  await invoke('deals.create', { title: 'Yen deal', valueMinor: 300000, currency: 'JPY', stageId: qualified.id })
  await expect(column(page, lead.name).getByTestId('deal-card')).toHaveCount(4)
  await expect(column(page, qualified.name).getByTestId('money-totals')).toContainText('¥300,000')

  // drag to another stage; it stays after a reload
  await dragCard(page, 'Difference engine', column(page, proposal.name).getByTestId('column-body'))
  await expect(column(page, proposal.name).getByTestId('deal-card')).toHaveCount(1)
  await expect(column(page, proposal.name)).toContainText('Difference engine')
  await reloadBoard(page, app)
  await expect(column(page, proposal.name)).toContainText('Difference engine')
  await expect(column(page, lead.name).getByTestId('deal-card')).toHaveCount(3)

  // reorder within a column: the last card onto the first one
  const before = await titlesIn(page, lead.name)
  const last = before[before.length - 1]
  await dragCard(page, last, card(page, before[0]), -20)
  await expect.poll(() => titlesIn(page, lead.name)).toEqual([last, ...before.slice(0, -1)])
  await page.waitForTimeout(300)
  await reloadBoard(page, app)
  await expect.poll(() => titlesIn(page, lead.name)).toEqual([last, ...before.slice(0, -1)])

  // keyboard: focus, Space, →, Space
  await card(page, 'Punch cards').focus()
  await page.keyboard.press('Space')
  await page.waitForTimeout(150)
  await page.keyboard.press('ArrowRight')
  await page.waitForTimeout(150)
  await page.keyboard.press('Space')
  await expect(column(page, qualified.name)).toContainText('Punch cards')
  await reloadBoard(page, app)
  await expect(column(page, qualified.name)).toContainText('Punch cards')
  await shot('pipeline-02-full-light')

  // won: drag to the Won zone, with Undo offered
  await page.mouse.move(0, 0)
  const from = await center(page, card(page, 'Tabulator'))
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move(from.x + 10, from.y + 10, { steps: 4 })
  const won = page.getByTestId('zone-won')
  await expect(won).toBeVisible()
  await shot('pipeline-03-dragging')
  const wonAt = await center(page, won)
  await page.mouse.move(wonAt.x, wonAt.y, { steps: 10 })
  await page.mouse.up()
  await expect(page.getByTestId('toast').filter({ hasText: 'Won “Tabulator”' })).toBeVisible()
  await expect(card(page, 'Tabulator')).toHaveCount(0)

  // lost from the card menu: a reason is required
  await card(page, 'Analytical engine').hover()
  await card(page, 'Analytical engine').getByRole('button', { name: /Actions for/ }).click()
  await page.getByRole('menuitem', { name: 'Mark lost' }).click()
  const lostDialog = page.getByRole('dialog', { name: /Mark “Analytical engine” lost/ })
  await lostDialog.getByRole('button', { name: /Mark lost/ }).click()
  await expect(lostDialog).toContainText('Say why the deal was lost')
  await lostDialog.getByLabel('Why was it lost?').fill('Too expensive')
  await lostDialog.getByRole('button', { name: /Mark lost/ }).click()
  await expect(lostDialog).toBeHidden()
  await expect(card(page, 'Analytical engine')).toHaveCount(0)

  // the deal page shows stage changes and the loss as entries with the time
  const lost = (await invoke<{ items: Array<{ id: string; title: string }> }>('deals.list', { status: 'lost' })).items[0]
  await openApp(page, app, `#/deals/${lost.id}`)
  await expect(page.getByRole('heading', { name: 'Analytical engine' })).toBeVisible()
  await expect(page.getByTestId('lost-reason')).toContainText('Too expensive')
  const system = page.locator('[data-testid="timeline-entry"][data-type="system"]')
  await expect(system.filter({ hasText: 'Too expensive' })).toBeVisible()
  await expect(system.first().locator('time')).toBeVisible()
  // log a note on the deal: it also lands on Ada's page
  await page.getByRole('group', { name: 'Log an entry' }).getByRole('button', { name: /Note/ }).click()
  await page.getByLabel('Note', { exact: true }).fill('Asked for a discount')
  await page.getByRole('button', { name: /Log note/ }).click()
  await expect(page.getByTestId('timeline-entry').filter({ hasText: 'Asked for a discount' })).toBeVisible()
  await shot('pipeline-04-deal-page-light')

  await openApp(page, app, `#/contacts/${ada.id}`)
  await expect(page.getByTestId('deals-section')).toContainText('Difference engine')
  await expect(page.getByTestId('timeline-entry').filter({ hasText: 'Asked for a discount' })).toBeVisible()
  await expect(page.locator('[data-testid="timeline-entry"][data-type="system"]').filter({ hasText: 'Too expensive' })).toBeVisible()
  await expect(page.locator('[data-testid="timeline-entry"][data-type="system"]').getByRole('link', { name: 'Analytical engine' }).first()).toBeVisible()
  await shot('pipeline-05-contact-deals-light')

  // dark
  await page.emulateMedia({ colorScheme: 'dark' })
  await openApp(page, app, '#/pipeline')
  await expect(page.getByTestId('board')).toBeVisible()
  await shot('pipeline-06-full-dark')
  await openApp(page, app, `#/deals/${lost.id}`)
  await expect(page.getByRole('heading', { name: 'Analytical engine' })).toBeVisible()
  await shot('pipeline-07-deal-page-dark')
})

test('a card idle longer than its stage allows is marked rotting; settings edit pipelines', async ({ page, app, shot }) => {
  await openApp(page, app, '#/settings')
  const invoke = bridge(page)
  const pipeline = await firstPipeline(invoke)
  const stage = pipeline.stages[0]
  await invoke('stages.update', { id: stage.id, rottingDays: 3 })
  await invoke('deals.create', { title: 'Quiet deal', valueMinor: 10000, currency: 'EUR', stageId: stage.id })
  await invoke('deals.create', { title: 'Fresh deal', valueMinor: 10000, currency: 'USD', stageId: pipeline.stages[2].id })
  await invoke('deals.create', { title: 'Moved deal', valueMinor: 5000, currency: 'USD', stageId: pipeline.stages[1].id })

  // Settings → Pipelines: add a pipeline, add a stage; deleting a stage with deals asks where they go
  const section = page.getByTestId('pipelines-section')
  await expect(section.getByTestId('pipeline-card')).toHaveCount(1)
  await section.getByLabel('New pipeline name').fill('Partnerships')
  await section.getByRole('button', { name: /Add pipeline/ }).click()
  await expect(section.getByTestId('pipeline-card')).toHaveCount(2)
  const sales = section.getByTestId('pipeline-card').first()
  await sales.getByLabel(`New stage in ${pipeline.name}`).fill('Contract')
  await sales.getByRole('button', { name: /Add stage/ }).click()
  await expect(sales.getByTestId('stage-row')).toHaveCount(pipeline.stages.length + 1)
  await sales.getByRole('button', { name: `Delete stage ${pipeline.stages[1].name}` }).click()
  const move = page.getByRole('dialog', { name: /Delete stage/ })
  await expect(move).toContainText('Move its 1 deal to:')
  await move.getByLabel('Move its 1 deal to:').selectOption({ label: pipeline.stages[2].name })
  await move.getByRole('button', { name: 'Move deals and delete' }).click()
  await expect(move).toBeHidden()
  await expect(sales.getByTestId('stage-row')).toHaveCount(pipeline.stages.length)
  await shot('pipeline-08-settings-light')
  await page.emulateMedia({ colorScheme: 'dark' })
  await shot('pipeline-09-settings-dark')
  await page.emulateMedia({ colorScheme: 'light' })

  const url = await app.restart({ clockOffsetDays: 5 })
  await page.goto(url + '#/pipeline')
  const quiet = card(page, 'Quiet deal')
  await expect(quiet.getByTestId('rotting-mark')).toHaveText('Idle 5 d')
  await expect(quiet).toHaveClass(/is-rotting/)
  await expect(quiet.getByTestId('rotting-mark')).toHaveAttribute('title', /rots after 3 days/)
  await expect(card(page, 'Fresh deal').getByTestId('rotting-mark')).toHaveCount(0)
  await page.setViewportSize({ width: 1024, height: 700 })
  await shot('pipeline-10-rotting-1024')
})

test('winning the only deal: the board says what happened and links to the closed deals, where it can be reopened', async ({ page, app, shot }) => {
  const invoke = bridge(page)
  await openApp(page, app, '#/pipeline')
  await invoke('deals.create', { title: 'Only deal', valueMinor: 120_000, currency: 'USD' })
  await expect(card(page, 'Only deal')).toBeVisible()
  await expect(page.getByTestId('outcome-won')).toContainText('Won this month: 0')
  await shot('pipeline-11-strip-open-light')

  await card(page, 'Only deal').hover()
  await card(page, 'Only deal').getByRole('button', { name: /Actions for/ }).click()
  await page.getByRole('menuitem', { name: 'Mark won' }).click()
  await expect(card(page, 'Only deal')).toHaveCount(0)
  const empty = page.getByTestId('empty-state')
  await expect(empty).toContainText('No open deals — 1 won, 0 lost this month')
  await expect(page.getByText('No deals yet')).toHaveCount(0)
  await expect(page.getByTestId('outcome-won')).toContainText('Won this month: 1 · $1,200.00')
  await expect(page.getByTestId('outcome-lost')).toContainText('Lost: 0')
  await shot('pipeline-12-all-closed-light')

  // the strip's link: the won deals of this month, with when they were won
  await page.getByTestId('outcome-won').click()
  await expect(page.getByRole('combobox', { name: 'Deal status' })).toHaveValue('won')
  await expect(page.getByRole('combobox', { name: 'Closed period' })).toHaveValue('month')
  const row = page.getByTestId('deal-row').filter({ hasText: 'Only deal' })
  await expect(row).toBeVisible()
  await expect(page.getByRole('columnheader', { name: /Won/ })).toBeVisible()
  await shot('pipeline-13-closed-list-light')

  // reopen from the list, with Undo (closes it again as won)
  await row.getByRole('button', { name: 'Reopen “Only deal”' }).click()
  await expect(page.getByTestId('deal-row')).toHaveCount(0)
  const toast = page.getByTestId('toast').filter({ hasText: 'Reopened “Only deal”' })
  await expect(toast).toBeVisible()
  await page.getByRole('radio', { name: 'Board' }).click()
  await expect(card(page, 'Only deal')).toBeVisible()
  await toast.getByRole('button', { name: 'Undo' }).click()
  await expect(card(page, 'Only deal')).toHaveCount(0)
  await expect(empty).toContainText('No open deals — 1 won, 0 lost this month')

  await page.emulateMedia({ colorScheme: 'dark' })
  await shot('pipeline-14-all-closed-dark')
  await page.getByRole('button', { name: 'See closed deals' }).click()
  await expect(page.getByTestId('deal-row').filter({ hasText: 'Only deal' })).toBeVisible()
  await shot('pipeline-15-closed-list-dark')
  await page.getByRole('radio', { name: 'Board' }).click()
  await invoke('deals.create', { title: 'Second deal', valueMinor: 50_000, currency: 'EUR' })
  await expect(card(page, 'Second deal')).toBeVisible()
  await shot('pipeline-16-strip-open-dark')
})
