/** The merge review's column titles tell two same-named contacts apart: email, company, the day each was added. */
import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { MergeReview } from '../../src-renderer/components/duplicates/MergeReview'
import { seed } from './setup'

const DAY = 86_400_000
const noop = () => {}

async function review(a: string, b: string) {
  const detail = await seed.ok('duplicates.pair', { a, b })
  render(<MergeReview detail={detail} onDone={noop} onDismiss={noop} />)
  const [, left, right] = within(screen.getByTestId('merge-review')).getAllByRole('columnheader')
  return { left, right }
}

describe('merge review column titles', () => {
  it('show the primary email, the company and the day added, the differing ones highlighted', async () => {
    const acme = await seed.company({ name: 'Acme' })
    const older = await seed.contact({ firstName: 'Ada', lastName: 'Lovelace', emails: [{ value: 'ada@work.example' }], companyId: acme.id }, { at: new Date(2025, 2, 3, 12).getTime() })
    const newer = await seed.contact({ firstName: 'Ada', lastName: 'Lovelace', emails: [{ value: 'ada@home.example' }, { value: 'ada@old.example', primary: true }] }, { at: new Date(2025, 5, 20, 12).getTime() })
    const { left, right } = await review(older.id, newer.id)
    expect(left.textContent).not.toBe(right.textContent)
    expect(left.textContent).toContain('ada@work.example')
    expect(left.textContent).toContain('Acme')
    expect(left.textContent).toContain('Added 3 Mar 2025')
    // the primary email, not the first one
    expect(right.textContent).toContain('ada@old.example')
    expect(right.textContent).not.toContain('ada@home.example')
    expect(right.textContent).toContain('Added 20 Jun 2025')
    expect(right.textContent).not.toContain('Record')
    const highlighted = (el: HTMLElement) => [...el.querySelectorAll('.merge-identity-part.is-different')].map((e) => e.textContent)
    expect(highlighted(left)).toEqual(['ada@work.example', 'Acme', 'Added 3 Mar 2025'])
    expect(highlighted(right)).toEqual(['ada@old.example', 'Added 20 Jun 2025'])
    // "of Ada Lovelace move to Ada Lovelace" would tell nothing: the note names the roles
    expect(screen.getByText(/of the other contact move to the one you keep; the other contact goes to the trash/)).toBeTruthy()
  })

  it('the note names both when the names differ', async () => {
    const a = await seed.contact({ firstName: 'Ada', lastName: 'Lovelace', emails: [{ value: 'ada@example.com' }] })
    const b = await seed.contact({ firstName: 'Ada', lastName: 'King', emails: [{ value: 'ada@example.com' }] })
    await review(a.id, b.id)
    expect(screen.getByText(/History, deals and follow-ups of Ada (King|Lovelace) move to Ada (Lovelace|King); the other/)).toBeTruthy()
  })

  it('only the same email and company differ in case, and the same day: "Record 1" and "Record 2", nothing else highlighted', async () => {
    const at = new Date(2025, 2, 3, 9).getTime()
    const a = await seed.contact({ firstName: 'Ada', lastName: 'Lovelace', emails: [{ value: 'ada@example.com' }] }, { at })
    const b = await seed.contact({ firstName: 'Ada', lastName: 'Lovelace', emails: [{ value: 'ADA@example.com' }] }, { at: at + DAY / 24 })
    const { left, right } = await review(a.id, b.id)
    expect(left.textContent).toContain('Record 1')
    expect(right.textContent).toContain('Record 2')
    expect(left.textContent).toContain('Added 3 Mar 2025')
    expect([...right.querySelectorAll('.merge-identity-part.is-different')].map((e) => e.textContent)).toEqual(['Record 2'])
  })
})
