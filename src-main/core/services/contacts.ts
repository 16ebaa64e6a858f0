import type { z } from 'zod'
import { AppError } from '../../../src-shared/errors'
import type { Page } from '../../../src-shared/model/common'
import {
  displayName,
  type ChannelEntry,
  type Contact,
  type ContactFields,
  type ContactSummary,
  type EmailEntry,
  type LifecycleStage,
  contactListInput,
} from '../../../src-shared/model/contact'
import type { TagRef } from '../../../src-shared/model/tag'
import type { KeepInTouchUnit } from '../../../src-shared/model/task'
import type { Writer } from '../db/repository'
import { addressColumns, addressFromRow, type AddressRow } from './address'
import { forEachId, invalid, requireActive, type ServiceContext } from './context'
import { checkCustomValues, readCustomValues, writeCustomValues } from './custom-field-values'

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
  created_at: number
  updated_at: number
  deleted_at: number | null
}

interface ChannelRow {
  id: string
  contact_id: string
  kind: ChannelKind
  value: string
  label: string | null
  is_primary: number
}

const SORT_SQL = {
  // Same expression as the contacts_name index, so the sort walks the index.
  name: "ltrim(c.first_name || ' ' || c.last_name) COLLATE NOCASE",
  lastContacted: 'c.last_contacted_at',
  created: 'c.created_at',
} as const

const SELECT_CONTACT = `SELECT c.*, co.name AS company_name FROM contacts c
  LEFT JOIN companies co ON co.id = c.company_id AND co.deleted_at IS NULL`

export function createContactsService(ctx: ServiceContext) {
  const { q, repo } = ctx

  function tagsOf(contactIds: string[]): Map<string, TagRef[]> {
    const rows = q.all<{ contact_id: string; id: string; name: string; color: string }>(
      `SELECT ct.contact_id, t.id, t.name, t.color FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
       WHERE ct.contact_id IN (SELECT value FROM json_each(?)) AND ct.deleted_at IS NULL AND t.deleted_at IS NULL
       ORDER BY t.name COLLATE NOCASE`,
      JSON.stringify(contactIds),
    )
    const byContact = new Map<string, TagRef[]>()
    for (const r of rows) {
      const list = byContact.get(r.contact_id) ?? []
      list.push({ id: r.id, name: r.name, color: r.color })
      byContact.set(r.contact_id, list)
    }
    return byContact
  }

  function channelsOf(contactIds: string[]): ChannelRow[] {
    return q.all<ChannelRow>(
      `SELECT id, contact_id, kind, value, label, is_primary FROM contact_channels
       WHERE contact_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL ORDER BY position`,
      JSON.stringify(contactIds),
    )
  }

  function list(input: z.output<typeof contactListInput>): Page<ContactSummary> {
    const where = ['c.deleted_at IS NULL']
    const params: unknown[] = []
    if (input.tagId) {
      where.push(
        `c.id IN (SELECT ct.contact_id FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
         WHERE ct.tag_id = ? AND ct.deleted_at IS NULL AND t.deleted_at IS NULL)`,
      )
      params.push(input.tagId)
    }
    if (input.lifecycleStage) {
      where.push('c.lifecycle_stage = ?')
      params.push(input.lifecycleStage)
    }
    if (input.companyId) {
      where.push('c.company_id = ?')
      params.push(input.companyId)
    }
    const whereSql = where.join(' AND ')
    const dir = input.direction === 'desc' ? 'DESC' : 'ASC'
    const rows = q.all<ContactRow>(
      `${SELECT_CONTACT} WHERE ${whereSql} ORDER BY ${SORT_SQL[input.sort]} ${dir}, c.id ${dir} LIMIT ? OFFSET ?`,
      ...params,
      input.limit,
      input.offset,
    )
    const total = q.one<{ n: number }>(`SELECT count(*) AS n FROM contacts c WHERE ${whereSql}`, ...params)!.n
    const ids = rows.map((r) => r.id)
    const tags = tagsOf(ids)
    const primary = new Map<string, { email?: string; phone?: string }>()
    for (const ch of channelsOf(ids)) {
      const entry = primary.get(ch.contact_id) ?? {}
      if (ch.kind === 'email' && (ch.is_primary || !entry.email)) entry.email = ch.value
      if (ch.kind === 'phone' && !entry.phone) entry.phone = ch.value
      primary.set(ch.contact_id, entry)
    }
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        firstName: r.first_name,
        lastName: r.last_name,
        displayName: displayName({ firstName: r.first_name, lastName: r.last_name }),
        jobTitle: r.job_title,
        companyId: r.company_id,
        companyName: r.company_name,
        lifecycleStage: r.lifecycle_stage,
        primaryEmail: primary.get(r.id)?.email ?? null,
        primaryPhone: primary.get(r.id)?.phone ?? null,
        lastContactedAt: r.last_contacted_at,
        createdAt: r.created_at,
        tags: tags.get(r.id) ?? [],
      })),
    }
  }

  function get(id: string): Contact {
    const r = q.one<ContactRow>(`${SELECT_CONTACT} WHERE c.id = ?`, id)
    if (!r) throw new AppError('NOT_FOUND', 'This contact was not found. It may have been removed; go back to the list.', { id })
    if (r.deleted_at !== null) throw new AppError('NOT_FOUND', 'This contact was deleted. Undo the delete to see it again.', { id })
    const channels = channelsOf([id])
    const pick = (kind: ChannelKind): ChannelEntry[] =>
      channels.filter((c) => c.kind === kind).map((c) => ({ value: c.value, label: c.label }))
    const emails: EmailEntry[] = channels
      .filter((c) => c.kind === 'email')
      .map((c) => ({ value: c.value, label: c.label, primary: c.is_primary === 1 }))
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
      phones: pick('phone'),
      socialProfiles: pick('social'),
      tags: tagsOf([id]).get(id) ?? [],
      address: addressFromRow(r),
      birthday: r.birthday,
      notes: r.notes,
      customFields: readCustomValues(ctx, id),
      lastContactedAt: r.last_contacted_at,
      keepInTouch: r.keep_in_touch_count && r.keep_in_touch_unit ? { count: r.keep_in_touch_count, unit: r.keep_in_touch_unit } : null,
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
    for (const tagId of wanted) w.insert('contact_tags', { contactId, tagId })
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
    get,
    create,
    update,
    remove: (ids: string[]) => forEachId(ctx, 'contacts', ids, 'A contact', (id) => repo.write((w) => w.softDelete('contacts', id))),
    restore: (ids: string[]) => forEachId(ctx, 'contacts', ids, 'A contact', (id) => repo.write((w) => w.restore('contacts', id))),
  }
}

export type ContactsService = ReturnType<typeof createContactsService>
