/**
 * Long jobs seen by a person: a bulk action on 600 contacts runs as a job with a progress bar
 * (rows done / total, time left) and Cancel, which puts everything back; a host killed mid-job
 * shows the job as interrupted after the restart, and Undo reverts exactly what it wrote. The host
 * waits 400 ms between chunks (--job-pause-ms) so the job lasts long enough to watch and cancel:
 * only that lower bound matters, nothing waits for a moment.
 */
import { join, resolve } from 'node:path'
import { createCore } from '../../src-main/core/core'
import { bridge, expect, openApp, shots, test } from './harness'

const LEADS = 600

test.use({
  hostArgs: ['--job-pause-ms', '400'],
  // the leads are made through core (with their change log, which Undo reads) before the host starts
  prepareData: async ({}, use) =>
    use(async (dataDir: string) => {
      const core = createCore({ dataDir, migrationsFolder: join(resolve(__dirname, '../..'), 'drizzle'), scheduler: false, backupTimers: false })
      for (let i = 0; i < LEADS; i++) await core.invoke('contacts.create', { firstName: `Lead${String(i).padStart(3, '0')}`, lastName: 'Job', lifecycleStage: 'lead' })
      core.close()
    }),
})

async function startStageChange(page: import('@playwright/test').Page) {
  await page.getByRole('checkbox', { name: 'Select all loaded contacts' }).check()
  const bar = page.getByTestId('bulk-bar')
  await bar.getByTestId('select-all-matching').click()
  await expect(bar).toContainText(`All ${LEADS} selected`)
  await bar.getByRole('button', { name: 'Stage…' }).click()
  await page.getByRole('dialog', { name: `Move ${LEADS} contacts to…` }).getByRole('button', { name: 'Prospect' }).click()
}

test('a bulk action shows its progress and Cancel puts everything back', async ({ page, app, shot }) => {
  await openApp(page, app, '#/contacts')
  const invoke = bridge(page)
  await startStageChange(page)

  // the dialog closed as the job started; the jobs panel shows it
  await expect(page.getByRole('dialog')).toBeHidden()
  const job = page.getByTestId('job').filter({ hasText: `Setting the stage of ${LEADS} contacts` })
  await expect(job).toBeVisible()
  await expect(job.getByTestId('job-text')).toContainText(new RegExp(`\\d+ of ${LEADS}`))
  await expect(job.getByRole('progressbar')).toHaveAttribute('aria-valuemax', String(LEADS))
  await shots(page, shot, 'jobs-01-progress')

  await job.getByTestId('job-cancel').click()
  await expect(page.getByTestId('toast').filter({ hasText: `Cancelled: Setting the stage of ${LEADS} contacts. Nothing of it was kept.` })).toBeVisible()
  await expect(job).toBeHidden()
  expect((await invoke<{ count: number }>('contacts.count', { lifecycleStage: 'prospect' })).count).toBe(0)
  expect((await invoke<{ count: number }>('contacts.count', { lifecycleStage: 'lead' })).count).toBe(LEADS)
})

test('a job the app did not finish shows as interrupted, and Undo reverts what it wrote', async ({ page, app, shot }) => {
  await openApp(page, app, '#/contacts')
  await startStageChange(page)
  const job = page.getByTestId('job').filter({ hasText: `Setting the stage of ${LEADS} contacts` })
  // at least one chunk committed: the bar has moved
  await expect(job.getByRole('progressbar')).not.toHaveAttribute('aria-valuenow', '0')

  const url = await app.restart({ kill: true })
  await page.goto(url + '#/contacts')
  const interrupted = page.getByTestId('job-interrupted')
  await expect(interrupted).toContainText(`Interrupted: Setting the stage of ${LEADS} contacts`)
  await shots(page, shot, 'jobs-02-interrupted')
  const invoke = bridge(page)
  const prospects = (await invoke<{ count: number }>('contacts.count', { lifecycleStage: 'prospect' })).count
  expect(prospects).toBeGreaterThan(0)
  expect(prospects).toBeLessThan(LEADS)

  await interrupted.getByTestId('job-undo').click()
  await expect(page.getByTestId('toast').filter({ hasText: 'Undone:' })).toBeVisible()
  await expect(interrupted).toBeHidden()
  expect((await invoke<{ count: number }>('contacts.count', { lifecycleStage: 'prospect' })).count).toBe(0)
  expect((await invoke<{ count: number }>('contacts.count', { lifecycleStage: 'lead' })).count).toBe(LEADS)

  // after a restart the list stays empty
  await page.reload()
  await expect(page.getByLabel(`${LEADS} contacts`)).toBeVisible()
  await expect(page.getByTestId('job-interrupted')).toBeHidden()
})
