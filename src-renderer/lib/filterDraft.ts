/**
 * The filter builder's draft: rows as the user edits them (values as typed), and the complete
 * filter they make. A row still missing its value is left out of the filter and carries the
 * message to show, so the list never reads a half-typed condition as "match everything".
 */
import {
  filterCondition,
  operatorsOf,
  type ContactFilter,
  type FilterCondition,
  type FilterField,
  type FilterOperator,
} from '../../src-shared/model/contact-filter'

export interface DraftRow {
  key: number
  field: FilterField
  operator: FilterOperator
  value: string
  /** What a picked record is called (a company's name), for the picker. */
  label?: string
}

export interface Draft {
  match: 'all' | 'any'
  rows: DraftRow[]
}

let nextKey = 1

export function newRow(field: FilterField = 'lifecycleStage'): DraftRow {
  const operator = operatorsOf(field)[0]
  return { key: nextKey++, field, operator, value: field === 'lifecycleStage' ? 'lead' : '' }
}

/** The row after its field changed: the operator kept when the new field offers it, the value kept when it means the same kind. */
export function withField(row: DraftRow, field: FilterField): DraftRow {
  const ops = operatorsOf(field)
  const fresh = newRow(field)
  return { ...fresh, key: row.key, operator: ops.includes(row.operator) ? row.operator : ops[0] }
}

export function toDraft(filter: ContactFilter | undefined): Draft {
  return {
    match: filter?.match ?? 'all',
    rows: (filter?.conditions ?? []).map((c) => ({ key: nextKey++, field: c.field, operator: c.operator, value: c.value === null ? '' : String(c.value) })),
  }
}

/** The complete filter, and a message per row key for rows that are not complete yet. */
export function completeFilter(draft: Draft): { filter: ContactFilter; problems: Record<number, string> } {
  const conditions: FilterCondition[] = []
  const problems: Record<number, string> = {}
  for (const row of draft.rows) {
    const parsed = filterCondition.safeParse({ field: row.field, operator: row.operator, value: row.value })
    if (parsed.success) conditions.push(parsed.data)
    else problems[row.key] = parsed.error.issues[0]?.message ?? 'This condition is not complete'
  }
  return { filter: { match: draft.match, conditions }, problems }
}

export const sameFilter = (a: ContactFilter | undefined, b: ContactFilter | undefined) =>
  JSON.stringify(a ?? { match: 'all', conditions: [] }) === JSON.stringify(b ?? { match: 'all', conditions: [] })
