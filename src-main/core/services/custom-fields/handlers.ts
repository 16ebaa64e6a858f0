/** The customFields commands of the contract (src-shared/api/custom-fields.ts), each to its service call. */
import type { customFieldsCommands } from '../../../../src-shared/api/custom-fields'
import type { HandlersOf } from '../handlers-of'
import type { CustomFieldsService } from './custom-fields'

export function customFieldsHandlers(s: { customFields: CustomFieldsService }): HandlersOf<typeof customFieldsCommands> {
  return {
    'customFields.list': () => s.customFields.list(),
    'customFields.create': (i) => s.customFields.create(i),
    'customFields.update': (i) => s.customFields.update(i),
    'customFields.delete': (i) => s.customFields.remove(i.ids),
    'customFields.restore': (i) => s.customFields.restore(i.ids),
  }
}
