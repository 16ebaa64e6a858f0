/**
 * A "…" button with a small action menu (ARIA menu button): ↑/↓ move, Enter/Space run, Escape or a
 * click elsewhere closes. The menu is portalled so scroll containers (board columns) do not clip it.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { createPortal } from 'react-dom'
import { Icon, type IconName } from './Icons'

export interface MenuItem {
  label: string
  icon?: IconName
  danger?: boolean
  /** Small text on the right, e.g. the time a snooze option moves to. */
  hint?: string
  run: () => void
}

export interface MenuProps {
  label: string
  items: MenuItem[]
  className?: string
  /** The trigger's icon ("…" unless told). */
  icon?: IconName
}

export function Menu({ label, items, className, icon = 'more' }: MenuProps) {
  const [open, setOpen] = useState(false)
  const [pos, setPos] = useState<{ top?: number; bottom?: number; right: number }>({ top: 0, right: 0 })
  const button = useRef<HTMLButtonElement>(null)
  const list = useRef<HTMLUListElement>(null)
  const menuId = useId()

  const show = () => {
    const r = button.current?.getBoundingClientRect()
    // Right-aligned with the button, whatever the menu's width; above it when there is no room below.
    if (r) {
      const right = Math.max(8, window.innerWidth - r.right)
      const height = items.length * 28 + 12
      setPos(r.bottom + 4 + height > window.innerHeight && r.top - 4 - height > 0 ? { bottom: window.innerHeight - r.top + 4, right } : { top: r.bottom + 4, right })
    }
    setOpen(true)
  }
  const close = (refocus = true) => {
    setOpen(false)
    if (refocus) button.current?.focus()
  }

  useEffect(() => {
    if (!open) return
    list.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
    const onDown = (e: PointerEvent) => {
      if (!list.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false)
    }
    window.addEventListener('pointerdown', onDown, true)
    return () => window.removeEventListener('pointerdown', onDown, true)
  }, [open])

  const onMenuKey = (e: KeyboardEvent<HTMLUListElement>) => {
    e.stopPropagation()
    const entries = Array.from(list.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])
    const at = entries.indexOf(document.activeElement as HTMLElement)
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      const next = (at + (e.key === 'ArrowDown' ? 1 : -1) + entries.length) % entries.length
      entries[next]?.focus()
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault()
      close()
    }
  }

  return (
    <>
      <button
        ref={button}
        type="button"
        className={`icon-button ${className ?? ''}`}
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onPointerDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          e.stopPropagation()
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            show()
          }
        }}
        onClick={(e) => {
          e.stopPropagation()
          if (open) close()
          else show()
        }}
      >
        <Icon name={icon} size={icon === 'more' ? 16 : 15} />
      </button>
      {open &&
        createPortal(
          <ul ref={list} id={menuId} role="menu" aria-label={label} className="menu" style={pos} onKeyDown={onMenuKey}>
            {items.map((item) => (
              <li key={item.label} role="none">
                <button
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  className={`menu-item ${item.danger ? 'is-danger' : ''}`}
                  onClick={() => {
                    close(false)
                    item.run()
                  }}
                >
                  {item.icon && <Icon name={item.icon} size={14} />}
                  {item.label}
                  {item.hint && <span className="menu-hint">{item.hint}</span>}
                </button>
              </li>
            ))}
          </ul>,
          document.body,
        )}
    </>
  )
}
