/** Settings → Tags: create, rename, recolour, delete (asks first, Undo after), with counts. */
import { useEffect, useState, type FormEvent } from 'react'
import { TAG_COLORS, type Tag } from '../../../src-shared/model/tag'
import { ColorSwatches } from '../../components/ColorSwatches'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { EmptyState } from '../../components/EmptyState'
import { Icon } from '../../components/Icons'
import { TagChip } from '../../components/TagChip'
import { crm, toAppError } from '../../lib/crm'
import { pluralize } from '../../lib/format'
import { useTags } from '../../stores/tags'
import { showToast, showUndo } from '../../stores/toasts'

function TagRow({ tag, onDelete }: { tag: Tag; onDelete: () => void }) {
  const [editing, setEditing] = useState(false)
  const [name, setName] = useState(tag.name)
  const [color, setColor] = useState(tag.color)
  const [error, setError] = useState<string | null>(null)

  const save = async (e: FormEvent) => {
    e.preventDefault()
    try {
      await crm.invoke('tags.update', { id: tag.id, name, color })
      setEditing(false)
      setError(null)
    } catch (err) {
      setError(toAppError(err).message)
    }
  }

  if (editing) {
    return (
      <li className="settings-row is-editing">
        <form className="settings-edit" onSubmit={save} onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), setEditing(false))}>
          <input className="input" aria-label="Tag name" value={name} onChange={(e) => setName(e.target.value)} autoFocus aria-invalid={error ? true : undefined} />
          <ColorSwatches value={color} onChange={setColor} />
          <div className="settings-edit-actions">
            <button type="button" className="button button-small" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <button type="submit" className="button button-small button-primary">
              Save
            </button>
          </div>
          {error && <p className="field-error">{error}</p>}
        </form>
      </li>
    )
  }
  return (
    <li className="settings-row">
      <TagChip tag={tag} />
      <span className="settings-meta">{pluralize(tag.contactCount, 'contact')}</span>
      <span className="settings-row-actions">
        <button
          type="button"
          className="button button-small button-ghost"
          onClick={() => {
            setName(tag.name)
            setColor(tag.color)
            setEditing(true)
          }}
          aria-label={`Edit tag ${tag.name}`}
        >
          <Icon name="edit" size={14} /> Edit
        </button>
        <button type="button" className="button button-small button-danger-ghost" onClick={onDelete} aria-label={`Delete tag ${tag.name}`}>
          <Icon name="trash" size={14} /> Delete
        </button>
      </span>
    </li>
  )
}

export function TagsSection() {
  const tags = useTags((s) => s.data)
  const loadError = useTags((s) => s.error?.message)
  const [name, setName] = useState('')
  const [color, setColor] = useState<string>(TAG_COLORS[5])
  const [error, setError] = useState<string | null>(null)
  const [deleting, setDeleting] = useState<Tag | null>(null)

  useEffect(() => {
    void useTags.getState().load()
  }, [])

  const create = async (e: FormEvent) => {
    e.preventDefault()
    try {
      const tag = await crm.invoke('tags.create', { name, color })
      setName('')
      setError(null)
      showToast(`Created tag “${tag.name}”`)
    } catch (err) {
      setError(toAppError(err).message)
    }
  }

  const remove = async (tag: Tag) => {
    await crm.invoke('tags.delete', { ids: [tag.id] })
    showUndo(`Deleted tag “${tag.name}”`, () => crm.invoke('tags.restore', { ids: [tag.id] }), `Restored tag “${tag.name}”`)
  }

  return (
    <section className="settings-card" aria-labelledby="tags-heading">
      <header className="settings-card-header">
        <h2 id="tags-heading">Tags</h2>
        <p className="muted">Group contacts with coloured labels, then filter the list by them.</p>
      </header>
      <form className="settings-create" onSubmit={create}>
        <label className="sr-only" htmlFor="new-tag-name">
          New tag name
        </label>
        <input id="new-tag-name" className="input" placeholder="New tag name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? 'new-tag-error' : undefined} />
        <ColorSwatches value={color} onChange={setColor} label="New tag colour" />
        <button type="submit" className="button button-primary button-small">
          <Icon name="plus" size={14} /> Add tag
        </button>
        {error && (
          <p className="field-error settings-create-error" id="new-tag-error">
            {error}
          </p>
        )}
      </form>
      {loadError && <p className="inline-error">{loadError}</p>}
      {tags && tags.length === 0 ? (
        <EmptyState icon="tag" title="No tags yet">
          Create your first tag above, e.g. “VIP” or “Newsletter”.
        </EmptyState>
      ) : (
        <ul className="settings-list" aria-label="Tags">
          {(tags ?? []).map((t) => (
            <TagRow key={t.id} tag={t} onDelete={() => setDeleting(t)} />
          ))}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete tag “${deleting.name}”?`}
          message={deleting.contactCount ? `It is removed from ${pluralize(deleting.contactCount, 'contact')}. You can undo this right after.` : 'You can undo this right after.'}
          confirmLabel="Delete tag"
          onConfirm={() => remove(deleting)}
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  )
}
