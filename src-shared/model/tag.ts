import { z } from 'zod'
import { idList, recordId, text, type Timestamps } from './common'

/** The palette offered in the UI; any #rrggbb is accepted. */
export const TAG_COLORS = ['#e5484d', '#f76b15', '#ffc53d', '#46a758', '#12a594', '#0090ff', '#6e56cf', '#d6409f', '#8d8d8d'] as const

const tagName = text('Tag name', 60).min(1, 'Give the tag a name')
const tagColor = z
  .string({ error: 'Colour must be text' })
  .regex(/^#[0-9a-fA-F]{6}$/, 'Colour must look like #46a758')
  .transform((c) => c.toLowerCase())

export const tagCreateInput = z.strictObject({ name: tagName, color: tagColor.default(TAG_COLORS[5]) })
export const tagUpdateInput = z.strictObject({ id: recordId, name: tagName.optional(), color: tagColor.optional() })
export const tagAssignInput = z.strictObject({ tagId: recordId, contactIds: idList })

export interface TagRef {
  id: string
  name: string
  color: string
}

export interface Tag extends TagRef, Timestamps {
  contactCount: number
}
