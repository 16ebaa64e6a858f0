/**
 * The board's deals as a sortable, virtualized table (same pipeline and filters). Won and lost
 * deals show when they closed instead of the expected close, and a Reopen button (with Undo).
 */
import { useEffect, useState } from 'react'
import type { DealCard } from '../../../src-shared/model/deal'
import { reopenDeal } from '../../actions/deals'
import { periodPhrase } from '../../lib/closedPeriod'
import { formatCalendarDate, formatDate, formatExact, money } from '../../lib/format'
import { showError } from '../../stores/toasts'
import { useBoard } from '../../stores/board'
import { useDealList, type DealSort } from '../../stores/dealList'
import { navigate } from '../../stores/route'
import { SortHeader } from '../SortHeader'
import { Icon } from '../Icons'
import { VirtualList } from '../VirtualList'

function ReopenButton({ d }: { d: DealCard }) {
  const [busy, setBusy] = useState(false)
  const reopen = async () => {
    setBusy(true)
    try {
      await reopenDeal(d)
    } catch (error) {
      showError(error)
      setBusy(false)
    }
  }
  return (
    <button type="button" className="button button-small button-ghost" onClick={reopen} disabled={busy} aria-busy={busy} aria-label={`Reopen “${d.title}”`}>
      <Icon name="reopen" size={13} /> Reopen
    </button>
  )
}

function DealCells({ d }: { d: DealCard }) {
  return (
    <>
      <div role="cell" className="cell cell-name">
        <span className="cell-stack">
          <a className="row-title" href={`#/deals/${d.id}`} tabIndex={-1}>
            {d.title}
          </a>
          <span className="row-sub">{d.contactName ?? d.companyName ?? '—'}</span>
        </span>
      </div>
      <div role="cell" className="cell cell-money">
        {money(d.valueMinor, d.currency)}
      </div>
      <div role="cell" className="cell cell-stage">
        <span className={`stage-pill ${d.rotting ? 'is-rotting' : ''}`}>{d.stageName}</span>
      </div>
      <div role="cell" className="cell cell-owner">
        {d.owner ?? <span className="muted">—</span>}
      </div>
      {d.status === 'open' ? (
        <>
          <div role="cell" className="cell cell-date">
            {d.expectedClose ? formatCalendarDate(d.expectedClose) : <span className="muted">—</span>}
          </div>
          <div role="cell" className="cell cell-date">
            <span title={formatExact(d.updatedAt)}>{formatDate(d.updatedAt)}</span>
          </div>
        </>
      ) : (
        <>
          <div role="cell" className="cell cell-date">
            {d.closedAt ? <span title={formatExact(d.closedAt)}>{formatDate(d.closedAt)}</span> : <span className="muted">—</span>}
          </div>
          <div role="cell" className="cell cell-action">
            <ReopenButton d={d} />
          </div>
        </>
      )}
    </>
  )
}

export function DealTable() {
  const pipelineId = useBoard((s) => s.pipeline?.id ?? null)
  const filters = useBoard((s) => s.filters)
  const query = useDealList((s) => s.query)
  const total = useDealList((s) => s.total)
  const setQuery = useDealList((s) => s.setQuery)

  useEffect(() => {
    setQuery({ pipelineId, filters })
  }, [pipelineId, filters, setQuery])

  const onSort = (sort: DealSort, direction: 'asc' | 'desc') => setQuery({ sort, direction })
  const closed = query.status !== 'open'
  if (total === 0)
    return <p className="muted loading-text">{closed ? `No ${query.status} deals ${query.closedPeriod === 'all' ? 'match' : `closed ${periodPhrase(query.closedPeriod)}`}.` : 'No open deals match.'}</p>
  return (
    <VirtualList
      store={useDealList}
      testId="deal-table"
      rowTestId="deal-row"
      ariaLabel="Deals"
      className="deals-table"
      getId={(d) => d.id}
      onOpen={(d) => navigate({ name: 'deal', id: d.id })}
      rowClassName={(d) => (d.rotting ? 'is-rotting' : '')}
      header={
        <>
          <SortHeader label="Title" sortKey="title" current={query.sort} direction={query.direction} onSort={onSort} className="cell-name" />
          <SortHeader label="Value" sortKey="value" current={query.sort} direction={query.direction} firstDirection="desc" onSort={onSort} className="cell-money" />
          <SortHeader label="Stage" sortKey="stage" current={query.sort} direction={query.direction} onSort={onSort} className="cell-stage" />
          <div role="columnheader" className="cell cell-owner">
            Owner
          </div>
          {closed ? (
            <>
              <SortHeader label={query.status === 'won' ? 'Won' : 'Lost'} sortKey="closed" current={query.sort} direction={query.direction} firstDirection="desc" onSort={onSort} className="cell-date" />
              <div role="columnheader" className="cell cell-action">
                <span className="sr-only">Actions</span>
              </div>
            </>
          ) : (
            <>
              <SortHeader label="Expected close" sortKey="expectedClose" current={query.sort} direction={query.direction} onSort={onSort} className="cell-date" />
              <SortHeader label="Updated" sortKey="updated" current={query.sort} direction={query.direction} firstDirection="desc" onSort={onSort} className="cell-date" />
            </>
          )}
        </>
      }
      renderCells={(d) => <DealCells d={d} />}
      renderPlaceholder={() => (
        <div className="cell cell-name">
          <span className="skeleton skeleton-text" />
        </div>
      )}
    />
  )
}
