/** Money before and after the settings arrive (dashboard, new deal): never a currency the workspace does not use. */
import { render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { App } from '../../src-renderer/App'
import type { CrmBridge } from '../../src-shared/api'
import { useUi } from '../../src-renderer/stores/ui'
import { crm, seed } from './setup'

/** The settings answer comes late (a busy core): core still answers it, only once released. */
function settingsComeLate(): () => void {
  let release!: () => void
  const late = new Promise<void>((resolve) => (release = resolve))
  const invoke = crm.bridge.invoke
  const slow: CrmBridge = { ...crm.bridge, invoke: ((name, input) => (name === 'settings.get' ? late.then(() => invoke(name, input)) : invoke(name, input))) as typeof invoke }
  ;(window as unknown as { crm: CrmBridge }).crm = slow
  return release
}

describe('dashboard currency', () => {
  it('shows zero totals in the default currency (USD), never a made-up € while the settings are on their way', async () => {
    await seed.ok('settings.update', { defaultCurrency: 'USD' })
    const release = settingsComeLate()
    location.hash = '#/dashboard'
    render(<App />)
    const month = await screen.findByTestId('tile-pipeline-month')
    await waitFor(() => expect(crm.resultsOf('reports.dashboard').length).toBeGreaterThan(0))
    expect(document.body.textContent).not.toContain('€')
    expect(month.textContent).not.toContain('$')
    release()
    await waitFor(() => expect(month.textContent).toContain('$0.00'))
    for (const id of ['pipeline-month', 'pipeline-quarter', 'won-month']) {
      const tile = screen.getByTestId(`tile-${id}`)
      expect(tile.textContent).toContain('$0.00')
      expect(tile.textContent).not.toContain('€')
    }
  })

  it('follows the default currency when it changes (no deals: the zeros are in the new one)', async () => {
    await seed.ok('settings.update', { defaultCurrency: 'USD' })
    location.hash = '#/dashboard'
    render(<App />)
    await waitFor(() => expect(screen.getByTestId('tile-won-month').textContent).toContain('$0.00'))
    await seed.ok('settings.update', { defaultCurrency: 'GBP' })
    await waitFor(() => expect(screen.getByTestId('tile-won-month').textContent).toContain('£0.00'))
    expect(document.body.textContent).not.toContain('€')
  })
})

describe('new deal currency', () => {
  it('starts a deal opened before the settings arrived in the default currency (USD), not €', async () => {
    await seed.ok('settings.update', { defaultCurrency: 'USD' })
    const release = settingsComeLate()
    location.hash = '#/settings'
    render(<App />)
    useUi.getState().openDealForm({ mode: 'create' })
    const dialog = await screen.findByRole('dialog', { name: 'New deal' })
    await waitFor(() => expect(crm.resultsOf('pipelines.list').length).toBeGreaterThan(0))
    expect(within(dialog).queryByLabelText('Title')).toBeNull()
    release()
    await within(dialog).findByLabelText('Title')
    expect((dialog.querySelector('#deal-currency') as HTMLInputElement).value).toBe('USD')
  })
})
