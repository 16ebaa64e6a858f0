/** The duplicate pairs the Duplicates view shows, and the sidebar's count. */
import type { DuplicateList } from '../../src-shared/model/duplicate'
import { crm, toAppError } from '../lib/crm'
import { defineStore } from './registry'

/** Phone numbers without +country are read in the user's region (from the UI language, e.g. en-GB → GB). */
export function userRegion(): string | undefined {
  try {
    const region = new Intl.Locale(typeof navigator === 'undefined' ? 'en-US' : navigator.language).maximize().region
    return region && /^[A-Z]{2}$/.test(region) ? region : undefined
  } catch {
    return undefined
  }
}

interface DuplicatesState {
  data: DuplicateList | null
  status: 'idle' | 'loading' | 'ready'
  error: string | null
  /** Pairs found, for the sidebar; null until first counted. */
  count: number | null
  load: () => Promise<void>
  loadCount: () => Promise<void>
}

export const useDuplicates = defineStore<DuplicatesState>((set) => ({
  data: null,
  status: 'idle',
  error: null,
  count: null,
  load: async () => {
    set((s) => ({ status: s.data ? 'ready' : 'loading', error: null }))
    try {
      const data = await crm.invoke('duplicates.list', { region: userRegion() })
      set({ data, status: 'ready', count: data.total })
    } catch (error) {
      set({ status: 'ready', error: toAppError(error).message })
    }
  },
  loadCount: async () => {
    try {
      const { count } = await crm.invoke('duplicates.count', { region: userRegion() })
      set({ count })
    } catch {
      // the badge is a hint: leave it as it was
    }
  },
}))
