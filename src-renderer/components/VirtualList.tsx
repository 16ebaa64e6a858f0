/**
 * A virtualized table over a paged list store: only the rows in view (plus a few) are in the DOM,
 * pages of 100 are fetched as rows come into view. ↑/↓ move the focused row, Enter opens it.
 * The list answers these keys as soon as it shows: pressed on the page (nothing focused, or the
 * sidebar link that led here), the first ↓ focuses row 1. With several lists mounted, the newest does.
 */
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react'
import { isModalOpen, isPageLevelFocus } from '../lib/shortcuts'
import { PAGE_SIZE, type PagedListStore } from '../stores/pagedList'

export const ROW_HEIGHT = 48

export interface VirtualListProps<T, Q> {
  store: PagedListStore<T, Q>
  /** data-testid of the scroll container and of each row. */
  testId: string
  rowTestId: string
  ariaLabel: string
  header: ReactNode
  getId: (item: T) => string
  renderCells: (item: T, index: number) => ReactNode
  renderPlaceholder: () => ReactNode
  onOpen: (item: T) => void
  rowClassName?: (item: T) => string
  className?: string
}

const HEADER_HEIGHT = 34

/** The mounted lists, newest last: page-level keys go to the newest. */
const pageLists: object[] = []
const PAGE_KEYS = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End', 'Enter'])

export function VirtualList<T, Q>({ store, testId, rowTestId, ariaLabel, header, getId, renderCells, renderPlaceholder, onOpen, rowClassName, className }: VirtualListProps<T, Q>) {
  const total = store((s) => s.total) ?? 0
  const pages = store((s) => s.pages)
  const generation = store((s) => s.generation)
  const ensureRange = store((s) => s.ensureRange)
  const itemAt = (index: number) => pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE]
  const scrollRef = useRef<HTMLDivElement>(null)
  const [active, setActive] = useState(0)

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    scrollMargin: HEADER_HEIGHT,
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items[items.length - 1]?.index ?? 0

  useEffect(() => {
    if (total > 0) ensureRange(first, last)
  }, [first, last, total, generation, ensureRange])

  useEffect(() => {
    scrollRef.current?.scrollTo?.({ top: 0 })
    setActive(0)
  }, [generation])

  const focusRow = (index: number) => {
    const clamped = Math.max(0, Math.min(total - 1, index))
    setActive(clamped)
    virtualizer.scrollToIndex(clamped, { align: 'auto' })
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${clamped}"]`)?.focus())
  }

  /** A key pressed on the page, not in the list: the first ↓/↑ focuses the current row (row 1 at first). */
  const onPageKey = (event: globalThis.KeyboardEvent) => {
    if (total === 0) return
    if (event.key === 'Enter') {
      if (event.target instanceof HTMLAnchorElement) return // Enter on a sidebar link follows the link
      const item = itemAt(active)
      if (!item) return
      event.preventDefault()
      onOpen(item)
      return
    }
    event.preventDefault()
    focusRow(event.key === 'Home' ? 0 : event.key === 'End' ? total - 1 : active)
  }
  const pageKeyRef = useRef(onPageKey)
  pageKeyRef.current = onPageKey

  useEffect(() => {
    const me = {}
    pageLists.push(me)
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (pageLists[pageLists.length - 1] !== me || !PAGE_KEYS.has(event.key)) return
      if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return
      if (scrollRef.current?.contains(event.target as Node)) return // the list's own handler has it
      if (!isPageLevelFocus(event.target) || isModalOpen()) return
      pageKeyRef.current(event)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => {
      window.removeEventListener('keydown', onKeyDown)
      pageLists.splice(pageLists.indexOf(me), 1)
    }
  }, [])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement
    const inRow = target.getAttribute('role') === 'row'
    if (target === scrollRef.current && PAGE_KEYS.has(event.key)) {
      onPageKey(event.nativeEvent) // the scroll box itself focused (Chromium makes scrollers focusable)
      return
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!inRow && target !== scrollRef.current) return
      event.preventDefault()
      const from = inRow ? Number(target.dataset.index) : active - (event.key === 'ArrowDown' ? 1 : 0)
      focusRow(from + (event.key === 'ArrowDown' ? 1 : -1))
    } else if (event.key === 'Enter' && inRow) {
      const item = itemAt(Number(target.dataset.index))
      if (item) {
        event.preventDefault()
        onOpen(item)
      }
    } else if (event.key === 'Home' && inRow) {
      event.preventDefault()
      focusRow(0)
    } else if (event.key === 'End' && inRow) {
      event.preventDefault()
      focusRow(total - 1)
    }
  }

  const onRowClick = (event: MouseEvent, item: T | undefined) => {
    if (!item) return
    if ((event.target as HTMLElement).closest('a, button, input, label, select')) return
    onOpen(item)
  }

  return (
    <div
      ref={scrollRef}
      className={`vlist ${className ?? ''}`}
      data-testid={testId}
      role="table"
      aria-label={ariaLabel}
      aria-rowcount={total + 1}
      onKeyDown={onKeyDown}
    >
      <div className="vlist-header" role="row" aria-rowindex={1} style={{ height: HEADER_HEIGHT }}>
        {header}
      </div>
      <div className="vlist-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((v) => {
          const item = itemAt(v.index)
          const style = { height: v.size, transform: `translateY(${v.start - virtualizer.options.scrollMargin}px)` }
          if (!item) {
            return (
              <div key={`p-${v.index}`} className="vlist-row is-placeholder" role="row" aria-rowindex={v.index + 2} data-index={v.index} style={style} data-testid={`${rowTestId}-placeholder`}>
                {renderPlaceholder()}
              </div>
            )
          }
          return (
            <div
              key={getId(item)}
              className={`vlist-row ${rowClassName?.(item) ?? ''}`}
              role="row"
              aria-rowindex={v.index + 2}
              data-index={v.index}
              data-testid={rowTestId}
              data-id={getId(item)}
              tabIndex={v.index === active ? 0 : -1}
              style={style}
              onClick={(e) => onRowClick(e, item)}
              onFocus={() => setActive(v.index)}
            >
              {renderCells(item, v.index)}
            </div>
          )
        })}
      </div>
    </div>
  )
}
