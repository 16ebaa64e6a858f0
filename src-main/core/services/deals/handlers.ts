/** The deals commands of the contract (src-shared/api/deals.ts), each to its service call. */
import type { dealsCommands } from '../../../../src-shared/api/deals'
import type { HandlersOf } from '../handlers-of'
import type { DealsService } from './deals'

export function dealsHandlers(s: { deals: DealsService }): HandlersOf<typeof dealsCommands> {
  return {
    'deals.board': (i) => s.deals.board(i),
    'deals.list': (i) => s.deals.list(i),
    'deals.outcomes': (i) => s.deals.outcomes(i),
    'deals.get': (i) => s.deals.get(i.id),
    'deals.create': (i) => s.deals.create(i),
    'deals.update': (i) => s.deals.update(i),
    'deals.move': (i) => s.deals.move(i),
    'deals.win': (i) => s.deals.win(i.id),
    'deals.lose': (i) => s.deals.lose(i),
    'deals.reopen': (i) => s.deals.reopen(i.id),
    'deals.delete': (i) => s.deals.remove(i.ids),
    'deals.restore': (i) => s.deals.restore(i.ids),
  }
}
