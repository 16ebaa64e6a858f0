/** The contract of contacts: list, detail, edit, delete/restore, bulk actions. */
import { type Page, byId, byIds } from '../model/common'
import { type Contact, type ContactSummary, contactCreateInput, contactListInput, contactQuery, contactUpdateInput } from '../model/contact'
import { type BulkResult, bulkUndoInput, contactBulkInput } from '../model/saved-view'
import { command, type Count, type CommandMap } from './command'

export const contactsCommands = {
  'contacts.list': command<Page<ContactSummary>>()(contactListInput, { reads: ['contacts', 'contact_channels', 'contact_tags', 'tags', 'companies', 'activities', 'contact_field_values'] }),
  'contacts.get': command<Contact>()(byId, { reads: ['contacts', 'contact_channels', 'contact_tags', 'tags', 'companies', 'activities', 'contact_field_values', 'custom_fields', 'tasks'] }),
  'contacts.create': command<Contact>()(contactCreateInput),
  'contacts.update': command<Contact>()(contactUpdateInput),
  'contacts.delete': command<Count>()(byIds),
  'contacts.restore': command<Count>()(byIds),
  /** How many live contacts a query (quick filters and/or a filter) selects. */
  'contacts.count': command<Count>()(contactQuery, { reads: ['contacts', 'contact_channels', 'contact_tags', 'tags', 'companies', 'activities', 'contact_field_values'] }),
  /**
   * Tag, untag, set owner, set stage or delete the ticked contacts or every contact a query selects
   * (at most 10,000), as a job in short chunks (job.progress; CANCELLED when cancelled, and then
   * nothing of it is kept); jobId undoes it with contacts.bulkUndo.
   */
  'contacts.bulk': command<BulkResult>()(contactBulkInput),
  /** Reverts every chunk of a bulk action, as a job (edits made since are kept and counted). */
  'contacts.bulkUndo': command<{ reverted: number; keptLaterEdits: number }>()(bulkUndoInput),
} satisfies CommandMap
