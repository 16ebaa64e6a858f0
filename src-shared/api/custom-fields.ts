/** The contract of custom fields of contacts. */
import { byIds } from '../model/common'
import { type CustomField, customFieldCreateInput, customFieldUpdateInput } from '../model/custom-field'
import { command, none, type Count, type CommandMap } from './command'

export const customFieldsCommands = {
  'customFields.list': command<CustomField[]>()(none, { reads: ['custom_fields'] }),
  'customFields.create': command<CustomField>()(customFieldCreateInput),
  'customFields.update': command<CustomField>()(customFieldUpdateInput),
  'customFields.delete': command<Count>()(byIds),
  'customFields.restore': command<Count>()(byIds),
} satisfies CommandMap
