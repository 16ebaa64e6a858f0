/**
 * Deals on the board: create, edit, move with a fractional rank (a move rewrites one deal row),
 * win / lose / reopen. Stage changes, wins and losses are written to the timeline as system
 * entries on the deal, its contact and its company.
 */
import { generateKeyBetween } from 'fractional-indexing'
import type { z } from 'zod'
import { AppError } from '../../../../src-shared/errors'
import type { Page } from '../../../../src-shared/model/common'
import {
  dealFields,
  dealListInput,
  type Board,
  type BoardColumn,
  type Deal,
  type DealCard,
  type DealOutcomes,
  type DealStatus,
  type OutcomeTotals,
} from '../../../../src-shared/model/deal'
import { formatMoney, type MoneyTotal } from '../../../../src-shared/model/money'
import type { Writer } from '../../db/repository'
import { forEachId, invalid, requireActive, type ServiceContext } from '../context'
import { CONTACTS_WITH_TAG } from '../contacts/contact-filter'
import type { PipelinesService } from '../pipelines/pipelines'
import type { createSettingsService } from '../settings/settings'

type DealFields = z.output<typeof dealFields>
const DAY = 24 * 60 * 60 * 1000

interface DealRow {
  id: string
  pipeline_id: string
  stage_id: string
  stage_name: string
  probability: number
  rotting_days: number | null
  title: string
  value_minor: number
  currency: string
  contact_id: string | null
  contact_name: string | null
  company_id: string | null
  company_name: string | null
  owner: string | null
  expected_close: string | null
  status: DealStatus
  lost_reason: string | null
  closed_at: number | null
  stage_entered_at: number
  last_touched: number
  rank: string
  notes: string
  private_to: string | null
  created_at: number
  updated_at: number
  deleted_at: number | null
}

// last_touched: the later of entering the stage and the newest entry a person logged on the deal.
const SELECT_DEAL = `SELECT d.*, s.name AS stage_name, s.probability, s.rotting_days,
    nullif(trim(ct.first_name || ' ' || ct.last_name), '') AS contact_name, co.name AS company_name,
    max(d.stage_entered_at, coalesce((SELECT max(a.occurred_at) FROM activities a
      WHERE a.deal_id = d.id AND a.deleted_at IS NULL AND a.type <> 'system'), 0)) AS last_touched
  FROM deals d JOIN stages s ON s.id = d.stage_id
  LEFT JOIN contacts ct ON ct.id = d.contact_id AND ct.deleted_at IS NULL
  LEFT JOIN companies co ON co.id = d.company_id AND co.deleted_at IS NULL`

const SORT_SQL: Record<z.output<typeof dealListInput>['sort'], string> = {
  title: 'd.title COLLATE NOCASE',
  value: 'd.value_minor',
  expectedClose: 'd.expected_close',
  stage: 's.position',
  created: 'd.created_at',
  updated: 'd.updated_at',
  closed: 'd.closed_at',
}

export function createDealsService(ctx: ServiceContext, pipelines: PipelinesService, settings: ReturnType<typeof createSettingsService>) {
  const { q, repo, clock } = ctx

  function toCard(r: DealRow, now: number): DealCard {
    const idleDays = Math.floor((now - r.last_touched) / DAY)
    return {
      id: r.id,
      title: r.title,
      valueMinor: r.value_minor,
      currency: r.currency,
      pipelineId: r.pipeline_id,
      stageId: r.stage_id,
      stageName: r.stage_name,
      status: r.status,
      contactId: r.contact_id,
      contactName: r.contact_name,
      companyId: r.company_id,
      companyName: r.company_name,
      owner: r.owner,
      expectedClose: r.expected_close,
      rank: r.rank,
      stageEnteredAt: r.stage_entered_at,
      daysInStage: Math.floor((now - r.stage_entered_at) / DAY),
      idleDays,
      rotting: r.status === 'open' && r.rotting_days !== null && now - r.last_touched > r.rotting_days * DAY,
      closedAt: r.closed_at,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }
  }

  function row(id: string): DealRow {
    const r = q.one<DealRow>(`${SELECT_DEAL} WHERE d.id = ?`, id)
    if (!r) throw new AppError('NOT_FOUND', 'This deal was not found. It may have been removed; go back to the pipeline.', { id })
    if (r.deleted_at !== null) throw new AppError('NOT_FOUND', 'This deal was deleted. Undo the delete to see it again.', { id })
    return r
  }

  function get(id: string): Deal {
    const r = row(id)
    return { ...toCard(r, clock.now()), lostReason: r.lost_reason, notes: r.notes, privateTo: r.private_to, deletedAt: r.deleted_at }
  }

  /** A system entry on the deal's timeline (and so on its contact's and company's). */
  function logEvent(w: Writer, deal: { id: string; contact_id: string | null; company_id: string | null }, body: string) {
    w.insert('activities', { type: 'system', dealId: deal.id, contactId: deal.contact_id, companyId: deal.company_id, occurredAt: w.now, body })
  }

  const lastRank = (stageId: string, exceptId: string | null = null) =>
    q.one<{ rank: string }>('SELECT rank FROM deals WHERE stage_id = ? AND deleted_at IS NULL AND id IS NOT ? ORDER BY rank DESC, id DESC LIMIT 1', stageId, exceptId)
      ?.rank ?? null

  /** A rank between two neighbours; equal neighbours (possible after a sync) fall back to "after". */
  const between = (a: string | null, b: string | null) => (a !== null && b !== null && a >= b ? generateKeyBetween(a, null) : generateKeyBetween(a, b))

  function filters(input: { owner?: string; tagId?: string; closeFrom?: string; closeTo?: string }) {
    const where: string[] = []
    const params: unknown[] = []
    if (input.owner) {
      where.push('d.owner = ? COLLATE NOCASE')
      params.push(input.owner)
    }
    if (input.tagId) {
      where.push(`d.contact_id IN (${CONTACTS_WITH_TAG})`)
      params.push(input.tagId)
    }
    if (input.closeFrom) {
      where.push('d.expected_close >= ?')
      params.push(input.closeFrom)
    }
    if (input.closeTo) {
      where.push('d.expected_close <= ?')
      params.push(input.closeTo)
    }
    return { where, params }
  }

  /** Closes the deal's current stage visit and opens one in `stageId` (funnel history). */
  function enterStage(w: Writer, dealId: string, stageId: string) {
    leaveStage(w, dealId)
    w.insert('deal_stage_visits', { dealId, stageId, enteredAt: w.now })
  }

  /** Won or lost: the stay in the stage ends (time in stage stops counting). */
  function leaveStage(w: Writer, dealId: string) {
    for (const visit of q.all<{ id: string }>('SELECT id FROM deal_stage_visits WHERE deal_id = ? AND left_at IS NULL AND deleted_at IS NULL', dealId)) {
      w.update('deal_stage_visits', visit.id, { leftAt: w.now })
    }
  }

  function checkLinks(f: DealFields) {
    if (f.contactId) requireActive(ctx, 'contacts', f.contactId, 'The contact')
    if (f.companyId) requireActive(ctx, 'companies', f.companyId, 'The company')
  }

  /**
   * A deal deleted before its stage (or pipeline) was deleted stayed there; on restore it goes to the
   * end of the first stage of its pipeline, or of the default pipeline, so no deal is orphaned.
   */
  function rehome(w: Writer, id: string) {
    const d = row(id)
    if (q.one('SELECT 1 FROM stages WHERE id = ? AND deleted_at IS NULL', d.stage_id)) return
    const pipelineActive = q.one('SELECT 1 FROM pipelines WHERE id = ? AND deleted_at IS NULL', d.pipeline_id)
    const target = pipelines.firstStage(pipelineActive ? d.pipeline_id : pipelines.defaultPipelineId())
    w.update('deals', id, {
      stageId: target.id,
      pipelineId: target.pipelineId,
      rank: generateKeyBetween(lastRank(target.id, id), null),
      stageEnteredAt: d.status === 'open' ? w.now : undefined,
    })
    enterStage(w, id, target.id)
    logEvent(w, d, `Moved from ${d.stage_name} to ${target.name} (stage "${d.stage_name}" was deleted)`)
  }

  function setStatus(id: string, status: DealStatus, extra: { lostReason?: string | null }, entry: (d: DealRow) => string): Deal {
    const d = row(id)
    if (d.status === status) return get(id)
    repo.write((w) => {
      w.update('deals', id, { status, closedAt: status === 'open' ? null : w.now, lostReason: extra.lostReason ?? null })
      if (status === 'open') enterStage(w, id, d.stage_id)
      else leaveStage(w, id)
      logEvent(w, d, entry(d))
    })
    return get(id)
  }

  return {
    get,
    board(input: { pipelineId?: string; owner?: string; tagId?: string; closeFrom?: string; closeTo?: string }): Board {
      const pipeline = pipelines.get(input.pipelineId ?? pipelines.defaultPipelineId())
      const { where, params } = filters(input)
      const rows = q.all<DealRow>(
        `${SELECT_DEAL} WHERE d.pipeline_id = ? AND d.status = 'open' AND d.deleted_at IS NULL AND s.deleted_at IS NULL
         ${where.map((c) => `AND ${c}`).join(' ')} ORDER BY d.rank, d.id`,
        pipeline.id,
        ...params,
      )
      const open = q.one<{ n: number }>(
        "SELECT count(*) AS n FROM deals WHERE pipeline_id = ? AND status = 'open' AND deleted_at IS NULL",
        pipeline.id,
      )!.n
      const now = clock.now()
      // Weighted sums are value × percent, in BigInt so they stay exact before the one division.
      const columns = new Map<string, BoardColumn & { sums: Map<string, MoneyTotal & { weightedTimes100: bigint }> }>(
        pipeline.stages.map((stage) => [stage.id, { stage, deals: [], count: 0, totals: [], sums: new Map() }]),
      )
      for (const r of rows) {
        const column = columns.get(r.stage_id)
        if (!column) continue
        column.deals.push(toCard(r, now))
        const sum = column.sums.get(r.currency) ?? { currency: r.currency, value: 0, weighted: 0, weightedTimes100: 0n }
        sum.value += r.value_minor
        sum.weightedTimes100 += BigInt(r.value_minor) * BigInt(r.probability)
        column.sums.set(r.currency, sum)
      }
      return {
        pipeline,
        hiddenByFilters: open - rows.length,
        columns: [...columns.values()].map(({ sums, ...column }) => ({
          ...column,
          count: column.deals.length,
          totals: [...sums.values()]
            .map(({ weightedTimes100, ...t }) => ({ ...t, weighted: Number((weightedTimes100 + 50n) / 100n) }))
            .sort((a, b) => a.currency.localeCompare(b.currency)),
        })),
      }
    },

    /** Won and lost deals of a pipeline closed in [closedFrom, closedTo), with their value per currency. */
    outcomes(input: { pipelineId?: string; closedFrom?: number; closedTo?: number }): DealOutcomes {
      const pipelineId = pipelines.get(input.pipelineId ?? pipelines.defaultPipelineId()).id
      const sums = q.all<{ status: 'won' | 'lost'; currency: string; n: number; value: number }>(
        `SELECT status, currency, count(*) AS n, sum(value_minor) AS value FROM deals
         WHERE pipeline_id = ? AND status IN ('won', 'lost') AND deleted_at IS NULL AND closed_at >= ? AND closed_at < ?
         GROUP BY status, currency ORDER BY status, currency`,
        pipelineId,
        input.closedFrom ?? 0,
        input.closedTo ?? Number.MAX_SAFE_INTEGER,
      )
      const outcome = (status: 'won' | 'lost'): OutcomeTotals => {
        const mine = sums.filter((r) => r.status === status)
        return { count: mine.reduce((n, r) => n + r.n, 0), totals: mine.map((r) => ({ currency: r.currency, value: r.value })).sort((a, b) => b.value - a.value || a.currency.localeCompare(b.currency)) }
      }
      const counts = q.one<{ open: number; closed: number }>(
        "SELECT count(*) FILTER (WHERE status = 'open') AS open, count(*) FILTER (WHERE status <> 'open') AS closed FROM deals WHERE pipeline_id = ? AND deleted_at IS NULL",
        pipelineId,
      )!
      return { pipelineId, won: outcome('won'), lost: outcome('lost'), open: counts.open, closedEver: counts.closed }
    },

    list(input: z.output<typeof dealListInput>): Page<DealCard> {
      const { where, params } = filters(input)
      where.unshift('d.deleted_at IS NULL')
      for (const [column, value] of [
        ['d.pipeline_id', input.pipelineId],
        ['d.contact_id', input.contactId],
        ['d.company_id', input.companyId],
        ['d.status', input.status],
      ] as const) {
        if (value) {
          where.push(`${column} = ?`)
          params.push(value)
        }
      }
      if (input.closedFrom !== undefined) {
        where.push('d.closed_at >= ?')
        params.push(input.closedFrom)
      }
      if (input.closedTo !== undefined) {
        where.push('d.closed_at < ?')
        params.push(input.closedTo)
      }
      const whereSql = where.join(' AND ')
      const dir = input.direction === 'desc' ? 'DESC' : 'ASC'
      const rows = q.all<DealRow>(
        `${SELECT_DEAL} WHERE ${whereSql} ORDER BY ${SORT_SQL[input.sort]} ${dir}, d.id ${dir} LIMIT ? OFFSET ?`,
        ...params,
        input.limit,
        input.offset,
      )
      const total = q.one<{ n: number }>(`SELECT count(*) AS n FROM deals d JOIN stages s ON s.id = d.stage_id WHERE ${whereSql}`, ...params)!.n
      const now = clock.now()
      return { total, items: rows.map((r) => toCard(r, now)) }
    },

    create(input: DealFields): Deal {
      checkLinks(input)
      const stage = input.stageId ? pipelines.stageOf(input.stageId) : null
      const pipelineId = input.pipelineId ?? stage?.pipelineId ?? pipelines.defaultPipelineId()
      if (stage && stage.pipelineId !== pipelineId) throw invalid('stageId', 'That stage belongs to another pipeline')
      const target = stage ?? pipelines.firstStage(pipelines.get(pipelineId).id)
      const id = repo.write((w) => {
        const values = {
          title: input.title,
          valueMinor: input.valueMinor ?? 0,
          currency: input.currency ?? settings.get().defaultCurrency,
          contactId: input.contactId ?? null,
          companyId: input.companyId ?? null,
          owner: input.owner ?? null,
          expectedClose: input.expectedClose ?? null,
          notes: input.notes ?? '',
          pipelineId,
          stageId: target.id,
          status: 'open',
          stageEnteredAt: w.now,
          rank: generateKeyBetween(lastRank(target.id), null),
        }
        const id = w.insert('deals', values)
        enterStage(w, id, target.id)
        logEvent(w, { id, contact_id: values.contactId, company_id: values.companyId }, `Created in ${target.name} · ${formatMoney(values.valueMinor, values.currency, 'en-US')}`)
        return id
      })
      return get(id)
    },

    update({ id, patch }: { id: string; patch: DealFields }): Deal {
      row(id)
      checkLinks(patch)
      repo.write((w) =>
        w.update('deals', id, {
          title: patch.title,
          valueMinor: patch.valueMinor,
          currency: patch.currency,
          contactId: patch.contactId,
          companyId: patch.companyId,
          owner: patch.owner,
          expectedClose: patch.expectedClose,
          notes: patch.notes,
        }),
      )
      return get(id)
    },

    /**
     * Places the deal in `stageId` right after `afterId` (null: at the top) or right before
     * `beforeId` (null: at the bottom). One neighbour is enough; the other is read here, so a
     * stale client order can never produce an invalid rank.
     */
    move({ id, stageId, afterId, beforeId }: { id: string; stageId: string; afterId?: string | null; beforeId?: string | null }): DealCard {
      const d = row(id)
      if (d.status !== 'open') throw new AppError('CONFLICT', `This deal is ${d.status}. Reopen it before moving it.`)
      const stage = pipelines.stageOf(stageId)
      const neighbour = (otherId: string, field: string) => {
        if (otherId === id) throw invalid(field, 'A deal cannot be placed next to itself')
        const other = q.one<{ rank: string; stage_id: string }>('SELECT rank, stage_id FROM deals WHERE id = ? AND deleted_at IS NULL', otherId)
        if (!other || other.stage_id !== stageId) throw invalid(field, 'The board changed meanwhile; refresh and try again.')
        return other.rank
      }
      let a: string | null
      let b: string | null
      if (afterId !== undefined) {
        a = afterId === null ? null : neighbour(afterId, 'afterId')
        b =
          q.one<{ rank: string }>(
            `SELECT rank FROM deals WHERE stage_id = ? AND deleted_at IS NULL AND id <> ? AND ${a === null ? '1' : 'rank > ?'} ORDER BY rank, id LIMIT 1`,
            ...(a === null ? [stageId, id] : [stageId, id, a]),
          )?.rank ?? null
      } else if (beforeId !== undefined && beforeId !== null) {
        b = neighbour(beforeId, 'beforeId')
        a =
          q.one<{ rank: string }>('SELECT rank FROM deals WHERE stage_id = ? AND deleted_at IS NULL AND id <> ? AND rank < ? ORDER BY rank DESC, id DESC LIMIT 1', stageId, id, b)
            ?.rank ?? null
      } else {
        a = lastRank(stageId, id)
        b = null
      }
      const changedStage = d.stage_id !== stageId
      repo.write((w) => {
        w.update('deals', id, {
          rank: between(a, b),
          stageId,
          pipelineId: stage.pipelineId,
          stageEnteredAt: changedStage ? w.now : undefined,
        })
        if (changedStage) {
          enterStage(w, id, stageId)
          logEvent(w, d, `Moved from ${d.stage_name} to ${stage.name}`)
        }
      })
      return toCard(row(id), clock.now())
    },

    /** Moves every deal of a stage to the end of another, keeping their order (stage deletion). */
    moveAllOut(w: Writer, fromStageId: string, toStageId: string, why: string) {
      const target = pipelines.stageOf(toStageId)
      const moving = q.all<DealRow>(`${SELECT_DEAL} WHERE d.stage_id = ? AND d.deleted_at IS NULL ORDER BY d.rank, d.id`, fromStageId)
      let rank = lastRank(toStageId)
      for (const d of moving) {
        rank = generateKeyBetween(rank, null)
        w.update('deals', d.id, { stageId: toStageId, pipelineId: target.pipelineId, rank, stageEnteredAt: d.status === 'open' ? w.now : undefined })
        enterStage(w, d.id, toStageId)
        logEvent(w, d, `Moved from ${d.stage_name} to ${target.name} (${why})`)
      }
    },

    win: (id: string) => setStatus(id, 'won', {}, (d) => `Won · ${formatMoney(d.value_minor, d.currency, 'en-US')}`),
    lose: ({ id, reason }: { id: string; reason: string }) => setStatus(id, 'lost', { lostReason: reason }, () => `Lost: ${reason}`),
    reopen: (id: string) => setStatus(id, 'open', { lostReason: null }, (d) => `Reopened (was ${d.status})`),
    remove: (ids: string[]) => forEachId(ctx, 'deals', ids, 'A deal', (id) => repo.write((w) => w.softDelete('deals', id))),
    restore: (ids: string[]) =>
      forEachId(ctx, 'deals', ids, 'A deal', (id) =>
        repo.write((w) => {
          const restored = w.restore('deals', id)
          if (restored) rehome(w, id)
          return restored
        }),
      ),
  }
}

export type DealsService = ReturnType<typeof createDealsService>
