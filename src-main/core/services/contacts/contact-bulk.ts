/**
 * Bulk actions on contacts (tag, untag, owner, lifecycle stage, delete) through the repository,
 * as a job of short chunks (jobs/runner.ts): other commands answer between chunks, a progress bar
 * shows it, Cancel reverts what it did so far. Undo reverts all of its chunks: every field goes
 * back to what it was, except fields someone edited since (those edits are kept).
 * The target is the ticked ids, or every contact a list query selects, at most MAX_BULK: a larger
 * selection is refused with a message, never cut short silently.
 */
import { AppError } from '../../../../src-shared/errors'
import { MAX_BULK, type BulkAction, type BulkResult } from '../../../../src-shared/model/saved-view'
import { writeInChunks, type JobRunner } from '../../jobs/runner'
import type { ContactQuery, ContactsService } from './contacts'
import { requireActive, type ServiceContext } from '../context'
import type { createTagsService } from '../tags/tags'

type Target = { ids: string[] } | { query: ContactQuery }

const people = (n: number) => `${n.toLocaleString('en-US')} contact${n === 1 ? '' : 's'}`

export function createContactBulkService(
  ctx: ServiceContext,
  deps: { contacts: ContactsService; tags: ReturnType<typeof createTagsService>; jobs: JobRunner },
) {
  const { q } = ctx

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

  function title(action: BulkAction, n: number): string {
    const tag = (id: string) => q.one<{ name: string }>('SELECT name FROM tags WHERE id = ?', id)?.name ?? 'tag'
    switch (action.kind) {
      case 'addTag':
        return `Adding tag “${tag(action.tagId)}” to ${people(n)}`
      case 'removeTag':
        return `Removing tag “${tag(action.tagId)}” from ${people(n)}`
      case 'setOwner':
        return `Setting the owner of ${people(n)}`
      case 'setStage':
        return `Setting the stage of ${people(n)}`
      case 'delete':
        return `Deleting ${people(n)}`
    }
  }

  async function apply({ target, action }: { target: Target; action: BulkAction }): Promise<BulkResult> {
    if (action.kind === 'addTag' || action.kind === 'removeTag') requireActive(ctx, 'tags', action.tagId, 'The tag')
    const ids = resolve(target)
    let jobId = ''
    const changed = await deps.jobs.run({ kind: 'bulk', title: title(action, ids.length), total: ids.length, writes: true }, (job) => {
      jobId = job.id
      return writeInChunks(job, ids, (w, slice) => {
        switch (action.kind) {
          case 'addTag':
            return deps.tags.assign({ tagId: action.tagId, contactIds: [...slice] }).count
          case 'removeTag':
            return deps.tags.unassign({ tagId: action.tagId, contactIds: [...slice] }).count
          case 'setOwner':
            return slice.filter((id) => w.update('contacts', id, { owner: action.owner }) > 0).length
          case 'setStage':
            return slice.filter((id) => w.update('contacts', id, { lifecycleStage: action.stage }) > 0).length
          case 'delete':
            return w.softDeleteMany('contacts', [...slice])
        }
      })
    })
    return { changed, selected: ids.length, jobId }
  }

  function undo({ jobId }: { jobId: string }) {
    const job = q.one<{ kind: string }>('SELECT kind FROM jobs WHERE id = ?', jobId)
    if (!job || job.kind !== 'bulk') throw new AppError('NOT_FOUND', 'That change was not found, so there is nothing to undo.', { jobId })
    return deps.jobs.undo(jobId)
  }

  return { apply, undo }
}

export type ContactBulkService = ReturnType<typeof createContactBulkService>
