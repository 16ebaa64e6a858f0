import { z } from 'zod'
import { optionalText, recordId, text, timestamp, type Timestamps } from './common'

/** What a person logs. */
export const ACTIVITY_TYPES = ['note', 'call', 'email', 'meeting'] as const
export type LoggableType = (typeof ACTIVITY_TYPES)[number]
/** 'system' entries are written by core: a deal changed stage, was won, lost or reopened. */
export type ActivityType = LoggableType | 'system'
export const ACTIVITY_LABELS: Record<ActivityType, string> = { note: 'Note', call: 'Call', email: 'Email', meeting: 'Meeting', system: 'Deal update' }

export const DIRECTIONS = ['inbound', 'outbound'] as const
export type Direction = (typeof DIRECTIONS)[number]

export const CALL_OUTCOMES = ['connected', 'left_voicemail', 'no_answer', 'busy', 'wrong_number'] as const
export type CallOutcome = (typeof CALL_OUTCOMES)[number]
export const CALL_OUTCOME_LABELS: Record<CallOutcome, string> = {
  connected: 'Connected',
  left_voicemail: 'Left voicemail',
  no_answer: 'No answer',
  busy: 'Busy',
  wrong_number: 'Wrong number',
}

export const activityType = z.enum(ACTIVITY_TYPES, { error: `Type must be one of: ${ACTIVITY_TYPES.join(', ')}` })

export const activityFields = z.strictObject({
  type: activityType.optional(),
  contactId: recordId.nullable().optional(),
  companyId: recordId.nullable().optional(),
  dealId: recordId.nullable().optional(),
  occurredAt: timestamp('Date').optional(),
  subject: optionalText('Subject', 300).optional(),
  body: text('Text', 100_000).optional(),
  direction: z.enum(DIRECTIONS, { error: 'Direction must be inbound or outbound' }).nullable().optional(),
  durationMinutes: z
    .number({ error: 'Duration must be a number of minutes' })
    .int('Duration must be whole minutes')
    .min(0, 'Duration cannot be negative')
    .max(24 * 60, 'Duration is at most 24 hours')
    .nullable()
    .optional(),
  outcome: z.enum(CALL_OUTCOMES, { error: `Outcome must be one of: ${CALL_OUTCOMES.join(', ')}` }).nullable().optional(),
  location: optionalText('Location', 300).optional(),
})

export const activityCreateInput = activityFields
  .extend({ type: activityType })
  .refine((a) => Boolean(a.contactId || a.companyId || a.dealId), {
    message: 'Link the entry to a contact, a company or a deal',
    path: ['contactId'],
  })
export const activityUpdateInput = z.strictObject({ id: recordId, patch: activityFields })

export const activityListInput = z
  .strictObject({
    contactId: recordId.optional(),
    companyId: recordId.optional(),
    dealId: recordId.optional(),
    types: z.array(z.enum([...ACTIVITY_TYPES, 'system'])).optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .refine((q) => [q.contactId, q.companyId, q.dealId].filter(Boolean).length === 1, {
    message: 'Give one of: a contact, a company or a deal',
    path: ['contactId'],
  })

export interface Activity extends Timestamps {
  id: string
  type: ActivityType
  contactId: string | null
  contactName: string | null
  companyId: string | null
  dealId: string | null
  dealTitle: string | null
  occurredAt: number
  subject: string | null
  body: string
  direction: Direction | null
  durationMinutes: number | null
  outcome: CallOutcome | null
  location: string | null
}
