import { z } from 'zod'
import { page, recordId, text, timestamp, type Timestamps } from './common'

export const TASK_PRIORITIES = ['low', 'normal', 'high'] as const
export type TaskPriority = (typeof TASK_PRIORITIES)[number]

/** At most 30 days before the due time. */
const reminderMinutesBefore = z
  .number({ error: 'Reminder must be a number of minutes before the due time' })
  .int('Reminder must be whole minutes')
  .min(0, 'Reminder cannot be after the due time')
  .max(30 * 24 * 60, 'Reminder is at most 30 days before')
  .nullable()

export const taskFields = z.strictObject({
  title: text('Title', 300).optional(),
  dueAt: timestamp('Due').optional(),
  /** null: no reminder; 0: at the due time. */
  reminderMinutesBefore: reminderMinutesBefore.optional(),
  priority: z.enum(TASK_PRIORITIES, { error: 'Priority must be low, normal or high' }).optional(),
  contactId: recordId.nullable().optional(),
  dealId: recordId.nullable().optional(),
  companyId: recordId.nullable().optional(),
  notes: text('Notes', 100_000).optional(),
})
export const taskCreateInput = taskFields
  .refine((t) => Boolean(t.title), { message: 'Give the follow-up a title', path: ['title'] })
  .refine((t) => t.dueAt !== undefined, { message: 'Pick when it is due', path: ['dueAt'] })
export const taskUpdateInput = z.strictObject({
  id: recordId,
  patch: taskFields.refine((t) => t.title === undefined || t.title !== '', { message: 'The title cannot be empty', path: ['title'] }),
})
export const taskSnoozeInput = z.strictObject({ id: recordId, until: timestamp('Snooze until') })

/** The user's day, computed in their time zone by the renderer: [dayStart, dayEnd). */
export const dayWindow = {
  dayStart: timestamp('Start of today'),
  dayEnd: timestamp('End of today'),
}
export const taskTodayInput = z.strictObject({ ...dayWindow, upcomingLimit: z.number().int().min(0).max(500).default(50) })
export const taskListInput = z.strictObject({
  contactId: recordId.optional(),
  dealId: recordId.optional(),
  companyId: recordId.optional(),
  done: z.boolean().optional(),
  ...page,
})

export const KEEP_IN_TOUCH_UNITS = ['day', 'week', 'month'] as const
export type KeepInTouchUnit = (typeof KEEP_IN_TOUCH_UNITS)[number]
export const keepInTouchInput = z.strictObject({
  contactId: recordId,
  /** null stops keeping in touch. */
  every: z
    .strictObject({
      count: z.number().int('Whole numbers only').min(1, 'At least 1').max(365, 'At most 365'),
      unit: z.enum(KEEP_IN_TOUCH_UNITS, { error: 'Unit must be day, week or month' }),
    })
    .nullable(),
})
export interface KeepInTouch {
  count: number
  unit: KeepInTouchUnit
}

export interface Task extends Timestamps {
  id: string
  title: string
  dueAt: number
  reminderMinutesBefore: number | null
  /** When the reminder goes off (due minus the reminder, or a snooze). */
  remindAt: number | null
  firedAt: number | null
  priority: TaskPriority
  doneAt: number | null
  contactId: string | null
  contactName: string | null
  dealId: string | null
  dealTitle: string | null
  companyId: string | null
  companyName: string | null
  notes: string
  /** Set on keep-in-touch follow-ups: completing one schedules the next. */
  keepInTouch: boolean
  /** The automation rule that created this task, if any (its name). */
  createdByRule: string | null
}

export interface TodayTasks {
  overdue: Task[]
  today: Task[]
  upcoming: Task[]
  counts: { overdue: number; today: number; upcoming: number }
}

export interface CompleteResult {
  task: Task
  /** The next keep-in-touch follow-up, when completing one scheduled it. */
  next: Task | null
}

export const RULE_KINDS = ['no_interaction', 'deal_rotting'] as const
export type RuleKind = (typeof RULE_KINDS)[number]

/** What each rule kind is called and does, and its default days (null: the stage's rotting days). */
export const RULE_INFO: Record<RuleKind, { name: string; description: string; days: number | null }> = {
  no_interaction: {
    name: 'Reconnect',
    description: 'No call, email or meeting with a contact for N days → a follow-up to get back in touch.',
    days: 30,
  },
  deal_rotting: {
    name: 'Unstick deals',
    description: "A deal idle in its stage past the stage's rotting days → a task for its owner.",
    days: null,
  },
}
export const ruleUpdateInput = z.strictObject({
  id: recordId,
  enabled: z.boolean().optional(),
  days: z.number().int('Whole days').min(1, 'At least 1 day').max(3650, 'At most 3,650 days').optional(),
})
export interface Rule {
  id: string
  kind: RuleKind
  name: string
  description: string
  enabled: boolean
  /** no_interaction: days without a call, email or meeting. deal_rotting: uses each stage's rotting days. */
  days: number | null
  lastRunAt: number | null
}

/** What a reminder going off shows; one summary when several came due while the app was closed. */
export interface ReminderNotice {
  taskId: string | null
  title: string
  body: string
  /** Where clicking it goes, e.g. "#/contacts/<id>" or "#/today". */
  route: string
}

export const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time like 22:00').nullable()
