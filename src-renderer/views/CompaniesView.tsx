/** The companies list: virtualized, sortable by name or creation, narrowed by name. */
import { useEffect, useRef } from 'react'
import { readsOf } from '../../src-shared/api'
import type { CompanySummary } from '../../src-shared/model/company'
import { Avatar } from '../components/Avatar'
import { EmptyState } from '../components/EmptyState'
import { Icon } from '../components/Icons'
import { Kbd } from '../components/Kbd'
import { SortHeader } from '../components/SortHeader'
import { VirtualList } from '../components/VirtualList'
import { formatDate, formatExact, pluralize } from '../lib/format'
import { comboLabel, useShortcuts } from '../lib/shortcuts'
import { useDataChanged } from '../lib/useDataChanged'
import { useCompanyList } from '../stores/companies'
import { navigate } from '../stores/route'
import { useUi } from '../stores/ui'

function CompanyCells({ c }: { c: CompanySummary }) {
  return (
    <>
      <div role="cell" className="cell cell-name">
        <Avatar name={c.name} size={26} square />
        <a className="row-title" href={`#/companies/${c.id}`} tabIndex={-1}>
          {c.name}
        </a>
      </div>
      <div role="cell" className="cell cell-domain">
        {c.domain ?? <span className="muted">—</span>}
      </div>
      <div role="cell" className="cell cell-industry">
        {c.industry ?? <span className="muted">—</span>}
      </div>
      <div role="cell" className="cell cell-people">
        {c.contactCount.toLocaleString('en-US')}
      </div>
      <div role="cell" className="cell cell-date">
        <span title={formatExact(c.createdAt)}>{formatDate(c.createdAt)}</span>
      </div>
    </>
  )
}

export function CompaniesView() {
  const query = useCompanyList((s) => s.query)
  const total = useCompanyList((s) => s.total)
  const error = useCompanyList((s) => s.error)
  const { setQuery, refresh } = useCompanyList.getState()
  const openCompanyForm = useUi((s) => s.openCompanyForm)
  const searchRef = useRef<HTMLInputElement>(null)

  useEffect(() => {
    void refresh()
  }, [refresh])
  useDataChanged(readsOf('companies.list'), () => void refresh())

  useShortcuts({
    n: () => openCompanyForm({ mode: 'create' }),
    '/': () => searchRef.current?.focus(),
    'mod+f': () => searchRef.current?.focus(),
  })

  const onSort = (sort: 'name' | 'created', direction: 'asc' | 'desc') => setQuery({ sort, direction })
  const searching = query.query.trim() !== ''

  return (
    <div className="view">
      <header className="view-header">
        <div className="view-title-row">
          <h1 className="view-title">Companies</h1>
          {total !== null && <span className="count-badge" aria-label={pluralize(total, 'company', 'companies')}>{total.toLocaleString('en-US')}</span>}
        </div>
        <button type="button" className="button button-primary" onClick={() => openCompanyForm({ mode: 'create' })} title={`New company (${comboLabel('n')})`} aria-keyshortcuts="N">
          <Icon name="plus" size={14} /> New company <Kbd combo="n" />
        </button>
      </header>

      <div className="toolbar">
        <input
          ref={searchRef}
          className="input input-compact toolbar-search"
          type="search"
          aria-label="Filter companies by name"
          placeholder="Filter by name…  ( / )"
          value={query.query}
          onChange={(e) => setQuery({ query: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && query.query) {
              e.preventDefault()
              setQuery({ query: '' })
            }
          }}
        />
      </div>

      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}

      {total === null ? (
        !error && <div className="loading-block">Loading companies…</div>
      ) : total === 0 ? (
        searching ? (
          <EmptyState icon="filter" title={`No companies start with “${query.query.trim()}”`} actions={<button type="button" className="button" onClick={() => setQuery({ query: '' })}>Clear filter</button>} />
        ) : (
          <EmptyState
            icon="building"
            title="No companies yet"
            actions={
              <button type="button" className="button button-primary" onClick={() => openCompanyForm({ mode: 'create' })}>
                <Icon name="plus" size={14} /> Add a company
              </button>
            }
          >
            Companies group the people you work with and collect their history in one place.
          </EmptyState>
        )
      ) : (
        <VirtualList
          store={useCompanyList}
          testId="company-list"
          rowTestId="company-row"
          ariaLabel="Companies"
          className="companies-table"
          getId={(c) => c.id}
          onOpen={(c) => navigate({ name: 'company', id: c.id })}
          header={
            <>
              <SortHeader label="Name" sortKey="name" current={query.sort} direction={query.direction} onSort={onSort} className="cell-name" />
              <div role="columnheader" className="cell cell-domain">Domain</div>
              <div role="columnheader" className="cell cell-industry">Industry</div>
              <div role="columnheader" className="cell cell-people">People</div>
              <SortHeader label="Created" sortKey="created" current={query.sort} direction={query.direction} firstDirection="desc" onSort={onSort} className="cell-date" />
            </>
          }
          renderCells={(c) => <CompanyCells c={c} />}
          renderPlaceholder={() => (
            <div className="cell cell-name">
              <span className="skeleton skeleton-avatar" />
              <span className="skeleton skeleton-text" />
            </div>
          )}
        />
      )}
    </div>
  )
}
