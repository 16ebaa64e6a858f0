/** The user-defined contact fields, in their order. */
import type { CustomField } from '../../src-shared/model/custom-field'
import { createQuery } from './query'

export const useCustomFields = createQuery('customFields.list', { select: (fields): CustomField[] => [...fields].sort((a, b) => a.position - b.position) })
