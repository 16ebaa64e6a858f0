import { z } from 'zod'
import { recordId, text, type Timestamps } from './common'

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select', 'checkbox', 'url'] as const
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number]

const label = text('Field name', 80).min(1, 'Give the field a name')
const options = z
  .array(text('Option', 100).min(1, 'Options cannot be empty'))
  .max(100, 'At most 100 options')
  .refine((o) => new Set(o).size === o.length, 'Each option must be different')

export const customFieldCreateInput = z
  .strictObject({
    label,
    type: z.enum(CUSTOM_FIELD_TYPES, { error: `Field type must be one of: ${CUSTOM_FIELD_TYPES.join(', ')}` }),
    options: options.default([]),
  })
  .refine((f) => f.type !== 'select' || f.options.length > 0, {
    message: 'A select field needs at least one option',
    path: ['options'],
  })
  .refine((f) => f.type === 'select' || f.options.length === 0, {
    message: 'Only select fields have options',
    path: ['options'],
  })

export const customFieldUpdateInput = z.strictObject({
  id: recordId,
  label: label.optional(),
  options: options.optional(),
})

/** A value as stored and sent: text for text/date/select/url, number, boolean, or null for "empty". */
export type CustomFieldValue = string | number | boolean | null
export const customFieldValue = z.union([z.string().max(1000, 'Custom field values are at most 1,000 characters'), z.number(), z.boolean(), z.null()])

export interface CustomField extends Timestamps {
  id: string
  label: string
  type: CustomFieldType
  options: string[]
  position: number
}
