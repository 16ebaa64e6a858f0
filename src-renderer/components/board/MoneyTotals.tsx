/** Per-currency totals, side by side (never added across currencies): "€12,000 · ~€6,000 weighted". */
import type { MoneyTotal } from '../../../src-shared/model/money'
import { money } from '../../lib/format'

export function MoneyTotals({ totals, className }: { totals: MoneyTotal[]; className?: string }) {
  if (totals.length === 0) return <span className={`money-totals is-empty ${className ?? ''}`}>—</span>
  return (
    <span className={`money-totals ${className ?? ''}`} data-testid="money-totals">
      {totals.map((t) => (
        <span key={t.currency} className="money-total" data-currency={t.currency} title={`${money(t.value, t.currency)} in total; ${money(t.weighted, t.currency)} weighted by win probability`}>
          <span className="money-value">{money(t.value, t.currency)}</span>
          <span className="money-weighted">~{money(t.weighted, t.currency)}</span>
        </span>
      ))}
    </span>
  )
}
