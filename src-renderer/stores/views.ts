/** Saved views (smart lists) for the sidebar and the contacts list, with their live counts. */
import type { SavedView } from '../../src-shared/model/saved-view'
import { crm, toAppError } from '../lib/crm'
import { defineStore } from './registry'

interface ViewsState {
  views: SavedView[] | null
  /** view id → how many contacts it selects now. */
  counts: Record<string, number>
  error: string | null
  load: () => Promise<void>
  loadCounts: () => Promise<void>
}

let seq = 0
let countSeq = 0

export const useViews = defineStore<ViewsState>((set) => ({
  views: null,
  counts: {},
  error: null,
  load: async () => {
    const mine = ++seq
    try {
      const views = await crm.invoke('views.list')
      if (mine === seq) set({ views, error: null })
    } catch (error) {
      if (mine === seq) set({ error: toAppError(error).message })
    }
  },
  loadCounts: async () => {
    const mine = ++countSeq
    try {
      const rows = await crm.invoke('views.counts')
      if (mine === countSeq) set({ counts: Object.fromEntries(rows.map((r) => [r.id, r.count])) })
    } catch {
      // counts are a hint: the sidebar keeps the last ones; the list itself shows any error
    }
  },
}))

export const viewById = (id: string | undefined) => (id ? useViews.getState().views?.find((v) => v.id === id) : undefined)
