/** Loads a report when it is shown, when its range or options change, and when its data changes. */
import { useEffect } from 'react'
import { readsOf } from '../../../src-shared/api'
import type { ReportName } from '../../lib/reportCatalog'
import { useDataChanged } from '../../lib/useDataChanged'
import { REPORT_COMMANDS, useReports, type ReportResult } from '../../stores/reports'

export function useReport<N extends ReportName>(name: N): ReportResult<N> & { reload: () => void } {
  const result = useReports((s) => s.results[name]) as ReportResult<N> | undefined
  const range = useReports((s) => s.range)
  const winRateGroup = useReports((s) => s.winRateGroup)
  const activityGroup = useReports((s) => s.activityGroup)
  const funnelPipelineId = useReports((s) => s.funnelPipelineId)
  const reload = () => void useReports.getState().load(name)
  const optionKey = name === 'win-rate' ? winRateGroup : name === 'activity' ? activityGroup : name === 'funnel' ? (funnelPipelineId ?? '') : ''

  useEffect(() => {
    void useReports.getState().load(name)
  }, [name, range.preset, range.customFrom, range.customTo, optionKey])
  // the reports are one store of their own (shared range and options), not queries: they refresh here
  useDataChanged(readsOf(REPORT_COMMANDS[name]), reload)

  return { ...(result ?? { status: 'loading', rows: null, range: null, error: null }), reload }
}
