import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { App } from '../../src-renderer/App'
import { crm, seed } from './setup'

/** Person0000 Test, Person0001 Test, ... created in that order. */
const seedContacts = (n: number) => seed.people(n)
const rows = () => screen.queryAllByTestId('contact-row')

describe('Contacts list', () => {
  it('renders only the rows in view and fetches pages of 100 by offset as it scrolls', async () => {
    await seedContacts(1000)
    render(<App />)
    await waitFor(() => expect(rows().length).toBeGreaterThan(5))
    expect(screen.getByLabelText('1,000 contacts')).toBeTruthy()
    const firstCount = rows().length
    expect(firstCount).toBeLessThan(40)
    expect(crm.callsOf('contacts.list').every((q) => q.limit === 100)).toBe(true)
    expect(rows()[0].textContent).toContain('Person0000 Test')

    const list = screen.getByTestId('contact-list')
    list.scrollTop = 48 * 550
    fireEvent.scroll(list)
    await waitFor(() => expect(rows().some((r) => r.textContent?.includes('Person0550'))).toBe(true))
    expect(crm.callsOf('contacts.list').some((q) => q.offset === 500)).toBe(true)
    // the DOM keeps about the same number of rows
    expect(rows().length).toBeLessThan(40)
  })

  it('sorts by clicking a column header, and flips direction on a second click', async () => {
    await seedContacts(5)
    const user = userEvent.setup()
    render(<App />)
    await waitFor(() => expect(rows()).toHaveLength(5))
    await user.click(screen.getByRole('button', { name: /^Created/ }))
    await waitFor(() => expect(crm.callsOf('contacts.list').at(-1)).toMatchObject({ sort: 'created', direction: 'desc' }))
    await waitFor(() => expect(rows()[0].textContent).toContain('Person0004'))
    await user.click(screen.getByRole('button', { name: /^Created/ }))
    await waitFor(() => expect(crm.callsOf('contacts.list').at(-1)).toMatchObject({ sort: 'created', direction: 'asc' }))
    await waitFor(() => expect(rows()[0].textContent).toContain('Person0000'))
  })

  it('tags the selected contacts from the bulk bar, then filters by that tag', async () => {
    const people = await seedContacts(4)
    const tag = await seed.tag({ name: 'Investor' })
    const user = userEvent.setup()
    render(<App />)
    await waitFor(() => expect(rows()).toHaveLength(4))
    expect(screen.queryByTestId('bulk-bar')).toBeNull()

    await user.click(screen.getByRole('checkbox', { name: 'Select Person0001 Test' }))
    await user.click(screen.getByRole('checkbox', { name: 'Select Person0003 Test' }))
    const bar = screen.getByTestId('bulk-bar')
    expect(bar.textContent).toContain('2 selected')
    await user.click(within(bar).getByRole('button', { name: /Add tag/ }))
    const dialog = await screen.findByRole('dialog', { name: 'Add a tag to 2 contacts' })
    await user.click(within(dialog).getByRole('button', { name: /Investor/ }))
    await waitFor(() => expect(crm.callsOf('contacts.bulk')).toHaveLength(1))
    const assigned = crm.callsOf('contacts.bulk')[0]
    expect(assigned.action).toEqual({ kind: 'addTag', tagId: tag.id })
    expect(new Set((assigned.target as { ids: string[] }).ids)).toEqual(new Set(people.filter((c) => /000[13]/.test(c.firstName)).map((c) => c.id)))
    // the list refreshed from data.changed: the chips are there
    await waitFor(() => expect(screen.getAllByTestId('tag-chip').length).toBe(2))

    await user.selectOptions(screen.getByRole('combobox', { name: /Tag/ }), tag.id)
    await waitFor(() => expect(rows()).toHaveLength(2))
    expect(screen.queryByTestId('bulk-bar')).toBeNull() // selection cleared when the filter changed
  })

  it('selects all loaded rows and asks before deleting them', async () => {
    await seedContacts(3)
    const user = userEvent.setup()
    render(<App />)
    await waitFor(() => expect(rows()).toHaveLength(3))
    await user.click(screen.getByRole('checkbox', { name: 'Select all loaded contacts' }))
    expect(screen.getByTestId('bulk-bar').textContent).toContain('3 selected')
    await user.click(within(screen.getByTestId('bulk-bar')).getByRole('button', { name: /Delete/ }))
    const confirm = await screen.findByRole('dialog', { name: 'Delete 3 contacts?' })
    expect(crm.callsOf('contacts.bulk')).toHaveLength(0)
    await user.click(within(confirm).getByRole('button', { name: 'Delete 3 contacts' }))
    await waitFor(() => expect(crm.callsOf('contacts.bulk')).toHaveLength(1))
    expect(crm.callsOf('contacts.bulk')[0]).toMatchObject({ action: { kind: 'delete' } })
    expect((crm.callsOf('contacts.bulk')[0].target as { ids: string[] }).ids).toHaveLength(3)
    await waitFor(() => expect(rows()).toHaveLength(0))
    const toast = await screen.findByTestId('toast')
    expect(toast.textContent).toContain('Deleted 3 contacts')
    // Undo reverts that one transaction
    await user.click(within(toast).getByRole('button', { name: 'Undo' }))
    await waitFor(() => expect(crm.callsOf('contacts.bulkUndo')).toEqual([{ jobId: expect.any(String) }]))
    await waitFor(() => expect(rows()).toHaveLength(3))
  })

  it('shows "No contacts match these filters" with a way out', async () => {
    await seedContacts(3)
    const user = userEvent.setup()
    render(<App />)
    await waitFor(() => expect(rows()).toHaveLength(3))
    await user.selectOptions(screen.getByRole('combobox', { name: /Stage/ }), 'customer')
    const empty = await screen.findByTestId('empty-state')
    expect(empty.textContent).toContain('No contacts match these filters')
    await user.click(within(empty).getByRole('button', { name: 'Clear filters' }))
    await waitFor(() => expect(rows()).toHaveLength(3))
  })

  it('keyboard: "n" opens the new contact form, Escape closes it, Enter opens the focused row', async () => {
    const people = await seedContacts(3)
    const user = userEvent.setup()
    render(<App />)
    await waitFor(() => expect(rows()).toHaveLength(3))
    await user.keyboard('n')
    const dialog = await screen.findByRole('dialog', { name: 'New contact' })
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByLabelText('First name')))
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())

    const second = rows()[1]
    second.focus()
    await user.keyboard('{Enter}')
    await waitFor(() => expect(location.hash).toBe(`#/contacts/${second.dataset.id}`))
    expect(second.dataset.id).toBe(people[1].id)
  })

  it('"/" focuses the filter', async () => {
    await seedContacts(2)
    const user = userEvent.setup()
    render(<App />)
    await waitFor(() => expect(rows()).toHaveLength(2))
    await user.keyboard('/')
    expect(document.activeElement).toBe(screen.getByRole('combobox', { name: /Tag/ }))
  })
})
