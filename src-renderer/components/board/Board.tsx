/**
 * The columns with drag and drop (dnd-kit): pointer and keyboard (focus a card, Space to pick up,
 * arrows to move, Space to drop, Escape to cancel), announced to screen readers. A card moves on
 * screen at once; `deals.move` gets its new neighbours; a failure puts everything back.
 * Dropping on Won or Lost closes the deal (Lost asks for the reason first).
 */
import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  pointerWithin,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core'
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable'
import { useLayoutEffect, useRef, useState } from 'react'
import type { DealCard } from '../../../src-shared/model/deal'
import { crm } from '../../lib/crm'
import { askLostReason, winDeal } from '../../actions/deals'
import { useBoard, type Column } from '../../stores/board'
import { showError } from '../../stores/toasts'
import { BoardColumn } from './BoardColumn'
import { DealCardBody } from './DealCardView'
import { LOST_ZONE, OutcomeZones, WON_ZONE } from './OutcomeZones'

const isZone = (id: UniqueIdentifier) => id === WON_ZONE || id === LOST_ZONE
const columnStage = (id: UniqueIdentifier) => (String(id).startsWith('column:') ? String(id).slice(7) : null)

function locate(columns: Record<string, Column>, id: string) {
  for (const [stageId, col] of Object.entries(columns)) {
    const index = col.deals.findIndex((c) => c.id === id)
    if (index >= 0) return { stageId, index, card: col.deals[index] }
  }
  return null
}

/** Pointer: what is under the pointer (zones first); keyboard: the closest target. */
const collision: CollisionDetection = (args) => {
  const under = pointerWithin(args)
  if (under.length) {
    const zone = under.find((c) => isZone(c.id))
    if (zone) return [zone]
    const card = under.find((c) => !columnStage(c.id))
    return card ? [card] : under
  }
  if (args.pointerCoordinates) return []
  return closestCorners(args)
}

export const DEAL_MOVE_MARK = 'deal-move:start'
export const DEAL_MOVE_MEASURE = 'deal-move'

/**
 * drop → persisted → rendered: measured in the commit that puts the confirmed card on screen in its
 * new place. Its own component, so confirming a move re-renders this and the card's column only
 * (re-rendering Board would re-render DndContext and, through it, every sortable on screen).
 */
function MoveTimer({ measuring }: { measuring: { current: boolean } }) {
  const settled = useBoard((s) => s.settled)
  useLayoutEffect(() => {
    if (!settled || !measuring.current) return
    measuring.current = false
    try {
      performance.measure(DEAL_MOVE_MEASURE, DEAL_MOVE_MARK)
    } catch {
      // the mark was cleared: nothing to measure
    }
  }, [settled, measuring])
  return null
}

export function Board() {
  const stageIds = useBoard((s) => s.stageIds)
  const [active, setActive] = useState<DealCard | null>(null)
  const snapshot = useRef<Record<string, Column> | null>(null)
  const origin = useRef<{ stageId: string; index: number } | null>(null)
  const measuring = useRef(false)

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates, keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space'] } }),
  )

  const board = () => useBoard.getState()
  const stageName = (stageId: string) => board().columns[stageId]?.stage.name ?? 'a stage'
  const titleOf = (id: UniqueIdentifier) => locate(board().columns, String(id))?.card.title ?? 'The deal'
  const describeTarget = (id: UniqueIdentifier) => {
    if (id === WON_ZONE) return 'Won'
    if (id === LOST_ZONE) return 'Lost'
    const stage = columnStage(id)
    if (stage) return `${stageName(stage)}, at the end`
    const at = locate(board().columns, String(id))
    return at ? `${stageName(at.stageId)}, position ${at.index + 1} of ${board().columns[at.stageId].deals.length}` : 'a stage'
  }
  const announcements: Announcements = {
    onDragStart: ({ active: a }) => `Picked up ${titleOf(a.id)}. Arrow keys move it, Space drops it, Escape cancels.`,
    onDragOver: ({ active: a, over }) => (over ? `${titleOf(a.id)} is over ${describeTarget(over.id)}.` : `${titleOf(a.id)} is not over a stage.`),
    onDragEnd: ({ active: a, over }) => (over ? `${titleOf(a.id)} dropped on ${describeTarget(over.id)}.` : `${titleOf(a.id)} dropped.`),
    onDragCancel: ({ active: a }) => `Moving ${titleOf(a.id)} was cancelled.`,
  }

  const finish = () => {
    setActive(null)
    snapshot.current = null
    origin.current = null
    board().setDragging(null)
  }

  const onDragStart = ({ active: a }: DragStartEvent) => {
    const at = locate(board().columns, String(a.id))
    if (!at) return
    snapshot.current = board().columnsSnapshot()
    origin.current = { stageId: at.stageId, index: at.index }
    board().setDragging(at.card.id)
    setActive(at.card)
  }

  /** Across columns the card moves while dragging, so the target column opens a gap for it. */
  const onDragOver = ({ active: a, over }: DragOverEvent) => {
    if (!over || isZone(over.id)) return
    const columns = board().columns
    const from = locate(columns, String(a.id))
    if (!from) return
    const toStage = columnStage(over.id) ?? locate(columns, String(over.id))?.stageId
    if (!toStage || toStage === from.stageId) return
    const target = columns[toStage]
    let index = target.deals.length
    if (!columnStage(over.id)) {
      const overIndex = target.deals.findIndex((c) => c.id === over.id)
      const translated = a.rect.current.translated
      const below = translated && translated.top > over.rect.top + over.rect.height / 2
      index = overIndex + (below ? 1 : 0)
    }
    board().moveLocal(String(a.id), toStage, index)
  }

  const onDragEnd = async ({ active: a, over }: DragEndEvent) => {
    const id = String(a.id)
    const before = snapshot.current
    const start = origin.current
    const card = active
    finish()
    if (!before || !start || !card) return
    if (!over) {
      board().restore(before)
      return
    }
    if (isZone(over.id)) {
      board().restore(before)
      if (over.id === LOST_ZONE) {
        askLostReason(card, () => board().removeLocal(id))
        return
      }
      board().removeLocal(id)
      try {
        await winDeal(card)
      } catch (error) {
        board().restore(before)
        showError(error)
      }
      return
    }
    // Within a column: put it where the card under it was.
    const columns = board().columns
    const now = locate(columns, id)
    if (!now) return
    if (!columnStage(over.id) && over.id !== a.id) {
      const overIndex = columns[now.stageId].deals.findIndex((c) => c.id === over.id)
      if (overIndex >= 0) board().moveLocal(id, now.stageId, overIndex)
    }
    const placed = locate(board().columns, id)!
    if (placed.stageId === start.stageId && placed.index === start.index) return
    const deals = board().columns[placed.stageId].deals
    performance.clearMarks(DEAL_MOVE_MARK)
    performance.mark(DEAL_MOVE_MARK)
    measuring.current = true
    try {
      const moved = await crm.invoke('deals.move', {
        id,
        stageId: placed.stageId,
        afterId: deals[placed.index - 1]?.id ?? null,
        beforeId: deals[placed.index + 1]?.id ?? null,
      })
      board().applyCard(moved, true)
    } catch (error) {
      measuring.current = false
      board().restore(before)
      showError(error)
    }
  }

  const onDragCancel = () => {
    const before = snapshot.current
    finish()
    if (before) board().restore(before)
  }

  const activeStage = active ? board().columns[active.stageId]?.stage : undefined
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collision}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragEnd={(e) => void onDragEnd(e)}
      onDragCancel={onDragCancel}
      accessibility={{
        announcements,
        screenReaderInstructions: { draggable: 'To pick up a deal, press Space. Use the arrow keys to move it between and within stages. Press Space again to drop it, or Escape to cancel. Press Enter to open it.' },
      }}
    >
      <div className={`board ${active ? 'is-dragging' : ''}`} data-testid="board">
        {stageIds.map((stageId) => (
          <BoardColumn key={stageId} stageId={stageId} />
        ))}
      </div>
      {active && <OutcomeZones />}
      <MoveTimer measuring={measuring} />
      <DragOverlay dropAnimation={null}>
        {active ? (
          <div className={`deal-card is-overlay ${active.rotting ? 'is-rotting' : ''}`}>
            <DealCardBody card={active} rottingDays={activeStage?.rottingDays ?? null} overlay />
          </div>
        ) : null}
      </DragOverlay>
    </DndContext>
  )
}
