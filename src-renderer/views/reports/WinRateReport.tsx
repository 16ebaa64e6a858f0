/** Win rate and average won deal size, per month, quarter or owner: won/lost bars and a win-rate line. */
import { addMonths, addQuarters, format, startOfMonth, startOfQuarter } from 'date-fns'
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts'
import type { WinRateRow } from '../../../src-shared/model/report'
import { axisProps, ChartBox, gridProps, legendProps, tooltipProps, useChartTheme } from '../../components/reports/ChartTheme'
import { OptionSwitch } from '../../components/reports/OptionSwitch'
import { ReportFrame } from '../../components/reports/ReportFrame'
import type { ReportColumn } from '../../lib/csv'
import { formatPercent } from '../../lib/format'
import type { Range } from '../../lib/reportRanges'
import { monthLabel, ownerLabel, quarterLabel } from '../../lib/reportLabels'
import { useReports, type WinRateGroup } from '../../stores/reports'
import { useReport } from './useReport'

const GROUP_HEADERS: Record<WinRateGroup, string> = { month: 'Month', quarter: 'Quarter', owner: 'Owner' }
const groupLabel = (group: WinRateGroup, value: string) => (group === 'month' ? monthLabel(value) : group === 'quarter' ? quarterLabel(value) : ownerLabel(value))

export function winRateColumns(group: WinRateGroup): ReportColumn<WinRateRow>[] {
  return [
    { header: GROUP_HEADERS[group], kind: 'text', value: (r) => groupLabel(group, r.group) },
    { header: 'Won', kind: 'count', value: (r) => r.won },
    { header: 'Lost', kind: 'count', value: (r) => r.lost },
    { header: 'Win rate %', kind: 'percent', value: (r) => r.winRate },
    { header: 'Average won deal', kind: 'money', value: (r) => r.averageWon },
  ]
}

/**
 * Months or quarters of the range without closed deals, added as empty rows so the chart and the
 * table read as a timeline (core only returns periods that had some). Owners are left as they are.
 */
export function fillPeriods(rows: WinRateRow[], group: WinRateGroup, range: Range | null): WinRateRow[] {
  if (group === 'owner' || !range) return rows
  const byKey = new Map(rows.map((r) => [r.group, r]))
  const out: WinRateRow[] = []
  const step = group === 'month' ? addMonths : addQuarters
  const key = (d: Date) => (group === 'month' ? format(d, 'yyyy-MM') : format(d, "yyyy-'Q'Q"))
  for (let d = group === 'month' ? startOfMonth(range.from) : startOfQuarter(range.from); d.getTime() < range.to && out.length < 240; d = step(d, 1)) {
    const k = key(d)
    out.push(byKey.get(k) ?? { group: k, won: 0, lost: 0, winRate: null, averageWon: [] })
    byKey.delete(k)
  }
  // anything core reported outside the computed periods still shows
  return [...out, ...byKey.values()].sort((a, b) => a.group.localeCompare(b.group))
}

export function WinRateReport() {
  const result = useReport('win-rate')
  const { status, range, error, reload } = result
  const group = useReports((s) => s.winRateGroup)
  const rows = result.rows && fillPeriods(result.rows, group, range)
  const theme = useChartTheme()
  const empty = !rows || rows.every((r) => r.won + r.lost === 0)
  const data = (rows ?? []).map((r) => ({ label: groupLabel(group, r.group), won: r.won, lost: r.lost, winRate: r.winRate === null ? null : r.winRate * 100 }))
  return (
    <ReportFrame
      name="win-rate"
      status={status}
      error={error}
      range={range}
      rows={rows}
      columns={winRateColumns(group)}
      rowKey={(r) => r.group}
      empty={empty}
      emptyTitle="No deals were closed in this range"
      emptyText="Win rate counts deals won or lost in the range — try a longer range."
      onRetry={reload}
      options={
        <OptionSwitch
          label="Group by"
          value={group}
          options={[
            { id: 'month', label: 'Month' },
            { id: 'quarter', label: 'Quarter' },
            { id: 'owner', label: 'Owner' },
          ]}
          onChange={(winRateGroup) => useReports.getState().setOptions({ winRateGroup })}
        />
      }
      chart={
        <ChartBox label={`Won and lost deals per ${group}, with the win rate as a line`}>
          <ComposedChart data={data} margin={{ top: 12, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid {...gridProps(theme)} vertical={false} />
            <XAxis dataKey="label" {...axisProps(theme)} />
            <YAxis yAxisId="count" {...axisProps(theme)} allowDecimals={false} width={40} />
            <YAxis yAxisId="rate" orientation="right" {...axisProps(theme)} domain={[0, 100]} tickFormatter={(v: number) => `${v} %`} width={48} />
            <Tooltip {...tooltipProps(theme)} formatter={(v, name) => (name === 'Win rate' ? [formatPercent(v === null ? null : Number(v) / 100), name] : [Number(v).toLocaleString(), name])} />
            <Legend {...legendProps(theme)} />
            <Bar yAxisId="count" dataKey="won" name="Won" fill={theme.won} radius={[4, 4, 0, 0]} maxBarSize={36} isAnimationActive={false} />
            <Bar yAxisId="count" dataKey="lost" name="Lost" fill={theme.lost} radius={[4, 4, 0, 0]} maxBarSize={36} isAnimationActive={false} />
            <Line yAxisId="rate" dataKey="winRate" name="Win rate" stroke={theme.series[0]} strokeWidth={2} dot={{ r: 3, fill: theme.series[0] }} connectNulls isAnimationActive={false} />
          </ComposedChart>
        </ChartBox>
      }
    />
  )
}
