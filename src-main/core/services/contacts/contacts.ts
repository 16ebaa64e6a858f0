import type { z } from 'zod'
import { AppError } from '../../../../src-shared/errors'
import type { Page } from '../../../../src-shared/model/common'
import {
  displayName,
  type ChannelEntry,
  type Contact,
  type ContactFields,
  type ContactSummary,
  type EmailEntry,
  type LifecycleStage,
  contactListInput,
} from '../../../../src-shared/model/contact'
import type { CustomFieldValue } from '../../../../src-shared/model/custom-field'
import type { TagRef } from '../../../../src-shared/model/tag'
import type { KeepInTouchUnit } from '../../../../src-shared/model/task'
import type { Writer } from '../../db/repository'
import { addressColumns, addressFromRow, type AddressRow } from '../address'
import { forEachId, invalid, requireActive, type ServiceContext } from '../context'
import { filterSql } from './contact-filter'
import type { FilterCondition } from '../../../../src-shared/model/contact-filter'
import { checkCustomValues, writeCustomValues } from './custom-field-values'
import { contactHistory } from './history'
import { contactTagId } from '../../db/ids'

type ChannelKind = 'email' | 'phone' | 'social'

interface ContactRow extends AddressRow {
  id: string
  first_name: string
  last_name: string
  job_title: string | null
  company_id: string | null
  company_name: string | null
  lead_source: string | null
  lifecycle_stage: LifecycleStage
  owner: string | null
  birthday: string | null
  notes: string
  last_contacted_at: number | null
  keep_in_touch_count: number | null
  keep_in_touch_unit: KeepInTouchUnit | null
  private_to: string | null
  created_at: number
  updated_at: number
  deleted_at: number | null
}

const SORT_SQL = {
  // Same expression as the contacts_name index, so the sort walks the index.
  name: "ltrim(c.first_name || ' ' || c.last_name) COLLATE NOCASE",
  lastContacted: 'c.last_contacted_at',
  created: 'c.created_at',
} as const

/** A contact's live tags as a JSON array of [id, name, color], by name. */
const TAGS_JSON = `(SELECT json_group_array(json_array(t.id, t.name, t.color) ORDER BY t.name COLLATE NOCASE, t.id)
    FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
    WHERE ct.contact_id = c.id AND ct.deleted_at IS NULL AND t.deleted_at IS NULL)`

/**
 * contacts.get in ONE statement: the row, its company's name, and its live channels, tags and
 * custom values as JSON arrays/objects built by SQLite (each subquery walks its contact_id index).
 */
export const GET_CONTACT = `SELECT c.*, co.name AS company_name,
  (SELECT json_group_array(json_array(ch.kind, ch.value, ch.label, ch.is_primary) ORDER BY ch.kind, ch.position)
    FROM contact_channels ch WHERE ch.contact_id = c.id AND ch.deleted_at IS NULL) AS channels,
  ${TAGS_JSON} AS tags,
  (SELECT json_group_object(v.field_id, json(v.value))
    FROM contact_field_values v JOIN custom_fields f ON f.id = v.field_id
    WHERE v.contact_id = c.id AND v.deleted_at IS NULL AND f.deleted_at IS NULL) AS custom_values
  FROM contacts c LEFT JOIN companies co ON co.id = c.company_id AND co.deleted_at IS NULL
  WHERE c.id = ?`

/**
 * A list page: only the columns the list shows, the primary email (the one marked primary, else
 * the first) and first phone, and the tags, all in one statement; subqueries run only for the
 * rows of the page, not for the rows OFFSET skips.
 */
const LIST_COLUMNS = `c.id, c.first_name, c.last_name, c.job_title, c.company_id, co.name AS company_name, c.lifecycle_stage,
  c.last_contacted_at, c.created_at,
  (SELECT ch.value FROM contact_channels ch WHERE ch.contact_id = c.id AND ch.kind = 'email' AND ch.deleted_at IS NULL
    ORDER BY ch.is_primary DESC, ch.position LIMIT 1) AS primary_email,
  (SELECT ch.value FROM contact_channels ch WHERE ch.contact_id = c.id AND ch.kind = 'phone' AND ch.deleted_at IS NULL
    ORDER BY ch.position LIMIT 1) AS primary_phone,
  ${TAGS_JSON} AS tags`

/** How many live contacts there are, from the trigger-kept counter. */
export const LIVE_CONTACTS_SQL = "SELECT n FROM live_counts WHERE name = 'contacts'"

/** What selects contacts: the list's quick filters and the filter builder's conditions. */
export type ContactQuery = Pick<z.output<typeof contactListInput>, 'tagId' | 'lifecycleStage' | 'companyId' | 'filter'>

/**
 * The WHERE of a contact query on `contacts c` (live contacts only), with its parameters. The quick
 * filters are conditions like the builder's, so one compiler (contact-filter.ts) writes all the SQL.
 */
export function contactWhere(input: ContactQuery, now: number) {
  const quick: FilterCondition[] = []
  if (input.tagId) quick.push({ field: 'tag', operator: 'is', value: input.tagId })
  if (input.lifecycleStage) quick.push({ field: 'lifecycleStage', operator: 'is', value: input.lifecycleStage })
  if (input.companyId) quick.push({ field: 'company', operator: 'is', value: input.companyId })
  const parts = [filterSql({ match: 'all', conditions: quick }, now), input.filter ? filterSql(input.filter, now) : null].filter((p) => p !== null)
  return {
    sql: ['c.deleted_at IS NULL', ...parts.map((p) => p.sql)].join(' AND '),
    params: parts.flatMap((p) => p.params),
    filtered: parts.length > 0,
  }
}

/** The list's SQL for one filter and order; the same text is prepared once (Statements caches it). */
export function contactListSql(input: ContactQuery & Pick<z.output<typeof contactListInput>, 'sort' | 'direction'>, now = 0) {
  const { sql: whereSql, params, filtered } = contactWhere(input, now)
  const dir = input.direction === 'desc' ? 'DESC' : 'ASC'
  const order = `${SORT_SQL[input.sort]} ${dir}, c.id ${dir}`
  return {
    /**
     * Parameters: ...params, limit, offset. The page's ids first, from the sort index alone (OFFSET
     * skips index entries, not joined rows: a deep page stays a short index walk), then the rows.
     */
    page: `WITH page AS MATERIALIZED (SELECT c.id FROM contacts c WHERE ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?)
      SELECT ${LIST_COLUMNS} FROM page p JOIN contacts c ON c.id = p.id
      LEFT JOIN companies co ON co.id = c.company_id AND co.deleted_at IS NULL
      ORDER BY ${order}`,
    // Unfiltered: one row of live_counts, kept by triggers (migration 0012), not a count of every row.
    count: filtered ? `SELECT count(*) AS n FROM contacts c WHERE ${whereSql}` : LIVE_CONTACTS_SQL,
    params,
  }
}

interface ListRow {
  id: string
  first_name: string
  last_name: string
  job_title: string | null
  company_id: string | null
  company_name: string | null
  lifecycle_stage: LifecycleStage
  last_contacted_at: number | null
  created_at: number
  primary_email: string | null
  primary_phone: string | null
  tags: string
}

interface GetRow extends ContactRow {
  channels: string
  tags: string
  custom_values: string
}

const NO_TAGS = '[]'
const parseTags = (json: string): TagRef[] =>
  json === NO_TAGS ? [] : (JSON.parse(json) as [string, string, string][]).map(([id, name, color]) => ({ id, name, color }))

export function createContactsService(ctx: ServiceContext) {
  const { q, repo } = ctx

  /**
   * Totals per filter, kept until the database changes. The version is this connection's
   * total_changes() (every row any statement of ours inserted, updated or deleted, triggers
   * included) and data_version (moves when ANOTHER connection commits): no table is read, so a
   * page that is not the first after a write costs no count(*).
   */
  const totals = new Map<string, { version: string; n: number }>()
  const VERSION_SQL = 'SELECT total_changes() || \'.\' || data_version AS v FROM pragma_data_version'
  function totalOf(countSql: string, params: unknown[]): number {
    const version = q.one<{ v: string }>(VERSION_SQL)!.v
    const key = params.length ? `${countSql}\u0000${params.join('\u0000')}` : countSql
    const cached = totals.get(key)
    if (cached && cached.version === version) return cached.n
    if (totals.size > 50) totals.clear()
    const n = q.one<{ n: number }>(countSql, ...params)!.n
    totals.set(key, { version, n })
    return n
  }

  function list(input: z.output<typeof contactListInput>): Page<ContactSummary> {
    const sql = contactListSql(input, ctx.clock.now())
    const rows = q.all<ListRow>(sql.page, ...sql.params, input.limit, input.offset)
    const items: ContactSummary[] = new Array(rows.length)
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]
      items[i] = {
        id: r.id,
        firstName: r.first_name,
        lastName: r.last_name,
        displayName: displayName({ firstName: r.first_name, lastName: r.last_name }),
        jobTitle: r.job_title,
        companyId: r.company_id,
        companyName: r.company_name,
        lifecycleStage: r.lifecycle_stage,
        primaryEmail: r.primary_email,
        primaryPhone: r.primary_phone,
        lastContactedAt: r.last_contacted_at,
        createdAt: r.created_at,
        tags: parseTags(r.tags),
      }
    }
    return { total: totalOf(sql.count, sql.params), items }
  }

  /** How many live contacts a query selects (cached like the list's total). */
  function count(query: ContactQuery): number {
    const sql = contactListSql({ ...query, sort: 'name', direction: 'asc' }, ctx.clock.now())
    return totalOf(sql.count, sql.params)
  }

  /** The ids of the live contacts a query selects, at most `limit` (the caller refuses more). */
  function idsOf(query: ContactQuery, limit: number): string[] {
    const where = contactWhere(query, ctx.clock.now())
    return q.all<{ id: string }>(`SELECT c.id FROM contacts c WHERE ${where.sql} LIMIT ?`, ...where.params, limit).map((r) => r.id)
  }

  function get(id: string): Contact {
    const r = q.one<GetRow>(GET_CONTACT, id)
    if (!r) throw new AppError('NOT_FOUND', 'This contact was not found. It may have been removed; go back to the list.', { id })
    if (r.deleted_at !== null) throw new AppError('NOT_FOUND', 'This contact was deleted. Undo the delete to see it again.', { id })
    const emails: EmailEntry[] = []
    const phones: ChannelEntry[] = []
    const socialProfiles: ChannelEntry[] = []
    for (const [kind, value, label, primary] of JSON.parse(r.channels) as [ChannelKind, string, string | null, number][]) {
      if (kind === 'email') emails.push({ value, label, primary: primary === 1 })
      else if (kind === 'phone') phones.push({ value, label })
      else if (kind === 'social') socialProfiles.push({ value, label })
    }
    return {
      id: r.id,
      firstName: r.first_name,
      lastName: r.last_name,
      displayName: displayName({ firstName: r.first_name, lastName: r.last_name }),
      jobTitle: r.job_title,
      companyId: r.company_id,
      companyName: r.company_name,
      leadSource: r.lead_source,
      lifecycleStage: r.lifecycle_stage,
      owner: r.owner,
      emails,
      phones,
      socialProfiles,
      tags: parseTags(r.tags),
      address: addressFromRow(r),
      birthday: r.birthday,
      notes: r.notes,
      customFields: JSON.parse(r.custom_values) as Record<string, CustomFieldValue>,
      lastContactedAt: r.last_contacted_at,
      keepInTouch: r.keep_in_touch_count && r.keep_in_touch_unit ? { count: r.keep_in_touch_count, unit: r.keep_in_touch_unit } : null,
      privateTo: r.private_to,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      deletedAt: r.deleted_at,
    }
  }

  /** Checks what zod cannot: references to other rows, the one primary email. */
  function check(fields: ContactFields): void {
    if (fields.companyId) requireActive(ctx, 'companies', fields.companyId, 'The company')
    for (const tagId of fields.tagIds ?? []) requireActive(ctx, 'tags', tagId, 'The tag')
    if ((fields.emails ?? []).filter((e) => e.primary).length > 1) {
      throw invalid('emails', 'Only one email can be the primary one')
    }
    if (fields.customFields) checkCustomValues(ctx, fields.customFields)
  }

  /** Scalar fields as schema.ts property names; undefined means "leave as it is". */
  function columns(f: ContactFields) {
    return {
      firstName: f.firstName,
      lastName: f.lastName,
      jobTitle: f.jobTitle,
      companyId: f.companyId,
      leadSource: f.leadSource,
      lifecycleStage: f.lifecycleStage,
      owner: f.owner,
      birthday: f.birthday,
      notes: f.notes,
      ...addressColumns(f.address),
    }
  }

  /** Rewrites one kind of channel in place: row i keeps its id, extra rows are added or tombstoned. */
  function writeChannels(w: Writer, contactId: string, kind: ChannelKind, entries: { value: string; label?: string | null; primary?: boolean }[]) {
    const existing = q.all<{ id: string }>(
      'SELECT id FROM contact_channels WHERE contact_id = ? AND kind = ? AND deleted_at IS NULL ORDER BY position',
      contactId,
      kind,
    )
    const anyPrimary = entries.some((e) => e.primary)
    entries.forEach((entry, position) => {
      const values = {
        value: entry.value,
        label: entry.label ?? null,
        isPrimary: kind === 'email' && (entry.primary || (!anyPrimary && position === 0)) ? 1 : 0,
        position,
      }
      if (existing[position]) w.update('contact_channels', existing[position].id, values)
      else w.insert('contact_channels', { contactId, kind, ...values })
    })
    for (const row of existing.slice(entries.length)) w.softDelete('contact_channels', row.id)
  }

  function writeTags(w: Writer, contactId: string, tagIds: string[]) {
    const wanted = new Set(tagIds)
    const rows = q.all<{ id: string; tag_id: string; deleted_at: number | null }>(
      'SELECT id, tag_id, deleted_at FROM contact_tags WHERE contact_id = ?',
      contactId,
    )
    for (const row of rows) {
      if (wanted.has(row.tag_id)) {
        if (row.deleted_at !== null) w.restore('contact_tags', row.id)
        wanted.delete(row.tag_id)
      } else if (row.deleted_at === null) {
        w.softDelete('contact_tags', row.id)
      }
    }
    for (const tagId of wanted) w.insert('contact_tags', { id: contactTagId(contactId, tagId), contactId, tagId })
  }

  function writeRelated(w: Writer, id: string, f: ContactFields) {
    if (f.emails) writeChannels(w, id, 'email', f.emails)
    if (f.phones) writeChannels(w, id, 'phone', f.phones)
    if (f.socialProfiles) writeChannels(w, id, 'social', f.socialProfiles)
    if (f.tagIds) writeTags(w, id, f.tagIds)
    if (f.customFields) writeCustomValues(ctx, w, id, f.customFields)
  }

  function create(input: ContactFields): Contact {
    check(input)
    const id = repo.write((w) => {
      const id = w.insert('contacts', {
        ...columns(input),
        firstName: input.firstName ?? '',
        lastName: input.lastName ?? '',
        lifecycleStage: input.lifecycleStage ?? 'lead',
        notes: input.notes ?? '',
      })
      writeRelated(w, id, input)
      return id
    })
    return get(id)
  }

  function update({ id, patch }: { id: string; patch: ContactFields }): Contact {
    requireActive(ctx, 'contacts', id, 'The contact')
    check(patch)
    const current = q.one<{ first_name: string; last_name: string }>('SELECT first_name, last_name FROM contacts WHERE id = ?', id)!
    const first = patch.firstName ?? current.first_name
    const last = patch.lastName ?? current.last_name
    if (!first && !last) throw invalid('firstName', 'Enter a first or last name')
    repo.write((w) => {
      w.update('contacts', id, columns(patch))
      writeRelated(w, id, patch)
    })
    return get(id)
  }

  return {
    list,
    count,
    idsOf,
    get,
    create,
    update,
    remove: (ids: string[]) => forEachId(ctx, 'contacts', ids, 'A contact', (id) => repo.write((w) => w.softDelete('contacts', id))),
    restore: (ids: string[]) => forEachId(ctx, 'contacts', ids, 'A contact', (id) => repo.write((w) => w.restore('contacts', id))),
    /** Also for a deleted contact: its history tells when and where it went. */
    history(input: { id: string; limit: number; before?: string }) {
      if (!q.one('SELECT 1 FROM contacts WHERE id = ?', input.id)) {
        throw new AppError('NOT_FOUND', 'This contact was not found; it may have been removed for good.', { id: input.id })
      }
      return contactHistory(q, input)
    },
  }
}

export type ContactsService = ReturnType<typeof createContactsService>
