/**
 * Keyboard: a list answers ↓/↑/Home/End/Enter as soon as it shows (no click or Tab into it first),
 * and "Skip to content" is the first Tab stop, taking focus to the list.
 */
import type { Page } from '@playwright/test'
import { bridge, expect, openApp, test } from './harness'

const focusedRow = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid === 'contact-row' ? (document.activeElement as HTMLElement).textContent : null)

async function threeContacts(page: Page) {
  const invoke = bridge(page)
  for (const [firstName, lastName] of [['Ada', 'Lovelace'], ['Grace', 'Hopper'], ['Alan', 'Turing']]) await invoke('contacts.create', { firstName, lastName })
}

test('on a freshly opened list, ↓ focuses row 1, ↓/End/Home move, Enter opens the row', async ({ page, app }) => {
  await openApp(page, app, '#/contacts')
  await threeContacts(page)
  await page.reload()
  await expect(page.getByTestId('contact-row')).toHaveCount(3)
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true)

  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('contact-row').nth(0)).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('contact-row').nth(1)).toBeFocused()
  await page.keyboard.press('End')
  await expect(page.getByTestId('contact-row').nth(2)).toBeFocused()
  await page.keyboard.press('Home')
  await expect(page.getByTestId('contact-row').nth(0)).toBeFocused()
  expect(await focusedRow(page)).toContain('Ada Lovelace') // sorted by name
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#\/contacts\/[0-9a-f-]+$/)
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible()
})

test('arriving from the sidebar, ↓ works at once; a focused field keeps its arrows', async ({ page, app }) => {
  await openApp(page, app, '#/companies')
  await threeContacts(page)
  await page.getByRole('link', { name: /^Contacts/ }).click()
  await expect(page.getByTestId('contact-row')).toHaveCount(3)
  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('contact-row').nth(0)).toBeFocused()

  // a field keeps its own arrows: the sort menu
  const sort = page.locator('main select').first()
  await sort.focus()
  await page.keyboard.press('ArrowDown')
  await expect(sort).toBeFocused()
})

test('"Skip to content" is the first Tab stop, visible, and takes focus to the list (≤ 2 Tab presses to row 1)', async ({ page, app, shot }) => {
  await openApp(page, app, '#/contacts')
  await threeContacts(page)
  await page.reload()
  await expect(page.getByTestId('contact-row')).toHaveCount(3)

  let tabs = 0
  await page.keyboard.press('Tab')
  tabs++
  const skip = page.getByRole('link', { name: 'Skip to content' })
  await expect(skip).toBeFocused()
  const box = (await skip.boundingBox())!
  expect(box.y).toBeGreaterThanOrEqual(0) // on screen, not off the top
  await shot('keyboard-skip-link-light')
  await page.emulateMedia({ colorScheme: 'dark' })
  await shot('keyboard-skip-link-dark')
  await page.emulateMedia({ colorScheme: 'light' })

  await page.keyboard.press('Enter')
  await expect(page.getByTestId('contact-row').nth(0)).toBeFocused()
  expect(tabs).toBeLessThanOrEqual(2)
  await expect(page).toHaveURL(/#\/contacts$/) // the route did not change
  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('contact-row').nth(1)).toBeFocused()
})

test('Today: ↓ from the page focuses the first follow-up, ↓ the next, Enter opens it', async ({ page, app }) => {
  await openApp(page, app, '#/today')
  const invoke = bridge(page)
  const soon = Date.now() + 3_600_000
  await invoke('tasks.create', { title: 'First call', dueAt: soon, reminderMinutesBefore: null })
  await invoke('tasks.create', { title: 'Second call', dueAt: soon + 60_000, reminderMinutesBefore: null })
  await page.reload()
  await expect(page.getByTestId('task-row')).toHaveCount(2)
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())

  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('task-row').nth(0).locator('.task-title')).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('task-row').nth(1).locator('.task-title')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog')).toBeVisible()
})
