/** The pipelines with their stages, in their order: used by the board, forms, reports and Settings. */
import type { Pipeline } from '../../src-shared/model/deal'
import { createQuery } from './query'

const byPosition = <T extends { position: number }>(a: T, b: T) => a.position - b.position

export const usePipelines = createQuery('pipelines.list', {
  select: (pipelines): Pipeline[] => [...pipelines].sort(byPosition).map((p) => ({ ...p, stages: [...p.stages].sort(byPosition) })),
})
