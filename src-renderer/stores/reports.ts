/**
 * The reports: the date range the user picked (shared by every report), each report's options,
 * and the last answer core gave for each. Inputs are computed here, in the user's local time.
 */
import type { CommandInput, CommandName } from '../../src-shared/api'
import type { ActivityRow, FunnelRow, LeadSourceRow, LostReasonRow, RevenueRow, SalesCycleRow, WinRateRow } from '../../src-shared/model/report'
import { crm, toAppError } from '../lib/crm'
import type { ReportName } from '../lib/reportCatalog'
import { choiceRange, type Range, type RangeChoice } from '../lib/reportRanges'
import { defineStore } from './registry'

export interface ReportRows {
  'lead-sources': LeadSourceRow[]
  'win-rate': WinRateRow[]
  'sales-cycle': SalesCycleRow[]
  funnel: FunnelRow[]
  revenue: RevenueRow[]
  activity: ActivityRow[]
  'lost-reasons': LostReasonRow[]
}

export type WinRateGroup = 'month' | 'quarter' | 'owner'
export type ActivityGroup = 'week' | 'owner'

export interface ReportOptions {
  winRateGroup: WinRateGroup
  activityGroup: ActivityGroup
  /** null: the first pipeline. */
  funnelPipelineId: string | null
}

export interface ReportResult<N extends ReportName> {
  status: 'loading' | 'ready' | 'error'
  rows: ReportRows[N] | null
  /** The range the rows are for. */
  range: Range | null
  error: string | null
  /** The request the rows answer: a refresh of the same request keeps them on screen meanwhile. */
  key?: string
}

interface ReportsState extends ReportOptions {
  range: RangeChoice
  results: { [N in ReportName]?: ReportResult<N> }
  setRange: (patch: Partial<RangeChoice>) => void
  setOptions: (patch: Partial<ReportOptions>) => void
  load: (name: ReportName) => Promise<void>
}

/** The command that answers each report. */
export const REPORT_COMMANDS = {
  'lead-sources': 'reports.leadSources',
  'win-rate': 'reports.winRate',
  'sales-cycle': 'reports.salesCycle',
  funnel: 'reports.funnel',
  revenue: 'reports.revenue',
  activity: 'reports.activity',
  'lost-reasons': 'reports.lostReasons',
} as const satisfies Record<ReportName, CommandName>

export const DEFAULT_RANGE: RangeChoice = { preset: 'last12Months', customFrom: '', customTo: '' }

/** The command and input that answer a report, or null while the custom dates are unusable. */
export function reportRequest(name: ReportName, options: ReportOptions, range: Range) {
  switch (name) {
    case 'lead-sources':
      return { command: 'reports.leadSources', input: range } as const
    case 'win-rate':
      return { command: 'reports.winRate', input: { ...range, groupBy: options.winRateGroup } satisfies CommandInput<'reports.winRate'> } as const
    case 'sales-cycle':
      return { command: 'reports.salesCycle', input: range } as const
    case 'funnel':
      return { command: 'reports.funnel', input: { ...range, ...(options.funnelPipelineId ? { pipelineId: options.funnelPipelineId } : {}) } } as const
    case 'revenue':
      return { command: 'reports.revenue', input: range } as const
    case 'activity':
      return { command: 'reports.activity', input: { ...range, groupBy: options.activityGroup } satisfies CommandInput<'reports.activity'> } as const
    case 'lost-reasons':
      return { command: 'reports.lostReasons', input: range } as const
  }
}

const seqs: Partial<Record<ReportName, number>> = {}
/** On a reset: answers to requests made before are dropped. */
const dropAnswers = () => {
  for (const name of Object.keys(seqs) as ReportName[]) seqs[name] = (seqs[name] ?? 0) + 1
}

export const useReports = defineStore<ReportsState>((set, get) => ({
  range: DEFAULT_RANGE,
  winRateGroup: 'month',
  activityGroup: 'week',
  funnelPipelineId: null,
  results: {},

  setRange: (patch) => set((s) => ({ range: { ...s.range, ...patch } })),
  setOptions: (patch) => set(patch),

  load: async (name) => {
    const mine = (seqs[name] = (seqs[name] ?? 0) + 1)
    const state = get()
    const range = choiceRange(state.range)
    const previous = state.results[name]
    const put = (result: ReportResult<ReportName>) => set((s) => ({ results: { ...s.results, [name]: result } }))
    if (!range) {
      put({ status: 'ready', rows: null, range: null, error: null })
      return
    }
    const { command, input } = reportRequest(name, state, range)
    const key = JSON.stringify(input)
    // a refresh of the same request (data.changed) keeps what is on screen: no flicker
    if (!previous || previous.status === 'error' || previous.key !== key) put({ status: 'loading', rows: null, range, error: null, key })
    try {
      const rows = await crm.invoke(command, input as never)
      if (seqs[name] === mine) put({ status: 'ready', rows: rows as ReportRows[ReportName], range, error: null, key })
    } catch (error) {
      if (seqs[name] !== mine) return
      const message = toAppError(error).message
      // the chosen pipeline is gone: fall back to the first
      if (name === 'funnel' && get().funnelPipelineId && toAppError(error).code === 'NOT_FOUND') {
        set({ funnelPipelineId: null })
        return get().load(name)
      }
      put({ status: 'error', rows: null, range, error: message, key })
    }
  },
}), dropAnswers)
