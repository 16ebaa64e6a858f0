/** The left navigation: the app name, the areas, the shortcuts help. */
import { APP_NAME } from '../lib/app'
import { useRoute, type Route } from '../stores/route'
import { useUi } from '../stores/ui'
import { Icon, type IconName } from './Icons'
import { Kbd } from './Kbd'

const ITEMS: Array<{ label: string; href: string; icon: IconName; matches: Array<Route['name']> }> = [
  { label: 'Contacts', href: '#/contacts', icon: 'users', matches: ['contacts', 'contact'] },
  { label: 'Companies', href: '#/companies', icon: 'building', matches: ['companies', 'company'] },
  { label: 'Pipeline', href: '#/pipeline', icon: 'pipeline', matches: ['pipeline', 'deal'] },
  { label: 'Settings', href: '#/settings', icon: 'settings', matches: ['settings'] },
]

export function Sidebar() {
  const route = useRoute((s) => s.route)
  const setShortcutsHelp = useUi((s) => s.setShortcutsHelp)
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          {APP_NAME.slice(0, 1)}
        </span>
        <span className="brand-name">{APP_NAME}</span>
      </div>
      <ul className="nav-list">
        {ITEMS.map((item) => {
          const current = item.matches.includes(route.name)
          return (
            <li key={item.href}>
              <a href={item.href} className={`nav-item ${current ? 'is-current' : ''}`} aria-current={current ? 'page' : undefined}>
                <Icon name={item.icon} />
                {item.label}
              </a>
            </li>
          )
        })}
      </ul>
      <div className="sidebar-footer">
        <button type="button" className="nav-item nav-button" onClick={() => setShortcutsHelp(true)} title="Keyboard shortcuts (?)">
          <Icon name="keyboard" />
          Shortcuts <Kbd combo="?" />
        </button>
      </div>
    </nav>
  )
}
