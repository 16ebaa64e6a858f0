/**
 * Reports: every figure is an SQL aggregation (GROUP BY, window functions); JavaScript only
 * shapes the few grouped rows. Money stays per currency. Ranges are [from, to) in ms; calendar
 * grouping (month, quarter, week) uses the local time zone, as the renderer does.
 */
import { addMonths, addWeeks, format, startOfMonth, startOfWeek } from 'date-fns'
import type {
  ActivityRow,
  Dashboard,
  FunnelRow,
  LeadSourceRow,
  LostReasonRow,
  Money,
  RevenueRow,
  SalesCycleRow,
  WinRateRow,
} from '../../../../src-shared/model/report'
import type { MoneyTotal } from '../../../../src-shared/model/money'
import type { ServiceContext } from '../context'
import type { PipelinesService } from '../pipelines/pipelines'
import type { TasksService } from '../tasks/tasks'

const DAY = 86_400_000
const day = (ms: number) => format(new Date(ms), 'yyyy-MM-dd')
const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null)
const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10)

/** Rows of (key, currency, amount) → per key, a Money list sorted by currency. */
function moneyBy<K extends string>(rows: { key: K; currency: string; amount: number }[]): Map<K, Money> {
  const out = new Map<K, Money>()
  for (const r of rows) {
    const list = out.get(r.key) ?? []
    list.push({ currency: r.currency, value: Math.round(r.amount) })
    out.set(r.key, list)
  }
  for (const list of out.values()) list.sort((a, b) => a.currency.localeCompare(b.currency))
  return out
}

const LOCAL = "'unixepoch', 'localtime'"
const GROUP_SQL = {
  month: `strftime('%Y-%m', d.closed_at / 1000, ${LOCAL})`,
  quarter: `strftime('%Y', d.closed_at / 1000, ${LOCAL}) || '-Q' || ((cast(strftime('%m', d.closed_at / 1000, ${LOCAL}) AS integer) + 2) / 3)`,
  owner: "coalesce(d.owner, '')",
} as const

export function createReportsService(ctx: ServiceContext, tasks: TasksService, pipelines: PipelinesService) {
  const { q, clock } = ctx

  function pipelineValue(fromDay: string, toDay: string): MoneyTotal[] {
    return q
      .all<{ currency: string; value: number; weighted: number }>(
        `SELECT d.currency, total(d.value_minor) AS value, total(d.value_minor * s.probability) / 100 AS weighted
         FROM deals d JOIN stages s ON s.id = d.stage_id
         WHERE d.status = 'open' AND d.deleted_at IS NULL AND d.expected_close >= ? AND d.expected_close < ?
         GROUP BY d.currency ORDER BY d.currency`,
        fromDay,
        toDay,
      )
      .map((r) => ({ currency: r.currency, value: Math.round(r.value), weighted: Math.round(r.weighted) }))
  }

  function won(from: number, to: number): Money {
    return q
      .all<{ currency: string; value: number }>(
        `SELECT currency, total(value_minor) AS value FROM deals
         WHERE status = 'won' AND deleted_at IS NULL AND closed_at >= ? AND closed_at < ? GROUP BY currency ORDER BY currency`,
        from,
        to,
      )
      .map((r) => ({ currency: r.currency, value: Math.round(r.value) }))
  }

  return {
    dashboard(i: { dayStart: number; dayEnd: number; weekStart: number; monthStart: number; monthEnd: number; prevMonthStart: number; quarterStart: number; quarterEnd: number }): Dashboard {
      const now = clock.now()
      return {
        followUps: tasks.counts({ dayStart: i.dayStart, dayEnd: i.dayEnd }),
        pipelineThisMonth: pipelineValue(day(i.monthStart), day(i.monthEnd)),
        pipelineThisQuarter: pipelineValue(day(i.quarterStart), day(i.quarterEnd)),
        wonThisMonth: won(i.monthStart, i.monthEnd),
        wonLastMonth: won(i.prevMonthStart, i.monthStart),
        newLeadsThisWeek: q.one<{ n: number }>('SELECT count(*) AS n FROM contacts WHERE deleted_at IS NULL AND created_at >= ? AND created_at < ?', i.weekStart, i.dayEnd)!.n,
        rottingDeals: q.one<{ n: number }>(
          `SELECT count(*) AS n FROM deals d JOIN stages s ON s.id = d.stage_id
           WHERE d.status = 'open' AND d.deleted_at IS NULL AND s.rotting_days IS NOT NULL
             AND max(d.stage_entered_at, coalesce((SELECT max(a.occurred_at) FROM activities a
                   WHERE a.deal_id = d.id AND a.deleted_at IS NULL AND a.type <> 'system'), 0)) < ? - s.rotting_days * ?`,
          now,
          DAY,
        )!.n,
      }
    },

    leadSources({ from, to }: { from: number; to: number }): LeadSourceRow[] {
      const leads = q.all<{ source: string | null; leads: number; customers: number }>(
        `SELECT lead_source AS source, count(*) AS leads,
           sum(lifecycle_stage IN ('customer', 'former_customer')) AS customers
         FROM contacts WHERE deleted_at IS NULL AND created_at >= ? AND created_at < ? GROUP BY lead_source`,
        from,
        to,
      )
      const deals = q.all<{ source: string | null; won: number; lost: number }>(
        `SELECT c.lead_source AS source, sum(d.status = 'won') AS won, sum(d.status = 'lost') AS lost
         FROM deals d LEFT JOIN contacts c ON c.id = d.contact_id
         WHERE d.deleted_at IS NULL AND d.status <> 'open' AND d.closed_at >= ? AND d.closed_at < ? GROUP BY c.lead_source`,
        from,
        to,
      )
      const sources = new Map<string | null, LeadSourceRow>()
      const row = (source: string | null) =>
        sources.get(source) ?? { source, leads: 0, customers: 0, conversionRate: null, dealsWon: 0, dealsLost: 0, winRate: null }
      for (const l of leads) sources.set(l.source, { ...row(l.source), leads: l.leads, customers: l.customers })
      for (const d of deals) sources.set(d.source, { ...row(d.source), dealsWon: d.won, dealsLost: d.lost })
      return [...sources.values()]
        .map((r) => ({ ...r, conversionRate: ratio(r.customers, r.leads), winRate: ratio(r.dealsWon, r.dealsWon + r.dealsLost) }))
        .sort((a, b) => b.leads - a.leads || (a.source ?? '\uffff').localeCompare(b.source ?? '\uffff'))
    },

    winRate({ from, to, groupBy }: { from: number; to: number; groupBy: keyof typeof GROUP_SQL }): WinRateRow[] {
      const rows = q.all<{ key: string; currency: string; won: number; lost: number; wonValue: number }>(
        `SELECT ${GROUP_SQL[groupBy]} AS key, d.currency, sum(d.status = 'won') AS won, sum(d.status = 'lost') AS lost,
           total(CASE WHEN d.status = 'won' THEN d.value_minor END) AS wonValue
         FROM deals d WHERE d.deleted_at IS NULL AND d.status <> 'open' AND d.closed_at >= ? AND d.closed_at < ?
         GROUP BY key, d.currency ORDER BY key, d.currency`,
        from,
        to,
      )
      const groups = new Map<string, WinRateRow>()
      for (const r of rows) {
        const g = groups.get(r.key) ?? { group: r.key, won: 0, lost: 0, winRate: null, averageWon: [] }
        g.won += r.won
        g.lost += r.lost
        if (r.won > 0) g.averageWon.push({ currency: r.currency, value: Math.round(r.wonValue / r.won) })
        groups.set(r.key, g)
      }
      return [...groups.values()].map((g) => ({ ...g, winRate: ratio(g.won, g.won + g.lost) }))
    },

    salesCycle({ from, to }: { from: number; to: number }): SalesCycleRow[] {
      const rows = q.all<{ id: string; name: string; won: number; average: number | null; median: number | null }>(
        `WITH w AS (
           SELECT pipeline_id, (closed_at - created_at) / 86400000.0 AS days FROM deals
           WHERE status = 'won' AND deleted_at IS NULL AND closed_at >= ? AND closed_at < ?),
         r AS (
           SELECT pipeline_id, days, row_number() OVER (PARTITION BY pipeline_id ORDER BY days) AS rn,
             count(*) OVER (PARTITION BY pipeline_id) AS n FROM w)
         SELECT p.id, p.name,
           (SELECT count(*) FROM w WHERE w.pipeline_id = p.id) AS won,
           (SELECT avg(days) FROM w WHERE w.pipeline_id = p.id) AS average,
           (SELECT avg(days) FROM r WHERE r.pipeline_id = p.id AND r.rn IN ((r.n + 1) / 2, (r.n + 2) / 2)) AS median
         FROM pipelines p WHERE p.deleted_at IS NULL ORDER BY p.position, p.created_at`,
        from,
        to,
      )
      return rows.map((r) => ({ pipelineId: r.id, pipeline: r.name, won: r.won, averageDays: round1(r.average), medianDays: round1(r.median) }))
    },

    funnel({ from, to, pipelineId }: { from: number; to: number; pipelineId?: string }): FunnelRow[] {
      const pipeline = pipelines.get(pipelineId ?? pipelines.defaultPipelineId())
      const reached = new Map(
        q
          .all<{ id: string; reached: number }>(
            `WITH furthest AS (
               SELECT v.deal_id, max(s.position) AS position FROM deal_stage_visits v
               JOIN stages s ON s.id = v.stage_id JOIN deals d ON d.id = v.deal_id
               WHERE d.pipeline_id = ? AND d.deleted_at IS NULL AND v.deleted_at IS NULL AND d.created_at >= ? AND d.created_at < ?
               GROUP BY v.deal_id)
             SELECT s.id, (SELECT count(*) FROM furthest f WHERE f.position >= s.position) AS reached
             FROM stages s WHERE s.pipeline_id = ? AND s.deleted_at IS NULL`,
            pipeline.id,
            from,
            to,
            pipeline.id,
          )
          .map((r) => [r.id, r.reached]),
      )
      const open = moneyBy(
        q.all<{ key: string; currency: string; amount: number }>(
          `SELECT stage_id AS key, currency, total(value_minor) AS amount FROM deals
           WHERE pipeline_id = ? AND status = 'open' AND deleted_at IS NULL GROUP BY stage_id, currency`,
          pipeline.id,
        ),
      )
      const openCount = new Map(
        q
          .all<{ id: string; n: number }>(
            "SELECT stage_id AS id, count(*) AS n FROM deals WHERE pipeline_id = ? AND status = 'open' AND deleted_at IS NULL GROUP BY stage_id",
            pipeline.id,
          )
          .map((r) => [r.id, r.n]),
      )
      const stay = new Map(
        q
          .all<{ id: string; days: number | null }>(
            `SELECT v.stage_id AS id, avg((coalesce(v.left_at, ?) - v.entered_at) / 86400000.0) AS days
             FROM deal_stage_visits v JOIN deals d ON d.id = v.deal_id
             WHERE d.pipeline_id = ? AND d.deleted_at IS NULL AND v.deleted_at IS NULL AND v.entered_at >= ? AND v.entered_at < ?
             GROUP BY v.stage_id`,
            clock.now(),
            pipeline.id,
            from,
            to,
          )
          .map((r) => [r.id, r.days]),
      )
      return pipeline.stages.map((stage, i) => {
        const here = reached.get(stage.id) ?? 0
        const next = pipeline.stages[i + 1]
        return {
          stageId: stage.id,
          stage: stage.name,
          reached: here,
          conversionToNext: next ? ratio(reached.get(next.id) ?? 0, here) : null,
          openDeals: openCount.get(stage.id) ?? 0,
          openValue: open.get(stage.id) ?? [],
          averageDaysInStage: round1(stay.get(stage.id) ?? null),
        }
      })
    },

    revenue({ from, to }: { from: number; to: number }): RevenueRow[] {
      const wonBy = moneyBy(
        q.all<{ key: string; currency: string; amount: number }>(
          `SELECT strftime('%Y-%m', closed_at / 1000, ${LOCAL}) AS key, currency, total(value_minor) AS amount FROM deals
           WHERE status = 'won' AND deleted_at IS NULL AND closed_at >= ? AND closed_at < ? GROUP BY key, currency`,
          from,
          to,
        ),
      )
      const forecastBy = moneyBy(
        q.all<{ key: string; currency: string; amount: number }>(
          `SELECT substr(d.expected_close, 1, 7) AS key, d.currency, total(d.value_minor * s.probability) / 100 AS amount
           FROM deals d JOIN stages s ON s.id = d.stage_id
           WHERE d.status = 'open' AND d.deleted_at IS NULL AND d.expected_close >= ? AND d.expected_close < ?
           GROUP BY key, d.currency`,
          day(from),
          day(to),
        ),
      )
      const rows: RevenueRow[] = []
      for (let m = startOfMonth(new Date(from)); m.getTime() < to; m = addMonths(m, 1)) {
        const month = format(m, 'yyyy-MM')
        rows.push({ month, won: wonBy.get(month) ?? [], forecast: forecastBy.get(month) ?? [] })
      }
      return rows
    },

    activity({ from, to, groupBy }: { from: number; to: number; groupBy: 'week' | 'owner' }): ActivityRow[] {
      // Sums of activity_counts (15-minute slots kept by triggers), not a scan of every entry.
      const counts = 'total(calls) AS calls, total(emails) AS emails, total(meetings) AS meetings, total(notes) AS notes'
      if (groupBy === 'owner') {
        return q.all<ActivityRow>(
          `SELECT owner AS "group", ${counts} FROM activity_counts WHERE slot >= ? AND slot < ?
           GROUP BY owner HAVING total(calls + emails + meetings + notes) > 0 ORDER BY owner`,
          from,
          to,
        )
      }
      // Every week of the range (Monday starts, local time, exact across DST), quiet ones too.
      const weeks: [number, number][] = []
      for (let w = startOfWeek(new Date(from), { weekStartsOn: 1 }); w.getTime() < to; w = addWeeks(w, 1)) {
        weeks.push([Math.max(w.getTime(), from), Math.min(addWeeks(w, 1).getTime(), to)])
      }
      const rows = q.all<Omit<ActivityRow, 'group'> & { k: number }>(
        `WITH w AS (SELECT key AS k, json_extract(value, '$[0]') AS s, json_extract(value, '$[1]') AS e FROM json_each(?))
         SELECT w.k, ${counts} FROM w JOIN activity_counts c ON c.slot >= w.s AND c.slot < w.e GROUP BY w.k`,
        JSON.stringify(weeks),
      )
      const byWeek = new Map(rows.map(({ k, ...r }) => [k, r]))
      return weeks.map(([start], k) => ({
        group: format(startOfWeek(new Date(start), { weekStartsOn: 1 }), 'yyyy-MM-dd'),
        ...(byWeek.get(k) ?? { calls: 0, emails: 0, meetings: 0, notes: 0 }),
      }))
    },

    lostReasons({ from, to }: { from: number; to: number }): LostReasonRow[] {
      const rows = q.all<{ reason: string; currency: string; deals: number; amount: number }>(
        `SELECT coalesce(lost_reason, '') AS reason, currency, count(*) AS deals, total(value_minor) AS amount FROM deals
         WHERE status = 'lost' AND deleted_at IS NULL AND closed_at >= ? AND closed_at < ? GROUP BY reason, currency ORDER BY reason, currency`,
        from,
        to,
      )
      const reasons = new Map<string, LostReasonRow>()
      for (const r of rows) {
        const entry = reasons.get(r.reason) ?? { reason: r.reason, deals: 0, value: [] }
        entry.deals += r.deals
        entry.value.push({ currency: r.currency, value: Math.round(r.amount) })
        reasons.set(r.reason, entry)
      }
      return [...reasons.values()].sort((a, b) => b.deals - a.deals || a.reason.localeCompare(b.reason))
    },
  }
}

export type ReportsService = ReturnType<typeof createReportsService>
