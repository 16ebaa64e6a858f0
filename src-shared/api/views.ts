/** The contract of saved views (smart lists) of the contacts list. */
import { byIds } from '../model/common'
import { type SavedView, type ViewCount, savedViewCreateInput, savedViewUpdateInput } from '../model/saved-view'
import { command, none, type Count, type CommandMap } from './command'

export const viewsCommands = {
  'views.list': command<SavedView[]>()(none, { reads: ['saved_views'] }),
  'views.create': command<SavedView>()(savedViewCreateInput),
  'views.update': command<SavedView>()(savedViewUpdateInput),
  'views.delete': command<Count>()(byIds),
  'views.restore': command<Count>()(byIds),
  /** Live count of each view, for the sidebar. */
  'views.counts': command<ViewCount[]>()(none, { reads: ['contacts', 'contact_channels', 'contact_tags', 'tags', 'companies', 'activities', 'contact_field_values', 'saved_views'] }),
} satisfies CommandMap
