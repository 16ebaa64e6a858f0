/** The Won and Lost drop targets shown at the bottom of the board while a card is dragged. */
import { useDroppable } from '@dnd-kit/core'
import { Icon } from '../Icons'

export const WON_ZONE = 'zone:won'
export const LOST_ZONE = 'zone:lost'

function Zone({ id, label, icon, tone }: { id: string; label: string; icon: 'trophy' | 'lost'; tone: 'won' | 'lost' }) {
  const { setNodeRef, isOver } = useDroppable({ id })
  return (
    <div ref={setNodeRef} className={`outcome-zone outcome-${tone} ${isOver ? 'is-over' : ''}`} data-testid={`zone-${tone}`}>
      <Icon name={icon} size={18} /> {label}
    </div>
  )
}

export function OutcomeZones() {
  return (
    <div className="outcome-zones" aria-hidden="false">
      <Zone id={WON_ZONE} label="Drop here: won" icon="trophy" tone="won" />
      <Zone id={LOST_ZONE} label="Drop here: lost" icon="lost" tone="lost" />
    </div>
  )
}
