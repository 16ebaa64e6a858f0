/** The contract of deals and the pipeline board. */
import { type Page, byId, byIds } from '../model/common'
import { type Board, type Deal, type DealCard, type DealOutcomes, dealBoardInput, dealOutcomesInput, dealCreateInput, dealListInput, dealLoseInput, dealMoveInput, dealUpdateInput } from '../model/deal'
import { command, type Count, type CommandMap } from './command'

export const dealsCommands = {
  'deals.board': command<Board>()(dealBoardInput, { reads: ['deals', 'pipelines', 'stages', 'contacts', 'companies', 'contact_tags', 'tags', 'settings'] }),
  'deals.list': command<Page<DealCard>>()(dealListInput, { reads: ['deals', 'pipelines', 'stages', 'contacts', 'companies', 'contact_tags', 'tags'] }),
  /** Won and lost in a period, per currency, beside the open count: the board's outcome strip. */
  'deals.outcomes': command<DealOutcomes>()(dealOutcomesInput, { reads: ['deals', 'pipelines'] }),
  'deals.get': command<Deal>()(byId, { reads: ['deals', 'contacts', 'companies', 'stages', 'pipelines', 'deal_stage_visits'] }),
  'deals.create': command<Deal>()(dealCreateInput),
  'deals.update': command<Deal>()(dealUpdateInput),
  /** Drag and drop: writes the deal's stage and rank (one row), plus a timeline entry on a stage change. */
  'deals.move': command<DealCard>()(dealMoveInput),
  'deals.win': command<Deal>()(byId),
  'deals.lose': command<Deal>()(dealLoseInput),
  'deals.reopen': command<Deal>()(byId),
  'deals.delete': command<Count>()(byIds),
  'deals.restore': command<Count>()(byIds),
} satisfies CommandMap
