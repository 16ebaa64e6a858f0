/** The table view of the board's deals: paged and sorted by core, same pipeline and filters as the board. */
import type { DealCard, DealStatus } from '../../src-shared/model/deal'
import { crm } from '../lib/crm'
import { filterInput, NO_FILTERS, type BoardFilters } from './board'
import { createPagedListStore } from './pagedList'

export type DealSort = 'title' | 'value' | 'stage' | 'expectedClose' | 'updated'

export interface DealQuery {
  pipelineId: string | null
  filters: BoardFilters
  /** Open deals by default; the list can also show won or lost ones. */
  status: DealStatus
  sort: DealSort
  direction: 'asc' | 'desc'
}

export const useDealList = createPagedListStore<DealCard, DealQuery>(
  (q, offset, limit) =>
    crm.invoke('deals.list', {
      ...(q.pipelineId ? { pipelineId: q.pipelineId } : {}),
      ...filterInput(q.filters),
      status: q.status,
      sort: q.sort,
      direction: q.direction,
      offset,
      limit,
    }),
  { pipelineId: null, filters: NO_FILTERS, status: 'open', sort: 'updated', direction: 'desc' },
)
