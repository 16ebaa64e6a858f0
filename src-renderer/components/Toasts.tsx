/** The toast stack (bottom right): each goes away after its time, paused while the pointer is on it; reminders sit on top and stay. */
import { useEffect, useRef } from 'react'
import { useToasts, type Toast } from '../stores/toasts'
import { Icon } from './Icons'
import { ReminderToasts } from './ReminderToasts'

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useToasts((s) => s.dismiss)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const remaining = useRef(toast.duration)
  const startedAt = useRef(0)

  const start = () => {
    startedAt.current = Date.now()
    timer.current = setTimeout(() => dismiss(toast.id), remaining.current)
  }
  const pause = () => {
    clearTimeout(timer.current)
    remaining.current = Math.max(1000, remaining.current - (Date.now() - startedAt.current))
  }

  useEffect(() => {
    start()
    return () => clearTimeout(timer.current)
  }, [])

  return (
    <div
      className={`toast toast-${toast.tone}`}
      data-testid="toast"
      role={toast.tone === 'error' ? 'alert' : 'status'}
      onMouseEnter={pause}
      onMouseLeave={start}
    >
      {toast.tone === 'error' && <Icon name="alert" className="toast-icon" />}
      <span className="toast-message">{toast.message}</span>
      {toast.action && (
        <button
          type="button"
          className="toast-action"
          onClick={() => {
            dismiss(toast.id)
            void toast.action?.run()
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" className="icon-button toast-close" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        <Icon name="close" size={14} />
      </button>
    </div>
  )
}

export function Toasts() {
  const toasts = useToasts((s) => s.toasts)
  return (
    <div className="toasts" aria-live="polite">
      <ReminderToasts />
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  )
}
