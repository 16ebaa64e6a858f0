/** The shell: sidebar, the view for the current route, the app-wide dialogs, the toasts and reminders. */
import { lazy, Suspense, useEffect, useState, type MouseEvent } from 'react'
import { CompanyFormDialog } from './components/CompanyForm'
import { ContactFormDialog } from './components/ContactForm'
import { DealFormDialog } from './components/DealForm'
import { LostReasonDialog } from './components/LostReasonDialog'
import { ErrorBoundary } from './components/ErrorBoundary'
import { JobsPanel } from './components/JobsPanel'
import { CommandPalette } from './components/palette/CommandPalette'
import { ShortcutsHelp } from './components/ShortcutsHelp'
import { Sidebar } from './components/Sidebar'
import { TaskFormDialog } from './components/tasks/TaskForm'
import { Toasts } from './components/Toasts'
import { useReminderEvents } from './actions/reminders'
import { crm } from './lib/crm'
import { useShortcuts } from './lib/shortcuts'
import { useCustomFields } from './stores/customFields'
import { useKeepFresh } from './stores/query'
import { navigate, startHashSync, useRoute, type Route } from './stores/route'
import { useTags } from './stores/tags'
import { useUi } from './stores/ui'
import { usePalette } from './stores/palette'
import { CompaniesView } from './views/CompaniesView'
import { CompanyDetailView } from './views/CompanyDetailView'
import { ContactDetailView } from './views/ContactDetailView'
import { ContactsView } from './views/ContactsView'
import { DashboardView } from './views/DashboardView'
import { DealDetailView } from './views/DealDetailView'
import { PipelineView } from './views/PipelineView'
import { SettingsView } from './views/SettingsView'
import { TodayView } from './views/TodayView'
import { DuplicatesView } from './views/DuplicatesView'
import { ImportView } from './views/ImportView'

// charts are heavy: the reports load when first opened, so startup does not pay for them
const ReportsView = lazy(() => import('./views/ReportsView').then((m) => ({ default: m.ReportsView })))

function CurrentView({ route }: { route: Route }) {
  switch (route.name) {
    case 'dashboard':
      return <DashboardView />
    case 'reports':
      return (
        <Suspense fallback={<div className="loading-block">Loading reports…</div>}>
          <ReportsView report={route.report} />
        </Suspense>
      )
    case 'today':
      return <TodayView />
    case 'contacts':
      return <ContactsView viewId={route.view} />
    case 'contact':
      return <ContactDetailView id={route.id} />
    case 'companies':
      return <CompaniesView />
    case 'company':
      return <CompanyDetailView id={route.id} />
    case 'pipeline':
      return <PipelineView />
    case 'deal':
      return <DealDetailView id={route.id} />
    case 'settings':
      return <SettingsView />
    case 'duplicates':
      return <DuplicatesView pair={route.pair} />
    case 'import':
      return <ImportView />
  }
}

/**
 * Opened without a place (#/…): the dashboard once there is data, else the contacts list with its
 * first-run welcome. Returns true while that is being decided (nothing is shown meanwhile).
 */
function useStartPage(): boolean {
  const [deciding, setDeciding] = useState(() => typeof location !== 'undefined' && location.hash.replace(/^#\/?/, '') === '')
  useEffect(() => {
    if (!deciding) return
    let live = true
    crm
      .invoke('app.info')
      .then((info) => {
        if (live && info.contactCount > 0 && location.hash.replace(/^#\/?/, '') === '') navigate({ name: 'dashboard' })
      })
      .catch(() => {})
      .finally(() => live && setDeciding(false))
    return () => {
      live = false
    }
  }, [deciding])
  return deciding
}

/**
 * "Skip to content": the first Tab stop (shown when focused). It moves focus to the main content:
 * the list's current row when the view has a list, else the main area itself.
 */
function SkipLink() {
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault() // the hash is the route: it must not change
    const main = document.getElementById('main-content')
    const row = main?.querySelector<HTMLElement>('.vlist [role="row"][tabindex="0"]')
    ;(row ?? main)?.focus()
  }
  return (
    <a className="skip-link" href="#main-content" onClick={skip}>
      Skip to content
    </a>
  )
}

export function App() {
  const route = useRoute((s) => s.route)
  const { contactForm, companyForm, dealForm, taskForm, lostPrompt, shortcutsHelp, closeForms, askLostReason, setShortcutsHelp } = useUi()

  const deciding = useStartPage()
  useEffect(() => startHashSync(), [])
  useReminderEvents()
  const paletteOpen = usePalette((s) => s.open)
  useShortcuts({ '?': () => setShortcutsHelp(true), 'mod+k': () => usePalette.getState().openPalette() })

  // Tags and custom fields are shown everywhere (chips, pickers, forms): once loaded, keep them fresh.
  useKeepFresh(useTags)
  useKeepFresh(useCustomFields)

  const routeKey = route.name + ('id' in route ? `:${route.id}` : '')
  return (
    <div className="app">
      <SkipLink />
      <Sidebar />
      <main className="main" id="main-content" tabIndex={-1}>
        <ErrorBoundary key={routeKey} compact>
          {!deciding && <CurrentView route={route} />}
        </ErrorBoundary>
      </main>
      {contactForm && <ContactFormDialog target={contactForm} onClose={closeForms} />}
      {companyForm && <CompanyFormDialog target={companyForm} onClose={closeForms} />}
      {dealForm && <DealFormDialog target={dealForm} onClose={closeForms} />}
      {taskForm && <TaskFormDialog target={taskForm} onClose={closeForms} />}
      {lostPrompt && <LostReasonDialog prompt={lostPrompt} onClose={() => askLostReason(null)} />}
      {shortcutsHelp && <ShortcutsHelp onClose={() => setShortcutsHelp(false)} />}
      {paletteOpen && <CommandPalette />}
      <JobsPanel />
      <Toasts />
    </div>
  )
}
