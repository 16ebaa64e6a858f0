/** "Deals" on a contact or company page: their deals (open first) and a "New deal" button prefilled. */
import { money } from '../lib/format'
import { useQuery } from '../stores/query'
import { dealsInput, useRecordDeals } from '../stores/recordSections'
import type { DealPrefill } from '../stores/ui'
import { useUi } from '../stores/ui'
import { DealStatusBadge } from './DealStatusBadge'
import { Icon } from './Icons'

export function DealsSection({ filter, prefill }: { filter: { contactId: string } | { companyId: string }; prefill: DealPrefill }) {
  const { data, error } = useQuery(useRecordDeals, dealsInput(filter))
  const deals = data?.deals ?? null
  const total = data?.total ?? 0
  const openDealForm = useUi((s) => s.openDealForm)

  return (
    <div className="people-section deals-section" data-testid="deals-section">
      <div className="side-heading-row">
        <h2 className="side-heading">Deals · {total.toLocaleString('en-US')}</h2>
        <button type="button" className="button button-ghost button-small" onClick={() => openDealForm({ mode: 'create', prefill })}>
          <Icon name="plus" size={14} /> New deal
        </button>
      </div>
      {error && <p className="inline-error">{error.message}</p>}
      {deals && deals.length === 0 && <p className="muted">No deals yet.</p>}
      {deals && deals.length > 0 && (
        <ul className="people-list">
          {deals.map((d) => (
            <li key={d.id}>
              <a href={`#/deals/${d.id}`} className="person-link" data-testid="deal-link">
                <span className="person-text">
                  <span className="person-name">{d.title}</span>
                  <span className="person-title">
                    {money(d.valueMinor, d.currency)} · {d.stageName}
                  </span>
                </span>
                <DealStatusBadge status={d.status} rotting={d.rotting} />
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
