/**
 * Private records end to end: the real sync server (child, PGlite) and two browser hosts. Ana makes
 * a contact private on its page: it leaves Ben's contact list by itself; she shares it again: it is
 * back on Ben's, whole. Screenshots of the contact page with the toggle on, light and dark.
 */
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { bridge } from './harness'
import { startBrowserHost, startSyncServer, type BrowserHost, type SyncServer } from './sync-harness'

const SHOTS = resolve(__dirname, '../../test-results/privacy')
const PASSWORD = 'correct horse battery'

let server: SyncServer
let hostA: BrowserHost
let hostB: BrowserHost

test.beforeAll(async () => {
  test.setTimeout(120_000)
  ;[server, hostA, hostB] = await Promise.all([startSyncServer(), startBrowserHost(), startBrowserHost()])
})
test.afterAll(async () => {
  await Promise.all([hostA?.close(), hostB?.close(), server?.close()])
})

async function open(page: Page, host: BrowserHost, hash: string) {
  await page.goto(host.url + hash)
  await page.waitForFunction(() => Boolean((window as unknown as { crm?: unknown }).crm))
}

test('a contact made private leaves the teammate’s computer and comes back when shared', async ({ browser }) => {
  test.setTimeout(180_000)
  const a = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
  const b = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
  await Promise.all([open(a, hostA, '#/contacts'), open(b, hostB, '#/contacts')])
  const invokeA = bridge(a)
  const invokeB = bridge(b)
  await invokeA('sync.connect', { mode: 'create', server: server.url, email: 'ana@shop.example', password: PASSWORD, name: 'Ana Ruiz', workspaceName: 'The Shop' })
  const invite = await invokeA('sync.invite', { role: 'member' })
  await invokeB('sync.connect', { mode: 'join', server: server.url, inviteCode: invite.code, email: 'ben@shop.example', password: PASSWORD, name: 'Ben Okafor' })
  const secret = await invokeA('contacts.create', { firstName: 'Vera', lastName: 'Quiet', jobTitle: 'Founder', emails: [{ value: 'vera@quiet.example' }] })
  await invokeA('activities.create', { type: 'call', contactId: secret.id, subject: 'Talked about the buyout' })
  await invokeA('contacts.create', { firstName: 'Open', lastName: 'Book' })

  const rowOnB = b.getByRole('link', { name: 'Vera Quiet' })
  await expect(rowOnB).toBeVisible({ timeout: 15_000 })

  // Ana makes Vera private on her page
  await open(a, hostA, `#/contacts/${secret.id}`)
  await a.getByRole('button', { name: 'Make private' }).click()
  const on = a.getByRole('button', { name: 'Private to you' })
  await expect(on).toHaveAttribute('aria-pressed', 'true')
  await expect(rowOnB).toHaveCount(0, { timeout: 15_000 })
  await expect(b.getByRole('link', { name: 'Open Book' })).toBeVisible()

  mkdirSync(SHOTS, { recursive: true })
  await a.getByText(/Only you see Vera Quiet now/).waitFor()
  for (const scheme of ['light', 'dark'] as const) {
    await a.emulateMedia({ colorScheme: scheme })
    await expect(a.locator('html')).toHaveAttribute('data-theme', scheme)
    await a.screenshot({ path: join(SHOTS, `contact-private-${scheme}.png`), animations: 'disabled' })
  }
  await a.emulateMedia({ colorScheme: 'light' })

  // shared again: back on Ben's computer with its history
  await on.click()
  await expect(a.getByRole('button', { name: 'Make private' })).toBeVisible()
  await expect(rowOnB).toBeVisible({ timeout: 15_000 })
  await rowOnB.click()
  await expect(b.getByRole('heading', { level: 1, name: 'Vera Quiet' })).toBeVisible()
  await expect(b.getByText('Talked about the buyout')).toBeVisible()
  // Ben may not make Ana's contacts private to her, only to himself: his button says so
  await expect(b.getByRole('button', { name: 'Make private' })).toBeVisible()
})
