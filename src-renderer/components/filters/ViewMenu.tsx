/**
 * Saving the list as a view, next to the title: "Save as view…" for a filtered list; for an open
 * view, "Save changes" when its filter or order was edited, and rename, save as new, delete (with Undo).
 */
import { useState } from 'react'
import type { ContactFilter } from '../../../src-shared/model/contact-filter'
import type { ContactSort } from '../../../src-shared/model/contact'
import type { SavedView } from '../../../src-shared/model/saved-view'
import { crm } from '../../lib/crm'
import { navigate } from '../../stores/route'
import { showError, showToast, showUndo } from '../../stores/toasts'
import { useViews } from '../../stores/views'
import { Icon } from '../Icons'
import { Menu } from '../Menu'
import { TextPromptDialog } from '../TextPromptDialog'

export interface ViewMenuProps {
  view: SavedView | undefined
  dirty: boolean
  /** The builder's complete conditions and the list's order: what a save writes. */
  filter: ContactFilter
  sort: ContactSort
  direction: 'asc' | 'desc'
  /** Some condition is not complete: saving would silently drop it, so saving waits. */
  incomplete: boolean
}

export function ViewMenu({ view, dirty, filter, sort, direction, incomplete }: ViewMenuProps) {
  const [naming, setNaming] = useState<'new' | 'rename' | null>(null)
  // The sidebar reloads views and counts on data.changed; only before opening a view that was
  // just made or restored is the list awaited, so the view is known when its route shows.
  const loadViews = () => useViews.getState().load()

  const create = async (name: string) => {
    const made = await crm.invoke('views.create', { name, filter, sort, direction })
    await loadViews()
    showToast(`Saved the view “${made.name}”`)
    navigate({ name: 'contacts', view: made.id })
  }
  const rename = async (name: string) => {
    await crm.invoke('views.update', { id: view!.id, name })
  }
  const save = async () => {
    try {
      await crm.invoke('views.update', { id: view!.id, filter, sort, direction })
      showToast(`Saved the changes to “${view!.name}”`)
    } catch (error) {
      showError(error)
    }
  }
  const remove = async () => {
    const { id, name } = view!
    try {
      await crm.invoke('views.delete', { ids: [id] })
      navigate({ name: 'contacts' })
      showUndo(
        `Deleted the view “${name}”`,
        async () => {
          await crm.invoke('views.restore', { ids: [id] })
          await loadViews()
          navigate({ name: 'contacts', view: id })
        },
        `Restored “${name}”`,
      )
    } catch (error) {
      showError(error)
    }
  }

  const canSaveNew = filter.conditions.length > 0 && !incomplete
  const waitHint = incomplete ? 'Complete or remove the unfinished condition first' : undefined
  return (
    <>
      {view ? (
        <>
          {dirty && (
            <button type="button" className="button button-small button-primary" onClick={() => void save()} disabled={incomplete} title={waitHint} data-testid="view-save">
              Save changes
            </button>
          )}
          <Menu
            label={`View “${view.name}”`}
            items={[
              { label: 'Rename view…', icon: 'edit', run: () => setNaming('rename') },
              ...(canSaveNew ? [{ label: 'Save as a new view…', icon: 'plus' as const, run: () => setNaming('new') }] : []),
              { label: 'Delete view', icon: 'trash', danger: true, run: () => void remove() },
            ]}
          />
        </>
      ) : (
        canSaveNew && (
          <button type="button" className="button button-small" onClick={() => setNaming('new')} data-testid="view-save-as">
            <Icon name="plus" size={14} /> Save as view…
          </button>
        )
      )}
      {naming && (
        <TextPromptDialog
          title={naming === 'new' ? 'Save as a view' : 'Rename the view'}
          label="View name"
          initial={naming === 'rename' ? view!.name : ''}
          placeholder="e.g. Hot leads to call"
          hint={naming === 'new' ? 'It appears in the sidebar with a live count.' : undefined}
          maxLength={80}
          saveLabel={naming === 'new' ? 'Save view' : 'Rename'}
          onSave={naming === 'new' ? create : rename}
          onClose={() => setNaming(null)}
        />
      )}
    </>
  )
}
