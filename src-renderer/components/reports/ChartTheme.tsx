/**
 * Chart colours come from the theme's CSS variables (light or dark), read once and again whenever
 * the colour scheme changes, so recharts' SVG attributes get real colours. Also the shared axis,
 * grid and tooltip props, and the sized box every ResponsiveContainer needs.
 */
import { useMemo, type ReactNode } from 'react'
import { ResponsiveContainer } from 'recharts'
import { useTheme } from '../../stores/theme'

export interface ChartTheme {
  text: string
  muted: string
  grid: string
  cursor: string
  surface: string
  border: string
  series: string[]
  won: string
  lost: string
  forecast: string
  call: string
  email: string
  meeting: string
  note: string
}

/** Used where CSS variables cannot be read (tests); the light theme's values. */
const FALLBACK: ChartTheme = {
  text: '#1c1c21',
  muted: '#6b6b76',
  grid: '#ececf0',
  cursor: 'rgba(16,16,24,0.05)',
  surface: '#ffffff',
  border: '#e6e6e9',
  series: ['#4f5bd5', '#2f9e8f', '#d08a2c', '#c2577a', '#7a5bd6', '#3d8fd1'],
  won: '#2f8f46',
  lost: '#d93036',
  forecast: '#9aa3ec',
  call: '#2f8f46',
  email: '#0a7bd6',
  meeting: '#6e56cf',
  note: '#b7791f',
}

export function readChartTheme(): ChartTheme {
  if (typeof document === 'undefined') return FALLBACK
  const style = getComputedStyle(document.documentElement)
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback
  return {
    text: v('--text', FALLBACK.text),
    muted: v('--text-muted', FALLBACK.muted),
    grid: v('--chart-grid', FALLBACK.grid),
    cursor: v('--chart-cursor', FALLBACK.cursor),
    surface: v('--bg-elevated', FALLBACK.surface),
    border: v('--border-strong', FALLBACK.border),
    series: FALLBACK.series.map((c, i) => v(`--chart-${i + 1}`, c)),
    won: v('--chart-won', FALLBACK.won),
    lost: v('--chart-lost', FALLBACK.lost),
    forecast: v('--chart-forecast', FALLBACK.forecast),
    call: v('--type-call', FALLBACK.call),
    email: v('--type-email', FALLBACK.email),
    meeting: v('--type-meeting', FALLBACK.meeting),
    note: v('--type-note', FALLBACK.note),
  }
}

/** The chart colours of the theme in effect: read again when it changes (Settings, palette, or the system). */
export function useChartTheme(): ChartTheme {
  const resolved = useTheme((s) => s.resolved)
  // data-theme is set before the store changes, so the variables read here are the new theme's
  return useMemo(() => readChartTheme(), [resolved])
}

/** Axis props: muted tick text, no heavy lines. */
export function axisProps(theme: ChartTheme) {
  return {
    tick: { fill: theme.muted, fontSize: 12 },
    stroke: theme.grid,
    tickLine: false,
    axisLine: { stroke: theme.grid },
  } as const
}

export function gridProps(theme: ChartTheme) {
  return { stroke: theme.grid, strokeDasharray: '3 3' } as const
}

export function tooltipProps(theme: ChartTheme) {
  return {
    cursor: { fill: theme.cursor },
    contentStyle: {
      background: theme.surface,
      border: `1px solid ${theme.border}`,
      borderRadius: 7,
      color: theme.text,
      fontSize: 12,
      boxShadow: '0 4px 16px rgb(0 0 0 / 0.12)',
    },
    labelStyle: { color: theme.text, fontWeight: 600, marginBottom: 4 },
    itemStyle: { color: theme.text, padding: 0 },
  } as const
}

/** Legend in the series' own order, its text in the muted colour (the dots carry the colours). */
export function legendProps(theme: ChartTheme) {
  return {
    iconType: 'circle' as const,
    iconSize: 8,
    itemSorter: null,
    wrapperStyle: { fontSize: 12, paddingTop: 4 },
    formatter: (value: unknown) => <span style={{ color: theme.muted }}>{String(value)}</span>,
  }
}

/**
 * The sized box a chart draws in (ResponsiveContainer needs a parent with a height). `label`
 * describes the chart for screen readers; the table below it holds the same numbers.
 */
export function ChartBox({ label, height = 280, children }: { label: string; height?: number; children: ReactNode }) {
  return (
    <figure className="report-chart" style={{ height }} role="img" aria-label={label} data-testid="report-chart">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height }}>
        {children}
      </ResponsiveContainer>
    </figure>
  )
}
