/** The pipelines with their stages, and the workspace settings (default currency): used by the board, forms and Settings. */
import type { Pipeline } from '../../src-shared/model/deal'
import type { Settings } from '../../src-shared/model/settings'
import { crm, toAppError } from '../lib/crm'
import { defineStore } from './registry'

interface PipelinesState {
  pipelines: Pipeline[] | null
  settings: Settings | null
  error: string | null
  load: () => Promise<void>
}

let seq = 0
const byPosition = <T extends { position: number }>(a: T, b: T) => a.position - b.position

export const usePipelines = defineStore<PipelinesState>((set) => ({
  pipelines: null,
  settings: null,
  error: null,
  load: async () => {
    const mine = ++seq
    try {
      const [pipelines, settings] = await Promise.all([crm.invoke('pipelines.list'), crm.invoke('settings.get')])
      if (mine !== seq) return
      set({
        pipelines: [...pipelines].sort(byPosition).map((p) => ({ ...p, stages: [...p.stages].sort(byPosition) })),
        settings,
        error: null,
      })
    } catch (error) {
      if (mine === seq) set({ error: toAppError(error).message })
    }
  },
}))

/** The default currency until settings arrived. */
export const FALLBACK_CURRENCY = 'EUR'
export const defaultCurrency = () => usePipelines.getState().settings?.defaultCurrency ?? FALLBACK_CURRENCY
