/** Tags: create one in Settings, put it on two contacts from the bulk bar, filter the list by it. */
import { expect, openApp, test } from './harness'

test('tag two contacts and filter by the tag', async ({ page, app, shot }) => {
  await openApp(page, app, '#/settings')

  await page.getByLabel('New tag name').fill('Investor')
  await page.getByRole('radio', { name: 'Green' }).first().click()
  await page.getByRole('button', { name: /Add tag/ }).click()
  await expect(page.getByRole('list', { name: 'Tags' }).getByTestId('tag-chip')).toHaveText('Investor')
  await shot('01-settings-tags')

  // three people, made through the same bridge the app uses
  await page.evaluate(async () => {
    const crm = (window as unknown as { crm: { invoke(n: string, i: unknown): Promise<{ ok: boolean }> } }).crm
    for (const [firstName, lastName] of [['Ada', 'Lovelace'], ['Grace', 'Hopper'], ['Alan', 'Turing']]) {
      const r = await crm.invoke('contacts.create', { firstName, lastName })
      if (!r.ok) throw new Error(JSON.stringify(r))
    }
  })
  await page.getByRole('link', { name: 'Contacts' }).click()
  const rows = page.getByTestId('contact-row')
  await expect(rows).toHaveCount(3)

  await rows.filter({ hasText: 'Ada Lovelace' }).getByRole('checkbox').check()
  await rows.filter({ hasText: 'Alan Turing' }).getByRole('checkbox').check()
  const bar = page.getByTestId('bulk-bar')
  await expect(bar).toContainText('2 selected')
  await bar.getByRole('button', { name: /Add tag/ }).click()
  const chooser = page.getByRole('dialog', { name: 'Add a tag to 2 contacts' })
  await shot('02-add-tag')
  await chooser.getByRole('button', { name: /Investor/ }).click()
  await expect(chooser).toBeHidden()
  await expect(page.getByTestId('toast').filter({ hasText: 'Tagged 2 contacts with “Investor”' })).toBeVisible()
  await expect(rows.filter({ hasText: 'Ada Lovelace' }).getByTestId('tag-chip')).toHaveText('Investor')
  await expect(rows.filter({ hasText: 'Grace Hopper' }).getByTestId('tag-chip')).toHaveCount(0)

  await page.getByRole('combobox', { name: /Tag/ }).selectOption({ label: 'Investor' })
  await expect(rows).toHaveCount(2)
  await expect(rows.filter({ hasText: 'Grace Hopper' })).toHaveCount(0)
  await expect(page.getByLabel('2 contacts')).toBeVisible()
  await shot('03-filtered-by-tag')

  await page.getByRole('combobox', { name: /Stage/ }).selectOption('customer')
  await expect(page.getByTestId('empty-state')).toContainText('No contacts match these filters')
  await page.getByTestId('empty-state').getByRole('button', { name: 'Clear filters' }).click()
  await expect(rows).toHaveCount(3)
})
