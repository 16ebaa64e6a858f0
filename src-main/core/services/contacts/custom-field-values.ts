/** Checks and stores a contact's custom field values against the field definitions. */
import type { CustomFieldType, CustomFieldValue } from '../../../../src-shared/model/custom-field'
import type { Writer } from '../../db/repository'
import { invalid, type ServiceContext } from '../context'

interface FieldDef {
  id: string
  label: string
  type: CustomFieldType
  options: string
}

export function checkCustomValues(ctx: ServiceContext, values: Record<string, CustomFieldValue>): void {
  for (const [fieldId, value] of Object.entries(values)) {
    const def = ctx.q.one<FieldDef>('SELECT id, label, type, options FROM custom_fields WHERE id = ? AND deleted_at IS NULL', fieldId)
    const path = `customFields.${fieldId}`
    if (!def) throw invalid(path, 'That custom field no longer exists; reload the form.')
    if (value === null || value === '') continue
    const problem = valueProblem(def, value)
    if (problem) throw invalid(path, `${def.label}: ${problem}`)
  }
}

function valueProblem(def: FieldDef, value: string | number | boolean): string | null {
  switch (def.type) {
    case 'text':
      return typeof value === 'string' ? null : 'must be text'
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number'
    case 'checkbox':
      return typeof value === 'boolean' ? null : 'must be checked or unchecked'
    case 'date':
      // Date.parse rolls impossible days over ("2024-02-30" → March 1st): the day must survive the round trip.
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && isCalendarDay(value)
        ? null
        : 'must be a date like 2024-05-31'
    case 'select': {
      const options = JSON.parse(def.options) as string[]
      return typeof value === 'string' && options.includes(value) ? null : `must be one of: ${options.join(', ')}`
    }
    case 'url':
      return typeof value === 'string' && /^https?:\/\/[^\s]+$/i.test(value) && URL.canParse(value)
        ? null
        : 'must be a web address starting with https://'
  }
}

function isCalendarDay(value: string): boolean {
  const ms = Date.parse(`${value}T00:00:00Z`)
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value
}

/** Upserts one row per field; an empty value tombstones the row. */
export function writeCustomValues(ctx: ServiceContext, w: Writer, contactId: string, values: Record<string, CustomFieldValue>): void {
  for (const [fieldId, value] of Object.entries(values)) {
    const row = ctx.q.one<{ id: string; deleted_at: number | null }>(
      'SELECT id, deleted_at FROM contact_field_values WHERE contact_id = ? AND field_id = ? ORDER BY deleted_at IS NULL DESC LIMIT 1',
      contactId,
      fieldId,
    )
    const empty = value === null || value === ''
    if (!row) {
      if (!empty) w.insert('contact_field_values', { contactId, fieldId, value: JSON.stringify(value) })
    } else if (empty) {
      w.softDelete('contact_field_values', row.id)
    } else {
      w.update('contact_field_values', row.id, { value: JSON.stringify(value), deletedAt: null })
    }
  }
}

export function readCustomValues(ctx: ServiceContext, contactId: string): Record<string, CustomFieldValue> {
  const rows = ctx.q.all<{ field_id: string; value: string }>(
    `SELECT v.field_id, v.value FROM contact_field_values v JOIN custom_fields f ON f.id = v.field_id
     WHERE v.contact_id = ? AND v.deleted_at IS NULL AND f.deleted_at IS NULL`,
    contactId,
  )
  return Object.fromEntries(rows.map((r) => [r.field_id, JSON.parse(r.value) as CustomFieldValue]))
}
