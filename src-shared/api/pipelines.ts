/** The contract of pipelines and their stages. */
import { byIds } from '../model/common'
import { type Pipeline, pipelineCreateInput, pipelineUpdateInput, stageCreateInput, stageDeleteInput, stageReorderInput, stageUpdateInput } from '../model/deal'
import { command, none, type Count, type CommandMap } from './command'

export const pipelinesCommands = {
  'pipelines.list': command<Pipeline[]>()(none, { reads: ['pipelines', 'stages'] }),
  'pipelines.create': command<Pipeline>()(pipelineCreateInput),
  'pipelines.update': command<Pipeline>()(pipelineUpdateInput),
  /** Refused with CONFLICT while the pipeline holds deals. */
  'pipelines.delete': command<Count>()(byIds),
  'stages.create': command<Pipeline>()(stageCreateInput),
  'stages.update': command<Pipeline>()(stageUpdateInput),
  'stages.reorder': command<Pipeline>()(stageReorderInput),
  /** CONFLICT (details.dealCount) when the stage holds deals and no moveDealsTo is given. */
  'stages.delete': command<Pipeline>()(stageDeleteInput),
} satisfies CommandMap
