/** The views commands of the contract (src-shared/api/views.ts), each to its service call. */
import type { viewsCommands } from '../../../../src-shared/api/views'
import type { HandlersOf } from '../handlers-of'
import type { SavedViewsService } from './saved-views'

export function viewsHandlers(s: { views: SavedViewsService }): HandlersOf<typeof viewsCommands> {
  return {
    'views.list': () => s.views.list(),
    'views.create': (i) => s.views.create(i),
    'views.update': (i) => s.views.update(i),
    'views.delete': (i) => s.views.remove(i.ids),
    'views.restore': (i) => s.views.restore(i.ids),
    'views.counts': () => s.views.counts(),
  }
}
