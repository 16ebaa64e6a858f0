/**
 * CSV exports of contacts (everything, or the contacts list's filter), companies, deals and
 * activities. Core builds the text (csvText: quoting; for spreadsheets, formula-looking cells guarded); the
 * renderer saves it as a file. Times are written in the time zone the renderer sends.
 */
import { ACTIVITY_LABELS, CALL_OUTCOME_LABELS, type ActivityType, type CallOutcome } from '../../../../src-shared/model/activity'
import { LIFECYCLE_LABELS, type Contact } from '../../../../src-shared/model/contact'
import { csvText, type ContactExportFilter, type CsvEntity, type CsvMode, type ExportCounts, type ExportFile } from '../../../../src-shared/model/export'
import { currencyDigits } from '../../../../src-shared/model/money'
import type { ContactsService } from '../contacts/contacts'
import type { ServiceContext } from '../context'
import { contactsFor } from './vcard'

type Cell = string | number

/** Minor units as a plain decimal ("1500.00"), the way spreadsheets read amounts. */
export function amountText(minor: number, currency: string): string {
  const digits = currencyDigits(currency)
  if (digits === 0) return String(minor)
  const sign = minor < 0 ? '-' : ''
  const abs = Math.abs(minor)
  return `${sign}${Math.floor(abs / 10 ** digits)}.${String(abs % 10 ** digits).padStart(digits, '0')}`
}

/** "2026-01-15 10:30" in the given time zone ('' for no time). */
export function localTime(ms: number | null, timeZone: string): string {
  if (ms === null || ms === undefined) return ''
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  )
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
}

const text = (v: string | null | undefined): string => v ?? ''

export function createExportsService(ctx: ServiceContext, deps: { contacts: ContactsService }) {
  const { q } = ctx

  function contactsCsv(filter: ContactExportFilter | undefined, timeZone: string, mode: CsvMode): ExportFile {
    const contacts = contactsFor(deps.contacts, filter)
    const customFields = q.all<{ id: string; label: string }>(
      'SELECT id, label FROM custom_fields WHERE deleted_at IS NULL ORDER BY position, created_at',
    )
    // as many Email / Phone columns as the contact with the most has ("Email", "Email 2", ...)
    const most = (pick: (c: Contact) => unknown[]) => Math.max(1, ...contacts.map((c) => pick(c).length))
    const emailCols = most((c) => c.emails)
    const phoneCols = most((c) => c.phones)
    const numbered = (name: string, n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? name : `${name} ${i + 1}`))
    const fields = [
      'First name',
      'Last name',
      ...numbered('Email', emailCols),
      ...numbered('Phone', phoneCols),
      'Company',
      'Job title',
      'Lifecycle stage',
      'Lead source',
      'Owner',
      'Street',
      'City',
      'Region',
      'Postal code',
      'Country',
      'Birthday',
      'Tags',
      'Social profiles',
      'Notes',
      'Last contacted',
      'Created',
      ...customFields.map((f) => f.label),
    ]
    const data = contacts.map((c): Cell[] => {
      const emails = [...c.emails].sort((a, b) => Number(b.primary) - Number(a.primary))
      return [
        c.firstName,
        c.lastName,
        ...Array.from({ length: emailCols }, (_, i) => emails[i]?.value ?? ''),
        ...Array.from({ length: phoneCols }, (_, i) => c.phones[i]?.value ?? ''),
        text(c.companyName),
        text(c.jobTitle),
        LIFECYCLE_LABELS[c.lifecycleStage],
        text(c.leadSource),
        text(c.owner),
        text(c.address.street),
        text(c.address.city),
        text(c.address.region),
        text(c.address.postalCode),
        text(c.address.country),
        text(c.birthday),
        c.tags.map((t) => t.name).join(', '),
        c.socialProfiles.map((s) => s.value).join(' '),
        c.notes,
        localTime(c.lastContactedAt, timeZone),
        localTime(c.createdAt, timeZone),
        ...customFields.map((f) => customValueText(c.customFields[f.id])),
      ]
    })
    return { text: csvText(fields, data, mode), count: data.length }
  }

  function companiesCsv(timeZone: string, mode: CsvMode): ExportFile {
    const rows = q.all<{
      name: string
      domain: string | null
      industry: string | null
      size: string | null
      phone: string | null
      address_street: string | null
      address_city: string | null
      address_region: string | null
      address_postal_code: string | null
      address_country: string | null
      notes: string
      contacts: number
      created_at: number
    }>(
      `SELECT co.*, (SELECT count(*) FROM contacts c WHERE c.company_id = co.id AND c.deleted_at IS NULL) AS contacts
       FROM companies co WHERE co.deleted_at IS NULL ORDER BY co.name COLLATE NOCASE, co.id`,
    )
    const fields = ['Name', 'Domain', 'Industry', 'Size', 'Phone', 'Street', 'City', 'Region', 'Postal code', 'Country', 'Notes', 'Contacts', 'Created']
    const data = rows.map((r): Cell[] => [
      r.name,
      text(r.domain),
      text(r.industry),
      text(r.size),
      text(r.phone),
      text(r.address_street),
      text(r.address_city),
      text(r.address_region),
      text(r.address_postal_code),
      text(r.address_country),
      r.notes,
      r.contacts,
      localTime(r.created_at, timeZone),
    ])
    return { text: csvText(fields, data, mode), count: data.length }
  }

  function dealsCsv(timeZone: string, mode: CsvMode): ExportFile {
    const rows = q.all<{
      title: string
      value_minor: number
      currency: string
      pipeline: string | null
      stage: string | null
      status: string
      contact: string | null
      company: string | null
      owner: string | null
      expected_close: string | null
      lost_reason: string | null
      closed_at: number | null
      notes: string
      created_at: number
    }>(
      `SELECT d.title, d.value_minor, d.currency, p.name AS pipeline, s.name AS stage, d.status,
         CASE WHEN c.id IS NULL THEN NULL ELSE ltrim(c.first_name || ' ' || c.last_name) END AS contact,
         co.name AS company, d.owner, d.expected_close, d.lost_reason, d.closed_at, d.notes, d.created_at
       FROM deals d
       LEFT JOIN pipelines p ON p.id = d.pipeline_id
       LEFT JOIN stages s ON s.id = d.stage_id
       LEFT JOIN contacts c ON c.id = d.contact_id AND c.deleted_at IS NULL
       LEFT JOIN companies co ON co.id = d.company_id AND co.deleted_at IS NULL
       WHERE d.deleted_at IS NULL
       ORDER BY d.created_at, d.id`,
    )
    const STATUS: Record<string, string> = { open: 'Open', won: 'Won', lost: 'Lost' }
    const fields = ['Title', 'Value', 'Currency', 'Pipeline', 'Stage', 'Status', 'Contact', 'Company', 'Owner', 'Expected close', 'Lost reason', 'Closed', 'Notes', 'Created']
    const data = rows.map((r): Cell[] => [
      r.title,
      amountText(r.value_minor, r.currency),
      r.currency,
      text(r.pipeline),
      text(r.stage),
      STATUS[r.status] ?? r.status,
      text(r.contact),
      text(r.company),
      text(r.owner),
      text(r.expected_close),
      text(r.lost_reason),
      localTime(r.closed_at, timeZone),
      r.notes,
      localTime(r.created_at, timeZone),
    ])
    return { text: csvText(fields, data, mode), count: data.length }
  }

  function activitiesCsv(timeZone: string, mode: CsvMode): ExportFile {
    const rows = q.all<{
      type: ActivityType
      occurred_at: number
      subject: string | null
      body: string
      contact: string | null
      company: string | null
      deal: string | null
      direction: string | null
      duration_minutes: number | null
      outcome: CallOutcome | null
      location: string | null
    }>(
      `SELECT a.type, a.occurred_at, a.subject, a.body,
         CASE WHEN c.id IS NULL THEN NULL ELSE ltrim(c.first_name || ' ' || c.last_name) END AS contact,
         co.name AS company, d.title AS deal, a.direction, a.duration_minutes, a.outcome, a.location
       FROM activities a
       LEFT JOIN contacts c ON c.id = a.contact_id AND c.deleted_at IS NULL
       LEFT JOIN companies co ON co.id = a.company_id AND co.deleted_at IS NULL
       LEFT JOIN deals d ON d.id = a.deal_id AND d.deleted_at IS NULL
       WHERE a.deleted_at IS NULL
       ORDER BY a.occurred_at, a.id`,
    )
    const fields = ['Date', 'Type', 'Subject', 'Text', 'Contact', 'Company', 'Deal', 'Direction', 'Duration (minutes)', 'Outcome', 'Location']
    const data = rows.map((r): Cell[] => [
      localTime(r.occurred_at, timeZone),
      ACTIVITY_LABELS[r.type] ?? r.type,
      text(r.subject),
      r.body,
      text(r.contact),
      text(r.company),
      text(r.deal),
      r.direction === 'inbound' ? 'Inbound' : r.direction === 'outbound' ? 'Outbound' : '',
      r.duration_minutes ?? '',
      r.outcome ? (CALL_OUTCOME_LABELS[r.outcome] ?? r.outcome) : '',
      text(r.location),
    ])
    return { text: csvText(fields, data, mode), count: data.length }
  }

  return {
    csv({ entity, filter, timeZone, mode = 'spreadsheet' }: { entity: CsvEntity; filter?: ContactExportFilter; timeZone: string; mode?: CsvMode }): ExportFile {
      switch (entity) {
        case 'contacts':
          return contactsCsv(filter, timeZone, mode)
        case 'companies':
          return companiesCsv(timeZone, mode)
        case 'deals':
          return dealsCsv(timeZone, mode)
        case 'activities':
          return activitiesCsv(timeZone, mode)
      }
    },
    counts(): ExportCounts {
      const n = (table: string) => q.one<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE deleted_at IS NULL`)!.n
      return { contacts: n('contacts'), companies: n('companies'), deals: n('deals'), activities: n('activities') }
    },
  }
}

function customValueText(v: unknown): Cell {
  if (v === null || v === undefined) return ''
  if (Array.isArray(v)) return v.join(', ')
  if (typeof v === 'boolean') return v ? 'Yes' : 'No'
  if (typeof v === 'number') return v
  return String(v)
}

export type ExportsService = ReturnType<typeof createExportsService>
