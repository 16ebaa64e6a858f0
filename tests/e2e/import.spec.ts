/**
 * The CSV import wizard on a real file, from picking it to undoing the import: Latin-1 bytes and
 * semicolons detected, columns guessed, a match updated, a bad row rejected with its reason (and
 * downloadable), the import run, the contacts there, then Undo. Screenshots of every step, light and dark.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { bridge, expect, openApp, shots, test } from './harness'

/** A Windows-1252 file with semicolons, as old Excel saves it: "Müller" is the byte 0xFC. */
function latin1File(path: string) {
  const lines = [
    'Vorname;Nachname;E-mail Address;Business Phone;Company;Job Title;Notes',
    'Jürgen;Müller;jm@example.de;+49 30 1234567;Bäckerei Schmidt;Owner;"Met at the fair; wants a quote"',
    'Anna;Schmidt;anna@example.com;;bäckerei schmidt;Baker;',
    'Ole;Bad;not-an-email;;;;',
    'Zoë;Lukas;zoe@example.com;;Neu GmbH;;',
  ]
  writeFileSync(path, Buffer.from(lines.join('\r\n') + '\r\n', 'latin1'))
}

test('CSV import wizard: file, columns, check, import, undo (light and dark)', async ({ page, app, shot }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openApp(page, app, '#/contacts')
  const invoke = bridge(page)
  // Anna is already here (another case in the file): the import updates her
  const anna = await invoke<{ id: string }>('contacts.create', { firstName: 'Anna', lastName: 'Schmidt', jobTitle: 'Apprentice', emails: [{ value: 'ANNA@example.com' }] })
  await page.reload()

  await page.getByTestId('open-import').click()
  await expect(page).toHaveURL(/#\/import$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Import contacts' })).toBeVisible()
  await shots(page, shot, 'import-1-file')

  const file = testInfo.outputPath('kunden.csv')
  latin1File(file)
  await page.getByTestId('import-file').setInputFiles(file)

  // step 2: detected encoding, delimiter, header; guessed columns
  await expect(page.getByTestId('import-file-name')).toHaveText('kunden.csv')
  await expect(page.getByTestId('import-row-count')).toHaveText('4 rows')
  await expect(page.getByLabel('Encoding')).toHaveValue('windows-1252')
  await expect(page.getByLabel('Delimiter')).toHaveValue(';')
  await expect(page.getByTestId('import-preview')).toContainText('Müller')
  await expect(page.getByTestId('import-preview')).toContainText('Met at the fair; wants a quote')
  await expect(page.getByLabel('Import Vorname as')).toHaveValue('firstName')
  await expect(page.getByLabel('Import Nachname as')).toHaveValue('lastName')
  await expect(page.getByLabel('Import E-mail Address as')).toHaveValue('email')
  await expect(page.getByLabel('Import Business Phone as')).toHaveValue('phone')
  await expect(page.getByLabel('Import Company as')).toHaveValue('company')
  await expect(page.getByLabel('Import Job Title as')).toHaveValue('jobTitle')
  await page.getByRole('radio', { name: /Update the contact/ }).check()
  await page.getByPlaceholder('e.g. Trade fair 2026').fill('Fair 2026')
  await page.getByPlaceholder('e.g. Trade fair 2026').blur()
  await page.locator('.import-body').evaluate((el) => el.scrollTo(0, 0))
  await shots(page, shot, 'import-2-columns')

  // step 3: dry run
  await page.getByRole('button', { name: 'Check the rows' }).click()
  const summary = page.getByTestId('dry-run-summary')
  await expect(summary).toBeVisible()
  await expect(summary.getByTestId('figure-new')).toContainText('2')
  await expect(summary.getByTestId('figure-updated')).toContainText('1')
  await expect(summary.getByTestId('figure-rejected')).toContainText('1')
  await expect(page.getByTestId('rejections')).toContainText('"not-an-email" is not a valid email address')
  await expect(page.getByTestId('rejections')).toContainText('4')
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-rejections').click()])
  const rejected = readFileSync((await download.path())!, 'utf8')
  expect(rejected).toContain('Line,Reason,Values')
  expect(rejected).toContain('not-an-email')
  expect((await invoke<{ total: number }>('contacts.list', {})).total).toBe(1) // nothing written yet
  await shots(page, shot, 'import-3-check')

  // step 4: the import
  await page.getByRole('button', { name: 'Import 3 contacts' }).click()
  await expect(page.getByTestId('import-status')).toHaveText('Import finished')
  await expect(page.getByTestId('import-progress-text')).toHaveText('4 of 4 rows (100%)')
  await expect(page.getByTestId('import-summary').getByTestId('figure-new')).toContainText('2')
  await shots(page, shot, 'import-4-done')

  const list = await invoke<{ total: number; items: Array<{ id: string; firstName: string; lastName: string; companyName: string | null; tags: Array<{ name: string }> }> }>('contacts.list', {})
  expect(list.total).toBe(3)
  const jurgen = list.items.find((c) => c.lastName === 'Müller')!
  expect(jurgen).toMatchObject({ firstName: 'Jürgen', companyName: 'Bäckerei Schmidt' })
  expect(jurgen.tags.map((t) => t.name)).toEqual(['Fair 2026'])
  const updated = await invoke<{ jobTitle: string; companyName: string }>('contacts.get', { id: anna.id })
  expect(updated).toMatchObject({ jobTitle: 'Baker', companyName: 'Bäckerei Schmidt' }) // the company linked case-insensitively
  expect((await invoke<{ total: number }>('companies.list', {})).total).toBe(2)

  // the contacts list shows them
  await page.getByRole('button', { name: 'Go to contacts' }).click()
  await expect(page.getByTestId('contact-row')).toHaveCount(3)

  // Undo from the past imports list
  await page.getByTestId('open-import').click()
  const history = page.getByTestId('import-history')
  await expect(history).toContainText('kunden.csv')
  await expect(history).toContainText('Done')
  await shots(page, shot, 'import-5-history')
  await history.getByRole('button', { name: 'Undo import' }).click()
  await expect(history).toContainText('Undone')
  await expect(history.getByRole('button', { name: 'Undo import' })).toHaveCount(0)

  const after = await invoke<{ total: number }>('contacts.list', {})
  expect(after.total).toBe(1)
  expect(await invoke<{ jobTitle: string; companyName: string | null }>('contacts.get', { id: anna.id })).toMatchObject({ jobTitle: 'Apprentice', companyName: null })
  expect((await invoke<{ total: number }>('companies.list', {})).total).toBe(0)
})

test('lines with too few or too many cells are shown before importing, skipped by default and listed after (light and dark)', async ({ page, app, shot }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openApp(page, app, '#/import')
  const invoke = bridge(page)
  const header = 'First Name,Last Name,Email,Phone,Company,Job Title,City,Country,Notes,Owner,Lead Source,Tags'
  const file = testInfo.outputPath('ragged.csv')
  writeFileSync(
    file,
    [
      header,
      'Ana,Lee,ana@example.com,,Acme,CTO,Oslo,Norway,"first line\nsecond line",Sam,Web,vip', // lines 2–3
      'Ben,Short,ben@example.com', // line 4: 3 cells
      'Cy,Long,cy@example.com,,Acme,CEO,Oslo,Norway,notes,Sam,Web,vip,extra13,extra14', // line 5: 14 cells
      'Dee,Fine,dee@example.com,,Acme,CFO,Oslo,Norway,notes,Sam,Web,vip',
      '',
    ].join('\n'),
  )
  await page.getByTestId('import-file').setInputFiles(file)

  const warning = page.getByTestId('cell-count-warning')
  await expect(warning.getByRole('heading')).toHaveText("2 lines don't match the 12 columns")
  const lines = warning.getByTestId('cell-count-lines')
  await expect(lines.getByRole('row')).toHaveCount(3) // the header row and two lines
  await expect(lines.getByRole('row').nth(1)).toContainText('4')
  await expect(lines.getByRole('row').nth(1)).toContainText('9 cells missing')
  await expect(lines.getByRole('row').nth(1)).toContainText('Ben,Short,ben@example.com')
  await expect(lines.getByRole('row').nth(2)).toContainText('5')
  await expect(lines.getByRole('row').nth(2)).toContainText('2 cells too many')
  await expect(warning.getByRole('radio', { name: /Skip these lines/ })).toBeChecked()
  await warning.scrollIntoViewIfNeeded()
  await shots(page, shot, 'import-cells-warning')
  expect((await invoke<{ total: number }>('contacts.list', {})).total).toBe(0) // nothing written by looking

  // the check says what happens to them; nothing is lost: they are listed with their line numbers
  await page.getByRole('button', { name: 'Check the rows' }).click()
  const summary = page.getByTestId('dry-run-summary')
  await expect(summary.getByTestId('figure-new')).toContainText('2')
  await expect(summary.getByTestId('figure-rejected')).toContainText('2')
  await expect(page.getByTestId('cell-count-note')).toContainText('2 of the rejected rows are lines with the wrong number of cells')
  await expect(page.getByTestId('rejections')).toContainText('3 cells where the header has 12')
  await page.getByRole('button', { name: 'Import 2 contacts' }).click()
  await expect(page.getByTestId('import-status')).toHaveText('Import finished')
  await expect(page.getByTestId('cell-count-note')).toBeVisible()
  const rejections = page.getByTestId('rejections')
  await expect(rejections.getByRole('row').nth(1)).toContainText('4')
  await expect(rejections.getByRole('row').nth(2)).toContainText('14 cells where the header has 12')
  await shots(page, shot, 'import-cells-done')
  expect((await invoke<{ total: number }>('contacts.list', {})).total).toBe(2)

  // another run of the same file, imported anyway: all four
  await page.getByRole('button', { name: 'Import another file' }).click()
  await page.getByTestId('import-file').setInputFiles(file)
  await page.getByTestId('cell-count-warning').getByRole('radio', { name: /Import them anyway/ }).check()
  await page.getByRole('radio', { name: /Create a new contact anyway/ }).check()
  await page.getByRole('button', { name: 'Check the rows' }).click()
  await expect(page.getByTestId('dry-run-summary').getByTestId('figure-new')).toContainText('4')
  await expect(page.getByTestId('dry-run-summary').getByTestId('figure-rejected')).toContainText('0')
})
