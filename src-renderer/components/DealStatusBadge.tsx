import type { DealStatus } from '../../src-shared/model/deal'

const LABEL: Record<DealStatus, string> = { open: 'Open', won: 'Won', lost: 'Lost' }

/** Open / Won / Lost, in the status colour; open deals idle too long say so. */
export function DealStatusBadge({ status, rotting = false }: { status: DealStatus; rotting?: boolean }) {
  return (
    <span className={`deal-status deal-status-${status} ${rotting && status === 'open' ? 'is-rotting' : ''}`} data-testid="deal-status">
      {rotting && status === 'open' ? 'Idle' : LABEL[status]}
    </span>
  )
}
