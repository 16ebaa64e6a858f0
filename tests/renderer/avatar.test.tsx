import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { App } from '../../src-renderer/App'
import { Avatar } from '../../src-renderer/components/Avatar'
import { seed } from './setup'

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

describe('Avatar initials', () => {
  it('"שרה כהן 🌟" shows שכ, never half an emoji', () => {
    const { container } = render(<Avatar name="שרה כהן 🌟" />)
    const text = container.textContent ?? ''
    expect(text).not.toMatch(LONE_SURROGATE)
    expect(text).toBe('שכ')
  })

  it('an emoji-only name gets its whole emoji', () => {
    const { container } = render(<Avatar name="👨‍👩‍👧" />)
    expect(container.textContent).toBe('👨‍👩‍👧')
  })

  it('the contacts list shows the avatar of an emoji name without a lone surrogate', async () => {
    await seed.contact({ firstName: 'שרה', lastName: 'כהן 🌟' })
    location.hash = '#/contacts'
    render(<App />)
    const row = await screen.findByTestId('contact-row')
    expect(row.textContent).not.toMatch(LONE_SURROGATE)
    expect(row.querySelector('.avatar')?.textContent).toBe('שכ')
  })
})
