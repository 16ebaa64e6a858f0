/** All tags with their colours and counts: used by chips, pickers, filters and Settings. */
import type { Tag } from '../../src-shared/model/tag'
import { crm, toAppError } from '../lib/crm'
import { defineStore } from './registry'

interface TagsState {
  tags: Tag[] | null
  error: string | null
  load: () => Promise<void>
}

let seq = 0

export const useTags = defineStore<TagsState>((set) => ({
  tags: null,
  error: null,
  load: async () => {
    const mine = ++seq
    try {
      const tags = await crm.invoke('tags.list')
      if (mine === seq) set({ tags: [...tags].sort((a, b) => a.name.localeCompare(b.name)), error: null })
    } catch (error) {
      if (mine === seq) set({ error: toAppError(error).message })
    }
  },
}))
