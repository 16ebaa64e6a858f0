/**
 * A deal on the board. The body is memoized on the card object (which keeps its identity across
 * refetches), so dragging another card or a refetch does not re-render it. The sortable shell
 * re-renders whenever a drag starts or ends (dnd-kit's context changes for every sortable), so it
 * is kept thin: its label and data are worked out once per card, not on every render.
 */
import { useSortable } from '@dnd-kit/sortable'
import { CSS } from '@dnd-kit/utilities'
import { memo, useMemo, useRef, type CSSProperties } from 'react'
import type { DealCard } from '../../../src-shared/model/deal'
import { askLostReason, deleteDeal, winDeal } from '../../actions/deals'
import { formatDaysShort, money, pluralize } from '../../lib/format'
import { navigate } from '../../stores/route'
import { showError } from '../../stores/toasts'
import { Menu } from '../Menu'

export const CARD_HEIGHT = 86
export const CARD_GAP = 8

function rottingTitle(card: DealCard, rottingDays: number | null) {
  return `No movement for ${pluralize(card.daysInStage, 'day')}${rottingDays ? ` (this stage rots after ${pluralize(rottingDays, 'day')})` : ''}`
}

export const DealCardBody = memo(function DealCardBody({ card, rottingDays, overlay = false }: { card: DealCard; rottingDays: number | null; overlay?: boolean }) {
  return (
    <>
      <div className="deal-card-top">
        <a className="deal-card-title" href={`#/deals/${card.id}`} tabIndex={-1} title={card.title} onClick={(e) => e.preventDefault()}>
          {card.title}
        </a>
        {!overlay && (
          <Menu
            label={`Actions for ${card.title}`}
            className="deal-card-menu"
            items={[
              { label: 'Mark won', icon: 'trophy', run: () => void winDeal(card).then(() => undefined, showError) },
              { label: 'Mark lost', icon: 'lost', run: () => askLostReason(card) },
              { label: 'Delete', icon: 'trash', danger: true, run: () => void deleteDeal(card).catch(showError) },
            ]}
          />
        )}
      </div>
      <div className="deal-card-person">{card.contactName ?? card.companyName ?? <span className="muted">No contact</span>}</div>
      <div className="deal-card-foot">
        <span className="deal-card-value">{money(card.valueMinor, card.currency)}</span>
        {card.rotting ? (
          <span className="deal-card-rotting" title={rottingTitle(card, rottingDays)} data-testid="rotting-mark">
            Idle {formatDaysShort(card.daysInStage)}
          </span>
        ) : (
          <span className="deal-card-days" title={`In this stage for ${pluralize(card.daysInStage, 'day')}`}>
            {formatDaysShort(card.daysInStage)}
          </span>
        )}
      </div>
    </>
  )
})

const cardLabel = (card: DealCard) =>
  `${card.title}, ${money(card.valueMinor, card.currency)}${card.contactName ? `, ${card.contactName}` : ''}${card.rotting ? ', idle too long' : ''}`

export const SortableDealCard = memo(function SortableDealCard({ card, rottingDays, top }: { card: DealCard; rottingDays: number | null; top: number }) {
  const data = useMemo(() => ({ stageId: card.stageId }), [card.stageId])
  const label = useMemo(() => cardLabel(card), [card])
  const { attributes, listeners, setNodeRef, transform, transition, isDragging, isSorting } = useSortable({ id: card.id, data })
  // A transition only on the cards a drag actually shifts (from their first shift to the drop): the
  // rest keep an unchanged style, so a drop does not restyle every card on screen (with 8 columns
  // that was most of the drop's cost). A transition set together with a transform still animates it.
  const shifted = useRef(false)
  if (transform) shifted.current = true
  else if (!isSorting) shifted.current = false
  const style: CSSProperties = { top, height: CARD_HEIGHT, transform: CSS.Translate.toString(transform), transition: shifted.current ? transition : undefined }
  return (
    <div
      ref={setNodeRef}
      className={`deal-card ${card.rotting ? 'is-rotting' : ''} ${isDragging ? 'is-placeholder' : ''}`}
      style={style}
      data-testid="deal-card"
      data-id={card.id}
      data-stage={card.stageId}
      {...attributes}
      aria-roledescription="Draggable deal"
      aria-label={label}
      {...listeners}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !isDragging && e.target === e.currentTarget) {
          e.preventDefault()
          navigate({ name: 'deal', id: card.id })
          return
        }
        listeners?.onKeyDown?.(e)
      }}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('button')) return
        navigate({ name: 'deal', id: card.id })
      }}
    >
      <DealCardBody card={card} rottingDays={rottingDays} />
    </div>
  )
})
