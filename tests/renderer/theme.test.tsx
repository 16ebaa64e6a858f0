import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { App } from '../../src-renderer/App'
import { startTheme, useTheme } from '../../src-renderer/stores/theme'

const html = document.documentElement

beforeEach(() => {
  localStorage.clear()
  delete html.dataset.theme
})
afterEach(() => {
  localStorage.clear()
  delete html.dataset.theme
  html.style.colorScheme = ''
})

describe('Theme choice (Settings → Appearance)', () => {
  it('choosing Dark puts data-theme="dark" on <html>, keeps it on this computer, and it survives a restart', async () => {
    const stop = startTheme()
    expect(html.dataset.theme).toBe('light') // jsdom's "system" is light
    location.hash = '#/settings'
    const user = userEvent.setup()
    render(<App />)
    await screen.findByRole('radiogroup', { name: 'Appearance' })
    expect(screen.getByRole('radio', { name: 'System' }).getAttribute('aria-checked')).toBe('true')

    await user.click(screen.getByRole('radio', { name: 'Dark' }))
    expect(html.dataset.theme).toBe('dark')
    expect(html.style.colorScheme).toBe('dark')
    expect(screen.getByRole('radio', { name: 'Dark' }).getAttribute('aria-checked')).toBe('true')
    expect(localStorage.getItem('crm.theme')).toBe('dark')
    stop()

    // a restart: the page starts again with nothing but what was stored
    delete html.dataset.theme
    useTheme.setState({ choice: 'system', resolved: 'light' })
    startTheme()()
    expect(html.dataset.theme).toBe('dark')
    expect(useTheme.getState().choice).toBe('dark')

    // arrow keys move the choice, as in any radio group
    screen.getByRole('radio', { name: 'Dark' }).focus()
    await user.keyboard('{ArrowRight}')
    expect(useTheme.getState().choice).toBe('system')
    expect(localStorage.getItem('crm.theme')).toBeNull()
    expect(html.dataset.theme).toBe('light')
  })

  it('a stored value that is not a theme falls back to System', () => {
    localStorage.setItem('crm.theme', 'purple')
    startTheme()()
    expect(useTheme.getState().choice).toBe('system')
    expect(html.dataset.theme).toBe('light')
  })

})
