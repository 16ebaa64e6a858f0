/** The deal shown on its page. */
import { create } from 'zustand'
import type { Deal } from '../../src-shared/model/deal'
import { crm, toAppError } from '../lib/crm'
import type { LoadStatus } from './contactDetail'

interface DealDetailState {
  id: string | null
  deal: Deal | null
  status: LoadStatus
  error: string | null
  open: (id: string) => void
  reload: () => Promise<void>
  /** Puts a deal just returned by a command on screen without waiting for a refetch. */
  replace: (deal: Deal) => void
}

let seq = 0

export const useDealDetail = create<DealDetailState>((set, get) => ({
  id: null,
  deal: null,
  status: 'loading',
  error: null,
  open: (id) => {
    if (get().id !== id) set({ id, deal: null, status: 'loading', error: null })
    void get().reload()
  },
  reload: async () => {
    const id = get().id
    if (!id) return
    const mine = ++seq
    try {
      const deal = await crm.invoke('deals.get', { id })
      if (mine === seq) set({ deal, status: 'ready', error: null })
    } catch (e) {
      if (mine !== seq) return
      const error = toAppError(e)
      if (error.code === 'NOT_FOUND') set({ deal: null, status: 'missing', error: error.message })
      else set({ status: get().deal ? 'ready' : 'error', error: error.message })
    }
  },
  replace: (deal) => {
    if (deal.id === get().id) set({ deal, status: 'ready' })
  },
}))
