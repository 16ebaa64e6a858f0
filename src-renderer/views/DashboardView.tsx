/**
 * The home dashboard (#/dashboard): follow-ups due, the open pipeline and its weighted forecast
 * for this month and quarter, won this month against last month, new leads this week and
 * rotting deals. Every tile opens the list behind it. Boundaries are the user's local ones.
 */
import { format } from 'date-fns'
import type { ReactNode } from 'react'
import type { MoneyTotal } from '../../src-shared/model/money'
import type { Money } from '../../src-shared/model/report'
import { Icon, type IconName } from '../components/Icons'
import { REPORT_ICONS } from '../components/reports/reportIcons'
import { formatPercent, money, pluralize } from '../lib/format'
import { REPORT_NAMES, REPORTS } from '../lib/reportCatalog'
import { closeFilterDates, dashboardBoundaries } from '../lib/reportRanges'
import { useDayTick } from '../lib/useDayTick'
import { NO_FILTERS, useBoard } from '../stores/board'
import { useContactList } from '../stores/contacts'
import { useDashboard } from '../stores/dashboard'
import { useQuery } from '../stores/query'
import { useDealList } from '../stores/dealList'
import { useDefaultCurrency } from '../stores/settings'
import { InlineError } from '../components/InlineError'

/** What opening a tile's list sets up before the route changes. */
export const tileActions = {
  pipelineBetween(start: number, end: number) {
    useBoard.setState({ filters: { ...NO_FILTERS, ...closeFilterDates(start, end) }, view: 'board' })
  },
  wonDeals() {
    useBoard.setState({ filters: NO_FILTERS, view: 'list' })
    useDealList.getState().setQuery({ status: 'won', sort: 'updated', direction: 'desc' })
  },
  newestContacts() {
    useContactList.getState().setQuery({ sort: 'created', direction: 'desc', tagId: undefined, lifecycleStage: undefined })
  },
  board() {
    useBoard.setState({ filters: NO_FILTERS, view: 'board' })
  },
}

function Tile({ id, href, icon, label, tone, onOpen, children, sub }: { id: string; href: string; icon: IconName; label: string; tone?: 'danger' | 'success'; onOpen?: () => void; children: ReactNode; sub?: ReactNode }) {
  return (
    <a className={`dash-tile ${tone ? `dash-tile-${tone}` : ''}`} href={href} onClick={onOpen} data-testid={`tile-${id}`}>
      <span className="dash-tile-label">
        <Icon name={icon} size={14} />
        {label}
        <Icon name="arrowRight" size={14} className="dash-tile-go" />
      </span>
      <span className="dash-tile-value">{children}</span>
      {sub && <span className="dash-tile-sub">{sub}</span>}
    </a>
  )
}

/**
 * Nothing to add up yet: zero in the workspace's default currency, or a placeholder while the
 * settings are on their way (never a currency the workspace may not use).
 */
function Zero() {
  const currency = useDefaultCurrency()
  return currency ? <span className="dash-money">{money(0, currency)}</span> : <span className="dash-money muted" aria-label="Loading the default currency">—</span>
}

function PipelineFigures({ totals, empty }: { totals: MoneyTotal[]; empty: string }) {
  if (totals.length === 0)
    return (
      <>
        <Zero />
        <span className="dash-tile-sub">{empty}</span>
      </>
    )
  return (
    <span className="dash-money-list">
      {totals.map((t) => (
        <span key={t.currency} className="dash-money-row" data-currency={t.currency}>
          <span className="dash-money">{money(t.value, t.currency)}</span>
          <span className="dash-weighted" title="Weighted by each stage's win probability">
            ~{money(t.weighted, t.currency)} forecast
          </span>
        </span>
      ))}
    </span>
  )
}

function WonFigures({ thisMonth, lastMonth }: { thisMonth: Money; lastMonth: Money }) {
  const currencies = [...new Set([...thisMonth, ...lastMonth].map((m) => m.currency))]
  if (currencies.length === 0)
    return (
      <>
        <Zero />
        <span className="dash-tile-sub">Nothing won this month or last month yet</span>
      </>
    )
  const get = (list: Money, c: string) => list.find((m) => m.currency === c)?.value ?? 0
  return (
    <span className="dash-money-list">
      {currencies.map((c) => {
        const now = get(thisMonth, c)
        const before = get(lastMonth, c)
        const change = before > 0 ? (now - before) / before : null
        return (
          <span key={c} className="dash-money-row" data-currency={c}>
            <span className="dash-money">{money(now, c)}</span>
            <span className="dash-weighted">
              vs {money(before, c)} last month
              {change !== null && (
                <span className={`dash-change ${change >= 0 ? 'is-up' : 'is-down'}`}>
                  {change >= 0 ? '▲' : '▼'} {formatPercent(Math.abs(change))}
                </span>
              )}
            </span>
          </span>
        )
      })}
    </span>
  )
}

export function DashboardView() {
  const { data, input, error, load } = useQuery(useDashboard)
  const bounds = input ?? dashboardBoundaries()
  useDayTick(() => void load())

  return (
    <div className="view view-dashboard">
      <header className="view-header">
        <div className="view-title-row">
          <h1 className="view-title">Dashboard</h1>
          <span className="view-subtitle">{format(bounds.dayStart, 'EEEE, MMMM d')}</span>
        </div>
        <a className="button" href="#/reports">
          <Icon name="chart" size={14} /> All reports
        </a>
      </header>
      <div className="dash-scroll">
        {error && (
          <InlineError message={error.message} onRetry={() => void load()} />
        )}
        {!data && !error ? (
          <div className="loading-block">Loading the dashboard…</div>
        ) : data ? (
          <div className="dash-grid">
            <Tile id="followups" href="#/today" icon="sun" label="Follow-ups" tone={data.followUps.overdue > 0 ? 'danger' : undefined}>
              <span className="dash-pair">
                <span className="dash-pair-item" data-testid="followups-today">
                  {data.followUps.today.toLocaleString()}
                  <span className="dash-pair-label">due today</span>
                </span>
                <span className={`dash-pair-item ${data.followUps.overdue > 0 ? 'is-danger' : ''}`} data-testid="followups-overdue">
                  {data.followUps.overdue.toLocaleString()}
                  <span className="dash-pair-label">overdue</span>
                </span>
              </span>
            </Tile>
            <Tile id="new-leads" href="#/contacts" icon="users" label="New leads this week" onOpen={tileActions.newestContacts} sub={`Since ${format(bounds.weekStart, 'EEEE, MMM d')}`}>
              {data.newLeadsThisWeek.toLocaleString()}
            </Tile>
            <Tile id="rotting" href="#/pipeline" icon="clock" label="Rotting deals" tone={data.rottingDeals > 0 ? 'danger' : undefined} onOpen={tileActions.board} sub={data.rottingDeals === 0 ? 'Every open deal moved recently' : `${pluralize(data.rottingDeals, 'deal')} idle past their stage's limit`}>
              {data.rottingDeals.toLocaleString()}
            </Tile>
            <Tile id="pipeline-month" href="#/pipeline" icon="pipeline" label={`Open pipeline · ${format(bounds.monthStart, 'MMMM')}`} onOpen={() => tileActions.pipelineBetween(bounds.monthStart, bounds.monthEnd)}>
              <PipelineFigures totals={data.pipelineThisMonth} empty="No open deal is expected to close this month" />
            </Tile>
            <Tile id="pipeline-quarter" href="#/pipeline" icon="trend" label={`Open pipeline · Q${format(bounds.quarterStart, 'Q yyyy')}`} onOpen={() => tileActions.pipelineBetween(bounds.quarterStart, bounds.quarterEnd)}>
              <PipelineFigures totals={data.pipelineThisQuarter} empty="No open deal is expected to close this quarter" />
            </Tile>
            <Tile id="won-month" href="#/pipeline" icon="trophy" label={`Won in ${format(bounds.monthStart, 'MMMM')}`} tone="success" onOpen={tileActions.wonDeals}>
              <WonFigures thisMonth={data.wonThisMonth} lastMonth={data.wonLastMonth} />
            </Tile>
          </div>
        ) : null}

        <section className="dash-reports" aria-labelledby="dash-reports-title">
          <h2 className="dash-section-title" id="dash-reports-title">
            Reports
          </h2>
          <ul className="dash-report-list">
            {REPORT_NAMES.map((name) => (
              <li key={name}>
                <a className="dash-report" href={`#/reports/${name}`}>
                  <span className="dash-report-icon">
                    <Icon name={REPORT_ICONS[name]} size={15} />
                  </span>
                  <span className="dash-report-text">
                    <span className="dash-report-title">{REPORTS[name].title}</span>
                    <span className="dash-report-question">{REPORTS[name].question}</span>
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  )
}
