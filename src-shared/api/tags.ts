/** The contract of tags and their assignment to contacts. */
import { byIds } from '../model/common'
import { type Tag, tagAssignInput, tagCreateInput, tagUpdateInput } from '../model/tag'
import { command, none, type Count, type CommandMap } from './command'

export const tagsCommands = {
  'tags.list': command<Tag[]>()(none, { reads: ['tags', 'contact_tags', 'contacts'] }),
  'tags.create': command<Tag>()(tagCreateInput),
  'tags.update': command<Tag>()(tagUpdateInput),
  'tags.delete': command<Count>()(byIds),
  'tags.restore': command<Count>()(byIds),
  'tags.assign': command<Count>()(tagAssignInput),
  'tags.unassign': command<Count>()(tagAssignInput),
} satisfies CommandMap
