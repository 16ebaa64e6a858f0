/**
 * The contacts list: virtualized and paged, sortable, filtered by tag and stage and by the filter
 * builder, shown as a saved view (#/views/<id>) or plain; row selection (or "all N") and bulk
 * actions. Shows the first-run welcome when there is nobody yet.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import { readsOf } from '../../src-shared/api'
import { LIFECYCLE_LABELS, LIFECYCLE_STAGES, type ContactSummary, type LifecycleStage } from '../../src-shared/model/contact'
import { Avatar } from '../components/Avatar'
import { BulkBar } from '../components/BulkBar'
import { EmptyState } from '../components/EmptyState'
import { Icon } from '../components/Icons'
import { Kbd } from '../components/Kbd'
import { Menu } from '../components/Menu'
import { SortHeader } from '../components/SortHeader'
import { StageBadge } from '../components/StageBadge'
import { TagList } from '../components/TagChip'
import { VirtualList } from '../components/VirtualList'
import { openDataSettings } from '../actions/navigation'
import { crm } from '../lib/crm'
import { exportCsv, exportVcard } from '../lib/exports'
import { formatDate, formatExact, formatRelative, nameOrPlaceholder, pluralize } from '../lib/format'
import { comboLabel, useShortcuts } from '../lib/shortcuts'
import { useDataChanged } from '../lib/useDataChanged'
import { hasContactFilters, selectionOf, useContactList, useContactSelection, type ContactSort } from '../stores/contacts'
import { loadedItems } from '../stores/pagedList'
import { navigate } from '../stores/route'
import { useTags } from '../stores/tags'
import { showError, showToast } from '../stores/toasts'
import { useUi } from '../stores/ui'
import { InlineError } from '../components/InlineError'
import { FilterBuilder } from '../components/filters/FilterBuilder'
import { ViewMenu } from '../components/filters/ViewMenu'
import { completeFilter, newRow, sameFilter, toDraft, type Draft } from '../lib/filterDraft'
import { useViews } from '../stores/views'

const SORT_LABELS: Record<ContactSort, string> = { name: 'Name', lastContacted: 'Last contacted', created: 'Created' }

function SampleDataButton() {
  const [busy, setBusy] = useState(false)
  const load = async () => {
    setBusy(true)
    try {
      const r = await crm.invoke('sampleData.load')
      showToast(`Loaded ${pluralize(r.contacts, 'contact')}, ${pluralize(r.companies, 'company', 'companies')} and ${pluralize(r.activities, 'activity', 'activities')}`)
      void useContactList.getState().refresh()
    } catch (error) {
      showError(error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <button type="button" className="button" onClick={load} disabled={busy} aria-busy={busy}>
      {busy ? (
        <>
          <span className="spinner" aria-hidden="true" /> Loading sample data…
        </>
      ) : (
        <>
          <Icon name="sparkle" size={14} /> Load sample data
        </>
      )}
    </button>
  )
}

function ContactCells({ c, selected, onToggle }: { c: ContactSummary; selected: boolean; onToggle: () => void }) {
  const name = nameOrPlaceholder(c.displayName)
  return (
    <>
      <div role="cell" className="cell cell-check">
        <input type="checkbox" checked={selected} onChange={onToggle} aria-label={`Select ${name}`} />
      </div>
      <div role="cell" className="cell cell-name">
        <Avatar name={name} size={26} />
        <div className="cell-stack">
          <a className="row-title" href={`#/contacts/${c.id}`} tabIndex={-1}>
            {name}
          </a>
          <span className="row-sub">{c.primaryEmail ?? c.jobTitle ?? ''}</span>
        </div>
      </div>
      <div role="cell" className="cell cell-company">
        {c.companyId ? (
          <a className="cell-link" href={`#/companies/${c.companyId}`} tabIndex={-1}>
            {c.companyName}
          </a>
        ) : (
          <span className="muted">—</span>
        )}
      </div>
      <div role="cell" className="cell cell-stage">
        <StageBadge stage={c.lifecycleStage} />
      </div>
      <div role="cell" className="cell cell-tags" title={c.tags.map((t) => t.name).join(', ') || undefined}>
        <TagList tags={c.tags} max={2} />
      </div>
      <div role="cell" className="cell cell-date">
        {c.lastContactedAt ? <span title={formatExact(c.lastContactedAt)}>{formatRelative(c.lastContactedAt)}</span> : <span className="muted">Never</span>}
      </div>
      <div role="cell" className="cell cell-date cell-created">
        <span title={formatExact(c.createdAt)}>{formatDate(c.createdAt)}</span>
      </div>
    </>
  )
}

/** Import & export from the list: the export writes what the list shows (its filter and order). */
function ContactsDataMenu({ viewName }: { viewName?: string }) {
  const exportShown = async (kind: 'csv' | 'vcard') => {
    const query = useContactList.getState().query
    const filter = { sort: query.sort, direction: query.direction, ...selectionOf(query) }
    try {
      const saved = kind === 'csv' ? await exportCsv('contacts', filter, viewName) : await exportVcard('4.0', filter, viewName)
      if (!saved) showToast('Nothing to export: no contacts match these filters.', 'info')
    } catch (error) {
      showError(error)
    }
  }
  return (
    <Menu
      label="Import and export"
      className="icon-button-bordered"
      items={[
        { label: 'Export these contacts as CSV', icon: 'download', run: () => void exportShown('csv') },
        { label: 'Export these contacts as vCard', icon: 'download', run: () => void exportShown('vcard') },
        { label: 'Import contacts from a file…', icon: 'users', run: openDataSettings },
      ]}
    />
  )
}

/** How long typing in a condition's value waits before the list follows. */
const FILTER_DELAY_MS = 250

export function ContactsView({ viewId }: { viewId?: string }) {
  const query = useContactList((s) => s.query)
  const total = useContactList((s) => s.total)
  const error = useContactList((s) => s.error)
  const generation = useContactList((s) => s.generation)
  const pages = useContactList((s) => s.pages)
  const { setQuery, refresh } = useContactList.getState()
  const selected = useContactSelection((s) => s.selected)
  const allMatching = useContactSelection((s) => s.allMatching)
  const { toggle, setMany, clear, selectAllMatching } = useContactSelection.getState()
  const tags = useTags((s) => s.data)
  const views = useViews((s) => s.data)
  const view = viewId ? views?.find((v) => v.id === viewId) : undefined
  const openContactForm = useUi((s) => s.openContactForm)
  const filterRef = useRef<HTMLSelectElement>(null)

  // The builder's draft; its complete conditions become the list's filter.
  const [draft, setDraft] = useState<Draft>(() => toDraft(view?.filter))
  const [builderOpen, setBuilderOpen] = useState(false)
  const { filter: draftFilter, problems } = useMemo(() => completeFilter(draft), [draft])

  useEffect(() => {
    void refresh()
    void useTags.getState().load()
  }, [refresh])
  useEffect(() => clear(), [generation, clear])
  useDataChanged(readsOf('contacts.list'), () => void refresh())

  // Opening a view (or leaving one) starts from its saved filter and order.
  const viewKey = view ? view.id : viewId ? (views ? `missing:${viewId}` : 'loading') : 'none'
  useEffect(() => {
    if (viewKey === 'loading') return
    setDraft(toDraft(view?.filter))
    setBuilderOpen(Boolean(view?.filter.conditions.length))
    const filter = view?.filter.conditions.length ? view.filter : undefined
    setQuery({ filter, tagId: undefined, lifecycleStage: undefined, ...(view ? { sort: view.sort, direction: view.direction } : {}) })
    // viewKey stands for the view: the effect runs when the view (or its absence) changes
  }, [viewKey])

  useEffect(() => {
    const next = draftFilter.conditions.length ? draftFilter : undefined
    if (sameFilter(next, useContactList.getState().query.filter)) return
    const timer = setTimeout(() => setQuery({ filter: next }), FILTER_DELAY_MS)
    return () => clearTimeout(timer)
  }, [draftFilter, setQuery])

  const filtered = hasContactFilters(query)
  const clearFilters = () => {
    setDraft({ match: 'all', rows: [] })
    setQuery({ tagId: undefined, lifecycleStage: undefined, filter: undefined })
  }
  const showBuilder = builderOpen
  const addCondition = () => {
    setBuilderOpen(true)
    setDraft((d) => ({ ...d, rows: [...d.rows, newRow()] }))
  }
  /** The Filter button: opens the builder (with a first condition when there is none) or hides it. */
  const toggleBuilder = () => {
    if (builderOpen) setBuilderOpen(false)
    else if (draft.rows.length === 0) addCondition()
    else setBuilderOpen(true)
  }

  useShortcuts({
    n: () => openContactForm({ mode: 'create' }),
    '/': () => filterRef.current?.focus(),
    'mod+f': () => filterRef.current?.focus(),
    f: toggleBuilder,
  })

  const loaded = loadedItems(pages)
  const allLoadedSelected = loaded.length > 0 && loaded.every((c) => selected.has(c.id))
  const someSelected = loaded.some((c) => selected.has(c.id))
  const onSort = (sort: ContactSort, direction: 'asc' | 'desc') => setQuery({ sort, direction })
  const dirty = view ? !sameFilter(draftFilter, view.filter) || query.sort !== view.sort || query.direction !== view.direction : false
  const conditionCount = draftFilter.conditions.length

  if (viewId && !views) return <div className="view loading-block">Loading the view…</div>
  if (viewId && views && !view) {
    return (
      <div className="view">
        <EmptyState
          icon="filter"
          title="This view no longer exists"
          actions={
            <a className="button" href="#/contacts">
              Show all contacts
            </a>
          }
        >
          It was deleted, here or on another computer of your workspace.
        </EmptyState>
      </div>
    )
  }

  const firstRun = total === 0 && !filtered && !view
  return (
    <div className="view">
      <header className="view-header">
        <div className="view-title-row">
          <h1 className="view-title">{view ? view.name : 'Contacts'}</h1>
          {total !== null && <span className="count-badge" aria-label={pluralize(total, 'contact')}>{total.toLocaleString('en-US')}</span>}
          <ViewMenu view={view} dirty={dirty} filter={draftFilter} sort={query.sort} direction={query.direction} incomplete={Object.keys(problems).length > 0} />
        </div>
        <div className="view-header-actions">
          <a className="button" href="#/import" data-testid="open-import">
            <Icon name="download" size={14} /> Import CSV
          </a>
          <button type="button" className="button button-primary" onClick={() => openContactForm({ mode: 'create' })} title={`New contact (${comboLabel('n')})`} aria-keyshortcuts="N">
            <Icon name="plus" size={14} /> New contact <Kbd combo="n" />
          </button>
        </div>
      </header>

      {!firstRun && (
        <div className="toolbar">
          <button
            type="button"
            className={`button button-small ${showBuilder ? 'is-active' : ''}`}
            onClick={toggleBuilder}
            aria-expanded={showBuilder}
            title={`Show or hide the filter conditions (${comboLabel('f')})`}
            data-testid="filter-toggle"
          >
            <Icon name="filter" size={14} /> Filter{conditionCount ? ` · ${conditionCount}` : ''}
          </button>
          <label className="toolbar-field">
            <span className="toolbar-label">Tag</span>
            <select ref={filterRef} className="input input-compact" value={query.tagId ?? ''} onChange={(e) => setQuery({ tagId: e.target.value || undefined })} title={`Filter by tag (/ or ${comboLabel('mod+f')})`}>
              <option value="">All tags</option>
              {(tags ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <label className="toolbar-field">
            <span className="toolbar-label">Stage</span>
            <select className="input input-compact" value={query.lifecycleStage ?? ''} onChange={(e) => setQuery({ lifecycleStage: (e.target.value || undefined) as LifecycleStage | undefined })}>
              <option value="">All stages</option>
              {LIFECYCLE_STAGES.map((s) => (
                <option key={s} value={s}>
                  {LIFECYCLE_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          {(filtered || draft.rows.length > 0) && (
            <button type="button" className="button button-ghost button-small" onClick={clearFilters}>
              Clear filters
            </button>
          )}
          <div className="toolbar-spacer" />
          <label className="toolbar-field">
            <span className="toolbar-label">Sort</span>
            <select className="input input-compact" value={query.sort} onChange={(e) => onSort(e.target.value as ContactSort, e.target.value === 'name' ? 'asc' : 'desc')}>
              {(Object.keys(SORT_LABELS) as ContactSort[]).map((s) => (
                <option key={s} value={s}>
                  {SORT_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="icon-button icon-button-bordered"
            onClick={() => onSort(query.sort, query.direction === 'asc' ? 'desc' : 'asc')}
            aria-label={query.direction === 'asc' ? 'Ascending, switch to descending' : 'Descending, switch to ascending'}
            title={query.direction === 'asc' ? 'Ascending' : 'Descending'}
          >
            <Icon name={query.direction === 'asc' ? 'arrowUp' : 'arrowDown'} size={14} />
          </button>
          <ContactsDataMenu viewName={view && !dirty ? view.name : undefined} />
        </div>
      )}

      {!firstRun && showBuilder && <FilterBuilder draft={draft} problems={problems} onChange={setDraft} />}

      {error && <InlineError message={error} onRetry={() => void refresh()} />}

      {total === null ? (
        !error && <div className="loading-block">Loading contacts…</div>
      ) : firstRun ? (
        <EmptyState
          icon="users"
          title="Welcome! Your contact list is empty"
          actions={
            <>
              <button type="button" className="button button-primary" onClick={() => openContactForm({ mode: 'create' })}>
                <Icon name="plus" size={14} /> Add your first contact
              </button>
              <a className="button" href="#/import">
                <Icon name="download" size={14} /> Import a CSV file
              </a>
              <SampleDataButton />
              <button type="button" className="button" onClick={openDataSettings}>
                Import from a vCard file…
              </button>
            </>
          }
        >
          Add the people you work with, or load sample data to look around first. Everything stays on this computer.
        </EmptyState>
      ) : total === 0 ? (
        <EmptyState
          icon="filter"
          title={view && !dirty ? 'Nobody is in this view right now' : 'No contacts match these filters'}
          actions={
            view && !dirty ? undefined : (
              <button type="button" className="button" onClick={clearFilters}>
                Clear filters
              </button>
            )
          }
        >
          {view && !dirty ? 'Contacts appear here as soon as they match its conditions.' : undefined}
        </EmptyState>
      ) : (
        <VirtualList
          store={useContactList}
          testId="contact-list"
          rowTestId="contact-row"
          ariaLabel={view ? view.name : 'Contacts'}
          className="contacts-table"
          getId={(c) => c.id}
          onOpen={(c) => navigate({ name: 'contact', id: c.id })}
          rowClassName={(c) => (allMatching || selected.has(c.id) ? 'is-selected' : '')}
          header={
            <>
              <div role="columnheader" className="cell cell-check">
                <input
                  type="checkbox"
                  aria-label="Select all loaded contacts"
                  title="Select all loaded"
                  checked={allMatching || allLoadedSelected}
                  ref={(el) => {
                    if (el) el.indeterminate = !allMatching && someSelected && !allLoadedSelected
                  }}
                  onChange={() => (allMatching ? clear() : setMany(loaded.map((c) => c.id), !allLoadedSelected))}
                />
              </div>
              <SortHeader label="Name" sortKey="name" current={query.sort} direction={query.direction} onSort={onSort} className="cell-name" />
              <div role="columnheader" className="cell cell-company">Company</div>
              <div role="columnheader" className="cell cell-stage">Stage</div>
              <div role="columnheader" className="cell cell-tags">Tags</div>
              <SortHeader label="Last contacted" sortKey="lastContacted" current={query.sort} direction={query.direction} firstDirection="desc" onSort={onSort} className="cell-date" />
              <SortHeader label="Created" sortKey="created" current={query.sort} direction={query.direction} firstDirection="desc" onSort={onSort} className="cell-date cell-created" />
            </>
          }
          renderCells={(c) => <ContactCells c={c} selected={allMatching || selected.has(c.id)} onToggle={() => toggle(c.id)} />}
          renderPlaceholder={() => (
            <>
              <div className="cell cell-check" />
              <div className="cell cell-name">
                <span className="skeleton skeleton-avatar" />
                <span className="skeleton skeleton-text" />
              </div>
            </>
          )}
        />
      )}

      {(selected.size > 0 || allMatching) && (
        <BulkBar
          ids={[...selected]}
          allMatching={allMatching && total !== null ? { count: total, query: selectionOf(query) } : undefined}
          onSelectAllMatching={allLoadedSelected ? selectAllMatching : undefined}
          totalMatching={total ?? undefined}
          onClear={clear}
        />
      )}
    </div>
  )
}
