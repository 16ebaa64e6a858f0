/**
 * One stage of the board: its header (count, probability, totals per currency, "+") and its cards,
 * virtualized: only the cards in view (plus a few, plus the one being dragged) are rendered and sortable.
 */
import { useDroppable } from '@dnd-kit/core'
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable'
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual'
import { memo, useCallback, useRef } from 'react'
import { pluralize } from '../../lib/format'
import { cardIds, useBoard } from '../../stores/board'
import { useUi } from '../../stores/ui'
import { Icon } from '../Icons'
import { CARD_GAP, CARD_HEIGHT, SortableDealCard } from './DealCardView'
import { MoneyTotals } from './MoneyTotals'

export const columnDropId = (stageId: string) => `column:${stageId}`

export const BoardColumn = memo(function BoardColumn({ stageId }: { stageId: string }) {
  const column = useBoard((s) => s.columns[stageId])
  const pipelineId = useBoard((s) => s.pipeline?.id)
  const openDealForm = useUi((s) => s.openDealForm)
  const scrollRef = useRef<HTMLDivElement>(null)
  const { setNodeRef, isOver } = useDroppable({ id: columnDropId(stageId), data: { stageId } })
  // Only the column holding the dragged card re-renders when a drag starts or ends.
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
    overscan: 4,
    rangeExtractor,
    paddingStart: 2,
    paddingEnd: 2,
  })

  if (!column) return null
  const { stage, count, totals } = column
  const items = virtualizer.getVirtualItems()
  const add = () => openDealForm({ mode: 'create', prefill: { pipelineId, stageId } })

  return (
    <section className="board-column" data-testid="board-column" data-stage={stageId} aria-label={`${stage.name}: ${pluralize(count, 'deal')}`}>
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
          <button type="button" className="icon-button board-column-add" aria-label={`New deal in ${stage.name}`} title={`New deal in ${stage.name}`} onClick={add}>
            <Icon name="plus" size={14} />
          </button>
        </div>
        <MoneyTotals totals={totals} className="board-column-totals" />
      </header>
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
