/** Why deals were lost in the range: how many per reason, and their value per currency. */
import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, XAxis, YAxis } from 'recharts'
import type { LostReasonRow } from '../../../src-shared/model/report'
import { axisProps, ChartBox, gridProps, tooltipProps, useChartTheme } from '../../components/reports/ChartTheme'
import { ReportFrame } from '../../components/reports/ReportFrame'
import type { ReportColumn } from '../../lib/csv'
import { money } from '../../lib/format'
import { useReport } from './useReport'

export const LOST_REASON_COLUMNS: ReportColumn<LostReasonRow>[] = [
  { header: 'Reason', kind: 'text', value: (r) => r.reason || 'No reason given' },
  { header: 'Deals', kind: 'count', value: (r) => r.deals },
  { header: 'Value', kind: 'money', value: (r) => r.value },
]

export function LostReasonsReport() {
  const { status, rows, range, error, reload } = useReport('lost-reasons')
  const theme = useChartTheme()
  const empty = !rows || rows.every((r) => r.deals === 0)
  const data = (rows ?? []).map((r) => {
    const value = r.value.map((m) => money(m.value, m.currency)).join(' · ')
    return { reason: r.reason || 'No reason given', deals: r.deals, value, label: value ? `${r.deals.toLocaleString()} · ${value}` : r.deals.toLocaleString() }
  })
  const height = Math.max(140, data.length * 40 + 32)
  return (
    <ReportFrame
      name="lost-reasons"
      status={status}
      error={error}
      range={range}
      rows={rows}
      columns={LOST_REASON_COLUMNS}
      rowKey={(r) => r.reason}
      empty={empty}
      emptyTitle="No deals were lost in this range"
      emptyText="Lost reasons come from deals marked lost in the range — try a longer range."
      onRetry={reload}
      chart={
        <ChartBox label="Horizontal bar chart: lost deals per reason" height={height}>
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 8, bottom: 4, left: 8 }} barCategoryGap={6}>
            <CartesianGrid {...gridProps(theme)} horizontal={false} />
            {/* room to the right of the longest bar for its label */}
            <XAxis type="number" {...axisProps(theme)} allowDecimals={false} domain={[0, (max: number) => Math.ceil(max * 1.35)]} />
            <YAxis type="category" dataKey="reason" {...axisProps(theme)} width={160} />
            <Tooltip {...tooltipProps(theme)} formatter={(v, _n, item) => [`${Number(v).toLocaleString()} · ${(item.payload as { value: string }).value || 'no value'}`, 'Deals']} />
            <Bar dataKey="deals" name="Deals" fill={theme.lost} radius={[0, 4, 4, 0]} maxBarSize={28} isAnimationActive={false}>
              <LabelList dataKey="label" position="right" fill={theme.text} fontSize={12} />
            </Bar>
          </BarChart>
        </ChartBox>
      }
    />
  )
}
