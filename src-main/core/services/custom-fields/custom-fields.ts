import { AppError } from '../../../../src-shared/errors'
import type { CustomField, CustomFieldType } from '../../../../src-shared/model/custom-field'
import { forEachId, invalid, requireActive, type ServiceContext } from '../context'

interface FieldRow {
  id: string
  label: string
  type: CustomFieldType
  options: string
  position: number
  created_at: number
  updated_at: number
  deleted_at: number | null
}

const toField = (r: FieldRow): CustomField => ({
  id: r.id,
  label: r.label,
  type: r.type,
  options: JSON.parse(r.options) as string[],
  position: r.position,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
})

export function createCustomFieldsService(ctx: ServiceContext) {
  const { q, repo } = ctx

  function get(id: string): CustomField {
    const r = q.one<FieldRow>('SELECT * FROM custom_fields WHERE id = ? AND deleted_at IS NULL', id)
    if (!r) throw new AppError('NOT_FOUND', 'This custom field was not found; it may have been deleted.', { id })
    return toField(r)
  }

  function ensureUniqueLabel(label: string, exceptId?: string) {
    const clash = q.one('SELECT 1 FROM custom_fields WHERE label = ? COLLATE NOCASE AND deleted_at IS NULL AND id IS NOT ?', label, exceptId ?? null)
    if (clash) throw new AppError('CONFLICT', `A custom field named "${label}" already exists. Pick another name.`)
  }

  return {
    list: (): CustomField[] =>
      q.all<FieldRow>('SELECT * FROM custom_fields WHERE deleted_at IS NULL ORDER BY position, created_at').map(toField),
    create(input: { label: string; type: CustomFieldType; options: string[] }): CustomField {
      ensureUniqueLabel(input.label)
      const position = q.one<{ n: number }>('SELECT coalesce(max(position), -1) + 1 AS n FROM custom_fields')!.n
      return get(repo.write((w) => w.insert('custom_fields', { ...input, options: JSON.stringify(input.options), position })))
    },
    update(input: { id: string; label?: string; options?: string[] }): CustomField {
      requireActive(ctx, 'custom_fields', input.id, 'The custom field')
      const current = get(input.id)
      if (input.label) ensureUniqueLabel(input.label, input.id)
      if (input.options && current.type !== 'select') throw invalid('options', 'Only select fields have options')
      if (input.options?.length === 0) throw invalid('options', 'A select field needs at least one option')
      repo.write((w) =>
        w.update('custom_fields', input.id, {
          label: input.label,
          options: input.options ? JSON.stringify(input.options) : undefined,
        }),
      )
      return get(input.id)
    },
    remove: (ids: string[]) => forEachId(ctx, 'custom_fields', ids, 'A custom field', (id) => repo.write((w) => w.softDelete('custom_fields', id))),
    restore: (ids: string[]) =>
      forEachId(ctx, 'custom_fields', ids, 'A custom field', (id) => {
        // another field may have taken the label since the delete: labels stay unique
        const deleted = q.one<{ label: string }>('SELECT label FROM custom_fields WHERE id = ? AND deleted_at IS NOT NULL', id)
        if (deleted) ensureUniqueLabel(deleted.label, id)
        return repo.write((w) => w.restore('custom_fields', id))
      }),
  }
}

export type CustomFieldsService = ReturnType<typeof createCustomFieldsService>
