/** Settings → Currency and phone numbers: the default currency of new deals, and the region numbers without +country are read in. */
import { useEffect, useMemo, useState } from 'react'
import { CurrencyInput } from '../../components/CurrencyInput'
import { Field } from '../../components/Field'
import { crm, toAppError } from '../../lib/crm'
import { localeRegion, regionList, regionName } from '../../lib/regions'
import { useSettings } from '../../stores/settings'
import { showToast } from '../../stores/toasts'
import './currency-phone.css'

/** The select's value for "no setting": the region is guessed from this computer's language. */
const GUESS = ''

export function CurrencySection() {
  const settings = useSettings((s) => s.data)
  const [code, setCode] = useState(settings?.defaultCurrency ?? '')
  const [error, setError] = useState<string | null>(null)
  const [regionError, setRegionError] = useState<string | null>(null)
  useEffect(() => setCode(settings?.defaultCurrency ?? ''), [settings?.defaultCurrency])
  const regions = useMemo(() => regionList(), [])
  const guessed = localeRegion()

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

  const saveRegion = async (next: string) => {
    try {
      await crm.invoke('settings.update', { phoneRegion: next === GUESS ? null : next })
      await useSettings.getState().load()
      setRegionError(null)
      const used = next || guessed
      showToast(used ? `Numbers without a country code are read as numbers from ${regionName(used)}` : 'Only numbers with a country code are compared')
    } catch (e) {
      setRegionError(toAppError(e).message)
    }
  }

  return (
    <section className="settings-card" aria-labelledby="currency-heading" data-testid="currency-section">
      <header className="settings-card-header">
        <h2 id="currency-heading">Currency and phone numbers</h2>
        <p className="muted">
          New deals start in the default currency; each deal can use another one. Totals are shown per currency, never converted.
        </p>
      </header>
      {settings && (
        <>
          <Field id="default-currency" label="Default currency" error={error ?? undefined} className="currency-field">
            <CurrencyInput id="default-currency" value={code} onChange={(c) => void save(c)} />
          </Field>
          <Field
            id="phone-region"
            label="Phone numbers without a country code are from"
            error={regionError ?? undefined}
            hint="Import, the duplicate check and merging compare phones by this: “(604) 858-6371” and “001-604-858-6371” are one number in the United States. Type a country’s first letters to jump to it."
            className="phone-region-field"
          >
            <select id="phone-region" className="input" value={settings.phoneRegion ?? GUESS} onChange={(e) => void saveRegion(e.target.value)}>
              <option value={GUESS}>{guessed ? `This computer’s region (${regionName(guessed)})` : 'Unknown: only numbers with a country code'}</option>
              {regions.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.name} ({r.code})
                </option>
              ))}
            </select>
          </Field>
        </>
      )}
    </section>
  )
}
