/** Reminders that went off and are still on screen (they stay until acted on or dismissed). */
import type { ReminderNotice } from '../../src-shared/model/task'
import { defineStore } from './registry'

export interface ShownReminder {
  key: number
  notice: ReminderNotice
  at: number
}

interface RemindersState {
  shown: ShownReminder[]
  add: (notices: ReminderNotice[]) => void
  dismiss: (key: number) => void
  dismissAll: () => void
}

let nextKey = 1
const MAX = 6

export const useReminders = defineStore<RemindersState>((set) => ({
  shown: [],
  add: (notices) =>
    set((s) => {
      // A task that reminds again replaces its earlier card instead of stacking up.
      const again = new Set(notices.map((n) => n.taskId).filter(Boolean))
      const kept = s.shown.filter((r) => !r.notice.taskId || !again.has(r.notice.taskId))
      const added = notices.map((notice) => ({ key: nextKey++, notice, at: Date.now() }))
      return { shown: [...kept, ...added].slice(-MAX) }
    }),
  dismiss: (key) => set((s) => ({ shown: s.shown.filter((r) => r.key !== key) })),
  dismissAll: () => set({ shown: [] }),
}))
