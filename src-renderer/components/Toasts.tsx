/**
 * The toast stack (bottom right): each goes away after its time, paused while the pointer is on it;
 * reminders sit on top and stay. It moves out of the way of what a person is doing (toastPlacement):
 * above an open dialog, or out of sight while a board card is dragged.
 */
import { useEffect, useRef, useSyncExternalStore } from 'react'
import { useBoard } from '../stores/board'
import { toastPlacement, useToasts, type Toast } from '../stores/toasts'
import { Icon } from './Icons'
import { ReminderToasts } from './ReminderToasts'

/** Is a modal dialog open? Dialogs are portals straight under <body>, so watching its children is enough. */
const MODAL = '[role="dialog"][aria-modal="true"]'
function subscribeToDialogs(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange)
  observer.observe(document.body, { childList: true })
  return () => observer.disconnect()
}
const dialogOpenNow = () => document.querySelector(MODAL) !== null
function useModalDialogOpen(): boolean {
  return useSyncExternalStore(subscribeToDialogs, dialogOpenNow, () => false)
}

function ToastItem({ toast, paused, hidden }: { toast: Toast; paused: boolean; hidden: boolean }) {
  const dismiss = useToasts((s) => s.dismiss)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const remaining = useRef(toast.duration)
  const startedAt = useRef<number | null>(null)

  const start = () => {
    if (startedAt.current !== null) return
    startedAt.current = Date.now()
    timer.current = setTimeout(() => dismiss(toast.id), remaining.current)
  }
  const pause = () => {
    if (startedAt.current === null) return
    clearTimeout(timer.current)
    remaining.current = Math.max(1000, remaining.current - (Date.now() - startedAt.current))
    startedAt.current = null
  }

  // held out of sight (a drag): the time left waits for it to be seen
  useEffect(() => {
    if (paused) return
    start()
    return pause
  }, [paused])

  return (
    <div
      className={`toast toast-${toast.tone}`}
      data-testid="toast"
      hidden={hidden}
      role={toast.tone === 'error' ? 'alert' : 'status'}
      onMouseEnter={pause}
      onMouseLeave={() => !paused && start()}
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
  const dragging = useBoard((s) => s.dragging)
  const placement = toastPlacement({ dialogOpen: useModalDialogOpen(), dragging })
  const newest = toasts[toasts.length - 1]
  return (
    <div className={`toasts is-${placement}`} aria-live="polite" data-testid="toasts" data-placement={placement}>
      <ReminderToasts compact={placement === 'above-dialog'} />
      {toasts.map((t) => (
        // above a dialog there is room for one line: the newest; the others keep their time
        <ToastItem key={t.id} toast={t} paused={placement === 'held'} hidden={placement === 'above-dialog' && t !== newest} />
      ))}
    </div>
  )
}
