import { AppError } from '../../../../src-shared/errors'
import type { Tag } from '../../../../src-shared/model/tag'
import { forEachId, requireActive, type ServiceContext } from '../context'
import { contactTagId } from '../../db/ids'

interface TagRow {
  id: string
  name: string
  color: string
  contact_count: number
  created_at: number
  updated_at: number
  deleted_at: number | null
}

const SELECT_TAG = `SELECT t.*, (SELECT count(*) FROM contact_tags ct JOIN contacts c ON c.id = ct.contact_id
  WHERE ct.tag_id = t.id AND ct.deleted_at IS NULL AND c.deleted_at IS NULL) AS contact_count FROM tags t`

const toTag = (r: TagRow): Tag => ({
  id: r.id,
  name: r.name,
  color: r.color,
  contactCount: r.contact_count,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
})

export function createTagsService(ctx: ServiceContext) {
  const { q, repo } = ctx

  function get(id: string): Tag {
    const r = q.one<TagRow>(`${SELECT_TAG} WHERE t.id = ? AND t.deleted_at IS NULL`, id)
    if (!r) throw new AppError('NOT_FOUND', 'This tag was not found; it may have been deleted.', { id })
    return toTag(r)
  }

  function ensureUniqueName(name: string, exceptId?: string) {
    const clash = q.one<{ id: string }>('SELECT id FROM tags WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL AND id IS NOT ?', name, exceptId ?? null)
    if (clash) throw new AppError('CONFLICT', `A tag named "${name}" already exists. Pick another name or use that tag.`, { id: clash.id })
  }

  function checkAssignment(tagId: string, contactIds: string[]) {
    requireActive(ctx, 'tags', tagId, 'The tag')
    for (const id of contactIds) requireActive(ctx, 'contacts', id, 'A selected contact')
  }

  return {
    list: (): Tag[] => q.all<TagRow>(`${SELECT_TAG} WHERE t.deleted_at IS NULL ORDER BY t.name COLLATE NOCASE`).map(toTag),
    create(input: { name: string; color: string }): Tag {
      ensureUniqueName(input.name)
      return get(repo.write((w) => w.insert('tags', input)))
    },
    update(input: { id: string; name?: string; color?: string }): Tag {
      requireActive(ctx, 'tags', input.id, 'The tag')
      if (input.name) ensureUniqueName(input.name, input.id)
      repo.write((w) => w.update('tags', input.id, { name: input.name, color: input.color }))
      return get(input.id)
    },
    remove: (ids: string[]) => forEachId(ctx, 'tags', ids, 'A tag', (id) => repo.write((w) => w.softDelete('tags', id))),
    restore: (ids: string[]) =>
      forEachId(ctx, 'tags', ids, 'A tag', (id) => {
        // another tag may have taken the name since the delete: names stay unique
        const deleted = q.one<{ name: string }>('SELECT name FROM tags WHERE id = ? AND deleted_at IS NOT NULL', id)
        if (deleted) ensureUniqueName(deleted.name, id)
        return repo.write((w) => w.restore('tags', id))
      }),
    /** Tags many contacts at once in one transaction; returns how many were newly tagged. */
    assign({ tagId, contactIds }: { tagId: string; contactIds: string[] }) {
      checkAssignment(tagId, contactIds)
      return repo.write((w) => {
        let count = 0
        for (const contactId of new Set(contactIds)) {
          const row = q.one<{ id: string; deleted_at: number | null }>(
            'SELECT id, deleted_at FROM contact_tags WHERE contact_id = ? AND tag_id = ? ORDER BY deleted_at IS NULL DESC LIMIT 1',
            contactId,
            tagId,
          )
          if (!row) w.insert('contact_tags', { id: contactTagId(contactId, tagId), contactId, tagId })
          else if (row.deleted_at === null) continue
          else w.restore('contact_tags', row.id)
          count++
        }
        return { count }
      })
    },
    unassign({ tagId, contactIds }: { tagId: string; contactIds: string[] }) {
      checkAssignment(tagId, contactIds)
      return repo.write((w) => {
        let count = 0
        for (const contactId of new Set(contactIds)) {
          const rows = q.all<{ id: string }>(
            'SELECT id FROM contact_tags WHERE contact_id = ? AND tag_id = ? AND deleted_at IS NULL',
            contactId,
            tagId,
          )
          for (const row of rows) w.softDelete('contact_tags', row.id)
          if (rows.length) count++
        }
        return { count }
      })
    },
  }
}

export type TagsService = ReturnType<typeof createTagsService>
