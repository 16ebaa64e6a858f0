/** A currency: a select of common codes, and "Other…" for any ISO code typed in. */
import { useState } from 'react'

export const COMMON_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'CAD', 'AUD', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'INR', 'CNY', 'BRL', 'MXN']
const OTHER = '__other'

export function CurrencyInput({ id, value, onChange, compact = false }: { id: string; value: string; onChange: (code: string) => void; compact?: boolean }) {
  const [other, setOther] = useState(() => !COMMON_CURRENCIES.includes(value))
  const cls = `input ${compact ? 'currency-select' : ''}`
  return (
    <span className="currency-input">
      <select
        id={other ? `${id}-list` : id}
        className={cls}
        aria-label={other ? 'Currency list' : compact ? 'Currency' : undefined}
        value={other ? OTHER : value}
        onChange={(e) => {
          if (e.target.value === OTHER) {
            setOther(true)
            return
          }
          setOther(false)
          onChange(e.target.value)
        }}
      >
        {COMMON_CURRENCIES.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
        <option value={OTHER}>Other…</option>
      </select>
      {other && (
        <input
          id={id}
          className="input currency-code"
          aria-label="Currency code"
          placeholder="e.g. ZAR"
          maxLength={3}
          value={value}
          onChange={(e) => onChange(e.target.value.toUpperCase())}
        />
      )}
    </span>
  )
}
