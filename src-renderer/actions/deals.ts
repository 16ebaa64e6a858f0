/** Win, lose, reopen and delete a deal: the command, then a toast with Undo. One place for every view. */
import { crm } from '../lib/crm'
import { useBoard } from '../stores/board'
import { showUndo } from '../stores/toasts'
import { useUi } from '../stores/ui'

export interface DealRef {
  id: string
  title: string
}

export async function winDeal(deal: DealRef) {
  const won = await crm.invoke('deals.win', { id: deal.id })
  showUndo(`Won “${deal.title}”`, () => crm.invoke('deals.reopen', { id: deal.id }), `Reopened “${deal.title}”`)
  return won
}

export async function loseDeal(deal: DealRef, reason: string) {
  const lost = await crm.invoke('deals.lose', { id: deal.id, reason })
  showUndo(`Lost “${deal.title}”`, () => crm.invoke('deals.reopen', { id: deal.id }), `Reopened “${deal.title}”`)
  return lost
}

/** Undo closes it again the way it was: won, or lost for the same reason. */
export async function reopenDeal(deal: DealRef) {
  const before = await crm.invoke('deals.get', { id: deal.id })
  const reopened = await crm.invoke('deals.reopen', { id: deal.id })
  if (before.status === 'open') return reopened
  const closeAgain = () =>
    before.status === 'won' ? crm.invoke('deals.win', { id: deal.id }) : crm.invoke('deals.lose', { id: deal.id, reason: before.lostReason || 'Lost' })
  showUndo(`Reopened “${deal.title}”`, closeAgain, `“${deal.title}” is ${before.status} again`)
  return reopened
}

export async function deleteDeal(deal: DealRef) {
  await crm.invoke('deals.delete', { ids: [deal.id] })
  useBoard.getState().removeLocal(deal.id)
  showUndo(`Deleted “${deal.title}”`, () => crm.invoke('deals.restore', { ids: [deal.id] }), `Restored “${deal.title}”`)
}

/** Opens the "Why was it lost?" dialog; `onLost` runs once core has recorded the loss. */
export function askLostReason(deal: DealRef, onLost?: () => void) {
  useUi.getState().askLostReason({ ...deal, onLost })
}
