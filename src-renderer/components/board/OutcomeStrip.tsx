/**
 * What became of the pipeline's deals (whatever the board's filters): "Won this month: 3 · $12,400.00 —
 * Lost: 2 · €70.00", each a link to those deals in the list (with Reopen there), and the period.
 * Amounts stay per currency, never added across currencies.
 */
import type { DealOutcomes, OutcomeTotals } from '../../../src-shared/model/deal'
import { CLOSED_PERIODS, closedWindow, periodPhrase, type ClosedPeriod } from '../../lib/closedPeriod'
import { money, pluralize } from '../../lib/format'
import { useBoard } from '../../stores/board'
import { useDealList } from '../../stores/dealList'
import { useDealOutcomes } from '../../stores/dealOutcomes'
import { useQuery } from '../../stores/query'
import { Icon } from '../Icons'

/** The list view, showing the won (or lost) deals closed in the strip's period, newest first. */
export function openClosedDeals(status: 'won' | 'lost', period: ClosedPeriod = useBoard.getState().closedPeriod) {
  useBoard.getState().setView('list')
  useDealList.getState().setQuery({ status, closedPeriod: period, sort: 'closed', direction: 'desc' })
}

/** The outcomes of the board's pipeline in the strip's period (null until core answered). */
export function useBoardOutcomes(): DealOutcomes | null {
  const pipelineId = useBoard((s) => s.pipeline?.id)
  const period = useBoard((s) => s.closedPeriod)
  const { data } = useQuery(useDealOutcomes, { ...(pipelineId ? { pipelineId } : {}), ...closedWindow(period) })
  // the answer for another pipeline (the switcher just changed) is not this board's
  return data && (!pipelineId || data.pipelineId === pipelineId) ? data : null
}

function Outcome({ status, label, outcome }: { status: 'won' | 'lost'; label: string; outcome: OutcomeTotals }) {
  const title = `Show the ${pluralize(outcome.count, `${status} deal`)} in the list`
  return (
    <button type="button" className={`outcome-link outcome-link-${status}`} onClick={() => openClosedDeals(status)} title={title} data-testid={`outcome-${status}`}>
      <Icon name={status === 'won' ? 'trophy' : 'lost'} size={14} />
      <span className="outcome-label">{label}:</span>{' '}
      <span className="outcome-count">{outcome.count.toLocaleString('en-US')}</span>
      {outcome.totals.map((t) => (
        <span key={t.currency} className="outcome-money" data-currency={t.currency}>
          {' '}· {money(t.value, t.currency)}
        </span>
      ))}
    </button>
  )
}

/** The period closed deals are counted or listed for (this month, last 30 days, all time). */
export function ClosedPeriodSelect({ label, value, onChange }: { label: string; value: ClosedPeriod; onChange: (period: ClosedPeriod) => void }) {
  return (
    <select className="input input-compact" aria-label={label} value={value} onChange={(e) => onChange(e.target.value as ClosedPeriod)}>
      {CLOSED_PERIODS.map((p) => (
        <option key={p.id} value={p.id}>
          {p.label}
        </option>
      ))}
    </select>
  )
}

export function OutcomeStrip() {
  const outcomes = useBoardOutcomes()
  const period = useBoard((s) => s.closedPeriod)
  const setPeriod = useBoard((s) => s.setClosedPeriod)
  // the list has its own period next to its status (one period control on screen at a time)
  const onBoard = useBoard((s) => s.view === 'board')
  return (
    <section className="outcome-strip" aria-label="Closed deals" data-testid="outcome-strip">
      {outcomes ? (
        <>
          <Outcome status="won" label={period === 'all' ? 'Won' : `Won ${periodPhrase(period)}`} outcome={outcomes.won} />
          <span className="outcome-sep" aria-hidden="true">
            —
          </span>
          <Outcome status="lost" label="Lost" outcome={outcomes.lost} />
          {outcomes.won.count + outcomes.lost.count === 0 && outcomes.closedEver > 0 && (
            <span className="muted outcome-note">Nothing closed {periodPhrase(period)}</span>
          )}
        </>
      ) : (
        <span className="muted">Counting closed deals…</span>
      )}
      {onBoard && (
        <label className="toolbar-field outcome-period">
          <span className="sr-only">Closed in</span>
          <ClosedPeriodSelect label="Closed in" value={period} onChange={setPeriod} />
        </label>
      )}
    </section>
  )
}
