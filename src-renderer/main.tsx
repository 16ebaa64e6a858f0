import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { ErrorBoundary } from './components/ErrorBoundary'
import { startTheme } from './stores/theme'
import './styles/theme.css'
import './styles/base.css'
import './styles/layout.css'
import './styles/controls.css'
import './styles/list.css'
import './styles/detail.css'
import './styles/timeline.css'
import './styles/dialog.css'
import './styles/settings.css'
import './styles/board.css'
import './styles/tasks.css'
import './styles/reports.css'

// Before React's first render: the saved theme is on <html> before anything is painted.
startTheme()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>,
)
