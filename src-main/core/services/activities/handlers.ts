/** The activities commands of the contract (src-shared/api/activities.ts), each to its service call. */
import type { activitiesCommands } from '../../../../src-shared/api/activities'
import type { HandlersOf } from '../handlers-of'
import type { ActivitiesService } from './activities'

export function activitiesHandlers(s: { activities: ActivitiesService }): HandlersOf<typeof activitiesCommands> {
  return {
    'activities.list': (i) => s.activities.list(i),
    'activities.create': (i) => s.activities.create(i),
    'activities.update': (i) => s.activities.update(i),
    'activities.delete': (i) => s.activities.remove(i.ids),
    'activities.restore': (i) => s.activities.restore(i.ids),
  }
}
