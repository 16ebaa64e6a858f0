/**
 * Actions on the selected contacts — the ticked rows, or every contact the list selects ("all N"):
 * add or remove a tag, change owner, change lifecycle stage, delete (after asking). Each is a job
 * in core (short chunks, progress and Cancel in the jobs panel), and every one offers Undo.
 */
import { useState } from 'react'
import type { CommandInput } from '../../src-shared/api'
import { LIFECYCLE_LABELS, LIFECYCLE_STAGES, type LifecycleStage } from '../../src-shared/model/lifecycle'
import type { BulkAction } from '../../src-shared/model/saved-view'
import type { Tag } from '../../src-shared/model/tag'
import { crm, toAppError } from '../lib/crm'
import { pluralize } from '../lib/format'
import { useTags } from '../stores/tags'
import { showError, showToast, showUndo } from '../stores/toasts'
import { ConfirmDialog } from './ConfirmDialog'
import { Dialog } from './Dialog'
import { Icon } from './Icons'
import { TagChooserDialog } from './TagChooserDialog'
import { TextPromptDialog } from './TextPromptDialog'

type Open = 'add' | 'remove' | 'owner' | 'stage' | 'delete' | null
type Target = CommandInput<'contacts.bulk'>['target']

export interface BulkBarProps {
  /** The ticked rows. */
  ids: string[]
  /** Set when the user chose "all N": the list's query and how many it selects. */
  allMatching?: { count: number; query: CommandInput<'contacts.count'> }
  /** Offered when every loaded row is ticked but the list holds more. */
  onSelectAllMatching?: () => void
  totalMatching?: number
  onClear: () => void
}

function StageDialog({ title, onChoose, onClose }: { title: string; onChoose: (stage: LifecycleStage) => Promise<void>; onClose: () => void }) {
  const [busy, setBusy] = useState(false)
  const choose = async (stage: LifecycleStage) => {
    setBusy(true)
    try {
      await onChoose(stage)
      onClose()
    } catch {
      setBusy(false)
    }
  }
  return (
    <Dialog title={title} onClose={onClose} size="sm">
      <ul className="choice-list" aria-label="Lifecycle stages">
        {LIFECYCLE_STAGES.map((s) => (
          <li key={s}>
            <button type="button" className="choice" disabled={busy} onClick={() => void choose(s)}>
              {LIFECYCLE_LABELS[s]}
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  )
}

export function BulkBar({ ids, allMatching, onSelectAllMatching, totalMatching, onClear }: BulkBarProps) {
  const tags = useTags((s) => s.data) ?? []
  const [open, setOpen] = useState<Open>(null)
  const size = allMatching ? allMatching.count : ids.length
  const count = pluralize(size, 'contact')
  const target: Target = allMatching ? { query: allMatching.query } : { ids: [...ids] }

  /**
   * Runs the action, then offers Undo of it. Resolves as soon as core starts the job (its first
   * job.progress), so the dialog closes and the jobs panel shows progress and Cancel; an error
   * before that (a refused selection) rejects, so the dialog stays open with it.
   */
  const run = (action: BulkAction, done: (changed: number) => string) =>
    new Promise<void>((started, refused) => {
      let running = false
      const off = crm.on('job.progress', (p) => {
        if (p.kind === 'bulk' && !running) {
          running = true
          started()
        }
      })
      crm
        .invoke('contacts.bulk', { target, action })
        .then((result) => {
          if (action.kind === 'delete') onClear()
          showUndo(done(result.changed), () => crm.invoke('contacts.bulkUndo', { jobId: result.jobId }), 'Undone')
          started()
        })
        .catch((error) => {
          if (toAppError(error).code === 'CANCELLED') showToast(toAppError(error).message, 'info')
          else showError(error)
          if (!running) refused(error)
        })
        .finally(off)
    })

  const assign = (tag: Tag) => run({ kind: 'addTag', tagId: tag.id }, (n) => (n ? `Tagged ${pluralize(n, 'contact')} with “${tag.name}”` : `All of them already had “${tag.name}”`))
  const unassign = (tag: Tag) => run({ kind: 'removeTag', tagId: tag.id }, (n) => (n ? `Removed “${tag.name}” from ${pluralize(n, 'contact')}` : `None of them had “${tag.name}”`))
  const setOwner = (owner: string) =>
    run({ kind: 'setOwner', owner: owner || null }, (n) => (owner ? `Owner set to ${owner} on ${pluralize(n, 'contact')}` : `Owner cleared on ${pluralize(n, 'contact')}`))
  const setStage = (stage: LifecycleStage) => run({ kind: 'setStage', stage }, (n) => `Moved ${pluralize(n, 'contact')} to ${LIFECYCLE_LABELS[stage]}`)
  const remove = () => run({ kind: 'delete' }, (n) => `Deleted ${pluralize(n, 'contact')}`)

  return (
    <>
      <div className="bulk-bar" data-testid="bulk-bar" role="region" aria-label="Selected contacts">
        <span className="bulk-count">{allMatching ? `All ${size.toLocaleString('en-US')} selected` : `${size.toLocaleString('en-US')} selected`}</span>
        {!allMatching && onSelectAllMatching && totalMatching !== undefined && totalMatching > ids.length && (
          <button type="button" className="button button-ghost button-small" onClick={onSelectAllMatching} data-testid="select-all-matching">
            Select all {totalMatching.toLocaleString('en-US')}
          </button>
        )}
        <button type="button" className="button button-small" onClick={() => setOpen('add')}>
          <Icon name="tag" size={14} /> Add tag…
        </button>
        <button type="button" className="button button-small" onClick={() => setOpen('remove')}>
          Remove tag…
        </button>
        <button type="button" className="button button-small" onClick={() => setOpen('owner')}>
          Owner…
        </button>
        <button type="button" className="button button-small" onClick={() => setOpen('stage')}>
          Stage…
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
      {open === 'owner' && (
        <TextPromptDialog
          title={`Set the owner of ${count}`}
          label="Owner"
          placeholder="e.g. Sam"
          hint="Leave empty to clear the owner."
          saveLabel="Set owner"
          allowEmpty
          onSave={setOwner}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'stage' && <StageDialog title={`Move ${count} to…`} onChoose={setStage} onClose={() => setOpen(null)} />}
      {open === 'delete' && (
        <ConfirmDialog
          title={`Delete ${count}?`}
          message={<>The {size === 1 ? 'contact and its history move' : 'contacts and their history move'} to the trash. You can undo this right after.</>}
          confirmLabel={`Delete ${count}`}
          onConfirm={remove}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  )
}
