import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { App } from '../../src-renderer/App'
import { crm, seed } from './setup'

const DAY = 24 * 60 * 60 * 1000
const typesShown = () => screen.getAllByTestId('timeline-entry').map((e) => e.dataset.type)

/** Ada with a note, a call, an email and a meeting; core derives "last contacted" (the call, 3 days ago). */
async function seedContactWithHistory() {
  const contact = await seed.contact({ firstName: 'Ada', lastName: 'Lovelace', jobTitle: 'Analyst' })
  const at = (daysAgo: number) => Date.now() - daysAgo * DAY
  await seed.activity({ type: 'note', contactId: contact.id, occurredAt: at(1), body: 'Prefers email' })
  await seed.activity({ type: 'call', contactId: contact.id, occurredAt: at(3), direction: 'outbound', durationMinutes: 12, outcome: 'connected', body: 'Discussed pricing' })
  await seed.activity({ type: 'email', contactId: contact.id, occurredAt: at(10), direction: 'inbound', subject: 'Re: proposal' })
  await seed.activity({ type: 'meeting', contactId: contact.id, occurredAt: at(20), subject: 'Kick-off', location: 'Office', durationMinutes: 60 })
  return contact
}

describe('Contact page timeline', () => {
  it('shows the whole history newest first, and the type filter narrows it', async () => {
    const contact = await seedContactWithHistory()
    location.hash = `#/contacts/${contact.id}`
    const user = userEvent.setup()
    render(<App />)

    await screen.findByRole('heading', { name: 'Ada Lovelace' })
    await waitFor(() => expect(typesShown()).toEqual(['note', 'call', 'email', 'meeting']))
    expect(screen.getByText('Outbound call · 12 min · Connected')).toBeTruthy()
    expect(screen.getByText('Re: proposal')).toBeTruthy()
    // last contacted is relative, with the exact date in the tooltip
    const last = screen.getByText('3 days ago')
    expect(last.getAttribute('title')).toMatch(/\d{4}/)

    await user.click(screen.getByRole('button', { name: 'Calls' }))
    await waitFor(() => expect(typesShown()).toEqual(['call']))
    expect(screen.getByRole('button', { name: 'Calls' }).getAttribute('aria-pressed')).toBe('true')

    await user.click(screen.getByRole('button', { name: 'Meetings' }))
    await waitFor(() => expect(typesShown()).toEqual(['meeting']))

    await user.click(screen.getByRole('button', { name: 'All' }))
    await waitFor(() => expect(typesShown()).toEqual(['note', 'call', 'email', 'meeting']))
  })

  it('pressing C opens the call composer; the logged call lands on top of the timeline', async () => {
    const contact = await seedContactWithHistory()
    location.hash = `#/contacts/${contact.id}`
    const user = userEvent.setup()
    render(<App />)
    await waitFor(() => expect(typesShown()).toHaveLength(4))

    await user.keyboard('c')
    const composer = await screen.findByRole('form', { name: 'Log a call' })
    expect(within(composer).getByRole('radio', { name: /Call/ }).getAttribute('aria-checked')).toBe('true')
    // occurredAt defaults to now
    expect((within(composer).getByLabelText('When') as HTMLInputElement).value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
    await user.type(within(composer).getByLabelText('Duration (min)'), '25')
    await user.selectOptions(within(composer).getByLabelText('Outcome'), 'left_voicemail')
    await user.type(within(composer).getByLabelText('Summary'), 'Left a message about renewal')
    await user.click(within(composer).getByRole('button', { name: /Log call/ }))

    await waitFor(() => expect(typesShown()).toHaveLength(5))
    expect(typesShown()[0]).toBe('call')
    expect(crm.callsOf('activities.create')[0]).toMatchObject({ type: 'call', contactId: contact.id, durationMinutes: 25, outcome: 'left_voicemail', direction: 'outbound' })
    expect(screen.queryByRole('form', { name: 'Log a call' })).toBeNull()
    expect(screen.getByText('Left a message about renewal')).toBeTruthy()
  })

  it('N, E and M open the matching composer; Escape closes it', async () => {
    const contact = await seedContactWithHistory()
    location.hash = `#/contacts/${contact.id}`
    const user = userEvent.setup()
    render(<App />)
    await waitFor(() => expect(typesShown()).toHaveLength(4))
    await user.keyboard('n')
    expect(await screen.findByRole('form', { name: 'Log a note' })).toBeTruthy()
    // typing in the composer does not trigger shortcuts
    await user.keyboard('meeting notes')
    expect(screen.getByRole('form', { name: 'Log a note' })).toBeTruthy()
    fireEvent.keyDown(screen.getByLabelText('Note'), { key: 'Escape' })
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Log a note' })).toBeNull())
    await user.keyboard('m')
    expect(await screen.findByRole('form', { name: 'Log a meeting' })).toBeTruthy()
    fireEvent.keyDown(screen.getByLabelText('Title'), { key: 'Escape' })
    await user.keyboard('e')
    expect(await screen.findByRole('form', { name: 'Log an email' })).toBeTruthy()
  })

  it('edits an entry in place', async () => {
    const contact = await seedContactWithHistory()
    location.hash = `#/contacts/${contact.id}`
    const user = userEvent.setup()
    render(<App />)
    await waitFor(() => expect(typesShown()).toHaveLength(4))
    await user.click(screen.getByRole('button', { name: 'Edit note' }))
    const body = await screen.findByLabelText('Note')
    expect((body as HTMLTextAreaElement).value).toBe('Prefers email')
    await user.clear(body)
    await user.type(body, 'Prefers phone calls')
    await user.click(screen.getByRole('button', { name: /^Save/ }))
    await waitFor(() => expect(screen.getByText('Prefers phone calls')).toBeTruthy())
    expect(crm.callsOf('activities.update')[0]).toMatchObject({ patch: { type: 'note', body: 'Prefers phone calls' } })
  })

  it('shows the empty history state with a way to log the first entry', async () => {
    const contact = await seed.contact()
    location.hash = `#/contacts/${contact.id}`
    const user = userEvent.setup()
    render(<App />)
    const empty = await screen.findByTestId('empty-state')
    expect(empty.textContent).toContain('Log the first call or note')
    await user.click(within(empty).getByRole('button', { name: 'Log a call' }))
    expect(await screen.findByRole('form', { name: 'Log a call' })).toBeTruthy()
  })

  it('on a company page, shows whose history each entry is', async () => {
    const company = await seed.company({ name: 'Initech' })
    const peter = await seed.contact({ firstName: 'Peter', lastName: 'Gibbons', companyId: company.id })
    await seed.activity({ type: 'call', contactId: peter.id, occurredAt: Date.now() - DAY })
    location.hash = `#/companies/${company.id}`
    render(<App />)
    const entry = await screen.findByTestId('timeline-entry')
    expect(within(entry).getByRole('link', { name: 'Peter Gibbons' }).getAttribute('href')).toBe(`#/contacts/${peter.id}`)
    // people at the company link to their pages
    const people = screen.getAllByRole('link', { name: /Peter Gibbons/ })
    expect(people.length).toBeGreaterThanOrEqual(2)
    await act(async () => {})
  })
})
