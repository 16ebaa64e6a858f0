/**
 * Follow-ups. remind_at is derived from due_at and the reminder (or set by a snooze); changing
 * either clears fired_at so the reminder goes off again. Keep-in-touch follow-ups reschedule
 * themselves from the contact's last real interaction.
 */
import { addDays, addMonths, addWeeks, setHours, startOfHour } from 'date-fns'
import { z } from 'zod'
import { AppError } from '../../../../src-shared/errors'
import { stableId } from '../../db/ids'
import type { Page } from '../../../../src-shared/model/common'
import {
  RULE_INFO,
  taskFields,
  taskListInput,
  type CompleteResult,
  type KeepInTouch,
  type KeepInTouchUnit,
  type Task,
  type TaskPriority,
  type TodayTasks,
} from '../../../../src-shared/model/task'
import type { Commit, Writer } from '../../db/repository'
import { forEachId, invalid, requireActive, type ServiceContext } from '../context'

type TaskFields = z.output<typeof taskFields>
const MINUTE = 60_000

interface TaskRow {
  id: string
  title: string
  due_at: number
  reminder_minutes_before: number | null
  remind_at: number | null
  fired_at: number | null
  priority: TaskPriority
  done_at: number | null
  contact_id: string | null
  contact_name: string | null
  deal_id: string | null
  deal_title: string | null
  company_id: string | null
  company_name: string | null
  notes: string
  keep_in_touch: number
  rule_kind: keyof typeof RULE_INFO | null
  created_at: number
  updated_at: number
  deleted_at: number | null
}

const SELECT_TASK = `SELECT t.*, nullif(trim(c.first_name || ' ' || c.last_name), '') AS contact_name,
    d.title AS deal_title, co.name AS company_name, r.kind AS rule_kind
  FROM tasks t LEFT JOIN contacts c ON c.id = t.contact_id LEFT JOIN deals d ON d.id = t.deal_id
  LEFT JOIN companies co ON co.id = t.company_id LEFT JOIN rules r ON r.id = t.rule_id`
const OPEN = 't.done_at IS NULL AND t.deleted_at IS NULL'

const toTask = (r: TaskRow): Task => ({
  id: r.id,
  title: r.title,
  dueAt: r.due_at,
  reminderMinutesBefore: r.reminder_minutes_before,
  remindAt: r.remind_at,
  firedAt: r.fired_at,
  priority: r.priority,
  doneAt: r.done_at,
  contactId: r.contact_id,
  contactName: r.contact_name,
  dealId: r.deal_id,
  dealTitle: r.deal_title,
  companyId: r.company_id,
  companyName: r.company_name,
  notes: r.notes,
  keepInTouch: r.keep_in_touch === 1,
  createdByRule: r.rule_kind ? RULE_INFO[r.rule_kind].name : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
})

const remindAtOf = (dueAt: number, minutesBefore: number | null) => (minutesBefore === null ? null : dueAt - minutesBefore * MINUTE)

const ADD: Record<KeepInTouchUnit, (date: Date, n: number) => Date> = { day: addDays, week: addWeeks, month: addMonths }

/**
 * The next keep-in-touch date: N days/weeks/months after the last real interaction (or `from`
 * when there was none), at 9:00 in the local time zone (date-fns keeps the wall time across DST).
 */
export function nextKeepInTouch(every: KeepInTouch, lastContactedAt: number | null, from: number): number {
  const base = ADD[every.unit](new Date(lastContactedAt ?? from), every.count)
  return startOfHour(setHours(base, 9)).getTime()
}

export interface TaskExtras {
  keepInTouch?: boolean
  ruleId?: string
  ruleKey?: string
}

export function createTasksService(ctx: ServiceContext) {
  const { q, repo, clock } = ctx

  function get(id: string): Task {
    const r = q.one<TaskRow>(`${SELECT_TASK} WHERE t.id = ?`, id)
    if (!r || r.deleted_at !== null) throw new AppError('NOT_FOUND', 'This follow-up was not found; it may have been deleted. Refresh and try again.', { id })
    return toTask(r)
  }

  function checkLinks(f: TaskFields) {
    if (f.contactId) requireActive(ctx, 'contacts', f.contactId, 'The contact')
    if (f.dealId) requireActive(ctx, 'deals', f.dealId, 'The deal')
    if (f.companyId) requireActive(ctx, 'companies', f.companyId, 'The company')
  }

  function insert(w: Writer, input: TaskFields & { title: string; dueAt: number }, extras: TaskExtras = {}): string {
    const minutes = input.reminderMinutesBefore === undefined ? 0 : input.reminderMinutesBefore
    return w.insert('tasks', {
      // a rule's task for one cause has the same id on every device: two devices running the rule make one task once synced
      id: extras.ruleKey ? stableId(`task/${extras.ruleKey}`) : undefined,
      title: input.title,
      dueAt: input.dueAt,
      reminderMinutesBefore: minutes,
      remindAt: remindAtOf(input.dueAt, minutes),
      priority: input.priority ?? 'normal',
      contactId: input.contactId ?? null,
      dealId: input.dealId ?? null,
      companyId: input.companyId ?? null,
      notes: input.notes ?? '',
      keepInTouch: extras.keepInTouch ? 1 : 0,
      ruleId: extras.ruleId ?? null,
      ruleKey: extras.ruleKey ?? null,
    })
  }

  const contactKeepInTouch = (contactId: string) =>
    q.one<{ count: number | null; unit: KeepInTouchUnit | null; last: number | null; name: string }>(
      `SELECT keep_in_touch_count AS count, keep_in_touch_unit AS unit, last_contacted_at AS last,
         trim(first_name || ' ' || last_name) AS name FROM contacts WHERE id = ? AND deleted_at IS NULL`,
      contactId,
    )

  /** Keeps exactly one open keep-in-touch follow-up per contact that wants one, due on time. */
  function syncKeepInTouch(contactId: string): void {
    const c = contactKeepInTouch(contactId)
    const open = q.all<{ id: string; due_at: number }>(
      `SELECT id, due_at FROM tasks t WHERE t.contact_id = ? AND t.keep_in_touch = 1 AND ${OPEN} ORDER BY due_at`,
      contactId,
    )
    repo.write((w) => {
      if (!c || !c.count || !c.unit) {
        for (const t of open) w.softDelete('tasks', t.id)
        return
      }
      // Completing a keep-in-touch follow-up counts as being in touch: without it, completing one
      // with no newer call would bring back the same (past) due date.
      const done = q.one<{ at: number | null }>(
        'SELECT max(done_at) AS at FROM tasks WHERE contact_id = ? AND keep_in_touch = 1 AND deleted_at IS NULL',
        contactId,
      )!.at
      const since = c.last === null ? done : done === null ? c.last : Math.max(c.last, done)
      const due = nextKeepInTouch({ count: c.count, unit: c.unit }, since, clock.now())
      const [first, ...extra] = open
      for (const t of extra) w.softDelete('tasks', t.id)
      if (!first) insert(w, { title: `Keep in touch with ${c.name}`, dueAt: due, contactId }, { keepInTouch: true })
      else if (first.due_at !== due) w.update('tasks', first.id, { dueAt: due, remindAt: remindAtOf(due, 0), firedAt: null })
    })
  }

  return {
    get,
    syncKeepInTouch,
    /**
     * Keep-in-touch follows the history: after a local commit that changed history entries, the
     * follow-up of each contact concerned (now, or before an entry moved) is due again from the
     * latest call, email or meeting. A remote commit brings its own follow-ups along.
     */
    followHistory(): (commit: Commit) => void {
      return ({ origin, changes }) => {
        if (origin !== 'local') return
        const ids: string[] = []
        const contacts = new Set<string>()
        for (const c of changes) {
          if (c.table !== 'activities') continue
          ids.push(c.id)
          if (typeof c.previous?.contact_id === 'string') contacts.add(c.previous.contact_id)
        }
        if (ids.length === 0) return
        for (const r of q.all<{ contact_id: string }>(
          "SELECT DISTINCT contact_id FROM activities WHERE id IN (SELECT value FROM json_each(?)) AND contact_id IS NOT NULL AND type <> 'system'",
          JSON.stringify(ids),
        )) {
          contacts.add(r.contact_id)
        }
        for (const id of contacts) syncKeepInTouch(id)
      }
    },
    /** For rules: creates a task unless one with the same key was ever made (even if done or deleted). */
    createOnce(w: Writer, input: TaskFields & { title: string; dueAt: number }, extras: Required<Pick<TaskExtras, 'ruleId' | 'ruleKey'>>): boolean {
      if (q.one('SELECT 1 FROM tasks WHERE rule_key = ?', extras.ruleKey)) return false
      insert(w, input, extras)
      return true
    },
    create(input: TaskFields & { title: string; dueAt: number }): Task {
      checkLinks(input)
      return get(repo.write((w) => insert(w, input)))
    },
    update({ id, patch }: { id: string; patch: TaskFields }): Task {
      const current = get(id)
      checkLinks(patch)
      const dueAt = patch.dueAt ?? current.dueAt
      const minutes = patch.reminderMinutesBefore === undefined ? current.reminderMinutesBefore : patch.reminderMinutesBefore
      const timingChanged = dueAt !== current.dueAt || minutes !== current.reminderMinutesBefore
      repo.write((w) =>
        w.update('tasks', id, {
          title: patch.title,
          dueAt: patch.dueAt,
          reminderMinutesBefore: patch.reminderMinutesBefore,
          priority: patch.priority,
          contactId: patch.contactId,
          dealId: patch.dealId,
          companyId: patch.companyId,
          notes: patch.notes,
          ...(timingChanged ? { remindAt: remindAtOf(dueAt, minutes), firedAt: null } : {}),
        }),
      )
      return get(id)
    },
    complete(id: string): CompleteResult {
      const task = get(id)
      if (task.doneAt !== null) return { task, next: null }
      repo.write((w) => w.update('tasks', id, { doneAt: w.now }))
      let next: Task | null = null
      if (task.keepInTouch && task.contactId) {
        syncKeepInTouch(task.contactId)
        const row = q.one<{ id: string }>(`SELECT id FROM tasks t WHERE t.contact_id = ? AND t.keep_in_touch = 1 AND ${OPEN}`, task.contactId)
        next = row ? get(row.id) : null
      }
      return { task: get(id), next }
    },
    reopen(id: string): Task {
      get(id)
      repo.write((w) => w.update('tasks', id, { doneAt: null }))
      return get(id)
    },
    snooze({ id, until }: { id: string; until: number }): Task {
      const task = get(id)
      if (until <= clock.now()) throw invalid('until', 'Pick a time in the future to snooze until')
      if (task.doneAt !== null) throw new AppError('CONFLICT', 'This follow-up is done. Reopen it to snooze it.')
      repo.write((w) => w.update('tasks', id, { remindAt: until, firedAt: null }))
      return get(id)
    },
    today({ dayStart, dayEnd, upcomingLimit }: { dayStart: number; dayEnd: number; upcomingLimit: number }): TodayTasks {
      if (dayEnd <= dayStart) throw invalid('dayEnd', 'The end of today must come after its start')
      const section = (where: string, limit: number, ...params: unknown[]) =>
        q.all<TaskRow>(`${SELECT_TASK} WHERE ${OPEN} AND ${where} ORDER BY t.due_at, t.id LIMIT ?`, ...params, limit).map(toTask)
      return {
        overdue: section('t.due_at < ?', 500, dayStart),
        today: section('t.due_at >= ? AND t.due_at < ?', 500, dayStart, dayEnd),
        upcoming: section('t.due_at >= ?', upcomingLimit, dayEnd),
        counts: {
          overdue: q.one<{ n: number }>(`SELECT count(*) AS n FROM tasks t WHERE ${OPEN} AND t.due_at < ?`, dayStart)!.n,
          today: q.one<{ n: number }>(`SELECT count(*) AS n FROM tasks t WHERE ${OPEN} AND t.due_at >= ? AND t.due_at < ?`, dayStart, dayEnd)!.n,
          upcoming: q.one<{ n: number }>(`SELECT count(*) AS n FROM tasks t WHERE ${OPEN} AND t.due_at >= ?`, dayEnd)!.n,
        },
      }
    },
    counts({ dayStart, dayEnd }: { dayStart: number; dayEnd: number }) {
      return {
        overdue: q.one<{ n: number }>(`SELECT count(*) AS n FROM tasks t WHERE ${OPEN} AND t.due_at < ?`, dayStart)!.n,
        today: q.one<{ n: number }>(`SELECT count(*) AS n FROM tasks t WHERE ${OPEN} AND t.due_at >= ? AND t.due_at < ?`, dayStart, dayEnd)!.n,
      }
    },
    list(input: z.output<typeof taskListInput>): Page<Task> {
      const where = ['t.deleted_at IS NULL']
      const params: unknown[] = []
      for (const [column, value] of [
        ['t.contact_id', input.contactId],
        ['t.deal_id', input.dealId],
        ['t.company_id', input.companyId],
      ] as const) {
        if (value) {
          where.push(`${column} = ?`)
          params.push(value)
        }
      }
      if (input.done !== undefined) where.push(input.done ? 't.done_at IS NOT NULL' : 't.done_at IS NULL')
      const whereSql = where.join(' AND ')
      const items = q
        .all<TaskRow>(`${SELECT_TASK} WHERE ${whereSql} ORDER BY t.due_at, t.id LIMIT ? OFFSET ?`, ...params, input.limit, input.offset)
        .map(toTask)
      const total = q.one<{ n: number }>(`SELECT count(*) AS n FROM tasks t WHERE ${whereSql}`, ...params)!.n
      return { items, total }
    },
    remove: (ids: string[]) => forEachId(ctx, 'tasks', ids, 'A follow-up', (id) => repo.write((w) => w.softDelete('tasks', id))),
    restore: (ids: string[]) => forEachId(ctx, 'tasks', ids, 'A follow-up', (id) => repo.write((w) => w.restore('tasks', id))),
    setKeepInTouch({ contactId, every }: { contactId: string; every: KeepInTouch | null }) {
      requireActive(ctx, 'contacts', contactId, 'The contact')
      repo.write((w) => {
        w.update('contacts', contactId, { keepInTouchCount: every?.count ?? null, keepInTouchUnit: every?.unit ?? null })
        syncKeepInTouch(contactId)
      })
    },
  }
}

export type TasksService = ReturnType<typeof createTasksService>
