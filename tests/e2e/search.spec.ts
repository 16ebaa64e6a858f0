/**
 * The command palette against the real core: Ctrl+K, a 3-letter prefix finds a planted contact and
 * Enter opens it; a note is found by a word of its body; a command ("Go to pipeline") runs; Shift+Enter
 * on a contact opens its page with the call composer; the empty state; screenshots light and dark.
 */
import type { Page } from '@playwright/test'
import { bridge, expect, openApp, test } from './harness'

const palette = (page: Page) => page.getByRole('dialog', { name: /Search and commands|Log a call/ })
const input = (page: Page) => palette(page).getByRole('combobox')

test('Ctrl+K: search as you type, open a contact, a note, run a command, log a call', async ({ page, app, shot }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openApp(page, app, '#/contacts')
  const invoke = bridge(page)
  const acme = await invoke<{ id: string }>('companies.create', { name: 'Quill & Ink Supplies', domain: 'quill.example' })
  const planted = await invoke<{ id: string }>('contacts.create', { firstName: 'Zoë', lastName: 'Quinterro', jobTitle: 'Buyer', companyId: acme.id, emails: [{ value: 'zoe@quill.example' }] })
  const other = await invoke<{ id: string }>('contacts.create', { firstName: 'Marcus', lastName: 'Holt' })
  await invoke('activities.create', { type: 'call', contactId: other.id, subject: 'Quarterly check-in', body: 'Talked about the quinoa shipment and the invoice.' })
  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()

  // palette opens on Ctrl+K with commands listed
  await page.keyboard.press('Control+k')
  await expect(palette(page)).toBeVisible()
  await expect(input(page)).toBeFocused()
  await expect(palette(page).getByRole('option', { name: /Go to pipeline/ })).toBeVisible()
  await shot('palette-empty-light')

  // a 3-letter prefix (accent-free) of the planted contact
  await input(page).fill('zoe qui')
  await expect(palette(page).getByRole('option').first()).toContainText('Zoë Quinterro')
  await input(page).fill('qui')
  await expect(palette(page).getByRole('option', { name: /Zoë Quinterro/ })).toBeVisible()
  await expect(palette(page).getByRole('option', { name: /^Quill & Ink Supplies/ })).toBeVisible()
  await expect(palette(page).getByRole('option', { name: /Quarterly check-in/ })).toContainText('quinoa')
  await shot('palette-results-light')
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.waitForTimeout(150)
  await shot('palette-results-dark')
  await page.emulateMedia({ colorScheme: 'light' })
  // the first result is the contact: Enter opens it
  await expect(palette(page).getByRole('option').first()).toContainText('Zoë Quinterro')
  await page.keyboard.press('Enter')
  await expect(palette(page)).toBeHidden()
  await expect(page).toHaveURL(new RegExp(`#/contacts/${planted.id}$`))
  await expect(page.getByRole('heading', { level: 1, name: 'Zoë Quinterro' })).toBeVisible()

  // a note: ↓ to it, Enter opens the contact it belongs to
  await page.keyboard.press('Control+k')
  await input(page).fill('quinoa')
  await expect(palette(page).getByRole('option', { name: /Quarterly check-in/ })).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`#/contacts/${other.id}$`))

  // a command by name
  await page.keyboard.press('Control+k')
  await input(page).fill('go pip')
  await expect(palette(page).getByRole('option').first()).toContainText('Go to pipeline')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#\/pipeline$/)

  // the mouse: click a command
  await page.keyboard.press('Control+k')
  await input(page).fill('dashb')
  await palette(page).getByRole('option', { name: /Go to dashboard/ }).click()
  await expect(page).toHaveURL(/#\/dashboard$/)

  // Shift+Enter on a contact: its page with the call composer open
  await page.keyboard.press('Control+k')
  await input(page).fill('holt')
  await expect(palette(page).getByRole('option').first()).toContainText('Marcus Holt')
  await expect(palette(page).getByRole('option').first()).toContainText('Log a call')
  await page.keyboard.press('Shift+Enter')
  await expect(page).toHaveURL(new RegExp(`#/contacts/${other.id}$`))
  await expect(page.getByRole('button', { name: /Save|Log call/ }).first()).toBeVisible()
  await page.keyboard.press('Escape')

  // the "Log a call for…" command asks for the contact
  await page.goto(app.url + '#/contacts')
  await page.keyboard.press('Control+k')
  await input(page).fill('log call')
  await page.keyboard.press('Enter')
  await expect(palette(page)).toHaveAccessibleName('Log a call for a contact')
  await input(page).fill('quint')
  await expect(palette(page).getByRole('option').first()).toContainText('Zoë Quinterro')
  await shot('palette-log-call-light')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`#/contacts/${planted.id}$`))

  // nothing found: a clear empty state; Esc closes
  await page.keyboard.press('Control+k')
  await input(page).fill('xyzzyq')
  await expect(page.getByTestId('palette-empty')).toHaveText('No matches for “xyzzyq”')
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.waitForTimeout(150)
  await shot('palette-no-match-dark')
  await page.keyboard.press('Escape')
  await expect(palette(page)).toBeHidden()
})
