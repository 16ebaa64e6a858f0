/** The contact shown on its page. */
import { crm } from '../lib/crm'
import { createRecordDetailStore } from './recordDetail'

export const useContactDetail = createRecordDetailStore((id) => crm.invoke('contacts.get', { id }))
