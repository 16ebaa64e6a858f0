/** The funnel of one pipeline: deals created in the range that reached each stage, conversion to the next, open deals and time in stage. */
import { Bar, BarChart, CartesianGrid, Cell, LabelList, Tooltip, XAxis, YAxis } from 'recharts'
import type { FunnelRow } from '../../../src-shared/model/report'
import { axisProps, ChartBox, gridProps, tooltipProps, useChartTheme } from '../../components/reports/ChartTheme'
import { ReportFrame } from '../../components/reports/ReportFrame'
import type { ReportColumn } from '../../lib/csv'
import { formatPercent } from '../../lib/format'
import { usePipelines } from '../../stores/pipelines'
import { useQuery } from '../../stores/query'
import { useReports } from '../../stores/reports'
import { useReport } from './useReport'

export const FUNNEL_COLUMNS: ReportColumn<FunnelRow>[] = [
  { header: 'Stage', kind: 'text', value: (r) => r.stage },
  { header: 'Reached', kind: 'count', value: (r) => r.reached },
  { header: 'To next stage %', kind: 'percent', value: (r) => r.conversionToNext },
  { header: 'Open deals', kind: 'count', value: (r) => r.openDeals },
  { header: 'Open value', kind: 'money', value: (r) => r.openValue },
  { header: 'Average days in stage', kind: 'days', value: (r) => r.averageDaysInStage },
]

function PipelineSelect() {
  const pipelines = useQuery(usePipelines).data
  const chosen = useReports((s) => s.funnelPipelineId)
  if (!pipelines || pipelines.length === 0) return null
  const value = chosen ?? pipelines[0].id
  if (pipelines.length === 1) return <span className="pipeline-name">{pipelines[0].name}</span>
  return (
    <select className="input input-compact" aria-label="Pipeline" value={value} onChange={(e) => useReports.getState().setOptions({ funnelPipelineId: e.target.value })}>
      {pipelines.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </select>
  )
}

export function FunnelReport() {
  const { status, rows, range, error, reload } = useReport('funnel')
  const theme = useChartTheme()
  const empty = !rows || rows.every((r) => r.reached === 0 && r.openDeals === 0)
  const data = (rows ?? []).map((r) => ({ stage: r.stage, reached: r.reached, next: r.conversionToNext }))
  const height = Math.max(160, data.length * 44 + 32)
  return (
    <ReportFrame
      name="funnel"
      status={status}
      error={error}
      range={range}
      rows={rows}
      columns={FUNNEL_COLUMNS}
      rowKey={(r) => r.stageId}
      empty={empty}
      emptyTitle="No deals were created in this pipeline in this range"
      emptyText="The funnel follows deals created in the range through the stages — try a longer range or another pipeline."
      onRetry={reload}
      options={<PipelineSelect />}
      note="Reached: deals created in the range that got to the stage or past it. Open deals and their value are as of now."
      chart={
        <ChartBox label="Funnel: deals that reached each stage" height={height}>
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 48, bottom: 4, left: 8 }} barCategoryGap={6}>
            <CartesianGrid {...gridProps(theme)} horizontal={false} />
            <XAxis type="number" {...axisProps(theme)} allowDecimals={false} />
            <YAxis type="category" dataKey="stage" {...axisProps(theme)} width={120} />
            <Tooltip {...tooltipProps(theme)} formatter={(v, _n, item) => [`${Number(v).toLocaleString()} reached · ${formatPercent((item.payload as { next: number | null }).next)} to next stage`, 'Deals']} />
            <Bar dataKey="reached" name="Reached" radius={[0, 4, 4, 0]} maxBarSize={32} isAnimationActive={false}>
              {data.map((d, i) => (
                <Cell key={d.stage} fill={theme.series[0]} fillOpacity={1 - (i / Math.max(1, data.length)) * 0.55} />
              ))}
              <LabelList dataKey="reached" position="right" fill={theme.text} fontSize={12} />
            </Bar>
          </BarChart>
        </ChartBox>
      }
    />
  )
}
