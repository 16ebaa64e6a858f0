/** Actions on the selected contacts: add a tag, remove a tag, delete (after asking; Undo afterwards). */
import { useState } from 'react'
import type { Tag } from '../../src-shared/model/tag'
import { crm } from '../lib/crm'
import { pluralize } from '../lib/format'
import { useTags } from '../stores/tags'
import { showError, showToast, showUndo } from '../stores/toasts'
import { ConfirmDialog } from './ConfirmDialog'
import { Icon } from './Icons'
import { TagChooserDialog } from './TagChooserDialog'

type Open = 'add' | 'remove' | 'delete' | null

export function BulkBar({ ids, onClear }: { ids: string[]; onClear: () => void }) {
  const tags = useTags((s) => s.tags) ?? []
  const [open, setOpen] = useState<Open>(null)
  const count = pluralize(ids.length, 'contact')

  const run = async (action: () => Promise<unknown>) => {
    try {
      await action()
    } catch (error) {
      showError(error)
      throw error
    }
  }

  const assign = (tag: Tag) =>
    run(async () => {
      await crm.invoke('tags.assign', { tagId: tag.id, contactIds: ids })
      showToast(`Tagged ${count} with “${tag.name}”`)
    })

  const unassign = (tag: Tag) =>
    run(async () => {
      await crm.invoke('tags.unassign', { tagId: tag.id, contactIds: ids })
      showToast(`Removed “${tag.name}” from ${count}`)
    })

  const remove = async () => {
    const chosen = [...ids]
    await crm.invoke('contacts.delete', { ids: chosen })
    onClear()
    showUndo(`Deleted ${pluralize(chosen.length, 'contact')}`, () => crm.invoke('contacts.restore', { ids: chosen }), `Restored ${pluralize(chosen.length, 'contact')}`)
  }

  return (
    <>
      <div className="bulk-bar" data-testid="bulk-bar" role="region" aria-label="Selected contacts">
        <span className="bulk-count">{ids.length.toLocaleString('en-US')} selected</span>
        <button type="button" className="button button-small" onClick={() => setOpen('add')}>
          <Icon name="tag" size={14} /> Add tag…
        </button>
        <button type="button" className="button button-small" onClick={() => setOpen('remove')}>
          Remove tag…
        </button>
        <button type="button" className="button button-small button-danger-ghost" onClick={() => setOpen('delete')}>
          <Icon name="trash" size={14} /> Delete
        </button>
        <button type="button" className="icon-button" aria-label="Clear selection" title="Clear selection" onClick={onClear}>
          <Icon name="close" size={14} />
        </button>
      </div>
      {open === 'add' && (
        <TagChooserDialog title={`Add a tag to ${count}`} tags={tags} emptyText="There are no tags yet. Create them in Settings → Tags." onChoose={assign} onClose={() => setOpen(null)} />
      )}
      {open === 'remove' && (
        <TagChooserDialog title={`Remove a tag from ${count}`} tags={tags} emptyText="There are no tags yet." onChoose={unassign} onClose={() => setOpen(null)} />
      )}
      {open === 'delete' && (
        <ConfirmDialog
          title={`Delete ${count}?`}
          message={<>The {ids.length === 1 ? 'contact and its history move' : 'contacts and their history move'} to the trash. You can undo this right after.</>}
          confirmLabel={`Delete ${count}`}
          onConfirm={remove}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  )
}
