/**
 * The pipeline board at 2,000 open deals in 8 stages: it opens with only the cards in view in the
 * DOM, and a drop → persisted (deals.move answered) → rendered (the confirmed card committed in its
 * new column) is measured over several drops. The board sets the `deal-move` performance measure
 * (Board.tsx: from onDragEnd to the commit that shows the card core confirmed).
 *
 * The figure (issue 12: ≤ 100 ms) is logged as the median of DROPS drops; here it measures 30–50 ms.
 * The test asserts the median ≤ 250 ms, not ≤ 100 ms: on a busy 2-core machine (other specs,
 * builds) single drops spike to 200–400 ms and the median of 7 reached 148 ms once in three runs,
 * so 100 ms would flake. 250 ms catches a gross regression only (the board before issue 12 had a
 * median of 90–160 ms here); the logged median (annotation deal-move-median-ms) is the figure to watch.
 */
import type { Page } from '@playwright/test'
import type { Pipeline } from '../../src-shared/model/deal'
import { bridge, expect, openApp, shots, test } from './harness'

const DEALS = 2_000
const STAGES = 8
const DROPS = 9
/** See above: the target is 100 ms; the assertion leaves room for a loaded machine. */
const MEDIAN_BOUND_MS = 250

test.describe.configure({ timeout: 240_000 })
// Playwright's trace snapshots the DOM in the page around every action (the mouse.up that drops
// included), on the page's main thread: it would be measured along with the board.
test.use({ trace: 'off' })

const column = (page: Page, stageId: string) => page.locator(`[data-testid="board-column"][data-stage="${stageId}"]`)
const center = async (locator: ReturnType<Page['locator']>) => {
  const box = (await locator.boundingBox())!
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}
/** A pointer drag with intermediate moves, as a person does it (dnd-kit needs movement past 5 px). */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move(from.x + 8, from.y + 8, { steps: 4 })
  await page.mouse.move(to.x, to.y, { steps: 12 })
  await page.waitForTimeout(120)
  await page.mouse.move(to.x, to.y + 1)
  await page.waitForTimeout(60)
  await page.mouse.up()
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

test('2,000 open deals: the board opens virtualized; a drop is persisted and rendered fast (median logged)', async ({ page, app, shot }, testInfo) => {
  await openApp(page, app, '#/settings')
  const invoke = bridge(page)
  const first = async () => (await invoke<Pipeline[]>('pipelines.list')).sort((a, b) => a.position - b.position)[0]
  const pipeline = await first()
  for (let i = pipeline.stages.length; i < STAGES; i++) await invoke('stages.create', { pipelineId: pipeline.id, name: `Stage ${i + 1}`, probability: 10 * i })
  const stages = (await first()).stages
  expect(stages.length).toBe(STAGES)
  await page.evaluate(
    async ({ stageIds, deals }) => {
      const crm = (window as unknown as { crm: { invoke(n: string, i: unknown): Promise<{ ok: boolean; error?: unknown }> } }).crm
      const currencies = ['EUR', 'EUR', 'EUR', 'USD']
      for (let batch = 0; batch < deals / 100; batch++) {
        await Promise.all(
          Array.from({ length: 100 }, async (_, k) => {
            const i = batch * 100 + k
            const r = await crm.invoke('deals.create', { title: `Deal ${String(i).padStart(4, '0')}`, valueMinor: 1000 + i * 137, currency: currencies[i % 4], stageId: stageIds[i % stageIds.length] })
            if (!r.ok) throw new Error(JSON.stringify(r.error))
          }),
        )
      }
    },
    { stageIds: stages.map((s) => s.id), deals: DEALS },
  )

  const opened = Date.now()
  await openApp(page, app, '#/pipeline')
  await expect(page.getByLabel('2,000 open deals')).toBeVisible()
  testInfo.annotations.push({ type: 'board-open-ms', description: String(Date.now() - opened) })
  // only the cards in view are in the DOM, never the 2,000
  expect(await page.getByTestId('deal-card').count()).toBeLessThan(400)
  for (const s of stages) await expect(column(page, s.id).getByTestId('column-count')).toHaveText(String(DEALS / STAGES))
  await shots(page, shot, 'board-2000-deals')

  // Drops between the three columns in view at 1280 px: the first card of one onto the second card of another.
  const counts = new Map(stages.map((s) => [s.id, DEALS / STAGES]))
  const pairs = [[0, 2], [2, 1], [1, 0], [0, 1], [1, 2], [2, 0], [0, 2], [2, 1], [1, 0]]
  const figures: number[] = []
  for (let d = 0; d < DROPS; d++) {
    const [from, to] = pairs[d % pairs.length].map((i) => stages[i].id)
    await page.getByTestId('board').evaluate((el) => el.scrollTo({ left: 0 }))
    const source = column(page, from).getByTestId('deal-card').first()
    const id = (await source.getAttribute('data-id'))!
    await page.evaluate(() => performance.clearMeasures('deal-move'))
    await drag(page, await center(source), await center(column(page, to).getByTestId('deal-card').nth(1)))
    await expect.poll(() => page.evaluate(() => performance.getEntriesByName('deal-move').length)).toBe(1)
    figures.push(await page.evaluate(() => performance.getEntriesByName('deal-move')[0].duration))
    // rendered in its new column, and persisted there
    await expect(column(page, to).locator(`[data-testid="deal-card"][data-id="${id}"]`)).toBeVisible()
    await expect(column(page, from).locator(`[data-testid="deal-card"][data-id="${id}"]`)).toHaveCount(0)
    expect((await invoke<{ stageId: string }>('deals.get', { id })).stageId).toBe(to)
    counts.set(from, counts.get(from)! - 1)
    counts.set(to, counts.get(to)! + 1)
    await expect(column(page, to).getByTestId('column-count')).toHaveText(String(counts.get(to)))
    await page.waitForTimeout(250) // let the refetch that data.changed starts land before the next drag
  }

  // Columns scrolled out of the board's view render no cards; scrolled into view, they do, and take drops.
  const [sixth, eighth] = [stages[5].id, stages[STAGES - 1].id]
  await page.getByTestId('board').evaluate((el) => el.scrollTo({ left: el.scrollWidth }))
  await expect(column(page, eighth).getByTestId('deal-card').first()).toBeVisible()
  await expect(column(page, stages[0].id).getByTestId('deal-card')).toHaveCount(0)
  const far = column(page, eighth).getByTestId('deal-card').first()
  const farId = (await far.getAttribute('data-id'))!
  await drag(page, await center(far), await center(column(page, sixth).getByTestId('deal-card').nth(1)))
  await expect(column(page, sixth).locator(`[data-testid="deal-card"][data-id="${farId}"]`)).toBeVisible()
  await expect.poll(async () => (await invoke<{ stageId: string }>('deals.get', { id: farId })).stageId).toBe(sixth)
  counts.set(eighth, counts.get(eighth)! - 1)
  counts.set(sixth, counts.get(sixth)! + 1)
  await page.getByTestId('board').evaluate((el) => el.scrollTo({ left: 0 }))

  const m = median(figures)
  console.log(`deal-move (drop → persisted → rendered) at 2,000 deals, ${DROPS} drops: median ${m.toFixed(1)} ms; each: ${figures.map((f) => f.toFixed(1)).join(', ')} ms`)
  testInfo.annotations.push({ type: 'deal-move-median-ms', description: m.toFixed(1) })
  testInfo.annotations.push({ type: 'deal-move-ms', description: figures.map((f) => f.toFixed(1)).join(', ') })

  // the same command alone, for comparison: what the core + host round trip costs
  const last = (await column(page, stages[pairs[(DROPS - 1) % pairs.length][1]].id).getByTestId('deal-card').first().getAttribute('data-id'))!
  const roundTrip = await page.evaluate(async (id) => {
    const crm = (window as unknown as { crm: { invoke(n: string, i: unknown): Promise<unknown> } }).crm
    const deal = (await crm.invoke('deals.get', { id })) as { value: { stageId: string } }
    const t = performance.now()
    await crm.invoke('deals.move', { id, stageId: deal.value.stageId, afterId: null, beforeId: null })
    return performance.now() - t
  }, last)
  console.log(`deals.move round trip alone: ${roundTrip.toFixed(1)} ms`)
  testInfo.annotations.push({ type: 'deals-move-round-trip-ms', description: roundTrip.toFixed(1) })

  // what the board shows survives a reload: the counts are core's, not the optimistic ones
  await page.reload()
  await openApp(page, app, '#/pipeline')
  await expect(page.getByLabel('2,000 open deals')).toBeVisible()
  for (const s of stages) await expect(column(page, s.id).getByTestId('column-count')).toHaveText(String(counts.get(s.id)))

  expect(m).toBeLessThanOrEqual(MEDIAN_BOUND_MS)
})
