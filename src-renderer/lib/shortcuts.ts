/**
 * Keyboard shortcuts: one hook that views use to bind keys while they are shown, and the labels
 * shown in buttons, tooltips and the "?" help dialog.
 */
import { useEffect, useRef } from 'react'

/** "n", "?", "/", "enter", "mod+e" (mod = Cmd on macOS, Ctrl elsewhere). */
export type Combo = string
export type ShortcutMap = Partial<Record<Combo, (event: KeyboardEvent) => void>>

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)

/** True when the key press belongs to what the user is typing, not to a shortcut. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  const tag = target.tagName
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  if (tag !== 'INPUT') return false
  const type = (target as HTMLInputElement).type
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(type)
}

/**
 * Keys pressed with nothing in particular focused: the page itself (body), or a sidebar link just
 * used to get here. The page's list answers ↓/↑/Home/End/Enter then, without a click or Tab first.
 */
export function isPageLevelFocus(target: EventTarget | null): boolean {
  if (!(target instanceof Element) || target === document.body || target === document.documentElement) return true
  return target.tagName === 'A' && target.closest('nav.sidebar') !== null
}

/**
 * ↓/↑/Home/End over a plain (not virtualized) list: they move focus between its items (each a
 * focusable element matched by `itemSelector`, whose Enter opens it), from inside the list or,
 * as soon as it shows, from the page (isPageLevelFocus). VirtualList does the same for tables.
 */
export function useListKeys(container: { current: HTMLElement | null }, itemSelector: string): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.shiftKey || isModalOpen()) return
      const root = container.current
      if (!root) return
      const items = Array.from(root.querySelectorAll<HTMLElement>(itemSelector))
      if (items.length === 0) return
      const at = items.findIndex((el) => el === event.target)
      if (at < 0 && !isPageLevelFocus(event.target)) return
      const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0
      const next = event.key === 'Home' ? 0 : event.key === 'End' ? items.length - 1 : at < 0 ? 0 : Math.max(0, Math.min(items.length - 1, at + step))
      event.preventDefault()
      items[next].focus()
      items[next].scrollIntoView?.({ block: 'nearest' })
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [container, itemSelector])
}

/** While a modal dialog is open, page shortcuts are off (the dialog owns the keyboard). */
export function isModalOpen(): boolean {
  return typeof document !== 'undefined' && document.querySelector('[aria-modal="true"]') !== null
}

export function matchesCombo(event: KeyboardEvent, combo: Combo): boolean {
  const parts = combo.toLowerCase().split('+')
  const key = parts[parts.length - 1]
  const wantsMod = parts.includes('mod')
  const hasMod = isMac ? event.metaKey : event.ctrlKey
  if (wantsMod !== hasMod) return false
  if (event.altKey) return false
  if (!wantsMod && (event.ctrlKey || event.metaKey)) return false
  return event.key.toLowerCase() === key
}

/**
 * Binds shortcuts on window while the component is mounted and `enabled` is true. Single keys are
 * ignored while the user types in a field; "mod+…" combos work everywhere except inside modal dialogs.
 */
export function useShortcuts(map: ShortcutMap, enabled = true): void {
  const ref = useRef(map)
  ref.current = map
  useEffect(() => {
    if (!enabled) return
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return
      if (isModalOpen()) return
      for (const [combo, handler] of Object.entries(ref.current)) {
        if (!handler || !matchesCombo(event, combo)) continue
        const withMod = combo.toLowerCase().includes('mod+')
        if (!withMod && isTypingTarget(event.target)) continue
        event.preventDefault()
        handler(event)
        return
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [enabled])
}

/** "⌘E" on macOS, "Ctrl+E" elsewhere; single keys upper-cased: "N". */
export function comboLabel(combo: Combo): string {
  return combo
    .split('+')
    .map((part) => {
      if (part === 'mod') return isMac ? '⌘' : 'Ctrl+'
      if (part === 'enter') return 'Enter'
      if (part === 'escape') return 'Esc'
      if (part === 'arrowdown') return '↓'
      if (part === 'arrowup') return '↑'
      if (part === 'arrowleft') return '←'
      if (part === 'arrowright') return '→'
      if (part === 'space') return 'Space'
      if (part === 'shift') return isMac ? '⇧' : 'Shift+'
      if (part === 'backspace') return isMac ? '⌫' : 'Backspace'
      return part.length === 1 ? part.toUpperCase() : part
    })
    .join('')
}

/** The aria-keyshortcuts value: "N", "Control+E" (or "Meta+E" on macOS). */
export function ariaKeys(combo: Combo): string {
  return combo
    .split('+')
    .map((part) => (part === 'mod' ? (isMac ? 'Meta' : 'Control') : part.length === 1 ? part.toUpperCase() : part))
    .join('+')
}

/** Everything the "?" dialog lists, grouped by where it works. One source for the help text. */
export const SHORTCUT_HELP: Array<{ area: string; items: Array<{ combo: Combo | Combo[]; does: string }> }> = [
  {
    area: 'Anywhere',
    items: [
      { combo: '?', does: 'Show keyboard shortcuts' },
      { combo: 'mod+k', does: 'Search everything, run a command (Shift+Enter on a contact logs a call)' },
      { combo: 'escape', does: 'Close a dialog or composer' },
    ],
  },
  {
    area: 'Today',
    items: [{ combo: 'n', does: 'Add a follow-up' }],
  },
  {
    area: 'Contacts and companies lists',
    items: [
      { combo: 'n', does: 'New contact (or company on the companies list)' },
      { combo: ['/', 'mod+f'], does: 'Focus the filters' },
      { combo: 'f', does: 'Show or hide the filter conditions (contacts; save them as a view)' },
      { combo: ['arrowdown', 'arrowup'], does: 'Move between rows' },
      { combo: 'enter', does: 'Open the focused row' },
    ],
  },
  {
    area: 'Pipeline board',
    items: [
      { combo: 'n', does: 'New deal' },
      { combo: '/', does: 'Focus the filters' },
      { combo: 'space', does: 'Pick up the focused card; Space again drops it' },
      { combo: ['arrowleft', 'arrowright'], does: 'Move a picked-up card to another stage' },
      { combo: ['arrowup', 'arrowdown'], does: 'Move a picked-up card within its stage' },
      { combo: 'escape', does: 'Cancel the move' },
      { combo: 'enter', does: 'Open the focused deal' },
    ],
  },
  {
    area: 'Contact, company and deal pages',
    items: [
      { combo: 'n', does: 'Log a note' },
      { combo: 'c', does: 'Log a call' },
      { combo: 'e', does: 'Log an email' },
      { combo: 'm', does: 'Log a meeting' },
      { combo: 'f', does: 'Add a follow-up' },
      { combo: 'mod+e', does: 'Edit the record' },
      { combo: 'mod+enter', does: 'Save the entry being written' },
    ],
  },
]
