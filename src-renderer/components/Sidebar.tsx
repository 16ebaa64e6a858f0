/** The left navigation: the app name, the areas (Today with its due badge), the shortcuts help. */
import { useEffect } from 'react'
import { APP_NAME } from '../lib/app'
import { graphemes } from '../../src-shared/text'
import { pluralize } from '../lib/format'
import { useDayTick } from '../lib/useDayTick'
import { useRoute, type Route } from '../stores/route'
import { useTaskCounts } from '../stores/tasks'
import { useDuplicateCount } from '../stores/duplicates'
import { useQuery } from '../stores/query'
import { useViewCounts, useViews } from '../stores/views'
import { useUi } from '../stores/ui'
import { Icon, type IconName } from './Icons'
import { Kbd } from './Kbd'
import { SyncStatus } from './SyncStatus'

const ITEMS: Array<{ label: string; href: string; icon: IconName; matches: Array<Route['name']> }> = [
  { label: 'Dashboard', href: '#/dashboard', icon: 'dashboard', matches: ['dashboard'] },
  { label: 'Today', href: '#/today', icon: 'sun', matches: ['today'] },
  { label: 'Contacts', href: '#/contacts', icon: 'users', matches: ['contacts', 'contact', 'import'] },
  { label: 'Companies', href: '#/companies', icon: 'building', matches: ['companies', 'company'] },
  { label: 'Duplicates', href: '#/duplicates', icon: 'link', matches: ['duplicates'] },
  { label: 'Pipeline', href: '#/pipeline', icon: 'pipeline', matches: ['pipeline', 'deal'] },
  { label: 'Reports', href: '#/reports', icon: 'chart', matches: ['reports'] },
  { label: 'Settings', href: '#/settings', icon: 'settings', matches: ['settings'] },
]

/** Overdue + due today, kept fresh: on task changes, every minute, and at local midnight. */
function TodayBadge() {
  const { data, load } = useQuery(useTaskCounts)
  const { overdue, today } = data ?? { overdue: 0, today: 0 }
  useDayTick(() => void load())
  const due = overdue + today
  if (due === 0) return null
  const label = overdue ? `${overdue} overdue, ${today} due today` : `${today} due today`
  return (
    <>
      <span className={`nav-badge ${overdue ? 'nav-badge-danger' : ''}`} data-testid="today-badge" title={label} aria-hidden="true">
        {due > 99 ? '99+' : due}
      </span>
      <span className="sr-only">, {label}</span>
    </>
  )
}

/** Pairs of possible duplicates: counted once at start, then whenever the Duplicates view scans (not after every edit). */
function DuplicatesBadge() {
  const count = useDuplicateCount((s) => s.data?.count)
  useEffect(() => {
    void useDuplicateCount.getState().load()
  }, [])
  if (!count) return null
  return (
    <>
      <span className="nav-badge" data-testid="duplicates-badge" aria-hidden="true">
        {count > 99 ? '99+' : count}
      </span>
      <span className="sr-only">, {pluralize(count, 'possible duplicate')}</span>
    </>
  )
}

/** Saved views with live counts (refreshed a moment after contact data changes). */
function SavedViewsNav({ currentView }: { currentView: string | undefined }) {
  const views = useQuery(useViews).data
  const counts = useQuery(useViewCounts).data ?? {}
  if (!views) return null
  return (
    <section className="nav-section" aria-labelledby="nav-views-title">
      <h2 className="nav-section-title" id="nav-views-title">
        Views
      </h2>
      {views.length === 0 ? (
        <p className="nav-empty">Filter your contacts, then “Save as view” to keep the list here.</p>
      ) : (
        <ul className="nav-list" data-testid="saved-views">
          {views.map((v) => {
            const current = v.id === currentView
            const count = counts[v.id]
            return (
              <li key={v.id}>
                <a href={`#/views/${encodeURIComponent(v.id)}`} className={`nav-item ${current ? 'is-current' : ''}`} aria-current={current ? 'page' : undefined} title={v.name}>
                  <Icon name="filter" />
                  <span className="nav-label">{v.name}</span>
                  {count !== undefined && (
                    <span className="nav-count" data-testid="view-count">
                      {count.toLocaleString('en-US')}
                    </span>
                  )}
                </a>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}

export function Sidebar() {
  const route = useRoute((s) => s.route)
  const setShortcutsHelp = useUi((s) => s.setShortcutsHelp)
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          {graphemes(APP_NAME)[0]}
        </span>
        <span className="brand-name">{APP_NAME}</span>
      </div>
      <ul className="nav-list">
        {ITEMS.map((item) => {
          const current = item.matches.includes(route.name) && !(route.name === 'contacts' && route.view)
          return (
            <li key={item.href}>
              <a href={item.href} className={`nav-item ${current ? 'is-current' : ''}`} aria-current={current ? 'page' : undefined}>
                <Icon name={item.icon} />
                {item.label}
                {item.href === '#/today' && <TodayBadge />}
                {item.href === '#/duplicates' && <DuplicatesBadge />}
              </a>
            </li>
          )
        })}
      </ul>
      <SavedViewsNav currentView={route.name === 'contacts' ? route.view : undefined} />
      <div className="sidebar-footer">
        <SyncStatus />
        <button type="button" className="nav-item nav-button" onClick={() => setShortcutsHelp(true)} title="Keyboard shortcuts (?)">
          <Icon name="keyboard" />
          Shortcuts <Kbd combo="?" />
        </button>
      </div>
    </nav>
  )
}
