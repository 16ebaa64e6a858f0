/**
 * Per-currency totals, side by side (never added across currencies): "€12,000 · ~€6,000 weighted".
 * Memoized on the amounts (not the array), so a column whose totals did not change skips it.
 */
import { memo } from 'react'
import type { MoneyTotal } from '../../../src-shared/model/money'
import { money } from '../../lib/format'

const sameTotals = (a: MoneyTotal[], b: MoneyTotal[]) =>
  a === b || (a.length === b.length && a.every((t, i) => t.currency === b[i].currency && t.value === b[i].value && t.weighted === b[i].weighted))

export const MoneyTotals = memo(
  function MoneyTotals({ totals, className }: { totals: MoneyTotal[]; className?: string }) {
    if (totals.length === 0) return <span className={`money-totals is-empty ${className ?? ''}`}>—</span>
    return (
      <span className={`money-totals ${className ?? ''}`} data-testid="money-totals">
        {totals.map((t) => {
          const value = money(t.value, t.currency)
          const weighted = money(t.weighted, t.currency)
          return (
            <span key={t.currency} className="money-total" data-currency={t.currency} title={`${value} in total; ${weighted} weighted by win probability`}>
              <span className="money-value">{value}</span>
              <span className="money-weighted">~{weighted}</span>
            </span>
          )
        })}
      </span>
    )
  },
  (a, b) => a.className === b.className && sameTotals(a.totals, b.totals),
)
