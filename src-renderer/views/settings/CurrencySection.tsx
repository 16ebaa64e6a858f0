/** Settings → Deals: the default currency of new deals. */
import { useEffect, useState } from 'react'
import { CurrencyInput } from '../../components/CurrencyInput'
import { Field } from '../../components/Field'
import { crm, toAppError } from '../../lib/crm'
import { useSettings } from '../../stores/settings'
import { showToast } from '../../stores/toasts'

export function CurrencySection() {
  const settings = useSettings((s) => s.data)
  const [code, setCode] = useState(settings?.defaultCurrency ?? '')
  const [error, setError] = useState<string | null>(null)
  useEffect(() => setCode(settings?.defaultCurrency ?? ''), [settings?.defaultCurrency])

  const save = async (next: string) => {
    setCode(next)
    if (next.length !== 3 || next === settings?.defaultCurrency) return
    try {
      await crm.invoke('settings.update', { defaultCurrency: next })
      await useSettings.getState().load()
      setError(null)
      showToast(`New deals are in ${next}`)
    } catch (e) {
      setError(toAppError(e).message)
    }
  }

  return (
    <section className="settings-card" aria-labelledby="currency-heading" data-testid="currency-section">
      <header className="settings-card-header">
        <h2 id="currency-heading">Default currency</h2>
        <p className="muted">New deals start in this currency; each deal can use another one. Totals are shown per currency, never converted.</p>
      </header>
      {settings && (
        <Field id="default-currency" label="Currency" error={error ?? undefined} className="currency-field">
          <CurrencyInput id="default-currency" value={code} onChange={(c) => void save(c)} />
        </Field>
      )}
    </section>
  )
}
