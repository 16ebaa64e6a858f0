/**
 * One stage of the board: its header (count, probability, totals per currency, "+") and its cards,
 * virtualized: only the cards in view (plus a few, plus the one being dragged) are rendered and sortable.
 * Every column re-renders when a drag starts or ends (useDroppable reads dnd-kit's context), so what
 * it renders is memoized: the header on its values, the cards on their card objects.
 */
import { useDroppable } from '@dnd-kit/core'
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable'
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual'
import { memo, useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react'
import type { Stage } from '../../../src-shared/model/deal'
import type { MoneyTotal } from '../../../src-shared/model/money'
import { pluralize } from '../../lib/format'
import { cardIds, useBoard } from '../../stores/board'
import { useUi } from '../../stores/ui'
import { Icon } from '../Icons'
import { CARD_GAP, CARD_HEIGHT, SortableDealCard } from './DealCardView'
import { MoneyTotals } from './MoneyTotals'

export const columnDropId = (stageId: string) => `column:${stageId}`

/**
 * Whether the column is within the board's horizontal view, or about one column beside it (so a
 * column scrolled into view has its cards by the time it shows). True until first observed, and
 * where IntersectionObserver is missing.
 */
function useInBoardView(ref: RefObject<HTMLElement | null>): boolean {
  const [inView, setInView] = useState(true)
  useEffect(() => {
    const node = ref.current
    if (!node || typeof IntersectionObserver === 'undefined') return
    const observer = new IntersectionObserver((entries) => setInView(entries[entries.length - 1].isIntersecting), {
      root: node.parentElement,
      rootMargin: '0px 320px',
    })
    observer.observe(node)
    return () => observer.disconnect()
  }, [ref])
  return inView
}

/** Name, count, probability, totals and "+": memoized, as every column re-renders when a drag starts or ends. */
const ColumnHeader = memo(function ColumnHeader({ stage, count, totals, onAdd }: { stage: Stage; count: number; totals: MoneyTotal[]; onAdd: () => void }) {
  return (
    <header className="board-column-header">
      <div className="board-column-title-row">
        <h2 className="board-column-title" title={stage.name}>
          {stage.name}
        </h2>
        <span className="count-badge" data-testid="column-count">
          {count.toLocaleString('en-US')}
        </span>
        <span className="board-column-prob" title="Win probability">
          {stage.probability}%
        </span>
        <button type="button" className="icon-button board-column-add" aria-label={`New deal in ${stage.name}`} title={`New deal in ${stage.name}`} onClick={onAdd}>
          <Icon name="plus" size={14} />
        </button>
      </div>
      <MoneyTotals totals={totals} className="board-column-totals" />
    </header>
  )
})

export const BoardColumn = memo(function BoardColumn({ stageId }: { stageId: string }) {
  const column = useBoard((s) => s.columns[stageId])
  const pipelineId = useBoard((s) => s.pipeline?.id)
  const openDealForm = useUi((s) => s.openDealForm)
  const scrollRef = useRef<HTMLDivElement>(null)
  const sectionRef = useRef<HTMLElement>(null)
  const dropData = useMemo(() => ({ stageId }), [stageId])
  const { setNodeRef, isOver } = useDroppable({ id: columnDropId(stageId), data: dropData })
  const inView = useInBoardView(sectionRef)
  // Changes only for the column holding the dragged card.
  const activeIndex = useBoard((s) => (s.activeId ? (s.columns[stageId]?.deals.findIndex((d) => d.id === s.activeId) ?? -1) : -1))
  const deals = column?.deals ?? []

  // The dragged card stays rendered even when scrolled out of view (dnd-kit needs its node).
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range)
      if (activeIndex >= 0 && !indexes.includes(activeIndex)) indexes.push(activeIndex)
      return indexes.sort((a, b) => a - b)
    },
    [activeIndex],
  )
  const virtualizer = useVirtualizer({
    count: deals.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_HEIGHT + CARD_GAP,
    getItemKey: (i) => deals[i]?.id ?? i,
    overscan: 3,
    rangeExtractor,
    paddingStart: 2,
    paddingEnd: 2,
  })

  const add = useCallback(() => openDealForm({ mode: 'create', prefill: { pipelineId, stageId } }), [openDealForm, pipelineId, stageId])
  const stageName = column?.stage.name ?? ''
  const dealCount = column?.count ?? 0
  const label = useMemo(() => `${stageName}: ${pluralize(dealCount, 'deal')}`, [stageName, dealCount])

  if (!column) return null
  const { stage, count, totals } = column
  // A column scrolled out of the board's view renders no cards (but the dragged one): each mounted
  // card is a sortable that re-renders on every drag start and drop.
  const items = inView ? virtualizer.getVirtualItems() : virtualizer.getVirtualItems().filter((v) => v.index === activeIndex)

  return (
    <section ref={sectionRef} className="board-column" data-testid="board-column" data-stage={stageId} aria-label={label}>
      <ColumnHeader stage={stage} count={count} totals={totals} onAdd={add} />
      <div
        ref={(node) => {
          scrollRef.current = node
          setNodeRef(node)
        }}
        className={`board-column-body ${isOver ? 'is-over' : ''} ${deals.length === 0 ? 'is-empty' : ''}`}
        data-testid="column-body"
      >
        <SortableContext id={stageId} items={cardIds(deals)} strategy={verticalListSortingStrategy}>
          <div className="board-column-inner" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((v) => {
              const card = deals[v.index]
              return card ? <SortableDealCard key={card.id} card={card} rottingDays={stage.rottingDays} top={v.start} /> : null
            })}
          </div>
        </SortableContext>
        {deals.length === 0 && (
          <div className="board-column-empty">
            <span>No deals in this stage</span>
            <button type="button" className="link-button" onClick={add}>
              Add one
            </button>
          </div>
        )}
      </div>
    </section>
  )
})
