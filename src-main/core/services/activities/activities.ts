import type { z } from 'zod'
import { AppError } from '../../../../src-shared/errors'
import {
  activityFields,
  activityListInput,
  type Activity,
  type ActivityType,
  type CallOutcome,
  type Direction,
} from '../../../../src-shared/model/activity'
import { forEachId, invalid, requireActive, type ServiceContext } from '../context'

type ActivityFields = z.output<typeof activityFields>

interface ActivityRow {
  id: string
  type: ActivityType
  contact_id: string | null
  contact_name: string | null
  company_id: string | null
  deal_id: string | null
  deal_title: string | null
  occurred_at: number
  subject: string | null
  body: string
  direction: Direction | null
  duration_minutes: number | null
  outcome: CallOutcome | null
  location: string | null
  created_at: number
  updated_at: number
  deleted_at: number | null
}

/** Which detail fields make sense for which entry type. */
const APPLIES: Record<'direction' | 'durationMinutes' | 'outcome' | 'location', ActivityType[]> = {
  direction: ['call', 'email'],
  durationMinutes: ['call', 'meeting'],
  outcome: ['call'],
  location: ['meeting'],
}

const SELECT_ACTIVITY = `SELECT a.*, trim(ct.first_name || ' ' || ct.last_name) AS contact_name, d.title AS deal_title
  FROM activities a LEFT JOIN contacts ct ON ct.id = a.contact_id LEFT JOIN deals d ON d.id = a.deal_id`

function toActivity(r: ActivityRow): Activity {
  return {
    id: r.id,
    type: r.type,
    contactId: r.contact_id,
    contactName: r.contact_name || null,
    companyId: r.company_id,
    dealId: r.deal_id,
    dealTitle: r.deal_title,
    occurredAt: r.occurred_at,
    subject: r.subject,
    body: r.body,
    direction: r.direction,
    durationMinutes: r.duration_minutes,
    outcome: r.outcome,
    location: r.location,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deletedAt: r.deleted_at,
  }
}

export function createActivitiesService(ctx: ServiceContext) {
  const { q, repo, clock } = ctx

  function get(id: string): Activity {
    const r = q.one<ActivityRow>(`${SELECT_ACTIVITY} WHERE a.id = ?`, id)
    if (!r || r.deleted_at !== null) throw new AppError('NOT_FOUND', 'This history entry was not found; it may have been deleted.', { id })
    return toActivity(r)
  }

  function check(type: ActivityType, f: Omit<ActivityFields, 'type'>): void {
    if (f.contactId) requireActive(ctx, 'contacts', f.contactId, 'The contact')
    if (f.companyId) requireActive(ctx, 'companies', f.companyId, 'The company')
    if (f.dealId) requireActive(ctx, 'deals', f.dealId, 'The deal')
    for (const [field, types] of Object.entries(APPLIES)) {
      const value = f[field as keyof typeof APPLIES]
      if (value !== undefined && value !== null && !types.includes(type)) {
        throw invalid(field, `${field === 'durationMinutes' ? 'Duration' : field[0].toUpperCase() + field.slice(1)} does not apply to a ${type}`)
      }
    }
  }

  function columns(f: ActivityFields) {
    return {
      type: f.type,
      contactId: f.contactId,
      companyId: f.companyId,
      dealId: f.dealId,
      occurredAt: f.occurredAt,
      subject: f.subject,
      body: f.body,
      direction: f.direction,
      durationMinutes: f.durationMinutes,
      outcome: f.outcome,
      location: f.location,
    }
  }

  return {
    get,
    list(input: z.output<typeof activityListInput>): Activity[] {
      const params = { types: input.types ? JSON.stringify(input.types) : null, limit: input.limit }
      const typeSql = 'AND (@types IS NULL OR a.type IN (SELECT value FROM json_each(@types)))'
      const byColumn = input.contactId ? 'contact_id' : input.dealId ? 'deal_id' : null
      const rows = byColumn
        ? q.all<ActivityRow>(
            `${SELECT_ACTIVITY} WHERE a.${byColumn} = @id AND a.deleted_at IS NULL ${typeSql}
             ORDER BY a.occurred_at DESC, a.id DESC LIMIT @limit`,
            { ...params, id: input.contactId ?? input.dealId },
          )
        : q.all<ActivityRow>(
            // A company's history: its own entries and those of the people who work there now.
            `${SELECT_ACTIVITY} WHERE a.deleted_at IS NULL ${typeSql} AND a.id IN (
               SELECT id FROM activities WHERE company_id = @company
               UNION SELECT a2.id FROM activities a2 JOIN contacts p ON p.id = a2.contact_id
               WHERE p.company_id = @company AND p.deleted_at IS NULL)
             ORDER BY a.occurred_at DESC, a.id DESC LIMIT @limit`,
            { ...params, company: input.companyId },
          )
      return rows.map(toActivity)
    },
    create(input: ActivityFields & { type: ActivityType }): Activity {
      check(input.type, input)
      const id = repo.write((w) =>
        w.insert('activities', { ...columns(input), occurredAt: input.occurredAt ?? clock.now(), body: input.body ?? '' }),
      )
      return get(id)
    },
    update({ id, patch }: { id: string; patch: ActivityFields }): Activity {
      const current = get(id)
      if (current.type === 'system') throw new AppError('CONFLICT', 'Deal updates are written by the app and cannot be edited.')
      const merged = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) }
      if (!merged.contactId && !merged.companyId && !merged.dealId) {
        throw invalid('contactId', 'Link the entry to a contact, a company or a deal')
      }
      const { type, ...fields } = merged
      check(type, fields)
      repo.write((w) => w.update('activities', id, columns(patch)))
      return get(id)
    },
    remove: (ids: string[]) => forEachId(ctx, 'activities', ids, 'A history entry', (id) => repo.write((w) => w.softDelete('activities', id))),
    restore: (ids: string[]) => forEachId(ctx, 'activities', ids, 'A history entry', (id) => repo.write((w) => w.restore('activities', id))),
  }
}

export type ActivitiesService = ReturnType<typeof createActivitiesService>
