/**
 * The pipeline board: the chosen pipeline, the filters, and one column per stage. Columns are kept
 * as separate objects keyed by stage id and cards keep their identity across refetches, so a drag
 * or a reload re-renders only the columns (and cards) that really changed.
 */
import type { MoneyTotal } from '../../src-shared/model/money'
import type { Board, DealCard, Pipeline, Stage } from '../../src-shared/model/deal'
import type { ClosedPeriod } from '../lib/closedPeriod'
import { crm, toAppError } from '../lib/crm'
import { defineStore } from './registry'

export interface BoardFilters {
  owner: string
  tagId: string
  closeFrom: string
  closeTo: string
}
export const NO_FILTERS: BoardFilters = { owner: '', tagId: '', closeFrom: '', closeTo: '' }
export const hasBoardFilters = (f: BoardFilters) => Boolean(f.owner.trim() || f.tagId || f.closeFrom || f.closeTo)

/** The filters as the contract wants them (empty ones left out). */
export function filterInput(f: BoardFilters) {
  return {
    ...(f.owner.trim() ? { owner: f.owner.trim() } : {}),
    ...(f.tagId ? { tagId: f.tagId } : {}),
    ...(f.closeFrom ? { closeFrom: f.closeFrom } : {}),
    ...(f.closeTo ? { closeTo: f.closeTo } : {}),
  }
}

export interface Column {
  stage: Stage
  deals: DealCard[]
  count: number
  totals: MoneyTotal[]
}

export type BoardView = 'board' | 'list'

interface BoardState {
  /** The pipeline the user picked; null = the first one. */
  pipelineId: string | null
  filters: BoardFilters
  view: BoardView
  /** The outcome strip's period: won and lost this month, in the last 30 days or all time. */
  closedPeriod: ClosedPeriod
  pipeline: Pipeline | null
  stageIds: string[]
  columns: Record<string, Column>
  hiddenByFilters: number
  status: 'loading' | 'ready' | 'error'
  error: string | null
  /** While a card is dragged, refetches wait (they would undo the drag on screen). */
  dragging: boolean
  /** The card being dragged. */
  activeId: string | null
  /** Bumped when a move has been confirmed by core and applied: the board measures drop → render on it. */
  settled: { id: string; n: number } | null
  load: () => Promise<void>
  setPipeline: (id: string) => void
  setFilters: (patch: Partial<BoardFilters>) => void
  setView: (view: BoardView) => void
  setClosedPeriod: (period: ClosedPeriod) => void
  setDragging: (activeId: string | null) => void
  /** Moves a card on screen (optimistic); returns false when the card or stage is not on the board. */
  moveLocal: (id: string, toStageId: string, toIndex: number) => boolean
  /** Puts what core answered for one card in place (it keeps its position on screen). */
  applyCard: (card: DealCard, settled?: boolean) => void
  /** Takes a card off the board (won, lost or deleted). */
  removeLocal: (id: string) => void
  columnsSnapshot: () => Record<string, Column>
  restore: (columns: Record<string, Column>) => void
}

let seq = 0
/** A refetch was asked for while dragging; it runs once the drop has been sent. */
let pendingReload = false
/** Refetches are coalesced: one at a time, and one more if asked for meanwhile. */
let loading = false
let again = false
/** On a reset: answers to earlier requests are dropped, and no refetch waits. */
function forgetRequests() {
  seq++
  pendingReload = false
  loading = false
  again = false
}

const sameCard = (a: DealCard, b: DealCard) => {
  for (const key of Object.keys(b) as Array<keyof DealCard>) if (a[key] !== b[key]) return false
  return true
}
const sameTotals = (a: MoneyTotal[], b: MoneyTotal[]) =>
  a.length === b.length && a.every((t, i) => t.currency === b[i].currency && t.value === b[i].value && t.weighted === b[i].weighted)
const sameStage = (a: Stage, b: Stage) => a.id === b.id && a.name === b.name && a.probability === b.probability && a.rottingDays === b.rottingDays && a.position === b.position

const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((id, i) => id === b[i])
/** A pipeline is a handful of small rows: compared whole. */
const samePipelineShape = (a: Pipeline, b: Pipeline) => JSON.stringify(a) === JSON.stringify(b)

/** Keeps every card and column object that did not change, so memoized components skip them. */
function reconcile(previous: Record<string, Column>, board: Board): Record<string, Column> {
  const oldCards = new Map<string, DealCard>()
  for (const col of Object.values(previous)) for (const c of col.deals) oldCards.set(c.id, c)
  const next: Record<string, Column> = {}
  for (const col of board.columns) {
    const deals = col.deals.map((c) => {
      const old = oldCards.get(c.id)
      return old && sameCard(old, c) ? old : c
    })
    const before = previous[col.stage.id]
    if (!before) {
      next[col.stage.id] = { stage: col.stage, deals, count: col.count, totals: col.totals }
      continue
    }
    // each part keeps its identity on its own: new totals alone do not re-render the column's cards
    const sameDeals = before.deals.length === deals.length && before.deals.every((c, i) => c === deals[i])
    const stage = sameStage(before.stage, col.stage) ? before.stage : col.stage
    const totals = sameTotals(before.totals, col.totals) ? before.totals : col.totals
    const unchanged = sameDeals && stage === before.stage && totals === before.totals && before.count === col.count
    next[col.stage.id] = unchanged ? before : { stage, deals: sameDeals ? before.deals : deals, count: col.count, totals }
  }
  return next
}

/** Adds (sign 1) or takes away (sign -1) one card's value from a column's per-currency totals. */
function adjustTotals(totals: MoneyTotal[], card: DealCard, probability: number, sign: 1 | -1): MoneyTotal[] {
  const weighted = Math.round((card.valueMinor * probability) / 100)
  const found = totals.some((t) => t.currency === card.currency)
  const next = (found ? totals : [...totals, { currency: card.currency, value: 0, weighted: 0 }]).map((t) =>
    t.currency === card.currency ? { ...t, value: t.value + sign * card.valueMinor, weighted: t.weighted + sign * weighted } : t,
  )
  return next.filter((t) => t.value !== 0 || t.weighted !== 0)
}

function findCard(columns: Record<string, Column>, id: string): { stageId: string; index: number } | null {
  for (const [stageId, col] of Object.entries(columns)) {
    const index = col.deals.findIndex((c) => c.id === id)
    if (index >= 0) return { stageId, index }
  }
  return null
}

export const useBoard = defineStore<BoardState>((set, get) => {
  const loadBoard = async () => {
    const mine = ++seq
    const { pipelineId, filters } = get()
    try {
      const board = await crm.invoke('deals.board', { ...(pipelineId ? { pipelineId } : {}), ...filterInput(filters) })
      if (mine !== seq) return
      if (get().dragging) {
        pendingReload = true
        return
      }
      const state = get()
      const samePipeline = state.pipeline?.id === board.pipeline.id
      const columns = reconcile(samePipeline ? state.columns : {}, board)
      const stageIds = board.columns.map((c) => c.stage.id)
      const patch: Partial<BoardState> = {
        // the refetch after a change (e.g. this window's own move) usually changes nothing: keep every
        // object that is the same, so nothing re-renders
        pipeline: samePipeline && samePipelineShape(state.pipeline!, board.pipeline) ? state.pipeline : board.pipeline,
        stageIds: sameIds(state.stageIds, stageIds) ? state.stageIds : stageIds,
        columns: state.stageIds.length === stageIds.length && stageIds.every((id) => columns[id] === state.columns[id]) ? state.columns : columns,
        hiddenByFilters: board.hiddenByFilters,
        status: 'ready',
        error: null,
      }
      if ((Object.keys(patch) as Array<keyof BoardState>).some((k) => patch[k] !== state[k])) set(patch)
    } catch (e) {
      if (mine !== seq) return
      const error = toAppError(e)
      // The chosen pipeline was deleted elsewhere: fall back to the first one.
      if (error.code === 'NOT_FOUND' && get().pipelineId) {
        set({ pipelineId: null })
        again = true
        return
      }
      set({ status: get().pipeline ? 'ready' : 'error', error: error.message })
    }
  }

  return {
    pipelineId: null,
    filters: NO_FILTERS,
    view: 'board',
    closedPeriod: 'month',
    pipeline: null,
    stageIds: [],
    columns: {},
    hiddenByFilters: 0,
    status: 'loading',
    error: null,
    dragging: false,
    activeId: null,
    settled: null,

    load: async () => {
      if (get().dragging) {
        pendingReload = true
        return
      }
      if (loading) {
        again = true
        return
      }
      loading = true
      try {
        await loadBoard()
      } finally {
        loading = false
        if (again) {
          again = false
          void get().load()
        }
      }
    },

    setPipeline: (id) => {
      if (id === get().pipeline?.id && id === get().pipelineId) return
      seq++
      set({ pipelineId: id, status: 'loading', pipeline: null, stageIds: [], columns: {} })
      void get().load()
    },
    setFilters: (patch) => {
      seq++
      set((s) => ({ filters: { ...s.filters, ...patch } }))
      void get().load()
    },
    setView: (view) => set({ view }),
    setClosedPeriod: (closedPeriod) => set({ closedPeriod }),
    setDragging: (activeId) => {
      const dragging = activeId !== null
      set({ dragging, activeId })
      if (!dragging && pendingReload) {
        pendingReload = false
        // after the drop's own command has gone out, so it is not queued behind a whole-board read
        setTimeout(() => void get().load(), 0)
      }
    },

    moveLocal: (id, toStageId, toIndex) => {
      const { columns } = get()
      const from = findCard(columns, id)
      const target = columns[toStageId]
      if (!from || !target) return false
      seq++ // answers to refetches started before this move are stale now
      const source = columns[from.stageId]
      const card = source.deals[from.index]
      if (from.stageId === toStageId) {
        const deals = [...source.deals]
        deals.splice(from.index, 1)
        deals.splice(Math.max(0, Math.min(toIndex, deals.length)), 0, card)
        set({ columns: { ...columns, [toStageId]: { ...source, deals } } })
        return true
      }
      const moved: DealCard = { ...card, stageId: toStageId, stageName: target.stage.name }
      const targetDeals = [...target.deals]
      targetDeals.splice(Math.max(0, Math.min(toIndex, targetDeals.length)), 0, moved)
      set({
        columns: {
          ...columns,
          [from.stageId]: {
            ...source,
            deals: source.deals.filter((c) => c.id !== id),
            count: source.count - 1,
            totals: adjustTotals(source.totals, card, source.stage.probability, -1),
          },
          [toStageId]: { ...target, deals: targetDeals, count: target.count + 1, totals: adjustTotals(target.totals, card, target.stage.probability, 1) },
        },
      })
      return true
    },

    applyCard: (card, settled = false) => {
      const { columns } = get()
      const at = findCard(columns, card.id)
      const patch: Partial<BoardState> = settled ? { settled: { id: card.id, n: (get().settled?.n ?? 0) + 1 } } : {}
      if (at && at.stageId === card.stageId) {
        const col = columns[at.stageId]
        const deals = [...col.deals]
        deals[at.index] = card
        patch.columns = { ...columns, [at.stageId]: { ...col, deals } }
      }
      set(patch)
    },

    removeLocal: (id) => {
      const { columns } = get()
      const at = findCard(columns, id)
      if (!at) return
      seq++
      const col = columns[at.stageId]
      const card = col.deals[at.index]
      set({
        columns: {
          ...columns,
          [at.stageId]: { ...col, deals: col.deals.filter((c) => c.id !== id), count: col.count - 1, totals: adjustTotals(col.totals, card, col.stage.probability, -1) },
        },
      })
    },

    columnsSnapshot: () => get().columns,
    restore: (columns) => {
      seq++
      set({ columns })
    },
  }
}, forgetRequests)

/** The ids of a column's cards, stable while the column is unchanged (dnd-kit's SortableContext wants them). */
const idCache = new WeakMap<DealCard[], string[]>()
export function cardIds(deals: DealCard[]): string[] {
  let ids = idCache.get(deals)
  if (!ids) {
    ids = deals.map((d) => d.id)
    idCache.set(deals, ids)
  }
  return ids
}
