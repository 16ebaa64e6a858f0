import { z } from 'zod'
import { calendarDate, optionalText, page, recordId, sortDirection, text, type Timestamps } from './common'
import { currencyCode, minorUnits, type MoneyTotal } from './money'

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const
export type DealStatus = (typeof DEAL_STATUSES)[number]

const stageName = text('Stage name', 80).min(1, 'Give the stage a name')
const probability = z
  .number({ error: 'Win probability must be a number from 0 to 100' })
  .int('Win probability must be a whole percentage')
  .min(0, 'Win probability is at least 0 %')
  .max(100, 'Win probability is at most 100 %')
const rottingDays = z
  .number({ error: 'Rotting days must be a number of days' })
  .int('Rotting days must be whole days')
  .min(1, 'Rotting days is at least 1 (or empty for never)')
  .max(3650, 'Rotting days is at most 3,650')
  .nullable()

export const stageFields = z.strictObject({ name: stageName, probability: probability.default(50), rottingDays: rottingDays.default(null) })

export const pipelineCreateInput = z.strictObject({
  name: text('Pipeline name', 80).min(1, 'Give the pipeline a name'),
  stages: z.array(stageFields).min(1, 'A pipeline needs at least one stage').max(30, 'At most 30 stages').optional(),
})
export const pipelineUpdateInput = z.strictObject({ id: recordId, name: text('Pipeline name', 80).min(1, 'Give the pipeline a name') })

export const stageCreateInput = stageFields.extend({ pipelineId: recordId })
export const stageUpdateInput = z.strictObject({
  id: recordId,
  name: stageName.optional(),
  probability: probability.optional(),
  rottingDays: rottingDays.optional(),
})
export const stageReorderInput = z.strictObject({ pipelineId: recordId, stageIds: z.array(recordId).min(1) })
/** Deleting a stage that holds deals needs a stage to move them to. */
export const stageDeleteInput = z.strictObject({ id: recordId, moveDealsTo: recordId.optional() })

export const dealFields = z.strictObject({
  title: text('Title', 200).optional(),
  valueMinor: minorUnits('Value').optional(),
  currency: currencyCode.optional(),
  pipelineId: recordId.optional(),
  stageId: recordId.optional(),
  contactId: recordId.nullable().optional(),
  companyId: recordId.nullable().optional(),
  owner: optionalText('Owner', 200).optional(),
  expectedClose: calendarDate('Expected close').nullable().optional(),
  notes: text('Notes', 100_000).optional(),
})
export const dealCreateInput = dealFields.refine((d) => Boolean(d.title), { message: 'Give the deal a title', path: ['title'] })
export const dealUpdateInput = z.strictObject({
  id: recordId,
  patch: dealFields.omit({ pipelineId: true, stageId: true }).refine((d) => d.title === undefined || d.title !== '', {
    message: 'The title cannot be empty',
    path: ['title'],
  }),
})

/** A drag and drop: the new stage and the cards it lands between (null = column start or end). */
export const dealMoveInput = z.strictObject({
  id: recordId,
  stageId: recordId,
  afterId: recordId.nullable().optional(),
  beforeId: recordId.nullable().optional(),
})
export const dealLoseInput = z.strictObject({ id: recordId, reason: text('Lost reason', 500).min(1, 'Say why the deal was lost') })

/** Board and table filters; tagId matches deals whose contact carries the tag. */
export const dealFilter = {
  owner: z.string().trim().max(200).optional(),
  tagId: recordId.optional(),
  closeFrom: calendarDate('From').optional(),
  closeTo: calendarDate('To').optional(),
}
export const dealBoardInput = z.strictObject({ pipelineId: recordId.optional(), ...dealFilter })

/** A window of closed_at (ms UTC, from inclusive, to exclusive); the renderer computes it in local time. */
const closedWindow = {
  closedFrom: z.number({ error: 'closedFrom must be a time in ms' }).int().min(0).optional(),
  closedTo: z.number({ error: 'closedTo must be a time in ms' }).int().min(0).optional(),
}
const closedWindowOrdered = <T extends { closedFrom?: number; closedTo?: number }>(w: T) => w.closedFrom === undefined || w.closedTo === undefined || w.closedFrom < w.closedTo
const closedWindowMessage = { message: 'The closed period must end after it starts', path: ['closedTo'] }

/** What became of a pipeline's deals: won and lost in a period (per currency), and how many are open. */
export const dealOutcomesInput = z.strictObject({ pipelineId: recordId.optional(), ...closedWindow }).refine(closedWindowOrdered, closedWindowMessage)

export const DEAL_SORTS = ['title', 'value', 'expectedClose', 'stage', 'created', 'updated', 'closed'] as const
export const dealListInput = z.strictObject({
  pipelineId: recordId.optional(),
  contactId: recordId.optional(),
  companyId: recordId.optional(),
  status: z.enum(DEAL_STATUSES).optional(),
  ...dealFilter,
  /** Closed (won or lost) in this window; open deals have no closed date and never match it. */
  ...closedWindow,
  sort: z.enum(DEAL_SORTS).default('updated'),
  direction: sortDirection.default('desc'),
  ...page,
}).refine(closedWindowOrdered, closedWindowMessage)


export interface Stage {
  id: string
  pipelineId: string
  name: string
  probability: number
  rottingDays: number | null
  position: number
}

export interface Pipeline extends Timestamps {
  id: string
  name: string
  position: number
  stages: Stage[]
}

/** What a card on the board and a row in the deal table show. */
export interface DealCard {
  id: string
  title: string
  valueMinor: number
  currency: string
  pipelineId: string
  stageId: string
  stageName: string
  status: DealStatus
  contactId: string | null
  contactName: string | null
  companyId: string | null
  companyName: string | null
  owner: string | null
  expectedClose: string | null
  rank: string
  stageEnteredAt: number
  /** Whole days since the deal entered its stage, by the core's clock. */
  daysInStage: number
  /** Whole days since anything happened to the deal (stage change or a logged entry). */
  idleDays: number
  /** Open and idle longer than its stage's rotting days. */
  rotting: boolean
  /** When it was won or lost; null while open. */
  closedAt: number | null
  createdAt: number
  updatedAt: number
}

export interface Deal extends DealCard, Timestamps {
  lostReason: string | null
  notes: string
  /** Team sync: the member this deal is private to (with its history and tasks), or null: everyone. */
  privateTo: string | null
}

export interface BoardColumn {
  stage: Stage
  deals: DealCard[]
  count: number
  totals: MoneyTotal[]
}

export interface Board {
  pipeline: Pipeline
  columns: BoardColumn[]
  /** Open deals in the pipeline that the filters left out. */
  hiddenByFilters: number
}

/** Closed deals of one outcome: how many, and their value per currency (never added across currencies). */
export interface OutcomeTotals {
  count: number
  totals: { currency: string; value: number }[]
}

export interface DealOutcomes {
  pipelineId: string
  /** Closed in the asked window (all time without one). */
  won: OutcomeTotals
  lost: OutcomeTotals
  /** Open deals in the pipeline, whatever the board's filters. */
  open: number
  /** Won or lost at any time: with `open`, tells "no deals yet" from "every deal is closed". */
  closedEver: number
}
