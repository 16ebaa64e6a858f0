import { render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { App } from '../../src-renderer/App'
import { crm, seed } from './setup'

const entries = () => within(screen.getByTestId('change-history')).queryAllByTestId('change-entry').map((e) => e.textContent)

describe('Contact page: Changes (the record history)', () => {
  it('says who changed what, newest first, and follows new edits', async () => {
    const contact = await seed.contact({ firstName: 'Ada', lastName: 'Lovelace' })
    await crm.ok('contacts.update', { id: contact.id, patch: { jobTitle: 'Analyst', leadSource: 'Referral' } })
    location.hash = `#/contacts/${contact.id}`
    render(<App />)
    await screen.findByRole('heading', { name: 'Ada Lovelace' })
    await waitFor(() => expect(entries()).toHaveLength(2))
    expect(entries()[0]).toMatch(/^You changed job title and lead source/)
    expect(entries()[1]).toMatch(/^You created this contact/)

    await crm.ok('contacts.update', { id: contact.id, patch: { emails: [{ value: 'ada@example.com' }] } })
    await waitFor(() => expect(entries()[0]).toMatch(/^You added email ada@example.com/))
  })
})
