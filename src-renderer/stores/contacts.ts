/** The contacts list (paged, sorted, filtered) and the rows the user selected in it. */
import { create } from 'zustand'
import type { ContactSummary, LifecycleStage } from '../../src-shared/model/contact'
import { crm } from '../lib/crm'
import { createPagedListStore } from './pagedList'

export type ContactSort = 'name' | 'lastContacted' | 'created'
export type SortDirection = 'asc' | 'desc'

export interface ContactQuery {
  sort: ContactSort
  direction: SortDirection
  tagId?: string
  lifecycleStage?: LifecycleStage
}

export const useContactList = createPagedListStore<ContactSummary, ContactQuery>(
  (query, offset, limit) =>
    crm.invoke('contacts.list', {
      sort: query.sort,
      direction: query.direction,
      ...(query.tagId ? { tagId: query.tagId } : {}),
      ...(query.lifecycleStage ? { lifecycleStage: query.lifecycleStage } : {}),
      offset,
      limit,
    }),
  { sort: 'name', direction: 'asc' },
)

export const hasContactFilters = (q: ContactQuery) => Boolean(q.tagId || q.lifecycleStage)

interface SelectionState {
  selected: ReadonlySet<string>
  toggle: (id: string) => void
  setMany: (ids: string[], on: boolean) => void
  clear: () => void
}

export const useContactSelection = create<SelectionState>((set) => ({
  selected: new Set(),
  toggle: (id) =>
    set((s) => {
      const next = new Set(s.selected)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return { selected: next }
    }),
  setMany: (ids, on) =>
    set((s) => {
      const next = new Set(s.selected)
      for (const id of ids) {
        if (on) next.add(id)
        else next.delete(id)
      }
      return { selected: next }
    }),
  clear: () => set({ selected: new Set() }),
}))
