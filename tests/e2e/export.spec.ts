/**
 * Settings → Import & export against the real core: a vCard file picked through the file input
 * (a broken card among good ones), the summary with the card's reason, the contacts in the list,
 * Undo; contacts CSV and vCard exports read back from the downloaded files (everything, and the
 * list's filter from the contacts menu). Screenshots in light and dark.
 */
import { readFileSync } from 'node:fs'
import { bridge, expect, openApp, shots, test } from './harness'

const VCF = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Müller;Zoë;;;',
  'FN:Zoë Müller',
  'ORG:Bäckerei Schön',
  'TITLE:Owner',
  'EMAIL;TYPE=INTERNET,WORK,pref:zoe@baeckerei.example',
  'TEL;TYPE=CELL:+49 170 1234567',
  'CATEGORIES:Bakers,VIP',
  'NOTE:Loves sourdough\\, hates spreadsheets.',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:2.1',
  'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Kowalski;Pawe=C5=82;;;',
  'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Pawe=C5=82 Kowalski',
  'EMAIL;HOME:pawel@example.pl',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Broken Bob',
  'THIS LINE IS NOT VCARD',
  'END:VCARD',
].join('\r\n')

const readDownload = async (download: import('@playwright/test').Download) => readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '')

test('vCard import with a summary and Undo; contacts CSV and vCard exports', async ({ page, app, shot }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openApp(page, app, '#/settings')
  const section = page.getByTestId('data-section')
  await section.scrollIntoViewIfNeeded()
  await expect(section.getByRole('heading', { name: 'Import & export' })).toBeVisible()
  await expect(section.getByText('Nothing to export yet')).toBeVisible()
  await section.scrollIntoViewIfNeeded()
  await shots(page, shot, 'data-empty')

  // import: the file picker, a summary that names the bad card and why
  await section.getByTestId('vcard-file').setInputFiles({ name: 'my-contacts.vcf', mimeType: 'text/vcard', buffer: Buffer.from(VCF, 'utf8') })
  const summary = section.getByTestId('vcard-summary')
  await expect(summary).toContainText('Imported 2 contacts from my-contacts.vcf')
  await expect(summary).toContainText('1 card left out')
  await expect(summary.getByTestId('vcard-rejected')).toContainText('Card 3 · Broken Bob')
  await expect(summary.getByTestId('vcard-rejected')).toContainText('THIS LINE IS NOT VCARD')
  // the export rows now have something to export
  await expect(section.getByTestId('export-contacts')).toContainText('2 contacts')
  await expect(section.getByTestId('export-companies')).toContainText('1 company')
  await summary.scrollIntoViewIfNeeded()
  await shots(page, shot, 'data-import-summary')

  // the contacts are in the list, with their company and tags
  await page.getByRole('link', { name: 'Contacts' }).first().click()
  const rows = page.getByTestId('contact-row')
  await expect(rows).toHaveCount(2)
  await expect(rows.filter({ hasText: 'Zoë Müller' })).toContainText('Bäckerei Schön')
  await expect(rows.filter({ hasText: 'Paweł Kowalski' })).toBeVisible()

  // contacts menu: export what the list shows (filtered by the VIP tag) as CSV
  await page.getByRole('combobox', { name: /Tag/ }).selectOption({ label: 'VIP' })
  await expect(rows).toHaveCount(1)
  await page.getByRole('button', { name: 'Import and export' }).click()
  await shot('contacts-menu-light')
  const [filteredCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Export these contacts as CSV' }).click()])
  expect(filteredCsv.suggestedFilename()).toMatch(/^contacts-filtered-\d{4}-\d{2}-\d{2}\.csv$/)
  const filteredLines = (await readDownload(filteredCsv)).split('\r\n')
  expect(filteredLines).toHaveLength(2)
  expect(filteredLines[0]).toMatch(/^First name,Last name,Email,Phone,Company,Job title,/)
  // a phone number is data, not a formula: exact even in the spreadsheet form (the default)
  expect(filteredLines[1]).toMatch(/^Zoë,Müller,zoe@baeckerei\.example,\+49 170 1234567,Bäckerei Schön,Owner,Lead,/)
  expect(filteredLines[1]).toContain('"Bakers, VIP"')
  expect(filteredLines[1]).toContain('"Loves sourdough, hates spreadsheets."')

  // no filter set (only the list's order): the file is not called "filtered"
  await page.getByRole('combobox', { name: /Tag/ }).selectOption({ index: 0 })
  await expect(rows).toHaveCount(2)
  await page.getByRole('button', { name: 'Import and export' }).click()
  const [unfiltered] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Export these contacts as CSV' }).click()])
  expect(unfiltered.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/)

  // back in Settings: everything as CSV and as vCard
  await page.goto(app.url + '#/settings')
  const data = page.getByTestId('data-section')
  const [allCsv] = await Promise.all([page.waitForEvent('download'), data.getByRole('button', { name: 'Export contacts CSV' }).click()])
  expect(allCsv.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/)
  const csv = await readDownload(allCsv)
  expect(csv.split('\r\n')).toHaveLength(3)
  expect(csv).toContain('Paweł,Kowalski,pawel@example.pl')

  // plain CSV for other apps: remembered, and every value exact (a guarded formula-looking value too)
  await data.getByRole('combobox', { name: 'CSV files' }).selectOption({ label: 'Plain CSV for other apps' })
  await bridge(page)('contacts.create', { firstName: 'Eve', lastName: 'Formula', jobTitle: '=1+2', phones: [{ value: '+1-278-758-4331' }] })
  await expect(data.getByTestId('export-contacts')).toContainText('3 contacts')
  await page.reload()
  await expect(data.getByRole('combobox', { name: 'CSV files' })).toHaveValue('plain')
  await data.scrollIntoViewIfNeeded()
  await shots(page, shot, 'data-csv-plain')
  const [plainCsv] = await Promise.all([page.waitForEvent('download'), data.getByRole('button', { name: 'Export contacts CSV' }).click()])
  const plain = await readDownload(plainCsv)
  expect(plain).toContain('Eve,Formula,,+1-278-758-4331,,=1+2,')
  expect(plain).toContain('Zoë,Müller,zoe@baeckerei.example,+49 170 1234567,')
  await data.getByRole('combobox', { name: 'CSV files' }).selectOption({ label: 'For Excel / Google Sheets' })
  const [sheetCsv] = await Promise.all([page.waitForEvent('download'), data.getByRole('button', { name: 'Export contacts CSV' }).click()])
  expect(await readDownload(sheetCsv)).toContain(`Eve,Formula,,+1-278-758-4331,,"'=1+2",`)
  await bridge(page)('contacts.delete', { ids: [(await bridge(page)<{ items: { id: string; firstName: string }[] }>('contacts.list', {})).items.find((c) => c.firstName === 'Eve')!.id] })
  await expect(data.getByTestId('export-contacts')).toContainText('2 contacts')

  await data.getByLabel('vCard version').selectOption('3.0')
  const [vcf] = await Promise.all([page.waitForEvent('download'), data.getByRole('button', { name: 'Export vCard' }).click()])
  expect(vcf.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.vcf$/)
  const vcard = readFileSync((await vcf.path())!, 'utf8')
  expect(vcard.startsWith('BEGIN:VCARD\r\nVERSION:3.0\r\n')).toBe(true)
  expect(vcard.match(/BEGIN:VCARD/g)).toHaveLength(2)
  expect(vcard).toContain('FN:Paweł Kowalski')
  expect(vcard).toContain('CATEGORIES:Bakers,VIP')

  // Undo the import from its summary (import again, then undo: the summary lives on the Settings page)
  await data.getByTestId('vcard-file').setInputFiles({ name: 'again.vcf', mimeType: 'text/vcard', buffer: Buffer.from(VCF, 'utf8') })
  await expect(data.getByTestId('vcard-summary')).toContainText('Imported 2 contacts from again.vcf')
  await expect(data.getByTestId('export-contacts')).toContainText('4 contacts')
  await data.getByRole('button', { name: 'Undo import' }).click()
  await expect(data.getByText('The import of again.vcf was undone: 2 contacts removed.')).toBeVisible()
  await expect(data.getByTestId('export-contacts')).toContainText('2 contacts')
  const invoke = bridge(page)
  expect((await invoke<{ total: number }>('contacts.list', {})).total).toBe(2)
})

test('an empty or wrong file gets a message that says what to do', async ({ page, app, shot }) => {
  await openApp(page, app, '#/settings')
  const data = page.getByTestId('data-section')
  await data.getByTestId('vcard-file').setInputFiles({ name: 'empty.vcf', mimeType: 'text/vcard', buffer: Buffer.from('') })
  await expect(data.getByRole('alert')).toContainText('empty.vcf was not imported: This file is empty. Pick a .vcf file')
  await data.getByTestId('vcard-file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from('Name,Email\nAna,ana@example.com\n') })
  await expect(data.getByRole('alert')).toContainText('No contacts found in this file')
  await data.scrollIntoViewIfNeeded()
  await shot('data-import-error-light')

  // a CSV belongs in the import wizard: Settings leads there
  await data.getByTestId('settings-import-csv').click()
  await expect(page).toHaveURL(/#\/import$/)
  await expect(page.getByRole('heading', { name: 'Import contacts' })).toBeVisible()
})
