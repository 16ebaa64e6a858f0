import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { ContactForm, ContactFormDialog } from '../../src-renderer/components/ContactForm'
import { emptyDraft } from '../../src-renderer/lib/contactDraft'
import { crm, seed } from './setup'

const errorOf = (input: HTMLElement) => document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent

describe('ContactForm', () => {
  it('shows a validation error from core next to the email field and keeps what was typed', async () => {
    const user = userEvent.setup()
    const onSaved = vi.fn()
    render(<ContactForm fields={[]} initial={emptyDraft()} onSaved={onSaved} onCancel={() => {}} />)

    await user.type(screen.getByLabelText('First name'), 'Ada')
    await user.type(screen.getByLabelText('Job title'), 'Analyst')
    await user.type(screen.getByLabelText('Email 1'), 'ada-at-example')
    await user.click(screen.getByRole('button', { name: /Create contact/ }))

    const email = await screen.findByLabelText('Email 1')
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'))
    expect(errorOf(email)).toContain('is not a valid email address')
    // a summary at the top too
    expect(screen.getByRole('alert').textContent).toContain('is not a valid email address')
    // nothing typed is lost
    expect((email as HTMLInputElement).value).toBe('ada-at-example')
    expect((screen.getByLabelText('First name') as HTMLInputElement).value).toBe('Ada')
    expect((screen.getByLabelText('Job title') as HTMLInputElement).value).toBe('Analyst')
    expect(onSaved).not.toHaveBeenCalled()

    await user.clear(email)
    await user.type(email, 'ada@example.com')
    await user.click(screen.getByRole('button', { name: /Create contact/ }))
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1))
    const sent = crm.callsOf('contacts.create').at(-1)
    expect(sent).toMatchObject({ firstName: 'Ada', jobTitle: 'Analyst', emails: [{ value: 'ada@example.com', primary: true }] })
  })

  it('puts the error on the row the user sees when blank rows before it were left out', async () => {
    const user = userEvent.setup()
    render(<ContactForm fields={[]} initial={emptyDraft()} onSaved={() => {}} onCancel={() => {}} />)
    await user.type(screen.getByLabelText('First name'), 'Grace')
    await user.click(screen.getByRole('button', { name: 'Add email' }))
    await user.type(screen.getByLabelText('Email 2'), 'broken')
    await user.click(screen.getByRole('button', { name: /Create contact/ }))

    const second = screen.getByLabelText('Email 2')
    await waitFor(() => expect(second.getAttribute('aria-invalid')).toBe('true'))
    expect(screen.getByLabelText('Email 1').getAttribute('aria-invalid')).toBeNull()
    // the blank first row was not sent, so core saw the bad address at index 0
    expect(crm.callsOf('contacts.create')[0].emails).toEqual([{ value: 'broken', label: null, primary: true }])
  })

  it('asks for a name when both names are empty', async () => {
    const user = userEvent.setup()
    render(<ContactForm fields={[]} initial={emptyDraft()} onSaved={() => {}} onCancel={() => {}} />)
    await user.click(screen.getByRole('button', { name: /Create contact/ }))
    const first = screen.getByLabelText('First name')
    await waitFor(() => expect(errorOf(first)).toBe('Enter a first or last name'))
  })

  it('maps "patch." error paths of an update to the field', async () => {
    const user = userEvent.setup()
    const contact = await seed.contact({ phones: [{ value: '+1 555 0100', label: 'Work' }] })
    render(<ContactFormDialog target={{ mode: 'edit', id: contact.id }} onClose={() => {}} />)
    const phone = await screen.findByLabelText('Phone 1')
    expect((phone as HTMLInputElement).value).toBe('+1 555 0100')
    await user.clear(phone)
    await user.type(phone, 'call me')
    await user.click(screen.getByRole('button', { name: /Save changes/ }))
    await waitFor(() => expect(phone.getAttribute('aria-invalid')).toBe('true'))
    expect(errorOf(phone)).toMatch(/Phone/)
    expect(crm.callsOf('contacts.update')[0]).toMatchObject({ id: contact.id, patch: { phones: [{ value: 'call me', label: 'Work' }] } })
  })

  it('checks a number custom field before sending and keeps the text', async () => {
    const user = userEvent.setup()
    const field = await seed.customField({ label: 'Seats', type: 'number' })
    render(<ContactForm fields={[field]} initial={emptyDraft()} onSaved={() => {}} onCancel={() => {}} />)
    await user.type(screen.getByLabelText('First name'), 'Ada')
    await user.type(screen.getByLabelText('Seats'), 'twelve')
    await user.click(screen.getByRole('button', { name: /Create contact/ }))
    expect(errorOf(screen.getByLabelText('Seats'))).toBe('Seats must be a number')
    expect((screen.getByLabelText('Seats') as HTMLInputElement).value).toBe('twelve')
    expect(crm.callsOf('contacts.create')).toHaveLength(0)

    await user.clear(screen.getByLabelText('Seats'))
    await user.type(screen.getByLabelText('Seats'), '12')
    await user.click(screen.getByRole('button', { name: /Create contact/ }))
    await waitFor(() => expect(crm.callsOf('contacts.create')[0].customFields).toEqual({ [field.id]: 12 }))
  })

  it('creates a company inline from the company picker', async () => {
    const user = userEvent.setup()
    const onSaved = vi.fn()
    render(<ContactForm fields={[]} initial={emptyDraft()} onSaved={onSaved} onCancel={() => {}} />)
    await user.type(screen.getByLabelText('First name'), 'Ada')
    await user.type(screen.getByLabelText('Company'), 'Analytical Engines')
    const option = await screen.findByRole('option', { name: /Create company “Analytical Engines”/ })
    await user.click(option)
    await waitFor(() => expect(crm.callsOf('companies.create')).toEqual([{ name: 'Analytical Engines' }]))
    await user.click(screen.getByRole('button', { name: /Create contact/ }))
    await waitFor(() => expect(onSaved).toHaveBeenCalled())
    const [company] = crm.resultsOf('companies.create')
    expect(crm.callsOf('contacts.create')[0].companyId).toBe(company.id)
  })

  it('picks existing tags', async () => {
    const user = userEvent.setup()
    const vip = await seed.tag({ name: 'VIP' })
    await seed.tag({ name: 'Newsletter', color: '#46a758' })
    render(<ContactForm fields={[]} initial={emptyDraft()} onSaved={() => {}} onCancel={() => {}} />)
    await user.type(screen.getByLabelText('First name'), 'Ada')
    await user.click(screen.getByLabelText('Tags'))
    await user.click(await screen.findByRole('option', { name: /VIP/ }))
    const chosen = document.querySelector('.tag-picker-chosen') as HTMLElement
    expect(within(chosen).getByText('VIP')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: /Create contact/ }))
    await waitFor(() => expect(crm.callsOf('contacts.create')[0].tagIds).toEqual([vip.id]))
  })
})
