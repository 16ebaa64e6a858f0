/**
 * Light / Dark / System: chosen in Settings → Appearance or the palette, kept on this computer
 * (localStorage), applied before the first paint, and stronger than the system's preference.
 */
import type { Page } from '@playwright/test'
import { bridge, expect, openApp, test } from './harness'

/** The computed background of the page's main area, as "rgb(r, g, b)". */
const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor)
const luminance = (rgb: string) => {
  const [r, g, b] = rgb.match(/\d+/g)!.map(Number)
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
}

test('Dark chosen in Settings while the system is light: the page is dark, still after a reload; the palette switches it back', async ({ page, app, shot }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openApp(page, app, '#/settings')
  const appearance = page.getByRole('radiogroup', { name: 'Appearance' })
  await expect(appearance.getByRole('radio', { name: 'System' })).toHaveAttribute('aria-checked', 'true')
  expect(luminance(await background(page))).toBeGreaterThan(0.8)

  await appearance.getByRole('radio', { name: 'Dark' }).click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  expect(luminance(await background(page))).toBeLessThan(0.2)
  // native controls follow too
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe('dark')
  await page.getByTestId('appearance-section').scrollIntoViewIfNeeded()
  await shot('theme-settings-dark-on-light-system')

  // a reload: dark from the very first frame the script runs in (before React renders anything)
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      ;(window as unknown as { themeAtLoad?: string }).themeAtLoad = document.documentElement.dataset.theme
    })
  })
  await page.reload()
  await page.waitForFunction(() => Boolean((window as unknown as { crm?: unknown }).crm))
  await expect(page.getByRole('radiogroup', { name: 'Appearance' }).getByRole('radio', { name: 'Dark' })).toHaveAttribute('aria-checked', 'true')
  expect(await page.evaluate(() => (window as unknown as { themeAtLoad?: string }).themeAtLoad)).toBe('dark')
  expect(luminance(await background(page))).toBeLessThan(0.2)

  // Light wins over a dark system
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.keyboard.press('Control+k')
  await page.getByRole('combobox', { name: /^Search contacts/ }).fill('theme light')
  await page.keyboard.press('Enter')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  expect(luminance(await background(page))).toBeGreaterThan(0.8)
  await shot('theme-light-on-dark-system')

  // System follows the system again, live
  await page.keyboard.press('Control+k')
  await page.getByRole('combobox', { name: /^Search contacts/ }).fill('theme system')
  await page.keyboard.press('Enter')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.emulateMedia({ colorScheme: 'light' })
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
})

test('charts follow the chosen theme, not only the system', async ({ page, app }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openApp(page, app, '#/settings')
  const contact = await bridge(page)<{ id: string }>('contacts.create', { firstName: 'Ada', lastName: 'Lovelace' })
  const deal = await bridge(page)<{ id: string }>('deals.create', { title: 'Engine', valueMinor: 100000, currency: 'EUR', contactId: contact.id })
  await bridge(page)('deals.win', { id: deal.id })
  await page.getByRole('radiogroup', { name: 'Appearance' }).getByRole('radio', { name: 'Dark' }).click()
  await page.goto(app.url + '#/reports')
  // the chart grid takes the dark theme's --chart-grid (#2a2a31), not the light one (#ececf0)
  const grid = page.locator('.recharts-cartesian-grid line').first()
  await expect(grid).toHaveAttribute('stroke', '#2a2a31')
})
