/** The pipelines commands of the contract (src-shared/api/pipelines.ts), each to its service call. */
import type { pipelinesCommands } from '../../../../src-shared/api/pipelines'
import type { HandlersOf } from '../handlers-of'
import type { DealsService } from '../deals/deals'
import type { PipelinesService } from './pipelines'

export function pipelinesHandlers(s: { pipelines: PipelinesService; deals: DealsService }): HandlersOf<typeof pipelinesCommands> {
  return {
    'pipelines.list': () => s.pipelines.list(),
    'pipelines.create': (i) => s.pipelines.create(i),
    'pipelines.update': (i) => s.pipelines.update(i),
    'pipelines.delete': (i) => s.pipelines.remove(i.ids),
    'stages.create': (i) => s.pipelines.createStage(i),
    'stages.update': (i) => s.pipelines.updateStage(i),
    'stages.reorder': (i) => s.pipelines.reorderStages(i),
    'stages.delete': (i) => s.pipelines.deleteStage(i, s.deals.moveAllOut),
  }
}
