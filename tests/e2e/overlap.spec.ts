/**
 * Toasts never cover the action a person is in: not an open dialog (its buttons, or any of it), not
 * the Won / Lost drop zones while a deal is dragged. Reminders are never lost: they come back after.
 */
import type { Locator, Page } from '@playwright/test'
import { bridge, expect, openApp, test } from './harness'

type Box = { x: number; y: number; width: number; height: number }
const intersects = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

/** Boxes of every toast, reminder card and reminder chip on screen. */
async function toastBoxes(page: Page): Promise<Box[]> {
  const all = page.locator('[data-testid="toast"], [data-testid="reminder-toast"], [data-testid="reminders-waiting"], .reminders-clear')
  const boxes: Box[] = []
  for (const el of await all.all()) {
    const box = (await el.isVisible()) ? await el.boundingBox() : null
    if (box) boxes.push(box)
  }
  return boxes
}

async function expectNothingCovers(page: Page, targets: Locator) {
  const toasts = await toastBoxes(page)
  for (const target of await targets.all()) {
    const box = await target.boundingBox()
    expect(box).not.toBeNull()
    for (const t of toasts) expect(intersects(t, box!), `a toast at ${JSON.stringify(t)} covers ${JSON.stringify(box)}`).toBe(false)
  }
}

/** A follow-up whose reminder is already due: core raises it at once (catch-up). */
async function dueReminder(page: Page, title: string) {
  const invoke = bridge(page)
  const ada = await invoke<{ id: string }>('contacts.create', { firstName: 'Ada', lastName: 'Lovelace' })
  await invoke('tasks.create', { title, dueAt: Date.now() - 60_000, contactId: ada.id, reminderMinutesBefore: 0 })
  await expect(page.getByTestId('reminder-toast').filter({ hasText: title })).toBeVisible()
}

test('a reminder does not cover an open dialog; it is back, whole, when the dialog closes', async ({ page, app, shot }) => {
  await openApp(page, app, '#/contacts')
  await dueReminder(page, 'Call Ada about the engine')

  await page.getByRole('button', { name: 'New contact' }).first().click()
  const dialog = page.getByRole('dialog')
  await expect(dialog).toBeVisible()
  await expect(dialog.locator('.dialog-footer button').first()).toBeVisible()
  await expectNothingCovers(page, dialog.getByRole('button'))
  await expectNothingCovers(page, dialog)
  // what is waiting is still said, in one line above the dialog
  await expect(page.getByTestId('reminders-waiting')).toContainText('Call Ada about the engine')
  await shot('overlap-dialog-light')
  await page.emulateMedia({ colorScheme: 'dark' })
  await expectNothingCovers(page, dialog)
  await shot('overlap-dialog-dark')
  await page.emulateMedia({ colorScheme: 'light' })

  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  const card = page.getByTestId('reminder-toast').filter({ hasText: 'Call Ada about the engine' })
  await expect(card).toBeVisible()
  await expect(card.getByRole('button', { name: 'Open' })).toBeVisible()
})

test('while a deal is dragged, no toast covers the Won / Lost zones; the reminder comes back on the drop', async ({ page, app, shot }) => {
  await openApp(page, app, '#/pipeline')
  const invoke = bridge(page)
  await invoke('deals.create', { title: 'Analytical engine', valueMinor: 100000, currency: 'EUR' })
  await dueReminder(page, 'Send the quote')

  const card = page.getByTestId('deal-card').filter({ hasText: 'Analytical engine' })
  await expect(card).toBeVisible()
  const from = (await card.boundingBox())!
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
  await page.mouse.down()
  await page.mouse.move(from.x + from.width / 2 + 12, from.y + from.height / 2 + 12, { steps: 4 })
  await expect(page.getByTestId('zone-lost')).toBeVisible()
  await expectNothingCovers(page, page.locator('[data-testid="zone-lost"], [data-testid="zone-won"]'))
  await shot('overlap-drag-light')

  // dropped where it was: nothing moves, and the reminder is there again
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2, { steps: 4 })
  await page.mouse.up()
  await expect(page.getByTestId('zone-lost')).toHaveCount(0)
  await expect(page.getByTestId('reminder-toast').filter({ hasText: 'Send the quote' })).toBeVisible()
})
