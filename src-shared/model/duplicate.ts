/**
 * Duplicate contacts: pairs found by the same email, the same phone (E.164) or a (nearly) equal
 * name at the same company; the review picks, field by field, what the surviving contact keeps.
 */
import { z } from 'zod'
import { recordId } from './common'
import type { Contact } from './contact'

/** ISO 3166-1 alpha-2 region used to read phone numbers written without a +country prefix. */
export const phoneRegion = z
  .string({ error: 'Region must be text' })
  .regex(/^[A-Z]{2}$/, 'Region must be a two-letter country code like GB')

export const duplicateListInput = z.strictObject({
  /** The window's guess (its language's region) of where numbers without a + are from: used only when the workspace's phoneRegion setting is unset. */
  region: phoneRegion.optional(),
  limit: z.number().int().min(1).max(2000).default(500),
})

export type DuplicateReasonKind = 'email' | 'phone' | 'name' | 'similarName'

export interface DuplicateReason {
  kind: DuplicateReasonKind
  /** The matched value: the normalized email, the E.164 phone, the company name. */
  value: string
  /** For people: "same email ada@x.com", "same phone +44 20 7946 0958", "similar name at Acme". */
  label: string
}

export interface DuplicateSide {
  id: string
  displayName: string
  companyName: string | null
  primaryEmail: string | null
  primaryPhone: string | null
  createdAt: number
}

export interface DuplicatePair {
  /** Stable key of the pair: the two ids sorted, joined by ":". */
  key: string
  a: DuplicateSide
  b: DuplicateSide
  reasons: DuplicateReason[]
  /** Higher is stronger: email 3, phone 2, same name 2, similar name 1, summed. */
  score: number
}

export interface DuplicateList {
  pairs: DuplicatePair[]
  /** All pairs found (pairs holds at most `limit` of them, strongest first). */
  total: number
  /** What was compared, for the empty state: "1,204 contacts: emails, phones (GB), names at the same company". */
  checked: { contacts: number; region: string | null }
  dismissedCount: number
}

export const pairInput = z.strictObject({ a: recordId, b: recordId })

export interface RecordCounts {
  activities: number
  deals: number
  tasks: number
}

/** Both contacts of a pair for the side-by-side review; counts by contact id. */
export interface PairDetail {
  a: Contact
  b: Contact
  counts: Record<string, RecordCounts>
}

/** Scalar fields whose surviving value the user picks; each one is a single choice. */
export const MERGE_FIELDS = [
  'firstName',
  'lastName',
  'jobTitle',
  'companyId',
  'leadSource',
  'lifecycleStage',
  'owner',
  'address',
  'birthday',
  'notes',
  'keepInTouch',
] as const
export type MergeField = (typeof MERGE_FIELDS)[number]
export const MERGE_FIELD_LABELS: Record<MergeField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  jobTitle: 'Job title',
  companyId: 'Company',
  leadSource: 'Lead source',
  lifecycleStage: 'Lifecycle stage',
  owner: 'Owner',
  address: 'Address',
  birthday: 'Birthday',
  notes: 'Notes',
  keepInTouch: 'Keep in touch',
}

export const mergeSide = z.enum(['survivor', 'other'], { error: 'Pick "survivor" or "other"' })
export type MergeSide = z.output<typeof mergeSide>

export const mergeInput = z.strictObject({
  survivorId: recordId,
  otherId: recordId,
  /** Per field, whose value survives. Unpicked: the survivor's, or the other's where the survivor has none. */
  picks: z.partialRecord(z.enum(MERGE_FIELDS), mergeSide).default({}),
  /** Same, per custom field id. */
  customFieldPicks: z.record(recordId, mergeSide).default({}),
})
export type MergeInput = z.output<typeof mergeInput>

export interface MergeResult {
  survivor: Contact
  /** The merge's transaction: duplicates.undoMerge takes it. */
  txId: string
  moved: { activities: number; deals: number; tasks: number; tags: number; channels: number; customFields: number }
}

export const undoMergeInput = z.strictObject({ txId: z.uuid({ error: 'Not a valid merge id' }) })

export const emailCheckInput = z.strictObject({
  email: z.string({ error: 'Email must be text' }).max(320, 'Email is too long: at most 320 characters'),
  /** The contact being edited: it never warns about itself. */
  excludeId: recordId.optional(),
})

export interface EmailMatch {
  id: string
  displayName: string
  email: string
}
