/**
 * A contact filter as the filter builder makes it and saved views keep it: conditions of
 * field, operator and value, joined by "all" (AND) or "any" (OR). Core compiles it to SQL
 * (src-main/core/services/contact-filter.ts); this file is the one description of what a
 * filter may say, shared by the builder's menus and the validation.
 *
 * Empty values: "is empty" matches a missing value and text of only spaces; "is not X" and
 * "does not contain X" match contacts with no value too (nobody's owner is "Ann" when there is no
 * owner). A condition that needs a value and has none is refused, never read as "match all".
 */
import { z } from 'zod'
import { LIFECYCLE_STAGES, lifecycleStage } from './lifecycle'
import { recordId } from './common'

/** What the value of a condition is: none, a day count, free text, or a record or stage to pick. */
export type FilterValueKind = 'none' | 'days' | 'text' | 'stage' | 'tag' | 'company'

export const FILTER_OPERATORS = [
  'is',
  'isNot',
  'contains',
  'notContains',
  'isEmpty',
  'isNotEmpty',
  'moreThanDaysAgo',
  'withinDays',
] as const
export type FilterOperator = (typeof FILTER_OPERATORS)[number]

interface FieldSpec {
  label: string
  /** Operators this field offers, with the words the builder shows for each. */
  operators: Partial<Record<FilterOperator, string>>
  /** The kind of value for operators that take one. */
  value: Exclude<FilterValueKind, 'none'>
}

const TEXT_OPERATORS = {
  contains: 'contains',
  notContains: 'does not contain',
  is: 'is',
  isNot: 'is not',
  isEmpty: 'is empty',
  isNotEmpty: 'is not empty',
} as const

export const FILTER_FIELDS = {
  lifecycleStage: { label: 'Lifecycle stage', operators: { is: 'is', isNot: 'is not' }, value: 'stage' },
  tag: { label: 'Tag', operators: { is: 'is', isNot: 'is not', isEmpty: 'has no tags', isNotEmpty: 'has any tag' }, value: 'tag' },
  lastContacted: {
    label: 'Last contacted',
    operators: { moreThanDaysAgo: 'more than … days ago', withinDays: 'within the last … days', isEmpty: 'never', isNotEmpty: 'ever' },
    value: 'days',
  },
  created: { label: 'Created', operators: { moreThanDaysAgo: 'more than … days ago', withinDays: 'within the last … days' }, value: 'days' },
  owner: { label: 'Owner', operators: TEXT_OPERATORS, value: 'text' },
  company: { label: 'Company', operators: { is: 'is', isNot: 'is not', isEmpty: 'is empty', isNotEmpty: 'is not empty' }, value: 'company' },
  leadSource: { label: 'Lead source', operators: TEXT_OPERATORS, value: 'text' },
  jobTitle: { label: 'Job title', operators: TEXT_OPERATORS, value: 'text' },
  name: { label: 'Name', operators: { contains: 'contains', notContains: 'does not contain' }, value: 'text' },
  email: { label: 'Email', operators: { contains: 'contains', notContains: 'does not contain', isEmpty: 'is empty', isNotEmpty: 'is not empty' }, value: 'text' },
  phone: { label: 'Phone', operators: { isEmpty: 'is empty', isNotEmpty: 'is not empty' }, value: 'text' },
} as const satisfies Record<string, FieldSpec>

export type FilterField = keyof typeof FILTER_FIELDS
export const FILTER_FIELD_NAMES = Object.keys(FILTER_FIELDS) as FilterField[]

/** The operators a field offers, in the builder's order. */
export const operatorsOf = (field: FilterField) => Object.keys(FILTER_FIELDS[field].operators) as FilterOperator[]

/** What value an operator of a field takes ('none' for empty / not empty). */
export function valueKindOf(field: FilterField, operator: FilterOperator): FilterValueKind {
  return operator === 'isEmpty' || operator === 'isNotEmpty' ? 'none' : FILTER_FIELDS[field].value
}

export const MAX_FILTER_DAYS = 36_500
export const MAX_CONDITIONS = 20

export const filterCondition = z
  .strictObject({
    field: z.enum(FILTER_FIELD_NAMES as [FilterField, ...FilterField[]], { error: `Filter field must be one of: ${FILTER_FIELD_NAMES.join(', ')}` }),
    operator: z.enum(FILTER_OPERATORS, { error: 'Not a filter operator' }),
    value: z.union([z.string(), z.number()], { error: 'A filter value must be text or a number' }).nullable().optional(),
  })
  .transform((c, ctx) => {
    const spec: FieldSpec = FILTER_FIELDS[c.field]
    const label = spec.label
    if (!(c.operator in spec.operators)) {
      ctx.addIssue({ code: 'custom', path: ['operator'], message: `${label} cannot be filtered with “${c.operator}”; pick one of: ${Object.values(spec.operators).join(', ')}` })
      return z.NEVER
    }
    const kind = valueKindOf(c.field, c.operator)
    const words = `${label} ${spec.operators[c.operator]}`
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', path: ['value'], message })
      return z.NEVER
    }
    if (kind === 'none') return { field: c.field, operator: c.operator, value: null }
    const raw = c.value
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      return fail(kind === 'tag' || kind === 'company' ? `Pick a ${kind} for “${words}”` : `Enter a value for “${words}”`)
    }
    switch (kind) {
      case 'days': {
        const n = typeof raw === 'number' ? raw : Number(raw.trim())
        if (!Number.isInteger(n) || n < 0 || n > MAX_FILTER_DAYS) return fail(`“${words}” needs a whole number of days from 0 to ${MAX_FILTER_DAYS.toLocaleString('en-US')}`)
        return { field: c.field, operator: c.operator, value: n }
      }
      case 'stage': {
        const stage = lifecycleStage.safeParse(raw)
        if (!stage.success) return fail(`Lifecycle stage must be one of: ${LIFECYCLE_STAGES.join(', ')}`)
        return { field: c.field, operator: c.operator, value: stage.data }
      }
      case 'tag':
      case 'company': {
        const id = recordId.safeParse(raw)
        if (!id.success) return fail(`Pick a ${kind} for “${words}”`)
        return { field: c.field, operator: c.operator, value: id.data }
      }
      case 'text': {
        if (typeof raw !== 'string') return fail(`“${words}” needs text`)
        const t = raw.trim().normalize('NFC')
        if (t.length > 200) return fail(`The value for “${words}” is too long: at most 200 characters`)
        if (/[\u0000-\u001F\u007F]/.test(t)) return fail(`The value for “${words}” contains an invisible control character`)
        return { field: c.field, operator: c.operator, value: t }
      }
    }
  })

export type FilterCondition = z.output<typeof filterCondition>

export const contactFilter = z.strictObject({
  match: z.enum(['all', 'any'], { error: 'Match must be "all" or "any"' }).default('all'),
  conditions: z.array(filterCondition).max(MAX_CONDITIONS, `At most ${MAX_CONDITIONS} conditions in one filter`).default([]),
})
export type ContactFilter = z.output<typeof contactFilter>
export type ContactFilterInput = z.input<typeof contactFilter>

export const EMPTY_FILTER: ContactFilter = { match: 'all', conditions: [] }
