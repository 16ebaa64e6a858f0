/**
 * Automation rules v1, run by the scheduler. Each task a rule makes carries a key naming what it
 * was made for (the contact and its last interaction; the deal and its stage entry), so running
 * a rule again — after a restart, on another day — never makes the same task twice.
 */
import { AppError } from '../../../../src-shared/errors'
import { RULE_INFO, type Rule, type RuleKind } from '../../../../src-shared/model/task'
import { stableId } from '../../db/ids'
import type { ServiceContext } from '../context'
import type { TasksService } from '../tasks/tasks'

const DAY = 24 * 60 * 60 * 1000

interface RuleRow {
  id: string
  kind: RuleKind
  enabled: number
  days: number | null
}

export function createRulesService(ctx: ServiceContext, tasks: TasksService) {
  const { q, repo } = ctx
  let lastRunAt: number | null = null

  const toRule = (r: RuleRow): Rule => ({
    id: r.id,
    kind: r.kind,
    name: RULE_INFO[r.kind].name,
    description: RULE_INFO[r.kind].description,
    enabled: r.enabled === 1,
    days: r.days,
    lastRunAt,
  })
  const order = Object.keys(RULE_INFO)
  // in RULE_INFO's order (seeded ids are hashes: they do not sort by creation)
  const rows = () =>
    q.all<RuleRow>('SELECT id, kind, enabled, days FROM rules WHERE deleted_at IS NULL ORDER BY created_at, id').sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))

  function runNoInteraction(rule: RuleRow, now: number): number {
    const cutoff = now - (rule.days ?? 30) * DAY
    const stale = q.all<{ id: string; name: string; last: number | null }>(
      `SELECT id, trim(first_name || ' ' || last_name) AS name, last_contacted_at AS last FROM contacts
       WHERE deleted_at IS NULL AND coalesce(last_contacted_at, created_at) < ?`,
      cutoff,
    )
    let made = 0
    repo.write((w) => {
      for (const c of stale) {
        const ruleKey = `${rule.id}/contact/${c.id}/${c.last ?? 'never'}`
        const title = `Get back in touch with ${c.name}`
        // No reminder: these gather on the Today view instead of ringing all at once.
        if (tasks.createOnce(w, { title, dueAt: now, reminderMinutesBefore: null, contactId: c.id }, { ruleId: rule.id, ruleKey })) made++
      }
    })
    return made
  }

  function runDealRotting(rule: RuleRow, now: number): number {
    const idle = q.all<{ id: string; title: string; stage: string; owner: string | null; contact_id: string | null; stage_entered_at: number; stage_id: string }>(
      `SELECT d.id, d.title, s.name AS stage, d.owner, d.contact_id, d.stage_id, d.stage_entered_at FROM deals d JOIN stages s ON s.id = d.stage_id
       WHERE d.status = 'open' AND d.deleted_at IS NULL AND s.rotting_days IS NOT NULL
         AND max(d.stage_entered_at, coalesce((SELECT max(a.occurred_at) FROM activities a
               WHERE a.deal_id = d.id AND a.deleted_at IS NULL AND a.type <> 'system'), 0)) < ? - s.rotting_days * ?`,
      now,
      DAY,
    )
    let made = 0
    repo.write((w) => {
      for (const d of idle) {
        const ruleKey = `${rule.id}/deal/${d.id}/${d.stage_id}/${d.stage_entered_at}`
        const title = `${d.owner ? `${d.owner}: m` : 'M'}ove "${d.title}" forward — idle in ${d.stage}`
        if (tasks.createOnce(w, { title, dueAt: now, reminderMinutesBefore: 0, dealId: d.id, contactId: d.contact_id }, { ruleId: rule.id, ruleKey })) made++
      }
    })
    return made
  }

  return {
    list: (): Rule[] => rows().map(toRule),
    /** First start: both rules, switched off, so nothing appears that the user did not ask for. */
    ensureSeeded() {
      if (rows().length > 0) return
      repo.write((w) => {
        for (const kind of Object.keys(RULE_INFO) as RuleKind[]) w.insert('rules', { id: stableId(`seed/rule/${kind}`), kind, enabled: 0, days: RULE_INFO[kind].days })
      }, { seed: true }) // dated before any edit: a joining device never switches the team's rules off again
    },
    update(input: { id: string; enabled?: boolean; days?: number }): Rule {
      const row = rows().find((r) => r.id === input.id)
      if (!row) throw new AppError('NOT_FOUND', 'This rule was not found. Refresh and try again.', { id: input.id })
      if (input.days !== undefined && row.kind !== 'no_interaction') throw new AppError('VALIDATION', 'This rule uses each stage\'s rotting days; it has no days of its own.')
      repo.write((w) => w.update('rules', input.id, { enabled: input.enabled, days: input.days }))
      return toRule(rows().find((r) => r.id === input.id)!)
    },
    /** Runs every enabled rule; returns how many tasks were made. */
    run(now: number): number {
      let made = 0
      for (const rule of rows()) {
        if (!rule.enabled) continue
        made += rule.kind === 'no_interaction' ? runNoInteraction(rule, now) : runDealRotting(rule, now)
      }
      lastRunAt = now
      return made
    },
  }
}

export type RulesService = ReturnType<typeof createRulesService>
