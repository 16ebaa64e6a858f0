/**
 * Saved views: build "lead AND tag Hot AND last contacted more than 30 days ago" with the filter
 * builder, save it, see it in the sidebar with a live count, run bulk actions on it (stage change,
 * owner, delete) with Undo, and "select all N" beyond the loaded rows.
 */
import { bridge, expect, openApp, test } from './harness'

const DAY = 86_400_000

test('filter builder → saved view with a live count → bulk actions with undo', async ({ page, app, shot }) => {
  await openApp(page, app, '#/contacts')
  const invoke = bridge(page)
  const hot = await invoke<{ id: string }>('tags.create', { name: 'Hot' })
  const now = Date.now()
  const people: Array<[string, string, string[], number | null]> = [
    ['Ada', 'lead', [hot.id], 45],
    ['Grace', 'lead', [hot.id], 60],
    ['Alan', 'lead', [hot.id], 5], // contacted recently
    ['Linus', 'lead', [], 90], // not Hot
    ['Edsger', 'customer', [hot.id], 90], // not a lead
    ['Barbara', 'lead', [hot.id], null], // never contacted
  ]
  for (const [firstName, lifecycleStage, tagIds, daysAgo] of people) {
    const c = await invoke<{ id: string }>('contacts.create', { firstName, lastName: 'Test', lifecycleStage, tagIds })
    if (daysAgo !== null) await invoke('activities.create', { type: 'call', contactId: c.id, occurredAt: now - daysAgo * DAY })
  }
  await page.reload()
  const rows = page.getByTestId('contact-row')
  await expect(rows).toHaveCount(6)
  await expect(page.getByText('Filter your contacts, then “Save as view” to keep the list here.')).toBeVisible()

  // F opens the builder with a first condition: Lifecycle stage is Lead
  await page.keyboard.press('f')
  const builder = page.getByTestId('filter-builder')
  await expect(builder.getByTestId('filter-row')).toHaveCount(1)
  await expect(rows).toHaveCount(5)

  await builder.getByRole('button', { name: 'Add condition' }).click()
  await builder.getByLabel('Condition 2: field').selectOption('tag')
  // an incomplete condition says what it needs and does not narrow the list
  await expect(builder.getByText('Pick a tag for “Tag is”')).toBeVisible()
  await builder.getByLabel('Tag is: value').selectOption({ label: 'Hot' })
  await expect(rows).toHaveCount(4)

  await builder.getByRole('button', { name: 'Add condition' }).click()
  await builder.getByLabel('Condition 3: field').selectOption('lastContacted')
  await builder.getByLabel('Last contacted more than … days ago: value').fill('30')
  await expect(rows).toHaveCount(2)
  await expect(rows.filter({ hasText: 'Ada Test' })).toHaveCount(1)
  await expect(rows.filter({ hasText: 'Grace Test' })).toHaveCount(1)
  await shot('01-filter-builder')

  // "any" widens it: every lead, every Hot contact, everyone contacted over 30 days ago
  await builder.getByRole('combobox', { name: 'Match' }).selectOption('any')
  await expect(rows).toHaveCount(6)
  await builder.getByRole('combobox', { name: 'Match' }).selectOption('all')
  await expect(rows).toHaveCount(2)

  await page.getByTestId('view-save-as').click()
  const naming = page.getByRole('dialog', { name: 'Save as a view' })
  await naming.getByLabel('View name').fill('Stale hot leads')
  await naming.getByRole('button', { name: /Save view/ }).click()
  await expect(page).toHaveURL(/#\/views\//)
  await expect(page.getByRole('heading', { name: 'Stale hot leads' })).toBeVisible()
  const nav = page.getByTestId('saved-views')
  const link = nav.getByRole('link', { name: /Stale hot leads/ })
  await expect(link).toHaveAttribute('aria-current', 'page')
  await expect(link.getByTestId('view-count')).toHaveText('2')
  await shot('02-saved-view')

  // bulk: move both to Customer → the view empties and the count follows; Undo brings them back
  await page.getByRole('checkbox', { name: 'Select all loaded contacts' }).check()
  const bar = page.getByTestId('bulk-bar')
  await expect(bar).toContainText('2 selected')
  await bar.getByRole('button', { name: 'Stage…' }).click()
  await page.getByRole('dialog', { name: 'Move 2 contacts to…' }).getByRole('button', { name: 'Customer', exact: true }).click()
  const toast = page.getByTestId('toast').filter({ hasText: 'Moved 2 contacts to Customer' })
  await expect(toast).toBeVisible()
  await expect(page.getByTestId('empty-state')).toContainText('Nobody is in this view right now')
  await expect(link.getByTestId('view-count')).toHaveText('0')
  await shot('03-view-emptied')
  await toast.getByRole('button', { name: 'Undo' }).click()
  await expect(rows).toHaveCount(2)
  await expect(link.getByTestId('view-count')).toHaveText('2')

  // owner on one contact, then delete both (after asking) and undo
  await rows.filter({ hasText: 'Ada Test' }).getByRole('checkbox').check()
  await bar.getByRole('button', { name: 'Owner…' }).click()
  const ownerDialog = page.getByRole('dialog', { name: 'Set the owner of 1 contact' })
  await ownerDialog.getByLabel('Owner').fill('Sam')
  await ownerDialog.getByRole('button', { name: /Set owner/ }).click()
  await expect(page.getByTestId('toast').filter({ hasText: 'Owner set to Sam on 1 contact' })).toBeVisible()
  const ada = await invoke<{ items: { id: string }[] }>('contacts.list', { filter: { conditions: [{ field: 'name', operator: 'contains', value: 'ada' }] } })
  expect(ada.items).toHaveLength(1)
  expect((await invoke<{ owner: string }>('contacts.get', { id: ada.items[0].id })).owner).toBe('Sam')

  await page.getByRole('checkbox', { name: 'Select all loaded contacts' }).check()
  await bar.getByRole('button', { name: 'Delete' }).click()
  await page.getByRole('dialog', { name: 'Delete 2 contacts?' }).getByRole('button', { name: 'Delete 2 contacts' }).click()
  const deleted = page.getByTestId('toast').filter({ hasText: 'Deleted 2 contacts' })
  await expect(deleted).toBeVisible()
  await expect(link.getByTestId('view-count')).toHaveText('0')
  await deleted.getByRole('button', { name: 'Undo' }).click()
  await expect(rows).toHaveCount(2)

  // editing the view's filter offers Save changes; saving keeps it
  await builder.getByLabel('Last contacted more than … days ago: value').fill('50')
  await expect(rows).toHaveCount(1)
  await page.getByTestId('view-save').click()
  await expect(page.getByTestId('view-save')).toBeHidden()
  await expect(link.getByTestId('view-count')).toHaveText('1')

  // dark mode, then back to all contacts: the view's filter is not carried over
  await page.emulateMedia({ colorScheme: 'dark' })
  await shot('04-saved-view-dark')
  await page.emulateMedia({ colorScheme: 'light' })
  await page.getByRole('link', { name: 'Contacts', exact: true }).click()
  await expect(rows).toHaveCount(6)
  await expect(page.getByTestId('filter-builder')).toBeHidden()

  // the view survives a restart
  await app.restart()
  await openApp(page, app, '#/contacts')
  await page.getByTestId('saved-views').getByRole('link', { name: /Stale hot leads/ }).click()
  await expect(page.getByRole('heading', { name: 'Stale hot leads' })).toBeVisible()
  await expect(rows).toHaveCount(1)
})

test('select all N beyond the loaded rows, and delete a view with undo', async ({ page, app, shot }) => {
  await openApp(page, app, '#/contacts')
  const invoke = bridge(page)
  const contacts = Array.from({ length: 250 }, (_, i) => ({ firstName: `Lead${String(i).padStart(3, '0')}`, lastName: 'Bulk', lifecycleStage: 'lead' }))
  await page.evaluate(async (list) => {
    const crm = (window as unknown as { crm: { invoke(n: string, i: unknown): Promise<{ ok: boolean }> } }).crm
    for (const c of list) await crm.invoke('contacts.create', c)
  }, contacts)
  await invoke('contacts.create', { firstName: 'Carla', lastName: 'Customer', lifecycleStage: 'customer' })
  const view = await invoke<{ id: string }>('views.create', { name: 'All leads', filter: { match: 'all', conditions: [{ field: 'lifecycleStage', operator: 'is', value: 'lead' }] } })
  // the palette opens saved views too
  await openApp(page, app, '#/contacts')
  await expect(page.getByTestId('saved-views')).toContainText('All leads')
  await page.keyboard.press('Control+k')
  const palette = page.getByRole('dialog', { name: /Search and commands/ })
  await palette.getByRole('combobox').fill('view all le')
  await expect(palette.getByRole('option').first()).toContainText('Open view: All leads')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`#/views/${view.id}$`))
  await expect(page.getByLabel('250 contacts')).toBeVisible()

  await page.getByRole('checkbox', { name: 'Select all loaded contacts' }).check()
  const bar = page.getByTestId('bulk-bar')
  await expect(bar).toContainText('100 selected')
  await bar.getByTestId('select-all-matching').click()
  await expect(bar).toContainText('All 250 selected')
  await shot('05-select-all-matching')
  await bar.getByRole('button', { name: 'Stage…' }).click()
  await page.getByRole('dialog', { name: 'Move 250 contacts to…' }).getByRole('button', { name: 'Prospect' }).click()
  const toast = page.getByTestId('toast').filter({ hasText: 'Moved 250 contacts to Prospect' })
  await expect(toast).toBeVisible()
  await expect(page.getByTestId('empty-state')).toContainText('Nobody is in this view right now')
  expect((await invoke<{ count: number }>('contacts.count', { lifecycleStage: 'prospect' })).count).toBe(250)
  await toast.getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByLabel('250 contacts')).toBeVisible()
  expect((await invoke<{ count: number }>('contacts.count', { lifecycleStage: 'customer' })).count).toBe(1)

  // delete the view from its menu; Undo restores it and opens it again
  await page.getByRole('button', { name: 'View “All leads”' }).click()
  await page.getByRole('menuitem', { name: 'Delete view' }).click()
  await expect(page).toHaveURL(/#\/contacts$/)
  await expect(page.getByTestId('saved-views')).toBeHidden()
  await page.getByTestId('toast').filter({ hasText: 'Deleted the view “All leads”' }).getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByRole('heading', { name: 'All leads' })).toBeVisible()
  await expect(page.getByTestId('saved-views').getByTestId('view-count')).toHaveText('250')

  // a link to a deleted view says so
  await invoke('views.delete', { ids: [view.id] })
  await page.reload()
  await expect(page.getByTestId('empty-state')).toContainText('This view no longer exists')
})
