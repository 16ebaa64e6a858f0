/** Last line of defence: a render error shows a calm message with a Reload button instead of a blank window. */
import { Component, type ErrorInfo, type ReactNode } from 'react'

interface State {
  error: Error | null
}

export class ErrorBoundary extends Component<{ children: ReactNode; compact?: boolean }, State> {
  state: State = { error: null }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('The interface hit an error', error, info.componentStack)
  }

  render() {
    if (!this.state.error) return this.props.children
    return (
      <div className="crash" role="alert">
        <h1>Something went wrong on this screen</h1>
        <p>Your data is safe. Reload the window to continue.</p>
        <pre className="crash-detail">{this.state.error.message}</pre>
        <div className="crash-actions">
          <button type="button" className="button button-primary" onClick={() => location.reload()}>
            Reload
          </button>
          {this.props.compact && (
            <button type="button" className="button" onClick={() => this.setState({ error: null })}>
              Try again
            </button>
          )}
        </div>
      </div>
    )
  }
}
