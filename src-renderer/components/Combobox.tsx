/**
 * A type-ahead input with a list of options (ARIA combobox pattern): ↑/↓ move, Enter picks,
 * Escape closes the list (without closing the dialog around it). Used by the company and tag pickers.
 */
import { useEffect, useId, useState, type InputHTMLAttributes, type ReactNode } from 'react'

export interface ComboboxProps<T> {
  id: string
  value: string
  onValueChange: (value: string) => void
  options: T[]
  optionKey: (option: T) => string
  renderOption: (option: T) => ReactNode
  onPick: (option: T) => void
  placeholder?: string
  inputProps?: InputHTMLAttributes<HTMLInputElement>
  /** Shown in place of options, e.g. "Searching…" or "No tags left". */
  emptyText?: string
}

export function Combobox<T>({ id, value, onValueChange, options, optionKey, renderOption, onPick, placeholder, inputProps, emptyText }: ComboboxProps<T>) {
  const listId = useId()
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)

  useEffect(() => {
    setActive((a) => (options.length === 0 ? 0 : Math.min(a, options.length - 1)))
  }, [options.length])

  const pick = (option: T) => {
    onPick(option)
    setActive(0)
  }

  const showList = open && (options.length > 0 || Boolean(emptyText))
  const optionId = (i: number) => `${listId}-opt-${i}`

  return (
    <div className="combobox">
      <input
        {...inputProps}
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && options.length ? optionId(active) : undefined}
        className="input"
        value={value}
        placeholder={placeholder}
        onChange={(e) => {
          onValueChange(e.target.value)
          setOpen(true)
          setActive(0)
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            setOpen(true)
            setActive((a) => Math.min(a + 1, options.length - 1))
          } else if (e.key === 'ArrowUp') {
            e.preventDefault()
            setActive((a) => Math.max(a - 1, 0))
          } else if (e.key === 'Enter') {
            if (showList && options[active]) {
              e.preventDefault()
              pick(options[active])
            }
          } else if (e.key === 'Escape') {
            if (showList) {
              e.preventDefault()
              e.stopPropagation()
              setOpen(false)
            }
          }
        }}
      />
      {showList && (
        <ul className="combobox-list" id={listId} role="listbox">
          {options.length === 0 && <li className="combobox-empty">{emptyText}</li>}
          {options.map((option, i) => (
            <li
              key={optionKey(option)}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={`combobox-option ${i === active ? 'is-active' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => pick(option)}
            >
              {renderOption(option)}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
