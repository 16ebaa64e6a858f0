/** The contract of contacts: list, detail, edit, delete/restore, bulk actions. */
import { type Page, byId, byIds, recordId } from '../model/common'
import { type Contact, type ContactSummary, contactCreateInput, contactListInput, contactQuery, contactUpdateInput } from '../model/contact'
import { type BulkResult, bulkUndoInput, contactBulkInput } from '../model/saved-view'
import { z } from 'zod'
import { command, type Count, type CommandMap } from './command'

/** One transaction's changes to a contact (its row and its emails/phones), as the change log holds them. */
export interface HistoryEntry {
  txId: string
  /** When it was written (the HLC's wall time, ms). */
  at: number
  deviceId: string
  /** Written on this device (false: it came from another one through sync). */
  thisDevice: boolean
  /** Who made it: the workspace member's name (sync), or null when unknown (before sync, or no member list yet). */
  by: string | null
  changes: HistoryChange[]
}

export interface HistoryChange {
  record: 'contact' | 'channel'
  rowId: string
  kind: 'created' | 'changed' | 'deleted' | 'restored'
  /** The column changed (SQL name), for kind 'changed'. */
  field: string | null
  /** The new value ('changed'), or the fields of the new row ('created'). */
  value: unknown
  /** A teammate's edit that arrived after a later edit of the same field had won: it never took effect. */
  lost: boolean
}

export interface RecordHistory {
  entries: HistoryEntry[]
  /** Pass as `before` for the older page; null when there is none. */
  nextBefore: string | null
}

export const historyInput = z.strictObject({
  id: recordId,
  /** Change-log entries per page (a transaction is never cut in two, so a page may hold a few more). */
  limit: z.number().int().min(1).max(1000).default(200),
  /** The nextBefore of the previous page. */
  before: z.string().max(64).optional(),
})

export const contactsCommands = {
  'contacts.list': command<Page<ContactSummary>>()(contactListInput, { reads: ['contacts', 'contact_channels', 'contact_tags', 'tags', 'companies', 'activities', 'contact_field_values'] }),
  'contacts.get': command<Contact>()(byId, { reads: ['contacts', 'contact_channels', 'contact_tags', 'tags', 'companies', 'activities', 'contact_field_values', 'custom_fields', 'tasks'] }),
  /** The contact's record history, newest first: every change to it and its channels, per transaction, from the change log. */
  'contacts.history': command<RecordHistory>()(historyInput, { reads: ['contacts', 'contact_channels'] }),
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
