/**
 * Settings → Backups against the real core: back up now, make a change, restore the backup after
 * confirming and see the change gone; a bad file is refused with a message; the data folder path
 * with its Copy button (browser host); a second folder backups are also copied to, and its warning
 * when the drive is gone; screenshots in light and dark.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BackupFile } from '../../src-shared/model/backup'
import { bridge, expect, openApp, shots, test } from './harness'

test('back up now, change something, restore the backup after confirming: the change is gone', async ({ page, app, shot }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openApp(page, app, '#/settings')
  const section = page.getByTestId('backups-section')
  await section.scrollIntoViewIfNeeded()
  await expect(section.getByTestId('empty-state')).toContainText('No backups yet')
  await expect(section.getByTestId('last-backup')).toHaveText('No backup yet')
  await shots(page, shot, 'backups-empty')

  const invoke = bridge(page)
  await invoke('contacts.create', { firstName: 'Kept', lastName: 'Before' })

  await section.getByRole('button', { name: 'Back up now' }).click()
  await expect(page.getByText(/Backed up to crm-backup-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.db/)).toBeVisible()
  const rows = section.getByTestId('backup-row')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('Manual')
  await expect(rows.first()).toContainText(/\d+ KB/)
  await expect(section.getByTestId('last-backup')).toHaveText('Last backup just now')
  expect(readdirSync(join(app.dataDir, 'backups'))).toHaveLength(1)
  await shots(page, shot, 'backups-list')

  // a change after the backup
  await invoke('contacts.create', { firstName: 'Gone', lastName: 'After' })
  await page.goto(app.url + '#/contacts')
  await expect(page.getByText('Gone After')).toBeVisible()

  await page.goto(app.url + '#/settings')
  await section.scrollIntoViewIfNeeded()
  await rows.first().getByRole('button', { name: /Restore the backup from/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Restore this backup?' })
  await expect(dialog).toContainText('All data in the app is replaced by the backup from')
  await expect(dialog).toContainText('kept as a safety copy')
  await shots(page, shot, 'backups-confirm')
  // Cancel changes nothing
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  expect((await invoke<{ total: number }>('contacts.list', {})).total).toBe(2)

  await rows.first().getByRole('button', { name: /Restore the backup from/ }).click()
  await dialog.getByRole('button', { name: 'Replace my data and restore' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByText(/Restored the backup from .*Your previous data is kept as crm\.db\.before-restore-/)).toBeVisible()
  // the safety copy is listed, newest first
  await expect(rows).toHaveCount(2)
  await expect(rows.first()).toContainText('Before restore')

  await page.getByRole('link', { name: 'Contacts' }).click()
  await expect(page.getByText('Kept Before')).toBeVisible()
  await expect(page.getByText('Gone After')).toHaveCount(0)
  expect((await invoke<{ total: number }>('contacts.list', {})).total).toBe(1)
})

test('a file that is not a backup is refused with a message; the data folder path can be copied', async ({ page, app, shot }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openApp(page, app, '#/settings')
  const invoke = bridge(page)
  await invoke('contacts.create', { firstName: 'Still', lastName: 'Here' })
  const section = page.getByTestId('backups-section')
  await section.scrollIntoViewIfNeeded()

  const garbage = join(app.dataDir, 'not-a-backup.db')
  writeFileSync(garbage, randomBytes(8192))
  await section.getByRole('button', { name: 'Restore from file…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Restore from a file' })
  await dialog.getByLabel('Backup file').fill(garbage)
  await dialog.getByRole('button', { name: 'Replace my data and restore' }).click()
  await expect(dialog.getByRole('alert')).toContainText('not-a-backup.db is not a database file. Pick a backup made by this app')
  await shots(page, shot, 'backups-restore-refused')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  expect((await invoke<{ total: number }>('contacts.list', {})).total).toBe(1)
  expect(readdirSync(app.dataDir).filter((f) => f.includes('before-restore'))).toEqual([])

  await section.getByRole('button', { name: 'Show data folder' }).click()
  const folder = section.getByTestId('data-folder')
  await expect(folder).toContainText(app.dataDir)
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await folder.getByRole('button', { name: 'Copy' }).click()
  await expect(folder.getByRole('button', { name: 'Copied' })).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(app.dataDir)
  await shots(page, shot, 'backups-data-folder')
})

test('backups at 1024×700', async ({ page, app, shot }) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  await openApp(page, app, '#/settings')
  const invoke = bridge(page)
  await invoke('sampleData.load')
  const earlier = await invoke<BackupFile>('backups.create')
  const later = await invoke<BackupFile>('backups.create')
  // Whichever second each falls in: two files, and the later one is listed first. In one second
  // the later one is the "-2" copy of the same name; across seconds it carries the later time.
  const stamp = (file: BackupFile) => file.fileName.replace(/(-\d+)?\.db$/, '')
  if (stamp(later) === stamp(earlier)) expect(later.fileName).toBe(earlier.fileName.replace(/\.db$/, '-2.db'))
  else expect(later.createdAt).toBeGreaterThan(earlier.createdAt)
  await page.reload()
  const section = page.getByTestId('backups-section')
  await section.scrollIntoViewIfNeeded()
  const rows = section.getByTestId('backup-row')
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(0)).toContainText(later.fileName)
  await expect(rows.nth(1)).toContainText(earlier.fileName)
  await shots(page, shot, 'backups-small')
})

test('also copy backups to a second folder: typed in the browser, copied on Back up now, a warning when the drive is gone', async ({ page, app, shot }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openApp(page, app, '#/settings')
  const invoke = bridge(page)
  await invoke('contacts.create', { firstName: 'Copied', lastName: 'Away' })
  const section = page.getByTestId('backups-section')
  await section.scrollIntoViewIfNeeded()
  const copy = section.getByTestId('backup-copy')
  await expect(copy).toContainText('Also copy backups to another drive')

  const drive = mkdtempSync(join(tmpdir(), 'crm-usb-'))
  const folder = join(drive, 'CRM backups')
  await copy.getByRole('button', { name: 'Choose folder…' }).click() // no native picker in the browser host: the path is typed
  const dialog = page.getByRole('dialog', { name: 'Copy backups to another folder' })
  await dialog.getByLabel('Folder').fill(folder)
  await dialog.getByRole('button', { name: 'Use this folder' }).click()
  await expect(dialog.getByRole('alert')).toHaveText(`There is no folder at ${folder}. Check the path, or plug in the drive it is on.`)
  mkdirSync(folder)
  await dialog.getByRole('button', { name: 'Use this folder' }).click()
  await expect(dialog).toBeHidden()
  await expect(copy).toContainText(`Also copy backups to: ${folder}`)
  await expect(copy.getByTestId('last-copy')).toHaveText('No copy there yet: the next backup is copied there (or back up now).')

  await section.getByRole('button', { name: 'Back up now' }).click()
  await expect(section.getByTestId('backup-row')).toHaveCount(1)
  await expect(copy.getByTestId('last-copy')).toHaveText('Last copy there: just now')
  const [made] = readdirSync(join(app.dataDir, 'backups'))
  expect(readdirSync(folder)).toEqual([made])
  await shots(page, shot, 'backups-copy')

  // the drive is unplugged: the backup still works, the warning says what to do
  rmSync(drive, { recursive: true })
  await section.getByRole('button', { name: 'Back up now' }).click()
  await expect(section.getByTestId('backup-row')).toHaveCount(2)
  await expect(copy.getByTestId('copy-problem')).toHaveText(`The backup folder ${folder} is not available. Plug in the drive or choose another folder.`)
  await shots(page, shot, 'backups-copy-unavailable')

  await copy.getByRole('button', { name: 'Stop copying' }).click()
  await expect(copy).toContainText('Also copy backups to another drive')
  await expect(copy.getByTestId('copy-problem')).toHaveCount(0)
})
