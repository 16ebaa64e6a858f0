/**
 * Follow-ups end to end against the real core: the Today view (empty and full, light and dark), the
 * quick-add on a contact page, a reminder going off a few seconds after it is due (the in-app card,
 * Open → the contact, Done → it leaves Today and the badge goes down), keep in touch, snooze, and
 * Settings → Reminders.
 */
import type { Page } from '@playwright/test'
import { bridge, expect, openApp, test } from './harness'


/** Local wall-clock moments, computed in the page (the browser's time zone is the user's). */
const localMoment = (page: Page, dayOffset: number, hour: number, minute = 0) =>
  page.evaluate(([d, h, m]) => {
    const x = new Date()
    x.setDate(x.getDate() + d)
    x.setHours(h, m, 0, 0)
    return x.getTime()
  }, [dayOffset, hour, minute] as const)

/** Clears the confirmation toasts so a screenshot shows the page. */
async function dismissToasts(page: Page) {
  const close = page.getByTestId('toast').getByRole('button', { name: 'Dismiss' })
  while ((await close.count()) > 0) await close.first().click()
}

const badge = (page: Page) => page.getByTestId('today-badge')
const row = (page: Page, title: string) => page.getByTestId('task-row').filter({ hasText: title })

test('follow-ups: Today, quick-add, a reminder that goes off, done, snooze, keep in touch, settings', async ({ page, app, shot }) => {
  test.setTimeout(120_000)
  await openApp(page, app, '#/today')
  const invoke = bridge(page)

  // Empty Today
  await expect(page.getByTestId('empty-state')).toContainText('Nothing due — enjoy your day')
  await expect(page.getByRole('link', { name: /^Today/ })).toHaveAttribute('aria-current', 'page')
  await expect(badge(page)).toHaveCount(0)
  await shot('followups-01-today-empty-light')
  await page.emulateMedia({ colorScheme: 'dark' })
  await shot('followups-02-today-empty-dark')
  await page.emulateMedia({ colorScheme: 'light' })

  // Some follow-ups: overdue, due today, upcoming, linked to a contact, a company and a deal
  const ada = await invoke<{ id: string }>('contacts.create', { firstName: 'Ada', lastName: 'Lovelace', jobTitle: 'Analyst' })
  const acme = await invoke<{ id: string }>('companies.create', { name: 'Acme Robotics' })
  const deal = await invoke<{ id: string }>('deals.create', { title: 'Analytical engine', contactId: ada.id, valueMinor: 150000, currency: 'EUR' })
  const late = await localMoment(page, -1, 9)
  await invoke('tasks.create', { title: 'Send the signed contract back', dueAt: late, contactId: ada.id, priority: 'high', reminderMinutesBefore: 0 })
  await invoke('tasks.create', { title: 'Check the invoice was paid', dueAt: late - 86_400_000, companyId: acme.id, reminderMinutesBefore: null })
  const todayLate = await localMoment(page, 0, 23, 30)
  await invoke('tasks.create', { title: 'Prepare the demo', dueAt: todayLate, dealId: deal.id, reminderMinutesBefore: 60 })
  await invoke('tasks.create', { title: 'Quarterly check-in', dueAt: await localMoment(page, 3, 10), contactId: ada.id, priority: 'low' })
  await invoke('tasks.create', { title: 'Renew the support plan', dueAt: await localMoment(page, 9, 9), companyId: acme.id })

  await expect(page.getByTestId('today-overdue').getByTestId('task-row')).toHaveCount(2)
  await expect(page.getByTestId('today-today').getByTestId('task-row')).toHaveCount(1)
  await expect(page.getByTestId('today-upcoming').getByTestId('task-row')).toHaveCount(2)
  await expect(badge(page)).toHaveText('3')
  // a reminder already past when it was set goes off at once (catch-up); put it away for the shots
  const caughtUp = page.getByTestId('reminder-toast').filter({ hasText: 'Send the signed contract back' })
  await expect(caughtUp).toBeVisible()
  await caughtUp.getByRole('button', { name: 'Dismiss reminder' }).click()
  await expect(caughtUp).toHaveCount(0)
  await expect(row(page, 'Send the signed contract back').getByRole('link', { name: /Ada Lovelace/ })).toHaveAttribute('href', `#/contacts/${ada.id}`)
  await expect(row(page, 'Prepare the demo').getByRole('link', { name: /Analytical engine/ })).toHaveAttribute('href', `#/deals/${deal.id}`)
  await shot('followups-03-today-full-light')
  await page.emulateMedia({ colorScheme: 'dark' })
  await shot('followups-04-today-full-dark')
  await page.emulateMedia({ colorScheme: 'light' })

  // Snooze from the Today view: the menu, then "Tomorrow morning"
  await row(page, 'Prepare the demo').hover()
  await row(page, 'Prepare the demo').getByRole('button', { name: 'Snooze “Prepare the demo”' }).click()
  await expect(page.getByRole('menu')).toBeVisible()
  await shot('followups-05-snooze-menu')
  await page.getByRole('menuitem', { name: /Tomorrow morning/ }).click()
  await expect(page.getByTestId('toast').filter({ hasText: 'Snoozed until' })).toBeVisible()

  // The contact page: its follow-ups, the quick-add (F), keep in touch
  await page.goto(app.url + `#/contacts/${ada.id}`)
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible()
  const section = page.getByTestId('followups-section')
  await expect(section.getByTestId('task-row')).toHaveCount(2)
  await page.keyboard.press('f')
  await expect(section.getByRole('textbox', { name: 'Follow-up title' })).toBeFocused()
  await page.keyboard.type('Send the follow-up email')
  await page.keyboard.press('Enter')
  await expect(section.getByTestId('task-row')).toHaveCount(3)
  await section.getByRole('switch', { name: 'Keep in touch' }).click()
  await expect(section.getByTestId('keep-in-touch')).toContainText('every month')
  await section.getByRole('spinbutton', { name: 'Every how many' }).fill('2')
  await section.getByRole('combobox', { name: 'Unit' }).selectOption('week')
  await expect(section.getByTestId('keep-in-touch')).toContainText('every 2 weeks')
  const saved = await invoke<{ keepInTouch: unknown }>('contacts.get', { id: ada.id })
  expect(saved.keepInTouch).toEqual({ count: 2, unit: 'week' })
  await shot('followups-06-contact-followups-light')
  await page.emulateMedia({ colorScheme: 'dark' })
  await shot('followups-06b-contact-followups-dark')
  await page.emulateMedia({ colorScheme: 'light' })

  // A follow-up due in ~5 s with the reminder at due: the reminder card shows up
  await page.goto(app.url + '#/today')
  await expect(page.getByRole('heading', { name: 'Today', exact: true })).toBeVisible()
  const before = Number(await badge(page).textContent())
  const soon = await page.evaluate(() => Date.now() + 5000)
  const due = await invoke<{ id: string }>('tasks.create', { title: 'Call Ada about the engine', dueAt: soon, contactId: ada.id, reminderMinutesBefore: 0 })
  await expect(badge(page)).toHaveText(String(before + 1))
  const card = page.getByTestId('reminder-toast').filter({ hasText: 'Call Ada about the engine' })
  await expect(card).toBeVisible({ timeout: 20_000 })
  const firedAt = await page.evaluate(() => Date.now())
  expect(firedAt - soon).toBeLessThan(5000)
  await shot('followups-07-reminder-toast')

  // Open → the contact page
  await card.getByRole('button', { name: 'Open' }).click()
  await expect(page).toHaveURL(new RegExp(`#/contacts/${ada.id}$`))
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible()
  await expect(card).toHaveCount(0)

  // Done on the contact page → it leaves the section, Today, and the badge goes down
  await section.getByRole('checkbox', { name: 'Mark “Call Ada about the engine” done' }).click()
  await expect(row(page, 'Call Ada about the engine')).toHaveCount(0)
  await expect(badge(page)).toHaveText(String(before))
  const done = await invoke<{ doneAt: number | null }>('tasks.get', { id: due.id })
  expect(done.doneAt).not.toBeNull()
  await page.getByRole('link', { name: /^Today/ }).click()
  await expect(page.getByTestId('today-overdue')).toBeVisible()
  await expect(row(page, 'Call Ada about the engine')).toHaveCount(0)

  // Done from the Today view, with Undo
  await row(page, 'Check the invoice was paid').getByRole('checkbox').click()
  await expect(row(page, 'Check the invoice was paid')).toHaveCount(0)
  await expect(badge(page)).toHaveText(String(before - 1))
  await page.getByTestId('toast').filter({ hasText: 'Done: Check the invoice was paid' }).getByRole('button', { name: 'Undo' }).click()
  await expect(row(page, 'Check the invoice was paid')).toHaveCount(1)
  await expect(badge(page)).toHaveText(String(before))

  // Settings → Reminders
  await page.getByRole('link', { name: 'Settings' }).click()
  await dismissToasts(page)
  const reminders = page.getByTestId('reminders-section')
  await expect(reminders.getByTestId('quiet-status')).toHaveText('Off')
  await reminders.getByLabel('From').fill('22:00')
  await reminders.getByLabel('Until').fill('07:00')
  await expect(reminders.getByTestId('quiet-status')).toContainText('wait until 7:00 AM')
  const settings = await invoke<{ quietHoursStart: string | null; quietHoursEnd: string | null }>('settings.get')
  expect([settings.quietHoursStart, settings.quietHoursEnd]).toEqual(['22:00', '07:00'])
  await expect(reminders.getByTestId('rule-row').first()).toBeVisible()
  await reminders.getByRole('switch', { name: /^Reconnect/ }).click()
  await expect(reminders.getByRole('switch', { name: /^Reconnect/ })).toBeChecked()
  await dismissToasts(page)
  await page.mouse.click(1200, 40)
  await shot('followups-08-settings-reminders-light')
  await page.emulateMedia({ colorScheme: 'dark' })
  await shot('followups-09-settings-reminders-dark')
  await page.emulateMedia({ colorScheme: 'light' })
})

test('follow-ups at 1024×700: Today and the contact page stay readable', async ({ page, app, shot }) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  await openApp(page, app, '#/today')
  const invoke = bridge(page)
  const ada = await invoke<{ id: string }>('contacts.create', { firstName: 'Ada', lastName: 'Lovelace' })
  await invoke('tasks.create', { title: 'A follow-up with a rather long title that has to be cut somewhere sensible', dueAt: await localMoment(page, -2, 9), contactId: ada.id, priority: 'high' })
  await invoke('tasks.create', { title: 'Call back', dueAt: await localMoment(page, 0, 23, 45), contactId: ada.id })
  await expect(page.getByTestId('task-row')).toHaveCount(2)
  await page.getByTestId('reminder-toast').getByRole('button', { name: 'Dismiss reminder' }).click()
  await shot('followups-10-today-1024')
  await page.goto(app.url + `#/contacts/${ada.id}`)
  await expect(page.getByTestId('followups-section').getByTestId('task-row')).toHaveCount(2)
  await page.getByTestId('followups-section').getByRole('combobox', { name: 'Due' }).selectOption('custom')
  await shot('followups-11-contact-1024-custom-due')
})

test('a follow-up made by the Reconnect rule says so on the Today view', async ({ page, app, shot }) => {
  await openApp(page, app, '#/settings')
  const invoke = bridge(page)
  await invoke('contacts.create', { firstName: 'Grace', lastName: 'Hopper' })
  await page.getByTestId('reminders-section').getByRole('switch', { name: /^Reconnect/ }).click()
  await expect(page.getByTestId('reminders-section').getByRole('switch', { name: /^Reconnect/ })).toBeChecked()
  // 40 days later (core's clock) Grace has had no call, email or meeting for more than 30 days
  const url = await app.restart({ clockOffsetDays: 40 })
  await page.goto(url + '#/today')
  const made = page.getByTestId('task-row').filter({ hasText: 'Grace Hopper' })
  await expect(made.getByTestId('rule-tag')).toHaveText(/made by rule Reconnect/, { timeout: 20_000 })
  await expect(made.getByRole('link', { name: /Grace Hopper/ })).toBeVisible()
  await shot('followups-12-made-by-rule')
})
