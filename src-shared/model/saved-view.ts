/**
 * Saved views (smart lists) of the contacts list, and bulk actions on contacts: on the rows the
 * user ticked, or on every contact a view selects ("select all N").
 */
import { z } from 'zod'
import { idList, recordId, sortDirection, text, optionalText, type Timestamps } from './common'
import { contactFilter, type ContactFilter } from './contact-filter'
import { CONTACT_SORTS, contactQuery, type ContactSort } from './contact'
import { lifecycleStage } from './lifecycle'


const viewName = text('View name', 80).min(1, 'Give the view a name')
const viewSort = z.enum(CONTACT_SORTS, { error: `Sort must be one of: ${CONTACT_SORTS.join(', ')}` })

export const savedViewCreateInput = z.strictObject({
  name: viewName,
  filter: contactFilter,
  sort: viewSort.default('name'),
  direction: sortDirection.default('asc'),
})
export const savedViewUpdateInput = z.strictObject({
  id: recordId,
  name: viewName.optional(),
  filter: contactFilter.optional(),
  sort: viewSort.optional(),
  direction: sortDirection.optional(),
})

export interface SavedView extends Timestamps {
  id: string
  name: string
  filter: ContactFilter
  sort: ContactSort
  direction: 'asc' | 'desc'
}

export interface ViewCount {
  id: string
  count: number
}

export const MAX_BULK = 10_000

/** Which contacts a bulk action touches: ticked ids, or everything a list query selects. */
export const bulkTarget = z.union([z.strictObject({ ids: idList }), z.strictObject({ query: contactQuery })], {
  error: 'Say which contacts: { ids: [...] } or { query: {...} }',
})

export const bulkAction = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('addTag'), tagId: recordId }),
    z.strictObject({ kind: z.literal('removeTag'), tagId: recordId }),
    /** null (or empty text) clears the owner. */
    z.strictObject({ kind: z.literal('setOwner'), owner: optionalText('Owner', 200) }),
    z.strictObject({ kind: z.literal('setStage'), stage: lifecycleStage }),
    z.strictObject({ kind: z.literal('delete') }),
  ],
  { error: 'Unknown bulk action: use addTag, removeTag, setOwner, setStage or delete' },
)
export type BulkAction = z.output<typeof bulkAction>

export const contactBulkInput = z.strictObject({ target: bulkTarget, action: bulkAction })

export interface BulkResult {
  /** Contacts the action changed (already tagged, same owner... are not counted). */
  changed: number
  /** Contacts it was applied to. */
  selected: number
  /** The action's job (its chunks' transactions), for contacts.bulkUndo. */
  jobId: string
}

export const bulkUndoInput = z.strictObject({ jobId: z.uuid({ error: 'Not a valid job id' }) })
