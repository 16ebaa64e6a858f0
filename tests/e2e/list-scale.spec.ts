/**
 * The contacts list at 100,000 contacts (written with raw inserts into the data folder before the
 * host starts, tests/bench/datasets.ts): it opens, the DOM keeps about one screen of rows wherever
 * you scroll (virtualized: top, middle, bottom alike), and a planted contact is reached both by
 * scrolling to the very end of the name order and by sorting on Created.
 */
import { join, resolve } from 'node:path'
import { writeDataSet } from '../bench/datasets'
import { expect, openApp, test } from './harness'

const CONTACTS = 100_000
const PLANTED = { firstName: 'Zzyzx', lastName: 'Planted', email: 'zzyzx.planted@example.com' }

// Writing 100k contacts happens in fixture setup, which counts against the test's time: the
// whole test (setup included) gets 3 minutes, so a busy machine does not fail it at setup.
test.describe.configure({ timeout: 180_000 })

test.use({
  // a function-valued option is given through a fixture function
  prepareData: async ({}, use) =>
    use((dataDir: string) => {
      writeDataSet(dataDir, join(resolve(__dirname, '../..'), 'drizzle'), { contacts: CONTACTS, history: 0, planted: PLANTED })
    }),
})

test('100,000 contacts: the list opens, scrolls with a constant number of rows, and finds a planted contact', async ({ page, app, shot }) => {
  await openApp(page, app, '#/contacts')
  const list = page.getByTestId('contact-list')
  const rows = list.getByTestId('contact-row')
  await expect(page.getByRole('heading', { level: 1, name: 'Contacts' })).toBeVisible()
  await expect(page.locator('.count-badge')).toHaveText((CONTACTS + 1).toLocaleString('en-US'))
  await expect(rows.first()).toBeVisible()

  /** Scrolls the list to a fraction of its height and waits until the rows there are loaded. */
  const scrollTo = async (fraction: number) => {
    await list.evaluate((el, f) => {
      el.scrollTop = f * (el.scrollHeight - el.clientHeight)
    }, fraction)
    await expect(list.locator('.skeleton')).toHaveCount(0)
    await expect(rows.first()).toBeVisible()
    return rows.count()
  }
  const top = await rows.count()
  const middle = await scrollTo(0.5)
  const middleFirst = await rows.first().getAttribute('data-index')
  await shot('01-middle')
  const bottom = await scrollTo(1)
  expect(top).toBeGreaterThan(5)
  expect(top).toBeLessThan(60) // a screen plus overscan, never the 100,000
  // the same screenful everywhere; at the top and bottom the 8 overscan rows sit on one side only
  expect(Math.abs(middle - top)).toBeLessThanOrEqual(10)
  expect(Math.abs(bottom - top)).toBeLessThanOrEqual(10)
  expect(Number(middleFirst)).toBeGreaterThan(CONTACTS / 2 - 100)

  // Name order ends with "Zzyzx Planted": it is the last row at the bottom.
  await expect(rows.last()).toContainText('Zzyzx Planted')
  await expect(rows.last()).toContainText(PLANTED.email)
  await expect(rows.last().locator('.cell-tags')).toHaveAttribute('title', 'Newsletter, Supplier') // the deleted tag is left out
  await shot('02-bottom-planted')

  // Sorted by Created (newest first), the planted contact (written last, now) heads the list.
  await page.getByRole('combobox', { name: 'Sort' }).selectOption('created')
  await expect(rows.first()).toContainText('Zzyzx Planted')
  await expect(await rows.count()).toBeLessThan(60)
  await rows.first().getByRole('link', { name: 'Zzyzx Planted' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Zzyzx Planted' })).toBeVisible()
  await shot('03-planted-opened')
})
