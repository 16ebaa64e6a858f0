/** The contract of the history: calls, emails, meetings, notes. */
import { type Activity, activityCreateInput, activityListInput, activityUpdateInput } from '../model/activity'
import { byIds } from '../model/common'
import { command, type Count, type CommandMap } from './command'

export const activitiesCommands = {
  'activities.list': command<Activity[]>()(activityListInput, { reads: ['activities', 'contacts', 'deals', 'companies'] }),
  'activities.create': command<Activity>()(activityCreateInput),
  'activities.update': command<Activity>()(activityUpdateInput),
  'activities.delete': command<Count>()(byIds),
  'activities.restore': command<Count>()(byIds),
} satisfies CommandMap
