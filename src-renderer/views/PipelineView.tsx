/** The pipeline board (#/pipeline): pipeline switcher, filters, board or table, empty states. */
import { useEffect, useRef } from 'react'
import { Board } from '../components/board/Board'
import { DealTable } from '../components/board/DealTable'
import { MoneyTotals } from '../components/board/MoneyTotals'
import { ClosedPeriodSelect, openClosedDeals, OutcomeStrip, useBoardOutcomes } from '../components/board/OutcomeStrip'
import { EmptyState } from '../components/EmptyState'
import { Icon } from '../components/Icons'
import { Kbd } from '../components/Kbd'
import type { MoneyTotal } from '../../src-shared/model/money'
import { readsOf } from '../../src-shared/api'
import type { DealOutcomes, DealStatus } from '../../src-shared/model/deal'
import { periodPhrase, type ClosedPeriod } from '../lib/closedPeriod'
import { pluralize } from '../lib/format'
import { comboLabel, useShortcuts } from '../lib/shortcuts'
import { useDataChanged } from '../lib/useDataChanged'
import { hasBoardFilters, NO_FILTERS, useBoard, type Column } from '../stores/board'
import { useDealList } from '../stores/dealList'
import { usePipelines } from '../stores/pipelines'
import { useQuery } from '../stores/query'
import { useSettings } from '../stores/settings'
import { useTags } from '../stores/tags'
import { useUi } from '../stores/ui'
import { InlineError } from '../components/InlineError'

/** Open deals and their value per currency across the whole board. */
function boardSummary(columns: Record<string, Column>) {
  let count = 0
  const totals = new Map<string, MoneyTotal>()
  for (const col of Object.values(columns)) {
    count += col.count
    for (const t of col.totals) {
      const sum = totals.get(t.currency) ?? { currency: t.currency, value: 0, weighted: 0 }
      totals.set(t.currency, { currency: t.currency, value: sum.value + t.value, weighted: sum.weighted + t.weighted })
    }
  }
  return { count, totals: [...totals.values()].sort((a, b) => b.value - a.value) }
}

/** Count and value of the open deals on screen; its own component so a drag does not re-render the view. */
function BoardSummary() {
  const columns = useBoard((s) => s.columns)
  const summary = boardSummary(columns)
  return (
    <span className="board-summary" data-testid="board-summary">
      <span className="count-badge" aria-label={pluralize(summary.count, 'open deal')}>
        {summary.count.toLocaleString('en-US')}
      </span>
      {summary.totals.length > 0 && <MoneyTotals totals={summary.totals} />}
    </span>
  )
}

/** In the list view: open, won or lost deals; closed ones in a period. */
function DealStatusFilter() {
  const status = useDealList((s) => s.query.status)
  const closedPeriod = useDealList((s) => s.query.closedPeriod)
  return (
    <>
      <label className="toolbar-field">
        <span className="toolbar-label">Show</span>
        <select className="input input-compact" aria-label="Deal status" value={status} onChange={(e) => useDealList.getState().setQuery({ status: e.target.value as DealStatus })}>
          <option value="open">Open deals</option>
          <option value="won">Won deals</option>
          <option value="lost">Lost deals</option>
        </select>
      </label>
      {status !== 'open' && (
        <label className="toolbar-field">
          <span className="toolbar-label">closed</span>
          <ClosedPeriodSelect label="Closed period" value={closedPeriod} onChange={(period) => useDealList.getState().setQuery({ closedPeriod: period })} />
        </label>
      )}
    </>
  )
}

/** Every deal of the pipeline is won or lost: say what became of them, with the way to them. */
function AllClosed({ outcomes, period, onNewDeal }: { outcomes: DealOutcomes; period: ClosedPeriod; onNewDeal: () => void }) {
  const inPeriod = outcomes.won.count + outcomes.lost.count
  return (
    <EmptyState
      icon="trophy"
      title={inPeriod > 0 ? `No open deals — ${outcomes.won.count.toLocaleString('en-US')} won, ${outcomes.lost.count.toLocaleString('en-US')} lost ${periodPhrase(period)}` : `No open deals — ${pluralize(outcomes.closedEver, 'deal')} closed before`}
      actions={
        <>
          <button type="button" className="button button-primary" onClick={onNewDeal}>
            <Icon name="plus" size={14} /> New deal
          </button>
          <button type="button" className="button" onClick={() => openClosedDeals(outcomes.won.count > 0 || outcomes.lost.count === 0 ? 'won' : 'lost', inPeriod > 0 ? period : 'all')}>
            See closed deals
          </button>
        </>
      }
    >
      Closed deals leave the board. Reopen one from the list to bring it back to its stage.
    </EmptyState>
  )
}

function BoardFiltersBar() {
  const filters = useBoard((s) => s.filters)
  const setFilters = useBoard((s) => s.setFilters)
  const tags = useTags((s) => s.data) ?? []
  const ownerRef = useRef<HTMLInputElement>(null)
  useShortcuts({ '/': () => ownerRef.current?.focus() })
  return (
    <div className="toolbar board-filters" role="group" aria-label="Filter deals">
      <input
        ref={ownerRef}
        className="input input-compact"
        type="search"
        aria-label="Owner"
        placeholder="Owner…  ( / )"
        value={filters.owner}
        onChange={(e) => setFilters({ owner: e.target.value })}
      />
      <select className="input input-compact" aria-label="Contact tag" value={filters.tagId} onChange={(e) => setFilters({ tagId: e.target.value })}>
        <option value="">Any tag</option>
        {tags.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
      <label className="toolbar-field">
        <span className="toolbar-label">Closing from</span>
        <input className="input input-compact" type="date" value={filters.closeFrom} onChange={(e) => setFilters({ closeFrom: e.target.value })} />
      </label>
      <label className="toolbar-field">
        <span className="toolbar-label">to</span>
        <input className="input input-compact" type="date" value={filters.closeTo} onChange={(e) => setFilters({ closeTo: e.target.value })} />
      </label>
      {hasBoardFilters(filters) && (
        <button type="button" className="button button-ghost button-small" onClick={() => setFilters(NO_FILTERS)}>
          <Icon name="close" size={14} /> Clear filters
        </button>
      )}
    </div>
  )
}

export function PipelineView() {
  const pipelines = useQuery(usePipelines).data
  // money on the cards and a new deal's currency
  useQuery(useSettings)
  const pipeline = useBoard((s) => s.pipeline)
  const isEmpty = useBoard((s) => Object.values(s.columns).every((c) => c.count === 0))
  const status = useBoard((s) => s.status)
  const error = useBoard((s) => s.error)
  const view = useBoard((s) => s.view)
  const filters = useBoard((s) => s.filters)
  const hidden = useBoard((s) => s.hiddenByFilters)
  const closedPeriod = useBoard((s) => s.closedPeriod)
  const outcomes = useBoardOutcomes()
  const { load, setPipeline, setView, setFilters } = useBoard.getState()
  const openDealForm = useUi((s) => s.openDealForm)

  useEffect(() => {
    void load()
    void useTags.getState().load()
  }, [load])
  // the board and the list are not queries: they keep what did not change, page and coalesce themselves
  useDataChanged(readsOf('deals.board'), () => void load())
  useDataChanged(readsOf('deals.list'), () => {
    if (useBoard.getState().view === 'list') void useDealList.getState().refresh()
  })

  const newDeal = () => openDealForm({ mode: 'create', prefill: { pipelineId: pipeline?.id, stageId: pipeline?.stages[0]?.id } })
  useShortcuts({ n: newDeal })

  const filtered = hasBoardFilters(filters)
  const nothingShown = status === 'ready' && isEmpty

  return (
    <div className="view view-pipeline">
      <header className="view-header">
        <div className="view-title-row">
          <h1 className="view-title">Pipeline</h1>
          {pipelines && pipelines.length > 1 ? (
            <select className="input input-compact pipeline-switcher" aria-label="Pipeline" value={pipeline?.id ?? ''} onChange={(e) => setPipeline(e.target.value)}>
              {pipelines.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          ) : (
            pipeline && <span className="pipeline-name">{pipeline.name}</span>
          )}
          {status === 'ready' && <BoardSummary />}
        </div>
        <div className="view-header-actions">
          {view === 'list' && <DealStatusFilter />}
          <div className="segmented" role="radiogroup" aria-label="Show as">
            {(['board', 'list'] as const).map((v) => (
              <button key={v} type="button" role="radio" aria-checked={view === v} className={`segment ${view === v ? 'is-selected' : ''}`} onClick={() => setView(v)}>
                <Icon name={v === 'board' ? 'pipeline' : 'list'} size={14} /> {v === 'board' ? 'Board' : 'List'}
              </button>
            ))}
          </div>
          <button type="button" className="button button-primary" onClick={newDeal} title={`New deal (${comboLabel('n')})`} aria-keyshortcuts="N" disabled={!pipeline}>
            <Icon name="plus" size={14} /> New deal <Kbd combo="n" />
          </button>
        </div>
      </header>

      <BoardFiltersBar />
      {pipeline && <OutcomeStrip />}

      {error && (
        <InlineError message={error} onRetry={() => void load()} />
      )}

      {status === 'loading' ? (
        <div className="loading-block">Loading the board…</div>
      ) : status === 'error' ? null : nothingShown && filtered ? (
        <EmptyState icon="filter" title="No deals match these filters" actions={<button type="button" className="button" onClick={() => setFilters(NO_FILTERS)}>Clear filters</button>}>
          {hidden > 0 ? `${pluralize(hidden, 'open deal')} in ${pipeline?.name ?? 'this pipeline'} ${hidden === 1 ? 'is' : 'are'} hidden by the filters.` : 'Try a wider date range or another owner.'}
        </EmptyState>
      ) : nothingShown && view === 'board' && outcomes && outcomes.closedEver > 0 ? (
        <>
          <AllClosed outcomes={outcomes} period={closedPeriod} onNewDeal={newDeal} />
          <Board />
        </>
      ) : nothingShown && view === 'board' && outcomes ? (
        <>
          <EmptyState
            icon="pipeline"
            title="No deals yet — add your first deal"
            actions={
              <button type="button" className="button button-primary" onClick={newDeal}>
                <Icon name="plus" size={14} /> New deal
              </button>
            }
          >
            Every deal moves through the stages of {pipeline?.name ?? 'this pipeline'} until it is won or lost. Drag cards between columns as things progress.
          </EmptyState>
          <Board />
        </>
      ) : view === 'board' ? (
        <Board />
      ) : (
        <DealTable />
      )}
    </div>
  )
}
