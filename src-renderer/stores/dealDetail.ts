/** The deal shown on its page. */
import { crm } from '../lib/crm'
import { createRecordDetailStore } from './recordDetail'

export const useDealDetail = createRecordDetailStore((id) => crm.invoke('deals.get', { id }))
