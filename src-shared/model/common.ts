import { z } from 'zod'

/** Record ids are UUIDv7 strings made in core. */
export const recordId = z.uuid({ error: 'Not a valid record id' })
export type RecordId = string

const NO_CONTROL = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/

/** Free text: trimmed, NFC-normalized so "é" typed two ways is one string, bounded, no control characters. */
export function text(label: string, max: number) {
  return z
    .string({ error: `${label} must be text` })
    .trim()
    .normalize('NFC')
    .max(max, `${label} is too long: at most ${max.toLocaleString('en-US')} characters`)
    .regex(NO_CONTROL, `${label} contains an invisible control character; remove it and try again`)
}

/** Optional text where an empty string means "no value": stored as null. */
export function optionalText(label: string, max: number) {
  return text(label, max)
    .nullable()
    .transform((v) => (v === '' || v === null ? null : v))
}

/** A moment in time: milliseconds since the epoch, UTC. */
export function timestamp(label: string) {
  return z
    .number({ error: `${label} must be a date and time` })
    .int(`${label} must be a whole number of milliseconds`)
    .min(0, `${label} is before 1970`)
    .max(8_640_000_000_000_000, `${label} is too far in the future`)
}

/** A calendar day without a time zone (birthdays, date custom fields): YYYY-MM-DD. */
export function calendarDate(label: string) {
  return z.iso.date({ error: `${label} must be a date like 1990-04-27` })
}

export const httpUrl = (label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(2000, `${label} is too long: at most 2,000 characters`)
    .pipe(z.url({ protocol: /^https?$/, error: `${label} must be a web address starting with https://` }))

export const sortDirection = z.enum(['asc', 'desc'])

export const page = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500, 'At most 500 rows per page').default(100),
}

export interface Timestamps {
  createdAt: number
  updatedAt: number
  deletedAt: number | null
}

export interface Page<T> {
  items: T[]
  total: number
}

export const idList = z
  .array(recordId)
  .min(1, 'Select at least one record')
  .max(10_000, 'At most 10,000 records at once')

export const byId = z.strictObject({ id: recordId })
export const byIds = z.strictObject({ ids: idList })
