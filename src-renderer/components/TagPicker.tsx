/** Multi-select of existing tags: the chosen ones as removable chips, a type-ahead to add more. */
import { useEffect, useState } from 'react'
import type { Tag } from '../../src-shared/model/tag'
import { useTags } from '../stores/tags'
import { Combobox } from './Combobox'
import { TagChip } from './TagChip'

export function TagPicker({ id, value, onChange }: { id: string; value: string[]; onChange: (ids: string[]) => void }) {
  const tags = useTags((s) => s.data)
  const load = useTags((s) => s.load)
  const [text, setText] = useState('')

  useEffect(() => {
    if (!tags) void load()
  }, [tags, load])

  const byId = new Map((tags ?? []).map((t) => [t.id, t]))
  const chosen = value.map((tid) => byId.get(tid)).filter((t): t is Tag => Boolean(t))
  const q = text.trim().toLowerCase()
  const options = (tags ?? []).filter((t) => !value.includes(t.id) && t.name.toLowerCase().includes(q))

  return (
    <div className="tag-picker">
      {chosen.length > 0 && (
        <div className="tag-picker-chosen">
          {chosen.map((t) => (
            <TagChip key={t.id} tag={t} onRemove={() => onChange(value.filter((v) => v !== t.id))} />
          ))}
        </div>
      )}
      <Combobox<Tag>
        id={id}
        value={text}
        onValueChange={setText}
        options={options}
        optionKey={(t) => t.id}
        renderOption={(t) => <TagChip tag={t} />}
        onPick={(t) => {
          onChange([...value, t.id])
          setText('')
        }}
        placeholder={tags && tags.length === 0 ? 'No tags yet: create them in Settings' : 'Add a tag…'}
        emptyText={tags && tags.length ? (q ? `No tag matches “${text.trim()}”` : 'All tags added') : undefined}
      />
    </div>
  )
}
