/** The tasks commands of the contract (src-shared/api/tasks.ts), each to its service call. */
import type { tasksCommands } from '../../../../src-shared/api/tasks'
import type { HandlersOf } from '../handlers-of'
import type { ContactsService } from '../contacts/contacts'
import type { TasksService } from './tasks'

export function tasksHandlers(s: { contacts: ContactsService; tasks: TasksService }): HandlersOf<typeof tasksCommands> {
  return {
    'tasks.today': (i) => s.tasks.today(i),
    'tasks.counts': (i) => s.tasks.counts(i),
    'tasks.list': (i) => s.tasks.list(i),
    'tasks.get': (i) => s.tasks.get(i.id),
    'tasks.create': (i) => s.tasks.create(i as Parameters<TasksService['create']>[0]),
    'tasks.update': (i) => s.tasks.update(i),
    'tasks.complete': (i) => s.tasks.complete(i.id),
    'tasks.reopen': (i) => s.tasks.reopen(i.id),
    'tasks.snooze': (i) => s.tasks.snooze(i),
    'tasks.delete': (i) => s.tasks.remove(i.ids),
    'tasks.restore': (i) => s.tasks.restore(i.ids),
    'contacts.keepInTouch': (i) => {
      s.tasks.setKeepInTouch(i)
      return s.contacts.get(i.contactId)
    },
  }
}
