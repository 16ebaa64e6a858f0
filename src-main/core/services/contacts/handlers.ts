/** The contacts commands of the contract (src-shared/api/contacts.ts), each to its service call. */
import type { contactsCommands } from '../../../../src-shared/api/contacts'
import type { HandlersOf } from '../handlers-of'
import type { ContactsService } from './contacts'
import type { ContactBulkService } from './contact-bulk'

export function contactsHandlers(s: { contacts: ContactsService; contactBulk: ContactBulkService }): HandlersOf<typeof contactsCommands> {
  return {
    'contacts.list': (i) => s.contacts.list(i),
    'contacts.get': (i) => s.contacts.get(i.id),
    'contacts.history': (i) => s.contacts.history(i),
    'contacts.create': (i) => s.contacts.create(i),
    'contacts.update': (i) => s.contacts.update(i),
    'contacts.delete': (i) => s.contacts.remove(i.ids),
    'contacts.restore': (i) => s.contacts.restore(i.ids),
    'contacts.count': (i) => ({ count: s.contacts.count(i) }),
    'contacts.bulk': (i) => s.contactBulk.apply(i),
    'contacts.bulkUndo': (i) => s.contactBulk.undo(i),
  }
}
