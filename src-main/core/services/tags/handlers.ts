/** The tags commands of the contract (src-shared/api/tags.ts), each to its service call. */
import type { tagsCommands } from '../../../../src-shared/api/tags'
import type { HandlersOf } from '../handlers-of'
import type { TagsService } from './tags'

export function tagsHandlers(s: { tags: TagsService }): HandlersOf<typeof tagsCommands> {
  return {
    'tags.list': () => s.tags.list(),
    'tags.create': (i) => s.tags.create(i),
    'tags.update': (i) => s.tags.update(i),
    'tags.delete': (i) => s.tags.remove(i.ids),
    'tags.restore': (i) => s.tags.restore(i.ids),
    'tags.assign': (i) => s.tags.assign(i),
    'tags.unassign': (i) => s.tags.unassign(i),
  }
}
