/**
 * Revenue won per month and the forecast of open deals by expected close month, weighted by
 * probability. One chart per currency (a switcher when there are several): never summed across.
 */
import { useState } from 'react'
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts'
import { currencyDigits } from '../../../src-shared/model/money'
import type { RevenueRow } from '../../../src-shared/model/report'
import { axisProps, ChartBox, gridProps, legendProps, tooltipProps, useChartTheme } from '../../components/reports/ChartTheme'
import { OptionSwitch } from '../../components/reports/OptionSwitch'
import { ReportFrame } from '../../components/reports/ReportFrame'
import type { ReportColumn } from '../../lib/csv'
import { money, moneyCompact } from '../../lib/format'
import { monthLabel } from '../../lib/reportLabels'
import { defaultCurrency } from '../../stores/settings'
import { useReport } from './useReport'

export const REVENUE_COLUMNS: ReportColumn<RevenueRow>[] = [
  { header: 'Month', kind: 'text', value: (r) => monthLabel(r.month) },
  { header: 'Won', kind: 'money', value: (r) => r.won },
  { header: 'Forecast (weighted)', kind: 'money', value: (r) => r.forecast },
]

/** Currencies with money in the rows, the largest total first. */
export function revenueCurrencies(rows: RevenueRow[]): string[] {
  const totals = new Map<string, number>()
  for (const r of rows) for (const m of [...r.won, ...r.forecast]) totals.set(m.currency, (totals.get(m.currency) ?? 0) + m.value / 10 ** currencyDigits(m.currency))
  return [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c)
}

const amount = (list: RevenueRow['won'], currency: string) => list.find((m) => m.currency === currency)?.value ?? 0

export function RevenueReport() {
  const { status, rows, range, error, reload } = useReport('revenue')
  const theme = useChartTheme()
  const [picked, setPicked] = useState<string | null>(null)
  const currencies = revenueCurrencies(rows ?? [])
  const preferred = defaultCurrency()
  const currency = picked && currencies.includes(picked) ? picked : preferred && currencies.includes(preferred) ? preferred : currencies[0]
  const empty = currencies.length === 0
  const data = currency
    ? (rows ?? []).map((r) => ({ month: monthLabel(r.month), won: amount(r.won, currency), forecast: amount(r.forecast, currency) }))
    : []
  return (
    <ReportFrame
      name="revenue"
      status={status}
      error={error}
      range={range}
      rows={rows}
      columns={REVENUE_COLUMNS}
      rowKey={(r) => r.month}
      empty={empty}
      emptyTitle="Nothing was won, and no open deal is expected to close, in this range"
      emptyText="Revenue counts deals won in the range; the forecast, open deals with an expected close date in it — try a longer range."
      onRetry={reload}
      options={
        currencies.length > 1 && currency ? (
          <OptionSwitch label="Currency" value={currency} options={currencies.map((c) => ({ id: c, label: c }))} onChange={setPicked} />
        ) : null
      }
      note="Forecast: open deals by expected close month, each weighted by its stage's win probability. Each currency is reported on its own."
      chart={
        currency && (
          <ChartBox label={`Bar chart: revenue won and weighted forecast per month, in ${currency}`}>
            <BarChart data={data} margin={{ top: 12, right: 8, bottom: 4, left: 8 }}>
              <CartesianGrid {...gridProps(theme)} vertical={false} />
              <XAxis dataKey="month" {...axisProps(theme)} />
              <YAxis {...axisProps(theme)} width={64} tickFormatter={(v: number) => moneyCompact(v, currency)} />
              <Tooltip {...tooltipProps(theme)} formatter={(v, name) => [money(Number(v), currency), name]} />
              <Legend {...legendProps(theme)} />
              <Bar dataKey="won" name={`Won (${currency})`} fill={theme.won} radius={[4, 4, 0, 0]} maxBarSize={32} isAnimationActive={false} />
              <Bar dataKey="forecast" name={`Forecast (${currency})`} fill={theme.forecast} radius={[4, 4, 0, 0]} maxBarSize={32} isAnimationActive={false} />
            </BarChart>
          </ChartBox>
        )
      }
    />
  )
}
