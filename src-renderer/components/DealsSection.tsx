/** "Deals" on a contact or company page: their deals (open first) and a "New deal" button prefilled. */
import { useEffect, useState } from 'react'
import type { DealCard } from '../../src-shared/model/deal'
import { crm, toAppError } from '../lib/crm'
import { money } from '../lib/format'
import { useDataChanged } from '../lib/useDataChanged'
import type { DealPrefill } from '../stores/ui'
import { useUi } from '../stores/ui'
import { DealStatusBadge } from './DealStatusBadge'
import { Icon } from './Icons'

const LIMIT = 100

export function DealsSection({ filter, prefill }: { filter: { contactId: string } | { companyId: string }; prefill: DealPrefill }) {
  const [deals, setDeals] = useState<DealCard[] | null>(null)
  const [total, setTotal] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const openDealForm = useUi((s) => s.openDealForm)
  const key = JSON.stringify(filter)

  const load = () =>
    crm.invoke('deals.list', { ...(JSON.parse(key) as typeof filter), sort: 'updated', direction: 'desc', limit: LIMIT }).then(
      (page) => {
        const rank = { open: 0, won: 1, lost: 2 }
        setDeals([...page.items].sort((a, b) => rank[a.status] - rank[b.status]))
        setTotal(page.total)
        setError(null)
      },
      (e) => setError(toAppError(e).message),
    )
  useEffect(() => {
    void load()
  }, [key])
  useDataChanged(['deals', 'stages', 'pipelines'], () => void load())

  return (
    <div className="people-section deals-section" data-testid="deals-section">
      <div className="side-heading-row">
        <h2 className="side-heading">Deals · {total.toLocaleString('en-US')}</h2>
        <button type="button" className="button button-ghost button-small" onClick={() => openDealForm({ mode: 'create', prefill })}>
          <Icon name="plus" size={14} /> New deal
        </button>
      </div>
      {error && <p className="inline-error">{error}</p>}
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
