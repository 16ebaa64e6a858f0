/** The contacts list (paged, sorted, filtered) and the rows the user selected in it. */
import type { ContactSummary, LifecycleStage } from '../../src-shared/model/contact'
import type { ContactFilter } from '../../src-shared/model/contact-filter'
import { crm } from '../lib/crm'
import { createPagedListStore } from './pagedList'
import { defineStore } from './registry'

export type ContactSort = 'name' | 'lastContacted' | 'created'
export type SortDirection = 'asc' | 'desc'

export interface ContactQuery {
  sort: ContactSort
  direction: SortDirection
  tagId?: string
  lifecycleStage?: LifecycleStage
  /** The filter builder's complete conditions (a saved view's, or a draft). */
  filter?: ContactFilter
}

/** The part of the query that selects contacts (no order): what contacts.count and bulk actions take. */
export function selectionOf(q: ContactQuery) {
  return {
    ...(q.tagId ? { tagId: q.tagId } : {}),
    ...(q.lifecycleStage ? { lifecycleStage: q.lifecycleStage } : {}),
    ...(q.filter && q.filter.conditions.length > 0 ? { filter: q.filter } : {}),
  }
}

export const useContactList = createPagedListStore<ContactSummary, ContactQuery>(
  (query, offset, limit) => crm.invoke('contacts.list', { sort: query.sort, direction: query.direction, ...selectionOf(query), offset, limit }),
  { sort: 'name', direction: 'asc' },
)

export const hasContactFilters = (q: ContactQuery) => Boolean(q.tagId || q.lifecycleStage || (q.filter && q.filter.conditions.length > 0))

interface SelectionState {
  selected: ReadonlySet<string>
  /** "Select all N": every contact the list's query selects, loaded or not. */
  allMatching: boolean
  toggle: (id: string) => void
  setMany: (ids: string[], on: boolean) => void
  selectAllMatching: () => void
  clear: () => void
}

export const useContactSelection = defineStore<SelectionState>((set) => ({
  selected: new Set(),
  allMatching: false,
  toggle: (id) =>
    set((s) => {
      const next = new Set(s.selected)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return { selected: next, allMatching: false }
    }),
  setMany: (ids, on) =>
    set((s) => {
      const next = new Set(s.selected)
      for (const id of ids) {
        if (on) next.add(id)
        else next.delete(id)
      }
      return { selected: next, allMatching: false }
    }),
  selectAllMatching: () => set({ allMatching: true }),
  clear: () => set({ selected: new Set(), allMatching: false }),
}))
