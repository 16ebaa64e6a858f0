/** The table view of the board's deals: paged and sorted by core, same pipeline and filters as the board. */
import type { DealCard, DealStatus } from '../../src-shared/model/deal'
import { closedWindow, type ClosedPeriod } from '../lib/closedPeriod'
import { crm } from '../lib/crm'
import { filterInput, NO_FILTERS, type BoardFilters } from './board'
import { createPagedListStore } from './pagedList'

export type DealSort = 'title' | 'value' | 'stage' | 'expectedClose' | 'updated' | 'closed'

export interface DealQuery {
  pipelineId: string | null
  filters: BoardFilters
  /** Open deals by default; the list can also show won or lost ones. */
  status: DealStatus
  /** Won or lost deals: closed in this period (local time); open deals ignore it. */
  closedPeriod: ClosedPeriod
  sort: DealSort
  direction: 'asc' | 'desc'
}

export const useDealList = createPagedListStore<DealCard, DealQuery>(
  (q, offset, limit) =>
    crm.invoke('deals.list', {
      ...(q.pipelineId ? { pipelineId: q.pipelineId } : {}),
      ...filterInput(q.filters),
      status: q.status,
      ...(q.status === 'open' ? {} : closedWindow(q.closedPeriod)),
      sort: q.sort,
      direction: q.direction,
      offset,
      limit,
    }),
  { pipelineId: null, filters: NO_FILTERS, status: 'open', closedPeriod: 'all', sort: 'updated', direction: 'desc' },
)
