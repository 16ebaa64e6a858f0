/**
 * Where the user is. A tiny store mirrored to location.hash (#/contacts, #/contacts/<id>, …) so a
 * reload keeps the place and it works the same under file:// (Electron) and http (browser host).
 */
import { isReportName, type ReportName } from '../lib/reportCatalog'
import { defineStore } from './registry'

export type Route =
  | { name: 'dashboard' }
  | { name: 'reports'; report?: ReportName }
  | { name: 'today' }
  /** The contacts list, or one saved view of it (#/views/<id>). */
  | { name: 'contacts'; view?: string }
  | { name: 'contact'; id: string }
  | { name: 'companies' }
  | { name: 'company'; id: string }
  | { name: 'pipeline' }
  | { name: 'deal'; id: string }
  | { name: 'settings' }
  | { name: 'duplicates'; pair?: string }
  | { name: 'import' }

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent)
  const [section, id] = parts
  if (section === 'contacts' && id) return { name: 'contact', id }
  if (section === 'companies' && id) return { name: 'company', id }
  if (section === 'companies') return { name: 'companies' }
  if (section === 'views' && id) return { name: 'contacts', view: id }
  if (section === 'deals' && id) return { name: 'deal', id }
  if (section === 'pipeline' || section === 'deals') return { name: 'pipeline' }
  if (section === 'settings') return { name: 'settings' }
  if (section === 'duplicates') return id ? { name: 'duplicates', pair: id } : { name: 'duplicates' }
  if (section === 'import') return { name: 'import' }
  if (section === 'today') return { name: 'today' }
  if (section === 'dashboard') return { name: 'dashboard' }
  if (section === 'reports') return isReportName(id) ? { name: 'reports', report: id } : { name: 'reports' }
  return { name: 'contacts' }
}

export function routeToHash(route: Route): string {
  switch (route.name) {
    case 'dashboard':
      return '#/dashboard'
    case 'reports':
      return route.report ? `#/reports/${route.report}` : '#/reports'
    case 'today':
      return '#/today'
    case 'contacts':
      return route.view ? `#/views/${encodeURIComponent(route.view)}` : '#/contacts'
    case 'contact':
      return `#/contacts/${encodeURIComponent(route.id)}`
    case 'companies':
      return '#/companies'
    case 'company':
      return `#/companies/${encodeURIComponent(route.id)}`
    case 'pipeline':
      return '#/pipeline'
    case 'deal':
      return `#/deals/${encodeURIComponent(route.id)}`
    case 'settings':
      return '#/settings'
    case 'duplicates':
      return route.pair ? `#/duplicates/${encodeURIComponent(route.pair)}` : '#/duplicates'
    case 'import':
      return '#/import'
  }
}

interface RouteState {
  route: Route
  navigate: (route: Route) => void
}

export const useRoute = defineStore<RouteState>((set) => ({
  route: parseHash(typeof location === 'undefined' ? '' : location.hash),
  navigate: (route) => {
    const hash = routeToHash(route)
    if (location.hash !== hash) location.hash = hash
    set({ route })
  },
}))

/** Follows back/forward and hand-edited hashes. Returns the unsubscribe function. */
export function startHashSync(): () => void {
  const onHashChange = () => {
    const next = parseHash(location.hash)
    if (routeToHash(next) !== routeToHash(useRoute.getState().route)) useRoute.setState({ route: next })
  }
  window.addEventListener('hashchange', onHashChange)
  onHashChange()
  return () => window.removeEventListener('hashchange', onHashChange)
}

export const navigate = (route: Route) => useRoute.getState().navigate(route)
