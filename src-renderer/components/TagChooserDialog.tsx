/** "Add a tag to 3 contacts": pick one tag from a filterable list. */
import { useState } from 'react'
import type { Tag } from '../../src-shared/model/tag'
import { Dialog } from './Dialog'
import { TagChip } from './TagChip'

export interface TagChooserDialogProps {
  title: string
  tags: Tag[]
  emptyText: string
  onChoose: (tag: Tag) => Promise<void>
  onClose: () => void
}

export function TagChooserDialog({ title, tags, emptyText, onChoose, onClose }: TagChooserDialogProps) {
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const q = text.trim().toLowerCase()
  const shown = tags.filter((t) => t.name.toLowerCase().includes(q))

  const choose = async (tag: Tag) => {
    setBusy(true)
    try {
      await onChoose(tag)
      onClose()
    } catch {
      // onChoose has shown the error; the dialog stays open to try again.
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog title={title} onClose={onClose} size="sm">
      {tags.length === 0 ? (
        <p className="muted">{emptyText}</p>
      ) : (
        <>
          <input
            className="input"
            aria-label="Find a tag"
            placeholder="Find a tag…"
            value={text}
            data-autofocus
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && shown[0]) {
                e.preventDefault()
                void choose(shown[0])
              }
            }}
          />
          <ul className="choice-list" aria-label="Tags">
            {shown.map((t) => (
              <li key={t.id}>
                <button type="button" className="choice" disabled={busy} onClick={() => void choose(t)}>
                  <TagChip tag={t} />
                  <span className="choice-meta">{t.contactCount.toLocaleString('en-US')}</span>
                </button>
              </li>
            ))}
            {shown.length === 0 && <li className="muted choice-empty">No tag matches “{text.trim()}”</li>}
          </ul>
        </>
      )}
    </Dialog>
  )
}
