import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { App } from '../../src-renderer/App'
import { Toasts } from '../../src-renderer/components/Toasts'
import { showUndo, UNDO_TOAST_MS } from '../../src-renderer/stores/toasts'
import { crm, seed } from './setup'

afterEach(() => {
  vi.useRealTimers()
})

describe('Undo toasts', () => {
  it('deleting a contact goes back to the list; Undo calls contacts.restore and the contact is back', async () => {
    const ada = await seed.contact({ firstName: 'Ada', lastName: 'Lovelace' })
    await seed.contact({ firstName: 'Grace', lastName: 'Hopper' })
    location.hash = `#/contacts/${ada.id}`
    const user = userEvent.setup()
    render(<App />)
    await screen.findByRole('heading', { name: 'Ada Lovelace' })
    await user.click(screen.getByRole('button', { name: /Delete/ }))

    await waitFor(() => expect(location.hash).toBe('#/contacts'))
    const toast = await screen.findByTestId('toast')
    expect(toast.textContent).toContain('Deleted Ada Lovelace')
    await waitFor(() => expect(screen.getAllByTestId('contact-row')).toHaveLength(1))

    await user.click(within(toast).getByRole('button', { name: 'Undo' }))
    await waitFor(() => expect(crm.callsOf('contacts.restore')).toEqual([{ ids: [ada.id] }]))
    await waitFor(() => expect(screen.getAllByTestId('contact-row')).toHaveLength(2))
  })

  it('deleting a timeline entry offers Undo via activities.restore', async () => {
    const ada = await seed.contact()
    const note = await seed.activity({ type: 'note', contactId: ada.id, body: 'Hello' })
    location.hash = `#/contacts/${ada.id}`
    const user = userEvent.setup()
    render(<App />)
    await screen.findByTestId('timeline-entry')
    await user.click(screen.getByRole('button', { name: 'Delete note' }))
    await waitFor(() => expect(screen.queryByTestId('timeline-entry')).toBeNull())
    const toast = await screen.findByTestId('toast')
    await user.click(within(toast).getByRole('button', { name: 'Undo' }))
    await waitFor(() => expect(crm.callsOf('activities.restore')).toEqual([{ ids: [note.id] }]))
    await screen.findByTestId('timeline-entry')
  })

  it('deleting a tag asks first, then offers Undo via tags.restore', async () => {
    const tag = await seed.tag({ name: 'Partner' })
    location.hash = '#/settings'
    const user = userEvent.setup()
    render(<App />)
    await user.click(await screen.findByRole('button', { name: 'Delete tag Partner' }))
    const dialog = await screen.findByRole('dialog', { name: 'Delete tag “Partner”?' })
    await user.click(within(dialog).getByRole('button', { name: 'Delete tag' }))
    const toast = await screen.findByTestId('toast')
    await user.click(within(toast).getByRole('button', { name: 'Undo' }))
    await waitFor(() => expect(crm.callsOf('tags.restore')).toEqual([{ ids: [tag.id] }]))
  })

  it('goes away by itself after about 8 seconds', () => {
    vi.useFakeTimers()
    render(<Toasts />)
    act(() => {
      showUndo('Deleted 1 contact', async () => {})
    })
    expect(screen.getByTestId('toast')).toBeTruthy()
    act(() => {
      vi.advanceTimersByTime(UNDO_TOAST_MS - 500)
    })
    expect(screen.queryByTestId('toast')).toBeTruthy()
    act(() => {
      vi.advanceTimersByTime(1000)
    })
    expect(screen.queryByTestId('toast')).toBeNull()
  })

  it('shows the message of an AppError from a failed command', async () => {
    const ada = await seed.contact()
    location.hash = `#/contacts/${ada.id}`
    const user = userEvent.setup()
    render(<App />)
    await screen.findByRole('heading', { name: 'Ada Lovelace' })
    // a real failure: core's database goes away under the open page
    await crm.idle()
    crm.core.close()
    await user.click(screen.getByRole('button', { name: /Delete/ }))
    await waitFor(() => expect(crm.calls.find((c) => c.name === 'contacts.delete')?.result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } }))
    const toast = await screen.findByTestId('toast')
    expect(toast.textContent).toContain('The database is closed; restart the app.')
    expect(location.hash).toBe(`#/contacts/${ada.id}`)
  })
})
