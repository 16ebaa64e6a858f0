/**
 * Follow-ups on the Today view (overdue, due today, upcoming) and the sidebar badge's counts. The
 * day is the user's local day, computed here and sent to core.
 */
import type { TodayTasks } from '../../src-shared/model/task'
import { crm, toAppError } from '../lib/crm'
import { dayWindow } from '../lib/dueDates'
import { defineStore } from './registry'

interface TodayState {
  data: TodayTasks | null
  status: 'loading' | 'ready' | 'error'
  error: string | null
  load: () => Promise<void>
}

let todaySeq = 0

export const useToday = defineStore<TodayState>((set, get) => ({
  data: null,
  status: 'loading',
  error: null,
  load: async () => {
    const mine = ++todaySeq
    try {
      const data = await crm.invoke('tasks.today', { ...dayWindow(), upcomingLimit: 50 })
      if (mine === todaySeq) set({ data, status: 'ready', error: null })
    } catch (e) {
      if (mine === todaySeq) set({ status: get().data ? 'ready' : 'error', error: toAppError(e).message })
    }
  },
}))

interface CountsState {
  overdue: number
  today: number
  load: () => Promise<void>
}

let countsSeq = 0

/** The sidebar badge: overdue + due today. A failed refresh keeps the last numbers. */
export const useTaskCounts = defineStore<CountsState>((set) => ({
  overdue: 0,
  today: 0,
  load: async () => {
    const mine = ++countsSeq
    try {
      const counts = await crm.invoke('tasks.counts', dayWindow())
      if (mine === countsSeq) set({ overdue: counts.overdue, today: counts.today })
    } catch {
      // keep the last counts; the next tick tries again
    }
  },
}))

/** After a write from this window: the badge and (if shown) the Today lists catch up at once. */
export function refreshTaskViews(): void {
  void useTaskCounts.getState().load()
  if (useToday.getState().data) void useToday.getState().load()
}
