import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { App } from '../../src-renderer/App'
import { crm } from './setup'

describe('First run', () => {
  it('shows a welcome with "Add your first contact" and "Load sample data"', async () => {
    const user = userEvent.setup()
    render(<App />)
    const empty = await screen.findByTestId('empty-state')
    const add = within(empty).getByRole('button', { name: /Add your first contact/ })
    within(empty).getByRole('button', { name: /Load sample data/ })
    await user.click(add)
    expect(await screen.findByRole('dialog', { name: 'New contact' })).toBeTruthy()
  })

  it('loads sample data with a busy state, then says what was loaded and shows the contacts', async () => {
    const user = userEvent.setup()
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    // holds core's sample data back until the busy state was seen (the answer is still core's)
    const invoke = crm.bridge.invoke
    crm.bridge.invoke = (async (name: string, input: unknown) => {
      if (name === 'sampleData.load') await gate
      return invoke(name as never, input as never)
    }) as typeof invoke
    render(<App />)
    const empty = await screen.findByTestId('empty-state')
    await user.click(within(empty).getByRole('button', { name: /Load sample data/ }))
    const busy = await within(empty).findByRole('button', { name: /Loading sample data/ })
    expect((busy as HTMLButtonElement).disabled).toBe(true)
    release()
    // the job runs in chunks for a while: wait for core's answer rather than for a time
    await waitFor(() => expect(crm.callsOf('sampleData.load')).toHaveLength(1))
    await act(() => crm.idle())

    const toast = await screen.findByTestId('toast')
    const [loaded] = crm.resultsOf('sampleData.load')
    expect(loaded).toMatchObject({ contacts: 200, companies: 30 })
    expect(toast.textContent).toBe(`Loaded 200 contacts, 30 companies and ${loaded.activities.toLocaleString('en-US')} activities`)
    await waitFor(() => expect(screen.getAllByTestId('contact-row').length).toBeGreaterThan(5))
    expect(screen.queryByTestId('empty-state')).toBeNull()
  })

  it('shows "No companies yet" on an empty companies list', async () => {
    location.hash = '#/companies'
    render(<App />)
    const empty = await screen.findByTestId('empty-state')
    expect(empty.textContent).toContain('No companies yet')
  })
})
