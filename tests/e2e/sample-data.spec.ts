/** First run: load the sample data set, then browse the big list and a company with its history. */
import { expect, openApp, test } from './harness'

test('load sample data', async ({ page, app, shot }) => {
  await openApp(page, app)
  const empty = page.getByTestId('empty-state')
  await empty.getByRole('button', { name: /Load sample data/ }).click()
  await expect(page.getByTestId('toast').filter({ hasText: /^Loaded \d+ contacts, \d+ companies/ })).toBeVisible({ timeout: 30_000 })
  const rows = page.getByTestId('contact-row')
  await expect(rows.first()).toBeVisible()
  const count = Number(await page.locator('.view-title-row .count-badge').innerText())
  expect(count).toBeGreaterThanOrEqual(100)
  await shot('01-contacts-with-sample-data')

  // virtualized: far fewer rows in the DOM than contacts, and scrolling to the end shows the last ones
  expect(await rows.count()).toBeLessThan(60)
  const list = page.getByTestId('contact-list')
  await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
  await expect(page.locator(`[data-testid="contact-row"][aria-rowindex="${count + 1}"]`)).toBeVisible()
  expect(await rows.count()).toBeLessThan(60)

  // sort by last contacted, newest first
  await page.getByRole('button', { name: /^Last contacted/ }).click()
  await expect(page.getByRole('columnheader', { name: /Last contacted/ })).toHaveAttribute('aria-sort', 'descending')

  // a company with its people and their combined history
  await page.getByRole('link', { name: 'Companies' }).click()
  await page.getByTestId('company-row').first().click()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(page.getByTestId('timeline-entry').first()).toBeVisible()
  await expect(page.locator('.timeline-person').first()).toContainText('with')
  await shot('02-company-page')

  await page.emulateMedia({ colorScheme: 'dark' })
  await shot('03-company-page-dark')
})
