import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { App } from '../../src-renderer/App'
import { Toasts } from '../../src-renderer/components/Toasts'
import { AppError } from '../../src-shared/errors'
import { showUndo, UNDO_TOAST_MS } from '../../src-renderer/stores/toasts'
import { fake } from './setup'
import { makeActivity, makeContact, makeTag } from './fakeCrm'

afterEach(() => {
  vi.useRealTimers()
})

describe('Undo toasts', () => {
  it('deleting a contact goes back to the list; Undo calls contacts.restore and the contact is back', async () => {
    const [ada] = fake.add(fake.contacts, makeContact({ firstName: 'Ada', lastName: 'Lovelace' }))
    fake.add(fake.contacts, makeContact({ firstName: 'Grace', lastName: 'Hopper' }))
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
    await waitFor(() => expect(fake.callsOf('contacts.restore')).toEqual([{ ids: [ada.id] }]))
    await waitFor(() => expect(screen.getAllByTestId('contact-row')).toHaveLength(2))
  })

  it('deleting a timeline entry offers Undo via activities.restore', async () => {
    const [ada] = fake.add(fake.contacts, makeContact())
    const [note] = fake.add(fake.activities, makeActivity({ type: 'note', contactId: ada.id, body: 'Hello' }))
    location.hash = `#/contacts/${ada.id}`
    const user = userEvent.setup()
    render(<App />)
    await screen.findByTestId('timeline-entry')
    await user.click(screen.getByRole('button', { name: 'Delete note' }))
    await waitFor(() => expect(screen.queryByTestId('timeline-entry')).toBeNull())
    const toast = await screen.findByTestId('toast')
    await user.click(within(toast).getByRole('button', { name: 'Undo' }))
    await waitFor(() => expect(fake.callsOf('activities.restore')).toEqual([{ ids: [note.id] }]))
    await screen.findByTestId('timeline-entry')
  })

  it('deleting a tag asks first, then offers Undo via tags.restore', async () => {
    const [tag] = fake.add(fake.tags, makeTag({ name: 'Partner' }))
    location.hash = '#/settings'
    const user = userEvent.setup()
    render(<App />)
    await user.click(await screen.findByRole('button', { name: 'Delete tag Partner' }))
    const dialog = await screen.findByRole('dialog', { name: 'Delete tag “Partner”?' })
    await user.click(within(dialog).getByRole('button', { name: 'Delete tag' }))
    const toast = await screen.findByTestId('toast')
    await user.click(within(toast).getByRole('button', { name: 'Undo' }))
    await waitFor(() => expect(fake.callsOf('tags.restore')).toEqual([{ ids: [tag.id] }]))
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
    const [ada] = fake.add(fake.contacts, makeContact())
    location.hash = `#/contacts/${ada.id}`
    fake.failures.set('contacts.delete', new AppError('CONFLICT', 'Someone else changed this contact. Reload and try again.'))
    const user = userEvent.setup()
    render(<App />)
    await screen.findByRole('heading', { name: 'Ada Lovelace' })
    await user.click(screen.getByRole('button', { name: /Delete/ }))
    const toast = await screen.findByTestId('toast')
    expect(toast.textContent).toContain('Someone else changed this contact. Reload and try again.')
    expect(location.hash).toBe(`#/contacts/${ada.id}`)
  })
})
