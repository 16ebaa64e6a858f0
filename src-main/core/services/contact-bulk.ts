/**
 * Bulk actions on contacts (tag, untag, owner, lifecycle stage, delete) in ONE transaction through
 * the repository, so Undo is revertTransactions of that transaction: every field goes back to what
 * it was, except fields someone edited since (those edits are kept).
 * The target is the ticked ids, or every contact a list query selects, at most MAX_BULK: a larger
 * selection is refused with a message, never cut short silently.
 */
import { AppError } from '../../../src-shared/errors'
import { MAX_BULK, type BulkAction, type BulkResult } from '../../../src-shared/model/saved-view'
import type { ContactQuery, ContactsService } from './contacts'
import { requireActive, type ServiceContext } from './context'
import { revertTransactions } from '../db/revert'
import type { createTagsService } from './tags'

type Target = { ids: string[] } | { query: ContactQuery }

export function createContactBulkService(ctx: ServiceContext, deps: { contacts: ContactsService; tags: ReturnType<typeof createTagsService> }) {
  const { q, repo } = ctx

  function resolve(target: Target): string[] {
    if ('ids' in target) {
      const ids = [...new Set(target.ids)]
      for (const id of ids) requireActive(ctx, 'contacts', id, 'A selected contact')
      return ids
    }
    const ids = deps.contacts.idsOf(target.query, MAX_BULK + 1)
    if (ids.length > MAX_BULK) {
      throw new AppError('VALIDATION', `This view holds more than ${MAX_BULK.toLocaleString('en-US')} contacts. Narrow it with another condition and run the action in parts.`, {
        limit: MAX_BULK,
      })
    }
    return ids
  }

  function apply({ target, action }: { target: Target; action: BulkAction }): BulkResult {
    if (action.kind === 'addTag' || action.kind === 'removeTag') requireActive(ctx, 'tags', action.tagId, 'The tag')
    return repo.write((w) => {
      const ids = resolve(target)
      let changed = 0
      if (ids.length > 0) {
        switch (action.kind) {
          case 'addTag':
            changed = deps.tags.assign({ tagId: action.tagId, contactIds: ids }).count
            break
          case 'removeTag':
            changed = deps.tags.unassign({ tagId: action.tagId, contactIds: ids }).count
            break
          case 'setOwner':
            for (const id of ids) if (w.update('contacts', id, { owner: action.owner }) > 0) changed++
            break
          case 'setStage':
            for (const id of ids) if (w.update('contacts', id, { lifecycleStage: action.stage }) > 0) changed++
            break
          case 'delete':
            changed = w.softDeleteMany('contacts', ids)
            break
        }
      }
      return { changed, selected: ids.length, txId: w.txId }
    })
  }

  function undo({ txId }: { txId: string }) {
    const wrote = q.one('SELECT 1 FROM change_log WHERE tx_id = ? LIMIT 1', txId)
    if (!wrote) throw new AppError('NOT_FOUND', 'That change was not found, so there is nothing to undo.', { txId })
    return revertTransactions(ctx, [txId])
  }

  return { apply, undo }
}

export type ContactBulkService = ReturnType<typeof createContactBulkService>
