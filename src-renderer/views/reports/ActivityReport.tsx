/** Calls, emails, meetings and notes logged per week or per owner: stacked bars. */
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts'
import type { ActivityRow } from '../../../src-shared/model/report'
import { axisProps, ChartBox, gridProps, legendProps, tooltipProps, useChartTheme } from '../../components/reports/ChartTheme'
import { OptionSwitch } from '../../components/reports/OptionSwitch'
import { ReportFrame } from '../../components/reports/ReportFrame'
import type { ReportColumn } from '../../lib/csv'
import { ownerLabel, weekLabel } from '../../lib/reportLabels'
import { useReports, type ActivityGroup } from '../../stores/reports'
import { useReport } from './useReport'

export function activityColumns(group: ActivityGroup): ReportColumn<ActivityRow>[] {
  return [
    group === 'week' ? { header: 'Week of', kind: 'text', value: (r) => weekLabel(r.group) } : { header: 'Owner', kind: 'text', value: (r) => ownerLabel(r.group) },
    { header: 'Calls', kind: 'count', value: (r) => r.calls },
    { header: 'Emails', kind: 'count', value: (r) => r.emails },
    { header: 'Meetings', kind: 'count', value: (r) => r.meetings },
    { header: 'Notes', kind: 'count', value: (r) => r.notes },
  ]
}

export function ActivityReport() {
  const { status, rows, range, error, reload } = useReport('activity')
  const group = useReports((s) => s.activityGroup)
  const theme = useChartTheme()
  const empty = !rows || rows.every((r) => r.calls + r.emails + r.meetings + r.notes === 0)
  const data = (rows ?? []).map((r) => ({ ...r, label: group === 'week' ? weekLabel(r.group, true) : ownerLabel(r.group) }))
  const series = [
    { key: 'calls', name: 'Calls', color: theme.call },
    { key: 'emails', name: 'Emails', color: theme.email },
    { key: 'meetings', name: 'Meetings', color: theme.meeting },
    { key: 'notes', name: 'Notes', color: theme.note },
  ]
  return (
    <ReportFrame
      name="activity"
      status={status}
      error={error}
      range={range}
      rows={rows}
      columns={activityColumns(group)}
      rowKey={(r) => r.group}
      empty={empty}
      emptyTitle="No calls, emails, meetings or notes were logged in this range"
      emptyText="Log them on a contact, company or deal page — or try a longer range."
      onRetry={reload}
      options={
        <OptionSwitch
          label="Group by"
          value={group}
          options={[
            { id: 'week', label: 'Week' },
            { id: 'owner', label: 'Owner' },
          ]}
          onChange={(activityGroup) => useReports.getState().setOptions({ activityGroup })}
        />
      }
      note={group === 'owner' ? 'Per owner of the contact the entry was logged on.' : 'Weeks start on Monday.'}
      chart={
        <ChartBox label={`Stacked bar chart: calls, emails, meetings and notes per ${group}`}>
          <BarChart data={data} margin={{ top: 12, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid {...gridProps(theme)} vertical={false} />
            <XAxis dataKey="label" {...axisProps(theme)} />
            <YAxis {...axisProps(theme)} allowDecimals={false} width={40} />
            <Tooltip {...tooltipProps(theme)} />
            <Legend {...legendProps(theme)} />
            {series.map((s, i) => (
              <Bar key={s.key} dataKey={s.key} name={s.name} stackId="activity" fill={s.color} maxBarSize={40} radius={i === series.length - 1 ? [4, 4, 0, 0] : undefined} isAnimationActive={false} />
            ))}
          </BarChart>
        </ChartBox>
      }
    />
  )
}
