/**
 * The contact's life in the real app (browser host, real core, real SQLite): create it, log a
 * call and a note and see them in order, edit a field, delete it and undo.
 */
import type { Page } from '@playwright/test'
import { expect, openApp, test } from './harness'

const YESTERDAY_AT_NINE = (() => {
  const d = new Date()
  d.setDate(d.getDate() - 1)
  d.setHours(9, 30, 0, 0)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T09:30`
})()

async function createContact(page: Page, first: string, last: string, email: string) {
  await page.getByRole('button', { name: /New contact|Add your first contact/ }).first().click()
  const dialog = page.getByRole('dialog', { name: 'New contact' })
  await dialog.getByLabel('First name', { exact: true }).fill(first)
  await dialog.getByLabel('Last name', { exact: true }).fill(last)
  await dialog.getByLabel('Email 1', { exact: true }).fill(email)
  await dialog.getByLabel('Job title').fill('Engineer')
  await dialog.getByRole('button', { name: /Create contact/ }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('heading', { level: 1, name: `${first} ${last}` })).toBeVisible()
}

test('create a contact, log a call and a note, see them newest first', async ({ page, app, shot }) => {
  await openApp(page, app)
  await expect(page.getByTestId('empty-state')).toContainText('Add your first contact')
  await shot('01-first-run')

  await createContact(page, 'Ada', 'Lovelace', 'ada@example.com')
  await expect(page).toHaveURL(/#\/contacts\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('empty-state')).toContainText('Log the first call or note')

  // a call, now (the default), with the keyboard shortcut
  await page.keyboard.press('c')
  const call = page.getByRole('form', { name: 'Log a call' })
  await call.getByLabel('Duration (min)').fill('15')
  await call.getByLabel('Outcome').selectOption('connected')
  await call.getByLabel('Summary').fill('Talked about the pilot project')
  await call.getByRole('button', { name: /Log call/ }).click()
  await expect(call).toBeHidden()

  // a note that happened yesterday: logged after the call, but older
  await page.getByRole('group', { name: 'Log an entry' }).getByRole('button', { name: /^Note/ }).click()
  const note = page.getByRole('form', { name: 'Log a note' })
  await note.getByLabel('Note').fill('Met at the conference, wants a follow-up')
  await note.getByLabel('When').fill(YESTERDAY_AT_NINE)
  await note.getByRole('button', { name: /Log note/ }).click()
  await expect(note).toBeHidden()

  const entries = page.getByTestId('timeline-entry')
  await expect(entries).toHaveCount(2)
  await expect(entries.nth(0)).toHaveAttribute('data-type', 'call')
  await expect(entries.nth(0)).toContainText('Outbound call · 15 min · Connected')
  await expect(entries.nth(1)).toHaveAttribute('data-type', 'note')
  await expect(page.getByText('Yesterday')).toBeVisible()
  // the call counts as contact, so "Last contacted" is now
  await expect(page.locator('.last-contacted')).toContainText(/just now|1 minute ago/)

  // the type filter narrows the timeline
  await page.getByRole('button', { name: 'Notes', exact: true }).click()
  await expect(entries).toHaveCount(1)
  await expect(entries.first()).toHaveAttribute('data-type', 'note')
  await page.getByRole('button', { name: 'All', exact: true }).click()
  await expect(entries).toHaveCount(2)
  await shot('02-contact-timeline')

  // it is all still there after a reload
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeVisible()
  await expect(page.getByTestId('timeline-entry')).toHaveCount(2)
})

test('edit a field of a contact', async ({ page, app, shot }) => {
  await openApp(page, app)
  await createContact(page, 'Grace', 'Hopper', 'grace@example.com')

  await page.keyboard.press('Control+e')
  const dialog = page.getByRole('dialog', { name: 'Edit contact' })
  await expect(dialog.getByLabel('First name', { exact: true })).toHaveValue('Grace')
  await dialog.getByLabel('Job title').fill('Rear Admiral')
  await dialog.getByLabel('Lifecycle stage').selectOption('customer')
  // a bad value first: the message shows next to the field and nothing typed is lost
  await dialog.getByLabel('Email 1', { exact: true }).fill('grace-at-navy')
  await dialog.getByRole('button', { name: /Save changes/ }).click()
  await expect(dialog.getByText('"grace-at-navy" is not a valid email address', { exact: false }).first()).toBeVisible()
  await expect(dialog.getByLabel('Job title')).toHaveValue('Rear Admiral')
  await shot('03-edit-validation-error')
  await dialog.getByLabel('Email 1', { exact: true }).fill('grace@navy.example')
  await dialog.getByRole('button', { name: /Save changes/ }).click()
  await expect(dialog).toBeHidden()

  await expect(page.locator('.record-sub')).toContainText('Rear Admiral')
  await expect(page.locator('.record-badges')).toContainText('Customer')
  await page.reload()
  await expect(page.locator('.record-sub')).toContainText('Rear Admiral')
  await expect(page.getByRole('link', { name: 'grace@navy.example' })).toBeVisible()
  await shot('04-edited-contact')
})

test('delete a contact and undo', async ({ page, app, shot }) => {
  await openApp(page, app)
  await createContact(page, 'Alan', 'Turing', 'alan@example.com')
  await page.goto(app.url + '#/contacts')
  await createContact(page, 'Edsger', 'Dijkstra', 'edsger@example.com')

  await page.getByRole('button', { name: /Delete/ }).click()
  await expect(page).toHaveURL(/#\/contacts$/)
  const toast = page.getByTestId('toast').filter({ hasText: 'Deleted Edsger Dijkstra' })
  await expect(toast).toBeVisible()
  await expect(page.getByTestId('contact-row')).toHaveCount(1)
  await shot('05-deleted-with-undo')

  await toast.getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByTestId('contact-row')).toHaveCount(2)
  await expect(page.getByTestId('contact-row').filter({ hasText: 'Edsger Dijkstra' })).toBeVisible()
})

test('a link to a contact that does not exist says so and leads back', async ({ page, app }) => {
  await openApp(page, app, '#/contacts/01900000-0000-7000-8000-000000000000')
  await expect(page.getByText('This contact is not here any more')).toBeVisible()
  await page.getByRole('link', { name: 'Back to contacts' }).click()
  await expect(page.getByTestId('empty-state')).toContainText('Add your first contact')
})
