/** The reports the app offers: their route names, titles and what each answers. */
export const REPORT_NAMES = ['lead-sources', 'win-rate', 'sales-cycle', 'funnel', 'revenue', 'activity', 'lost-reasons'] as const
export type ReportName = (typeof REPORT_NAMES)[number]

export const isReportName = (value: unknown): value is ReportName => typeof value === 'string' && (REPORT_NAMES as readonly string[]).includes(value)

export const REPORTS: Record<ReportName, { title: string; short: string; question: string }> = {
  'lead-sources': { title: 'Lead sources', short: 'Lead sources', question: 'Which lead sources turn into customers and won deals?' },
  'win-rate': { title: 'Win rate and deal size', short: 'Win rate', question: 'How many closed deals were won, and how big were they?' },
  'sales-cycle': { title: 'Sales cycle', short: 'Sales cycle', question: 'How many days does it take to win a deal?' },
  funnel: { title: 'Pipeline funnel', short: 'Funnel', question: 'How far do new deals get through the stages?' },
  revenue: { title: 'Revenue and forecast', short: 'Revenue', question: 'What was won each month, and what open deals should bring in?' },
  activity: { title: 'Activity', short: 'Activity', question: 'How many calls, emails, meetings and notes were logged?' },
  'lost-reasons': { title: 'Lost reasons', short: 'Lost reasons', question: 'Why were deals lost, and how much were they worth?' },
}
