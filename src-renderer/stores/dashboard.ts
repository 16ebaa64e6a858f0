/** The home dashboard's figures, for the user's local today, week, month and quarter. */
import type { Dashboard } from '../../src-shared/model/report'
import { crm, toAppError } from '../lib/crm'
import { dashboardBoundaries, type DashboardBoundaries } from '../lib/reportRanges'
import { defineStore } from './registry'

interface DashboardState {
  data: Dashboard | null
  /** The boundaries the figures are for (the tiles link to lists filtered by them). */
  bounds: DashboardBoundaries
  status: 'loading' | 'ready' | 'error'
  error: string | null
  load: () => Promise<void>
}

let seq = 0

export const useDashboard = defineStore<DashboardState>((set, get) => ({
  data: null,
  bounds: dashboardBoundaries(),
  status: 'loading',
  error: null,
  load: async () => {
    const mine = ++seq
    const bounds = dashboardBoundaries()
    try {
      const data = await crm.invoke('reports.dashboard', bounds)
      if (mine === seq) set({ data, bounds, status: 'ready', error: null })
    } catch (e) {
      if (mine === seq) set({ status: get().data ? 'ready' : 'error', error: toAppError(e).message })
    }
  },
}))
