import { act, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Dialog } from '../../src-renderer/components/Dialog'
import { Toasts } from '../../src-renderer/components/Toasts'
import { useBoard } from '../../src-renderer/stores/board'
import { useReminders } from '../../src-renderer/stores/reminders'
import { showToast, toastPlacement } from '../../src-renderer/stores/toasts'

afterEach(() => vi.useRealTimers())

const notice = (title: string) => ({ taskId: null, title, body: '', route: '#/today' })
const placement = () => screen.getByTestId('toasts').dataset.placement

describe('toastPlacement', () => {
  it('is the corner normally, above a dialog while one is open, held while a card is dragged', () => {
    expect(toastPlacement({ dialogOpen: false, dragging: false })).toBe('corner')
    expect(toastPlacement({ dialogOpen: true, dragging: false })).toBe('above-dialog')
    expect(toastPlacement({ dialogOpen: false, dragging: true })).toBe('held')
    expect(toastPlacement({ dialogOpen: true, dragging: true })).toBe('held')
  })
})

describe('Toasts out of the way', () => {
  it('an open dialog turns the reminder cards into one line; they come back when it closes', async () => {
    act(() => useReminders.getState().add([notice('Call Ada')]))
    const { rerender, unmount } = render(<Toasts />)
    expect(placement()).toBe('corner')
    expect(screen.getByTestId('reminder-toast')).toBeTruthy()

    rerender(
      <>
        <Toasts />
        <Dialog title="Edit" onClose={() => {}}>
          body
        </Dialog>
      </>,
    )
    await waitFor(() => expect(placement()).toBe('above-dialog'))
    expect(screen.queryByTestId('reminder-toast')).toBeNull()
    expect(screen.getByTestId('reminders-waiting').textContent).toContain('Call Ada')

    rerender(<Toasts />)
    await waitFor(() => expect(placement()).toBe('corner'))
    expect(screen.getByTestId('reminder-toast').textContent).toContain('Call Ada')
    expect(useReminders.getState().shown).toHaveLength(1)
    unmount()
  })

  it('during a drag toasts are held with their time paused, and reminders wait: nothing is lost', () => {
    vi.useFakeTimers()
    useReminders.setState({ shown: [] })
    render(<Toasts />)
    act(() => {
      showToast('Saved')
      useReminders.getState().add([notice('Send the quote')])
    })
    act(() => useBoard.setState({ dragging: true }))
    expect(placement()).toBe('held')
    // long past the toast's 5 s while the card is held
    act(() => vi.advanceTimersByTime(60_000))
    act(() => useBoard.setState({ dragging: false }))
    expect(placement()).toBe('corner')
    expect(screen.getByTestId('toast').textContent).toContain('Saved')
    expect(screen.getByTestId('reminder-toast').textContent).toContain('Send the quote')
    // and once seen, it goes in its own time
    act(() => vi.advanceTimersByTime(6_000))
    expect(screen.queryByTestId('toast')).toBeNull()
  })
})
