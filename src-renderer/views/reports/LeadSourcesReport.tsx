/** Conversion by lead source: leads, customers, conversion %, deals won and lost, win rate %. */
import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, XAxis, YAxis } from 'recharts'
import type { LeadSourceRow } from '../../../src-shared/model/report'
import { axisProps, ChartBox, gridProps, tooltipProps, useChartTheme } from '../../components/reports/ChartTheme'
import { ReportFrame } from '../../components/reports/ReportFrame'
import type { ReportColumn } from '../../lib/csv'
import { formatPercent } from '../../lib/format'
import { sourceLabel } from '../../lib/reportLabels'
import { useReport } from './useReport'

export const LEAD_SOURCE_COLUMNS: ReportColumn<LeadSourceRow>[] = [
  { header: 'Lead source', kind: 'text', value: (r) => sourceLabel(r.source) },
  { header: 'Leads', kind: 'count', value: (r) => r.leads },
  { header: 'Customers', kind: 'count', value: (r) => r.customers },
  { header: 'Conversion %', kind: 'percent', value: (r) => r.conversionRate },
  { header: 'Deals won', kind: 'count', value: (r) => r.dealsWon },
  { header: 'Deals lost', kind: 'count', value: (r) => r.dealsLost },
  { header: 'Win rate %', kind: 'percent', value: (r) => r.winRate },
]

export function LeadSourcesReport() {
  const { status, rows, range, error, reload } = useReport('lead-sources')
  const theme = useChartTheme()
  const empty = !rows || rows.every((r) => r.leads === 0 && r.dealsWon === 0 && r.dealsLost === 0)
  const data = (rows ?? []).map((r) => ({ source: sourceLabel(r.source), conversion: r.conversionRate === null ? 0 : r.conversionRate * 100, rate: r.conversionRate }))
  return (
    <ReportFrame
      name="lead-sources"
      status={status}
      error={error}
      range={range}
      rows={rows}
      columns={LEAD_SOURCE_COLUMNS}
      rowKey={(r) => r.source ?? '∅'}
      empty={empty}
      emptyTitle="No leads were added in this range"
      emptyText="Contacts created in the range are counted by their lead source — try a longer range."
      onRetry={reload}
      note="Leads: contacts created in the range. Customers: those of them who are customers now. Win rate: their deals closed in the range."
      chart={
        <ChartBox label="Bar chart: conversion % of leads to customers, per lead source">
          <BarChart data={data} margin={{ top: 24, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid {...gridProps(theme)} vertical={false} />
            <XAxis dataKey="source" {...axisProps(theme)} interval={0} />
            <YAxis {...axisProps(theme)} domain={[0, 100]} tickFormatter={(v: number) => `${v} %`} width={48} />
            <Tooltip {...tooltipProps(theme)} formatter={(_v, _n, item) => [formatPercent((item.payload as { rate: number | null }).rate), 'Conversion']} />
            <Bar dataKey="conversion" name="Conversion" fill={theme.series[0]} radius={[4, 4, 0, 0]} maxBarSize={56} isAnimationActive={false}>
              <LabelList dataKey="rate" position="top" fill={theme.muted} fontSize={12} formatter={(v) => formatPercent(v as number | null)} />
            </Bar>
          </BarChart>
        </ChartBox>
      }
    />
  )
}
