/** Sales cycle: days from created to won, average and median, per pipeline. */
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts'
import type { SalesCycleRow } from '../../../src-shared/model/report'
import { axisProps, ChartBox, gridProps, legendProps, tooltipProps, useChartTheme } from '../../components/reports/ChartTheme'
import { ReportFrame } from '../../components/reports/ReportFrame'
import type { ReportColumn } from '../../lib/csv'
import { formatDays } from '../../lib/format'
import { useReport } from './useReport'

export const SALES_CYCLE_COLUMNS: ReportColumn<SalesCycleRow>[] = [
  { header: 'Pipeline', kind: 'text', value: (r) => r.pipeline },
  { header: 'Deals won', kind: 'count', value: (r) => r.won },
  { header: 'Average days', kind: 'days', value: (r) => r.averageDays },
  { header: 'Median days', kind: 'days', value: (r) => r.medianDays },
]

export function SalesCycleReport() {
  const { status, rows, range, error, reload } = useReport('sales-cycle')
  const theme = useChartTheme()
  const empty = !rows || rows.every((r) => r.won === 0)
  const data = (rows ?? []).map((r) => ({ pipeline: r.pipeline, average: r.averageDays, median: r.medianDays }))
  return (
    <ReportFrame
      name="sales-cycle"
      status={status}
      error={error}
      range={range}
      rows={rows}
      columns={SALES_CYCLE_COLUMNS}
      rowKey={(r) => r.pipelineId}
      empty={empty}
      emptyTitle="No deals were won in this range"
      emptyText="The sales cycle is measured on deals won in the range — try a longer range."
      onRetry={reload}
      note="Days from the day a deal was created to the day it was won."
      chart={
        <ChartBox label="Bar chart: average and median days to win a deal, per pipeline">
          <BarChart data={data} margin={{ top: 12, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid {...gridProps(theme)} vertical={false} />
            <XAxis dataKey="pipeline" {...axisProps(theme)} interval={0} />
            <YAxis {...axisProps(theme)} width={40} tickFormatter={(v: number) => `${v} d`} />
            <Tooltip {...tooltipProps(theme)} formatter={(v, name) => [`${formatDays(v === null ? null : Number(v))} days`, name]} />
            <Legend {...legendProps(theme)} />
            <Bar dataKey="average" name="Average" fill={theme.series[0]} radius={[4, 4, 0, 0]} maxBarSize={48} isAnimationActive={false} />
            <Bar dataKey="median" name="Median" fill={theme.series[1]} radius={[4, 4, 0, 0]} maxBarSize={48} isAnimationActive={false} />
          </BarChart>
        </ChartBox>
      }
    />
  )
}
