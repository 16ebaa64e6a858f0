/** The tag colour palette as a radio group of swatches. */
import type { CSSProperties } from 'react'
import { TAG_COLORS } from '../../src-shared/model/tag'
import { Icon } from './Icons'

const NAMES: Record<string, string> = {
  '#e5484d': 'Red',
  '#f76b15': 'Orange',
  '#ffc53d': 'Yellow',
  '#46a758': 'Green',
  '#12a594': 'Teal',
  '#0090ff': 'Blue',
  '#6e56cf': 'Purple',
  '#d6409f': 'Pink',
  '#8d8d8d': 'Gray',
}

export function ColorSwatches({ value, onChange, label = 'Colour' }: { value: string; onChange: (color: string) => void; label?: string }) {
  return (
    <div className="swatches" role="radiogroup" aria-label={label}>
      {TAG_COLORS.map((color) => {
        const selected = value.toLowerCase() === color
        return (
          <button
            key={color}
            type="button"
            role="radio"
            aria-checked={selected}
            aria-label={NAMES[color] ?? color}
            title={NAMES[color] ?? color}
            className={`swatch ${selected ? 'is-selected' : ''}`}
            style={{ '--swatch': color } as CSSProperties}
            onClick={() => onChange(color)}
          >
            {selected && <Icon name="check" size={12} />}
          </button>
        )
      })}
    </div>
  )
}
