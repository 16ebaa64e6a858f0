/** Toast messages: confirmations, errors, and the Undo offer after anything is deleted. */
import { toAppError } from '../lib/crm'
import { defineStore } from './registry'

export type ToastTone = 'info' | 'success' | 'error'

export interface ToastAction {
  label: string
  run: () => unknown
}

export interface Toast {
  id: number
  message: string
  tone: ToastTone
  action?: ToastAction
  /** Milliseconds until it goes away by itself. */
  duration: number
}

export const UNDO_TOAST_MS = 8000
const DEFAULT_MS = 5000
const MAX_TOASTS = 4

interface ToastState {
  toasts: Toast[]
  push: (toast: Omit<Toast, 'id' | 'duration' | 'tone'> & Partial<Pick<Toast, 'duration' | 'tone'>>) => number
  dismiss: (id: number) => void
}

let nextId = 1

export const useToasts = defineStore<ToastState>((set) => ({
  toasts: [],
  push: (toast) => {
    const id = nextId++
    const full: Toast = { tone: 'info', duration: toast.action ? UNDO_TOAST_MS : DEFAULT_MS, ...toast, id }
    set((s) => ({ toasts: [...s.toasts, full].slice(-MAX_TOASTS) }))
    return id
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}))

/**
 * Where the stack goes so it never covers what a person is in the middle of:
 * - `corner`: bottom right, as usual;
 * - `above-dialog`: while a modal dialog is open, one line in the strip above it (dialogs start at
 *   8vh, dialog.css), the newest toast and a "reminder waiting" chip; the full cards come back after;
 * - `held`: while a board card is dragged (its Won / Lost zones fill the bottom), nothing is shown,
 *   timers are paused, and everything comes back on the drop.
 */
export type ToastPlacement = 'corner' | 'above-dialog' | 'held'

export function toastPlacement({ dialogOpen, dragging }: { dialogOpen: boolean; dragging: boolean }): ToastPlacement {
  if (dragging) return 'held'
  return dialogOpen ? 'above-dialog' : 'corner'
}

export function showToast(message: string, tone: ToastTone = 'success'): number {
  return useToasts.getState().push({ message, tone })
}

/** Shows the message of any error (AppError messages are written for people). */
export function showError(error: unknown): number {
  return useToasts.getState().push({ message: toAppError(error).message, tone: 'error', duration: 8000 })
}

/** "Deleted Ada Lovelace · Undo": the Undo button calls `undo` (a restore command). */
export function showUndo(message: string, undo: () => Promise<unknown>, restoredMessage = 'Restored'): number {
  return useToasts.getState().push({
    message,
    tone: 'info',
    duration: UNDO_TOAST_MS,
    action: {
      label: 'Undo',
      run: async () => {
        try {
          await undo()
          showToast(restoredMessage)
        } catch (error) {
          showError(error)
        }
      },
    },
  })
}
