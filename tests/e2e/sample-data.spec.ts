/** First run: load the sample data set, then browse the big list and a company with its history. */
import { bridge, expect, openApp, shots, test } from './harness'

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

test('remove sample data with a confirmation, see the empty state, undo, see them back', async ({ page, app, shot }) => {
  test.setTimeout(120_000)
  await page.emulateMedia({ colorScheme: 'light' })
  await openApp(page, app)
  await page.getByTestId('empty-state').getByRole('button', { name: /Load sample data/ }).click()
  await expect(page.getByTestId('toast').filter({ hasText: /^Loaded \d+ contacts/ })).toBeVisible({ timeout: 30_000 })
  // work on one sample contact: a note in its history
  await page.getByTestId('contact-row').first().click()
  const name = (await page.getByRole('heading', { level: 1 }).innerText()).trim()
  const invoke = bridge(page)
  const [worked] = (await invoke<{ items: { id: string; displayName: string }[] }>('contacts.list', { limit: 1 })).items
  expect(worked.displayName).toBe(name)
  await invoke('activities.create', { type: 'note', contactId: worked.id, body: 'Wants a quote' })

  await page.goto(app.url + '#/settings')
  const section = page.getByTestId('data-section')
  const row = section.getByTestId('sample-data')
  await expect(row).toContainText(/[\d,]+ sample records: 199 contacts, 30 companies, 60 deals/)
  await row.scrollIntoViewIfNeeded()
  await row.getByRole('button', { name: 'Remove sample data…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Remove sample data?' })
  await expect(dialog.getByTestId('sample-confirm')).toContainText('199 contacts')
  await expect(dialog.getByTestId('sample-confirm')).toContainText(`Kept, because you worked on them: ${name}`)
  await shots(page, shot, 'sample-remove-confirm')
  await dialog.getByRole('button', { name: /^Remove [\d,]+ records$/ }).click()

  const result = section.getByTestId('sample-removed')
  await expect(result).toContainText(new RegExp(`^Removed [\\d,]+ sample records; kept 1 you worked on: ${name}`), { timeout: 30_000 })
  await expect(section.getByTestId('sample-data')).toHaveCount(0)
  await result.scrollIntoViewIfNeeded()
  await shots(page, shot, 'sample-removed')
  expect((await invoke<{ total: number }>('contacts.list', {})).total).toBe(1)

  // undo in one step: everything is back
  await result.getByRole('button', { name: 'Undo' }).click()
  await expect(section.getByTestId('sample-restored')).toBeVisible({ timeout: 30_000 })
  await expect(section.getByTestId('sample-data')).toContainText('199 contacts')
  await page.getByRole('link', { name: 'Contacts' }).first().click()
  await expect(page.locator('.view-title-row .count-badge')).toHaveText('200')

  // remove again (the worked-on contact stays), then the user deletes it: the database is empty
  await page.goto(app.url + '#/settings')
  await section.getByTestId('sample-data').getByRole('button', { name: 'Remove sample data…' }).click()
  await page.getByRole('dialog', { name: 'Remove sample data?' }).getByRole('button', { name: /^Remove [\d,]+ records$/ }).click()
  await expect(section.getByTestId('sample-removed')).toBeVisible({ timeout: 30_000 })
  await invoke('contacts.delete', { ids: [worked.id] })
  // the first-run empty state with its sample offer is back once the database is empty
  await page.getByRole('link', { name: 'Contacts' }).first().click()
  await expect(page.getByTestId('empty-state').getByRole('button', { name: /Load sample data/ })).toBeVisible()
  await shots(page, shot, 'sample-empty-again')
})
