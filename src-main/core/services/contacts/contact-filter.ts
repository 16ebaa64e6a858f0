/**
 * Compiles a contact filter (src-shared/model/contact-filter.ts, where its meaning is described)
 * into one SQL condition on `contacts c`, with its parameters. Values are always parameters,
 * never SQL text.
 *
 * - Text is compared folded (crm_fold: lower case, accents stripped, registered in db/open.ts), so
 *   "jose" finds "José" as the palette's search does.
 * - Conditions on tags, emails and phones are `c.id [NOT] IN (subquery)`: the subquery runs once
 *   over its index, instead of once per contact as EXISTS would.
 * - "N days ago" is measured from `now` rounded down to the minute, so the same filter yields the
 *   same SQL and parameters for a minute and the list's cached total can be reused.
 */
import type { ContactFilter, FilterCondition } from '../../../../src-shared/model/contact-filter'
import { fold } from '../../../../src-shared/fold'

export interface SqlPart {
  sql: string
  params: unknown[]
}

const DAY = 86_400_000
const MINUTE = 60_000


const TEXT_COLUMNS = { owner: 'c.owner', leadSource: 'c.lead_source', jobTitle: 'c.job_title' } as const
const DATE_COLUMNS = { lastContacted: 'c.last_contacted_at', created: 'c.created_at' } as const

const LIVE_TAG = 'SELECT ct.contact_id FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.deleted_at IS NULL AND t.deleted_at IS NULL'
/** Ids of the contacts that have the live tag given as the one parameter (deals filter by it too). */
export const CONTACTS_WITH_TAG = `${LIVE_TAG} AND ct.tag_id = ?`
const channelIds = (kind: 'email' | 'phone', extra = '') =>
  `SELECT ch.contact_id FROM contact_channels ch WHERE ch.kind = '${kind}' AND ch.deleted_at IS NULL${extra}`
const LIVE_COMPANY = 'EXISTS (SELECT 1 FROM companies co WHERE co.id = c.company_id AND co.deleted_at IS NULL)'
const blank = (col: string) => `trim(coalesce(${col}, '')) = ''`

function textCondition(col: string, c: FilterCondition): SqlPart {
  const v = typeof c.value === 'string' ? fold(c.value) : ''
  switch (c.operator) {
    case 'is':
      return { sql: `crm_fold(trim(${col})) = ?`, params: [v] }
    case 'isNot':
      return { sql: `(${col} IS NULL OR crm_fold(trim(${col})) <> ?)`, params: [v] }
    case 'contains':
      return { sql: `instr(crm_fold(${col}), ?) > 0`, params: [v] }
    case 'notContains':
      return { sql: `(${col} IS NULL OR instr(crm_fold(${col}), ?) = 0)`, params: [v] }
    case 'isEmpty':
      return { sql: blank(col), params: [] }
    case 'isNotEmpty':
      return { sql: `NOT ${blank(col)}`, params: [] }
    default:
      throw new Error(`text operator ${c.operator}`)
  }
}

function conditionSql(c: FilterCondition, now: number): SqlPart {
  switch (c.field) {
    case 'lifecycleStage':
      return { sql: c.operator === 'is' ? 'c.lifecycle_stage = ?' : 'c.lifecycle_stage <> ?', params: [c.value] }
    case 'tag':
      if (c.operator === 'isEmpty') return { sql: `c.id NOT IN (${LIVE_TAG})`, params: [] }
      if (c.operator === 'isNotEmpty') return { sql: `c.id IN (${LIVE_TAG})`, params: [] }
      return { sql: `c.id ${c.operator === 'isNot' ? 'NOT IN' : 'IN'} (${CONTACTS_WITH_TAG})`, params: [c.value] }
    case 'company':
      if (c.operator === 'isEmpty') return { sql: `NOT ${LIVE_COMPANY}`, params: [] }
      if (c.operator === 'isNotEmpty') return { sql: LIVE_COMPANY, params: [] }
      if (c.operator === 'is') return { sql: 'c.company_id = ?', params: [c.value] }
      return { sql: '(c.company_id IS NULL OR c.company_id <> ?)', params: [c.value] }
    case 'lastContacted':
    case 'created': {
      const col = DATE_COLUMNS[c.field]
      if (c.operator === 'isEmpty') return { sql: `${col} IS NULL`, params: [] }
      if (c.operator === 'isNotEmpty') return { sql: `${col} IS NOT NULL`, params: [] }
      const cutoff = Math.floor(now / MINUTE) * MINUTE - Number(c.value) * DAY
      return { sql: c.operator === 'moreThanDaysAgo' ? `${col} < ?` : `${col} >= ?`, params: [cutoff] }
    }
    case 'owner':
    case 'leadSource':
    case 'jobTitle':
      return textCondition(TEXT_COLUMNS[c.field], c)
    case 'name':
      return textCondition("(c.first_name || ' ' || c.last_name)", c)
    case 'email':
    case 'phone': {
      if (c.operator === 'isEmpty') return { sql: `c.id NOT IN (${channelIds(c.field)})`, params: [] }
      if (c.operator === 'isNotEmpty') return { sql: `c.id IN (${channelIds(c.field)})`, params: [] }
      const v = typeof c.value === 'string' ? fold(c.value) : ''
      const matching = channelIds(c.field, ' AND instr(crm_fold(ch.value), ?) > 0')
      return { sql: `c.id ${c.operator === 'notContains' ? 'NOT IN' : 'IN'} (${matching})`, params: [v] }
    }
  }
}

/** The filter as one condition, or null when it has no conditions (it matches every contact). */
export function filterSql(filter: ContactFilter, now: number): SqlPart | null {
  if (filter.conditions.length === 0) return null
  const parts = filter.conditions.map((c) => conditionSql(c, now))
  const joiner = filter.match === 'any' ? ' OR ' : ' AND '
  return { sql: `(${parts.map((p) => p.sql).join(joiner)})`, params: parts.flatMap((p) => p.params) }
}
