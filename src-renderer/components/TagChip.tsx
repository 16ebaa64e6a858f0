/** A tag in its colour: a tinted pill with a coloured dot; the text keeps the theme's text colour, so it reads in light and dark. */
import type { CSSProperties } from 'react'
import type { TagRef } from '../../src-shared/model/tag'
import { Icon } from './Icons'

export function TagChip({ tag, onRemove }: { tag: TagRef; onRemove?: () => void }) {
  return (
    <span className="tag-chip" data-testid="tag-chip" style={{ '--tag-color': tag.color } as CSSProperties} title={tag.name}>
      <span className="tag-dot" aria-hidden="true" />
      <span className="tag-name">{tag.name}</span>
      {onRemove && (
        <button type="button" className="tag-remove" aria-label={`Remove tag ${tag.name}`} onClick={onRemove}>
          <Icon name="close" size={11} />
        </button>
      )}
    </span>
  )
}

export function TagList({ tags, max }: { tags: TagRef[]; max?: number }) {
  const shown = max ? tags.slice(0, max) : tags
  const rest = tags.length - shown.length
  return (
    <span className="tag-list">
      {shown.map((t) => (
        <TagChip key={t.id} tag={t} />
      ))}
      {rest > 0 && (
        <span className="tag-more" title={tags.slice(shown.length).map((t) => t.name).join(', ')}>
          +{rest}
        </span>
      )}
    </span>
  )
}
