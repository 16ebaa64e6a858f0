/** The companies list: paged, sorted, narrowed by a name prefix. */
import type { CompanySummary } from '../../src-shared/model/company'
import { crm } from '../lib/crm'
import { createPagedListStore } from './pagedList'

export interface CompanyQuery {
  sort: 'name' | 'created'
  direction: 'asc' | 'desc'
  query: string
}

export const useCompanyList = createPagedListStore<CompanySummary, CompanyQuery>(
  (q, offset, limit) =>
    crm.invoke('companies.list', {
      sort: q.sort,
      direction: q.direction,
      ...(q.query.trim() ? { query: q.query.trim() } : {}),
      offset,
      limit,
    }),
  { sort: 'name', direction: 'asc', query: '' },
)
