import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { MoneyTotals } from '../../src-renderer/components/board/MoneyTotals'
import { LostReasonDialog } from '../../src-renderer/components/LostReasonDialog'
import { App } from '../../src-renderer/App'
import { parseAmount, minorToAmountText } from '../../src-renderer/lib/format'
import { usePipelines } from '../../src-renderer/stores/pipelines'
import { useUi } from '../../src-renderer/stores/ui'
import { crm, seed } from './setup'

describe('money amounts', () => {
  it('turns what a person types into minor units of the currency', () => {
    expect(parseAmount('1,500.50', 'EUR')).toEqual({ ok: true, minor: 150050 })
    expect(parseAmount('1.500,50', 'EUR')).toEqual({ ok: true, minor: 150050 })
    expect(parseAmount('1 500', 'EUR')).toEqual({ ok: true, minor: 150000 })
    expect(parseAmount('1,500', 'USD')).toEqual({ ok: true, minor: 150000 })
    expect(parseAmount('0.1', 'EUR')).toEqual({ ok: true, minor: 10 })
    expect(parseAmount('1500', 'JPY')).toEqual({ ok: true, minor: 1500 })
    expect(parseAmount('1.234', 'KWD')).toEqual({ ok: true, minor: 1234 })
    expect(parseAmount('', 'EUR')).toEqual({ ok: true, minor: 0 })
  })

  it('rejects what is not an amount', () => {
    expect(parseAmount('abc', 'EUR').ok).toBe(false)
    expect(parseAmount('-5', 'EUR')).toEqual({ ok: false, error: 'The value cannot be negative' })
    expect(parseAmount('1.505', 'EUR').ok).toBe(true) // "1.505" reads as thousands
    expect(parseAmount('1.50.5', 'EUR').ok).toBe(false)
    expect(parseAmount('12.345', 'JPY')).toEqual({ ok: true, minor: 12345 })
    expect(parseAmount('12.5', 'JPY')).toEqual({ ok: false, error: 'JPY has no decimal places' })
    expect(parseAmount('1.999', 'KWD')).toEqual({ ok: true, minor: 1999 })
    expect(parseAmount('1.99999', 'EUR')).toEqual({ ok: false, error: 'EUR has at most 2 decimal places' })
  })

  it('shows minor units back as an editable amount', () => {
    expect(minorToAmountText(150050, 'EUR')).toBe('1500.50')
    expect(minorToAmountText(5, 'EUR')).toBe('0.05')
    expect(minorToAmountText(1500, 'JPY')).toBe('1500')
  })
})

describe('deal form', () => {
  it('sends "1,500.50" EUR as 150050 minor units, and keeps a bad amount next to its field', async () => {
    await seed.ok('settings.update', { defaultCurrency: 'EUR' })
    const pipeline = await seed.pipeline()
    const stage = pipeline.stages[1]
    await usePipelines.getState().load()
    location.hash = '#/settings'
    const user = userEvent.setup()
    render(<App />)
    useUi.getState().openDealForm({ mode: 'create', prefill: { pipelineId: pipeline.id, stageId: stage.id } })
    const dialog = await screen.findByRole('dialog', { name: 'New deal' })
    await user.type(within(dialog).getByLabelText('Title'), 'Big one')
    await user.type(within(dialog).getByLabelText('Value'), '1,5x')
    await user.click(within(dialog).getByRole('button', { name: /Create deal/ }))
    expect(within(dialog).getAllByText('Enter the value as a number, e.g. 1,500.00').length).toBeGreaterThan(0)
    expect(crm.callsOf('deals.create')).toHaveLength(0)

    await user.clear(within(dialog).getByLabelText('Value'))
    await user.type(within(dialog).getByLabelText('Value'), '1,500.50')
    await user.click(within(dialog).getByRole('button', { name: /Create deal/ }))
    await waitFor(() => expect(crm.callsOf('deals.create')).toHaveLength(1))
    expect(crm.callsOf('deals.create')[0]).toMatchObject({ title: 'Big one', valueMinor: 150050, currency: 'EUR', pipelineId: pipeline.id, stageId: stage.id })
  })
})

describe('column totals', () => {
  it('shows each currency side by side, never added together', () => {
    render(
      <MoneyTotals
        totals={[
          { currency: 'EUR', value: 150000, weighted: 75000 },
          { currency: 'USD', value: 2000, weighted: 500 },
        ]}
      />,
    )
    const eur = document.querySelector('[data-currency="EUR"]')!
    const usd = document.querySelector('[data-currency="USD"]')!
    expect(eur.textContent).toContain('€1,500.00')
    expect(eur.textContent).toContain('~€750.00')
    expect(usd.textContent).toContain('$20.00')
    expect(usd.textContent).toContain('~$5.00')
  })
})

describe('lost dialog', () => {
  it('requires a reason before marking the deal lost, then offers Undo', async () => {
    const deal = await seed.deal({ title: 'Big one' })
    const user = userEvent.setup()
    let closed = false
    render(<LostReasonDialog prompt={{ id: deal.id, title: deal.title }} onClose={() => (closed = true)} />)
    await user.click(screen.getByRole('button', { name: /Mark lost/ }))
    expect(screen.getByText('Say why the deal was lost')).toBeTruthy()
    expect(crm.callsOf('deals.lose')).toHaveLength(0)
    await user.click(screen.getByRole('button', { name: 'Too expensive' }))
    await user.click(screen.getByRole('button', { name: /Mark lost/ }))
    await waitFor(() => expect(closed).toBe(true))
    expect(crm.callsOf('deals.lose')[0]).toEqual({ id: deal.id, reason: 'Too expensive' })
  })
})
