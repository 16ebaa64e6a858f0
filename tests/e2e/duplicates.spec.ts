/**
 * Duplicates against the real core: two copies of Ada, found by email; review side by side, pick
 * a field, merge (history moves to the survivor), Undo brings both back. Light and dark shots.
 */
import { bridge, expect, openApp, shots, test } from './harness'

test('find, review, merge and undo a duplicate pair', async ({ page, app, shot }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openApp(page, app, '#/contacts')
  const invoke = bridge(page)
  const acme = await invoke<{ id: string }>('companies.create', { name: 'Acme' })
  const keep = await invoke<{ id: string }>('contacts.create', {
    firstName: 'Ada',
    lastName: 'Lovelace',
    jobTitle: 'Analyst',
    emails: [{ value: 'ada@example.com' }],
  })
  const dupe = await invoke<{ id: string }>('contacts.create', {
    firstName: 'Ada',
    lastName: 'Lovelace',
    jobTitle: 'Mathematician',
    companyId: acme.id,
    emails: [{ value: 'ADA@example.com' }],
    phones: [{ value: '+44 20 7946 0958' }],
  })
  await invoke('activities.create', { type: 'call', contactId: dupe.id, body: 'Talked about the engine' })

  // the view scans and lists the pair with its reason; the sidebar shows the count it found
  await page.getByRole('link', { name: /Duplicates/ }).click()
  await expect(page).toHaveURL(/#\/duplicates$/)
  const pair = page.getByTestId('duplicate-pair')
  await expect(pair).toHaveCount(1)
  await expect(page.getByTestId('duplicates-badge')).toHaveText('1')
  await expect(pair).toContainText('same email ada@example.com')
  await shots(page, shot, 'duplicates-list')

  // review side by side; the older contact is kept; take the other's job title
  await pair.getByRole('link', { name: 'Review' }).click()
  const review = page.getByTestId('merge-review')
  await expect(review).toBeVisible()
  await expect(review.getByTestId('merge-row-jobTitle')).toBeVisible()
  await expect(review.getByTestId('merge-row-companyId').getByRole('radio', { name: /Acme/ })).toBeChecked() // blank filled from the other
  await review.getByRole('radio', { name: /Job title: Mathematician/ }).check()
  await expect(review).toContainText('1 history entry')
  await shots(page, shot, 'duplicates-review')

  await review.getByRole('button', { name: 'Merge into Ada Lovelace' }).click()
  // the survivor's page: the call from the duplicate is in its history, the picks applied
  await expect(page).toHaveURL(new RegExp(`#/contacts/${keep.id}$`))
  await expect(page.getByText('Talked about the engine')).toBeVisible()
  await expect(page.getByText('Mathematician').first()).toBeVisible()
  const toast = page.getByRole('status').filter({ hasText: 'Merged Ada Lovelace into Ada Lovelace' })
  await expect(toast).toBeVisible()
  await shots(page, shot, 'duplicates-merged')
  expect((await invoke<{ jobTitle: string }>('contacts.get', { id: keep.id })).jobTitle).toBe('Mathematician')

  // Undo: both back as they were, the call back on the duplicate
  await toast.getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByText('Merge undone: both contacts are back')).toBeVisible()
  await expect(page.getByText('Talked about the engine')).toHaveCount(0)
  expect((await invoke<{ jobTitle: string }>('contacts.get', { id: keep.id })).jobTitle).toBe('Analyst')
  const back = await invoke<{ jobTitle: string; companyId: string }>('contacts.get', { id: dupe.id })
  expect(back).toMatchObject({ jobTitle: 'Mathematician', companyId: acme.id })
  const history = await invoke<{ body: string }[]>('activities.list', { contactId: dupe.id })
  expect(history.map((a) => a.body)).toContain('Talked about the engine')

  // "Not a duplicate" keeps the pair out of the list, then the honest empty state
  await page.goto(app.url + '#/duplicates')
  await expect(page.getByTestId('duplicate-pair')).toHaveCount(1)
  await page.getByTestId('duplicate-pair').getByRole('button', { name: 'Not a duplicate' }).click()
  await expect(page.getByTestId('empty-state')).toContainText('No duplicates found')
  await expect(page.getByTestId('empty-state')).toContainText('Checked 2 contacts')
  await shots(page, shot, 'duplicates-empty')
})

test('the contact form warns when the email already exists', async ({ page, app, shot }) => {
  await openApp(page, app, '#/contacts')
  const invoke = bridge(page)
  const ada = await invoke<{ id: string }>('contacts.create', { firstName: 'Ada', lastName: 'Lovelace', emails: [{ value: 'ada@example.com' }] })
  await page.reload()
  await page.getByRole('button', { name: /New contact/ }).first().click()
  await page.getByLabel('First name').fill('Augusta')
  await page.getByPlaceholder('name@example.com').first().fill('ADA@example.com')
  const warning = page.getByTestId('email-duplicate-warning')
  await expect(warning).toContainText('Ada Lovelace already has this email')
  await shot('email-warning-light')
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.waitForTimeout(150)
  await shot('email-warning-dark')
  await warning.getByRole('button', { name: 'open contact' }).click()
  await expect(page).toHaveURL(new RegExp(`#/contacts/${ada.id}$`))
})

test('the phone region in Settings decides how "(604) 858-6371" is read: one phone with "001-604-858-6371" in the US', async ({ page, app, shot }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openApp(page, app, '#/settings')
  const invoke = bridge(page)
  await invoke('contacts.create', { firstName: 'Ann', lastName: 'Lee', phones: [{ value: '001-604-858-6371' }] })
  await invoke('contacts.create', { firstName: 'Ann', lastName: 'L.', phones: [{ value: '(604) 858-6371' }] })

  // read as German numbers, the national one is another number
  const region = page.getByLabel('Phone numbers without a country code are from')
  await expect(region).toHaveValue('')
  await region.selectOption('DE')
  await expect(page.getByText('Numbers without a country code are read as numbers from Germany')).toBeVisible()
  expect(await invoke<{ phoneRegion: string | null }>('settings.get')).toMatchObject({ phoneRegion: 'DE' })
  await page.getByRole('link', { name: /Duplicates/ }).click()
  await expect(page.getByTestId('duplicates-total')).toHaveText('0')
  await expect(page.getByText(/read as DE/)).toBeVisible()

  // in the United States they are one phone; the open list follows the setting
  await page.getByRole('link', { name: /Settings/ }).click()
  await page.getByTestId('currency-section').scrollIntoViewIfNeeded()
  await region.selectOption('US')
  await expect(region).toHaveValue('US')
  await page.getByRole('link', { name: /Duplicates/ }).click()
  await expect(page.getByTestId('duplicate-pair')).toHaveCount(1)
  await expect(page.getByTestId('duplicate-pair')).toContainText('same phone +1 604 858 6371')
  await page.getByRole('link', { name: /Settings/ }).click()
  await page.getByTestId('currency-section').scrollIntoViewIfNeeded()
  await shots(page, shot, 'settings-phone-region')
})
