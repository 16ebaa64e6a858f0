import { z } from 'zod'
import { addressInput, type Address } from './address'
import { calendarDate, httpUrl, optionalText, page, recordId, sortDirection, text, type Timestamps } from './common'
import { customFieldValue, type CustomFieldValue } from './custom-field'
import type { TagRef } from './tag'
import type { KeepInTouch } from './task'
import { contactFilter } from './contact-filter'
import { lifecycleStage, type LifecycleStage } from './lifecycle'

export { LIFECYCLE_LABELS, LIFECYCLE_STAGES, lifecycleStage, type LifecycleStage } from './lifecycle'

const label = optionalText('Label', 40).optional()

export const emailEntry = z.strictObject({
  value: z
    .string({ error: 'Email must be text' })
    .trim()
    .max(320, 'Email is too long: at most 320 characters')
    .pipe(z.email({ error: (iss) => `"${String(iss.input)}" is not a valid email address, e.g. ana@example.com` })),
  label,
  primary: z.boolean().optional(),
})

export const phoneEntry = z.strictObject({
  value: z
    .string({ error: 'Phone must be text' })
    .trim()
    .max(40, 'Phone is too long: at most 40 characters')
    .regex(/^\+?[0-9 ()\-./]*(?:\s*(?:x|ext\.?)\s*[0-9]+)?$/i, 'Phone may hold digits, spaces, + ( ) - . / and an extension like "x12"')
    .refine((v) => (v.match(/[0-9]/g) ?? []).length >= 3, 'Phone needs at least 3 digits'),
  label,
})

export const socialEntry = z.strictObject({ value: httpUrl('Profile URL'), label })

/** Every editable contact field; all optional so the same shape serves create and update. */
export const contactFields = z.strictObject({
  firstName: text('First name', 200).optional(),
  lastName: text('Last name', 200).optional(),
  jobTitle: optionalText('Job title', 200).optional(),
  companyId: recordId.nullable().optional(),
  leadSource: optionalText('Lead source', 100).optional(),
  lifecycleStage: lifecycleStage.optional(),
  owner: optionalText('Owner', 200).optional(),
  emails: z.array(emailEntry).max(20, 'At most 20 email addresses').optional(),
  phones: z.array(phoneEntry).max(20, 'At most 20 phone numbers').optional(),
  socialProfiles: z.array(socialEntry).max(20, 'At most 20 profile links').optional(),
  tagIds: z.array(recordId).max(200, 'At most 200 tags').optional(),
  address: addressInput.optional(),
  birthday: calendarDate('Birthday').nullable().optional(),
  notes: text('Notes', 100_000).optional(),
  customFields: z.record(recordId, customFieldValue).optional(),
})
export type ContactFields = z.output<typeof contactFields>

const hasName = (c: { firstName?: string; lastName?: string }) => Boolean(c.firstName || c.lastName)
const NAME_REQUIRED = 'Enter a first or last name'

export const contactCreateInput = contactFields.refine(hasName, { message: NAME_REQUIRED, path: ['firstName'] })
export const contactUpdateInput = z.strictObject({ id: recordId, patch: contactFields })

export const CONTACT_SORTS = ['name', 'lastContacted', 'created'] as const
export type ContactSort = (typeof CONTACT_SORTS)[number]
/** Which contacts a list, an export, a count or a bulk action selects: quick filters and the filter builder's conditions. */
const contactSelection = {
  tagId: recordId.optional(),
  lifecycleStage: lifecycleStage.optional(),
  companyId: recordId.optional(),
  /** The filter builder's conditions (a saved view), on top of the quick filters. */
  filter: contactFilter.optional(),
}
/** The list's order. */
const contactOrder = {
  sort: z.enum(CONTACT_SORTS).default('name'),
  direction: sortDirection.default('asc'),
}
export const contactQuery = z.strictObject(contactSelection)
/** The contacts list's filter and order, so "export these" writes what the list shows. */
export const contactListQuery = z.strictObject({ ...contactOrder, ...contactSelection })
export const contactListInput = z.strictObject({ ...contactOrder, ...contactSelection, ...page })

export interface ChannelEntry {
  value: string
  label: string | null
}
export interface EmailEntry extends ChannelEntry {
  primary: boolean
}

export interface ContactSummary {
  id: string
  firstName: string
  lastName: string
  displayName: string
  jobTitle: string | null
  companyId: string | null
  companyName: string | null
  lifecycleStage: LifecycleStage
  primaryEmail: string | null
  primaryPhone: string | null
  lastContactedAt: number | null
  createdAt: number
  tags: TagRef[]
}

export interface Contact extends Timestamps {
  id: string
  firstName: string
  lastName: string
  displayName: string
  jobTitle: string | null
  companyId: string | null
  companyName: string | null
  leadSource: string | null
  lifecycleStage: LifecycleStage
  owner: string | null
  emails: EmailEntry[]
  phones: ChannelEntry[]
  socialProfiles: ChannelEntry[]
  tags: TagRef[]
  address: Address
  birthday: string | null
  notes: string
  customFields: Record<string, CustomFieldValue>
  /** The latest call, email or meeting on the timeline (notes do not count as contact). */
  lastContactedAt: number | null
  /** Keep in touch every N days/weeks/months: a follow-up is kept scheduled. */
  keepInTouch: KeepInTouch | null
  /** Team sync: the member this contact is private to (with its history, deals and tasks), or null: everyone. */
  privateTo: string | null
}

export function displayName(c: { firstName: string; lastName: string }): string {
  return `${c.firstName} ${c.lastName}`.trim()
}
