/** Pipelines and their ordered stages. Stage deletion never orphans a deal. */
import { AppError } from '../../../../src-shared/errors'
import type { Pipeline, Stage } from '../../../../src-shared/model/deal'
import { stableId } from '../../db/ids'
import type { Writer } from '../../db/repository'
import { invalid, requireActive, type ServiceContext } from '../context'

interface StageInput {
  name: string
  probability: number
  rottingDays: number | null
}

export const DEFAULT_STAGES: StageInput[] = [
  { name: 'Lead in', probability: 10, rottingDays: 14 },
  { name: 'Qualified', probability: 25, rottingDays: 14 },
  { name: 'Proposal sent', probability: 50, rottingDays: 10 },
  { name: 'Negotiation', probability: 75, rottingDays: 7 },
]

interface PipelineRow {
  id: string
  name: string
  position: number
  created_at: number
  updated_at: number
  deleted_at: number | null
}
interface StageRow {
  id: string
  pipeline_id: string
  name: string
  probability: number
  rotting_days: number | null
  position: number
}

const toStage = (r: StageRow): Stage => ({
  id: r.id,
  pipelineId: r.pipeline_id,
  name: r.name,
  probability: r.probability,
  rottingDays: r.rotting_days,
  position: r.position,
})

/** Moves deals from one stage to another; used by stage deletion, and by deals through onMoved. */
/** Moves a stage's deals to another stage inside the caller's transaction (the deals domain does it). */
export type MoveDealsOut = (w: Writer, fromStageId: string, toStageId: string, why: string) => void

export function createPipelinesService(ctx: ServiceContext) {
  const { q, repo } = ctx

  const stagesOf = (pipelineId: string): Stage[] =>
    q
      .all<StageRow>('SELECT * FROM stages WHERE pipeline_id = ? AND deleted_at IS NULL ORDER BY position, created_at', pipelineId)
      .map(toStage)

  function get(id: string): Pipeline {
    const r = q.one<PipelineRow>('SELECT * FROM pipelines WHERE id = ? AND deleted_at IS NULL', id)
    if (!r) throw new AppError('NOT_FOUND', 'This pipeline was not found; it may have been deleted. Refresh and try again.', { id })
    return {
      id: r.id,
      name: r.name,
      position: r.position,
      stages: stagesOf(r.id),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      deletedAt: r.deleted_at,
    }
  }

  function list(): Pipeline[] {
    return q
      .all<{ id: string }>('SELECT id FROM pipelines WHERE deleted_at IS NULL ORDER BY position, created_at')
      .map((r) => get(r.id))
  }

  function ensureUniqueName(name: string, exceptId?: string) {
    const clash = q.one('SELECT 1 FROM pipelines WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL AND id IS NOT ?', name, exceptId ?? null)
    if (clash) throw new AppError('CONFLICT', `A pipeline named "${name}" already exists. Pick another name.`)
  }

  /** `seed`: the first start's pipeline, with the same ids on every device (they fold into one when synced). */
  function create(input: { name: string; stages?: StageInput[] }, seed = false): Pipeline {
    ensureUniqueName(input.name)
    const position = q.one<{ n: number }>('SELECT coalesce(max(position), -1) + 1 AS n FROM pipelines')!.n
    const id = repo.write((w) => {
      const pipelineId = w.insert('pipelines', { name: input.name, position, id: seed ? stableId('seed/pipeline') : undefined })
      ;(input.stages ?? DEFAULT_STAGES).forEach((stage, i) =>
        w.insert('stages', { ...stage, pipelineId, position: i, id: seed ? stableId(`seed/pipeline/stage/${i}`) : undefined }),
      )
      return pipelineId
    }, { seed }) // the seeded one is dated before any edit: a joining device never renames the team's back
    return get(id)
  }

  function stageOf(id: string): StageRow {
    requireActive(ctx, 'stages', id, 'The stage')
    return q.one<StageRow>('SELECT * FROM stages WHERE id = ?', id)!
  }

  return {
    list,
    get,
    create,
    stageOf: (id: string) => toStage(stageOf(id)),
    firstStage(pipelineId: string): Stage {
      const first = stagesOf(pipelineId)[0]
      if (!first) throw new AppError('CONFLICT', 'This pipeline has no stages. Add a stage in Settings first.')
      return first
    },
    defaultPipelineId(): string {
      const row = q.one<{ id: string }>('SELECT id FROM pipelines WHERE deleted_at IS NULL ORDER BY position, created_at LIMIT 1')
      if (!row) throw new AppError('CONFLICT', 'There is no pipeline. Create one in Settings first.')
      return row.id
    },
    /** First start: a ready "Sales" pipeline, so the board is never a dead end. */
    ensureDefault() {
      if (q.one('SELECT 1 FROM pipelines WHERE deleted_at IS NULL')) return
      // every pipeline deleted (two people deleting the last two at once): the seeded one comes back,
      // with its stages, instead of a second row on its stable id
      const seeded = stableId('seed/pipeline')
      if (q.one('SELECT 1 FROM pipelines WHERE id = ?', seeded)) {
        repo.write((w) => {
          w.restore('pipelines', seeded)
          for (const { id } of q.all<{ id: string }>('SELECT id FROM stages WHERE pipeline_id = ? AND deleted_at IS NOT NULL', seeded)) w.restore('stages', id)
        })
        return
      }
      create({ name: 'Sales' }, true)
    },
    update({ id, name }: { id: string; name: string }): Pipeline {
      get(id)
      ensureUniqueName(name, id)
      repo.write((w) => w.update('pipelines', id, { name }))
      return get(id)
    },
    remove(ids: string[]) {
      return repo.write((w) => {
        let count = 0
        for (const id of new Set(ids)) {
          const pipeline = get(id)
          const deals = q.one<{ n: number }>('SELECT count(*) AS n FROM deals WHERE pipeline_id = ? AND deleted_at IS NULL', id)!.n
          if (deals > 0) {
            throw new AppError('CONFLICT', `"${pipeline.name}" still holds ${deals} deal${deals === 1 ? '' : 's'}. Move or delete them first.`, { dealCount: deals })
          }
          const others = q.one<{ n: number }>('SELECT count(*) AS n FROM pipelines WHERE deleted_at IS NULL AND id <> ?', id)!.n
          if (others === 0) throw new AppError('CONFLICT', 'Keep at least one pipeline: rename this one instead.')
          for (const stage of pipeline.stages) w.softDelete('stages', stage.id)
          if (w.softDelete('pipelines', id)) count++
        }
        return { count }
      })
    },

    createStage(input: StageInput & { pipelineId: string }): Pipeline {
      get(input.pipelineId)
      const position = q.one<{ n: number }>(
        'SELECT coalesce(max(position), -1) + 1 AS n FROM stages WHERE pipeline_id = ? AND deleted_at IS NULL',
        input.pipelineId,
      )!.n
      repo.write((w) => w.insert('stages', { ...input, position }))
      return get(input.pipelineId)
    },
    updateStage(input: { id: string; name?: string; probability?: number; rottingDays?: number | null }): Pipeline {
      const stage = stageOf(input.id)
      repo.write((w) =>
        w.update('stages', input.id, { name: input.name, probability: input.probability, rottingDays: input.rottingDays }),
      )
      return get(stage.pipeline_id)
    },
    reorderStages({ pipelineId, stageIds }: { pipelineId: string; stageIds: string[] }): Pipeline {
      const current = get(pipelineId).stages.map((s) => s.id)
      const same = current.length === stageIds.length && new Set(stageIds).size === stageIds.length && stageIds.every((id) => current.includes(id))
      if (!same) throw invalid('stageIds', 'The stage list changed meanwhile; refresh and try again.')
      repo.write((w) => stageIds.forEach((id, position) => w.update('stages', id, { position })))
      return get(pipelineId)
    },
    deleteStage({ id, moveDealsTo }: { id: string; moveDealsTo?: string }, moveDealsOut: MoveDealsOut): Pipeline {
      const stage = stageOf(id)
      const pipeline = get(stage.pipeline_id)
      if (pipeline.stages.length === 1) throw new AppError('CONFLICT', 'A pipeline needs at least one stage: rename this one instead.')
      const dealCount = q.one<{ n: number }>('SELECT count(*) AS n FROM deals WHERE stage_id = ? AND deleted_at IS NULL', id)!.n
      if (dealCount > 0 && !moveDealsTo) {
        throw new AppError('CONFLICT', `"${stage.name}" holds ${dealCount} deal${dealCount === 1 ? '' : 's'}. Choose a stage to move ${dealCount === 1 ? 'it' : 'them'} to.`, { dealCount })
      }
      if (moveDealsTo) {
        const target = stageOf(moveDealsTo)
        if (target.id === id) throw invalid('moveDealsTo', 'Pick another stage than the one being deleted')
        if (target.pipeline_id !== stage.pipeline_id) throw invalid('moveDealsTo', 'Pick a stage of the same pipeline')
      }
      repo.write((w) => {
        if (moveDealsTo) moveDealsOut(w, id, moveDealsTo, `stage "${stage.name}" was deleted`)
        w.softDelete('stages', id)
      })
      return get(stage.pipeline_id)
    },
  }
}

export type PipelinesService = ReturnType<typeof createPipelinesService>
