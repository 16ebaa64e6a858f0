/** The user-defined contact fields, in their order. */
import type { CustomField } from '../../src-shared/model/custom-field'
import { crm, toAppError } from '../lib/crm'
import { defineStore } from './registry'

interface CustomFieldsState {
  fields: CustomField[] | null
  error: string | null
  load: () => Promise<void>
}

let seq = 0

export const useCustomFields = defineStore<CustomFieldsState>((set) => ({
  fields: null,
  error: null,
  load: async () => {
    const mine = ++seq
    try {
      const fields = await crm.invoke('customFields.list')
      if (mine === seq) set({ fields: [...fields].sort((a, b) => a.position - b.position), error: null })
    } catch (error) {
      if (mine === seq) set({ error: toAppError(error).message })
    }
  },
}))
