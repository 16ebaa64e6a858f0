/**
 * Drizzle tables. Synced tables share the columns of `synced()`; derived columns (kept by SQL
 * triggers, never in the change log, never synced) are marked so. Edit here, then
 * `npm run db:generate` writes the migration into drizzle/.
 */
import type { TableName } from '../../../src-shared/tables'
import { sql } from 'drizzle-orm'
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

const synced = () => ({
  id: text('id').primaryKey(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  deletedAt: integer('deleted_at'),
})

const address = () => ({
  addressStreet: text('address_street'),
  addressCity: text('address_city'),
  addressRegion: text('address_region'),
  addressPostalCode: text('address_postal_code'),
  addressCountry: text('address_country'),
})

/** Local, unsynced key/value facts about this database (device id...). */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})

/**
 * One entry per changed field (an insert: one entry '*' with all its fields): the audit trail, the
 * undo source and the sync outbox. Stored WITHOUT ROWID, keyed on hlc (migration 0009, by hand:
 * drizzle-kit cannot express it).
 */
export const changeLog = sqliteTable(
  'change_log',
  {
    hlc: text('hlc').primaryKey(),
    deviceId: text('device_id').notNull(),
    txId: text('tx_id').notNull(),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    column: text('column_name').notNull(),
    value: text('value'),
    /** The workspace member who made it (sync); null: this device's own user, or before sync. */
    memberId: text('member_id'),
    /** 1: a remote edit that arrived after a later edit of the same field had won (shown in the history). */
    lost: integer('lost').notNull().default(0),
  },
  (t) => [index('change_log_row').on(t.tableName, t.rowId), index('change_log_tx').on(t.txId)],
)

/**
 * Local: ops pulled from the server that this version cannot apply (a table or column of a newer
 * app version). Kept in pull order and applied once an upgrade knows them; never lost, never fatal.
 */
export const syncDeferred = sqliteTable('sync_deferred', {
  seq: integer('seq').primaryKey(),
  op: text('op').notNull(),
})

export const companies = sqliteTable(
  'companies',
  {
    ...synced(),
    name: text('name').notNull(),
    domain: text('domain'),
    industry: text('industry'),
    size: text('size'),
    ...address(),
    phone: text('phone'),
    notes: text('notes').notNull().default(''),
  },
  (t) => [index('companies_name').on(sql`${t.name} COLLATE NOCASE`, t.id).where(sql`${t.deletedAt} IS NULL`)],
)

export const contacts = sqliteTable(
  'contacts',
  {
    ...synced(),
    firstName: text('first_name').notNull().default(''),
    lastName: text('last_name').notNull().default(''),
    jobTitle: text('job_title'),
    companyId: text('company_id'),
    leadSource: text('lead_source'),
    lifecycleStage: text('lifecycle_stage').notNull().default('lead'),
    owner: text('owner'),
    ...address(),
    birthday: text('birthday'),
    notes: text('notes').notNull().default(''),
    /** Derived by triggers from activities: latest call, email or meeting. */
    lastContactedAt: integer('last_contacted_at'),
    keepInTouchCount: integer('keep_in_touch_count'),
    keepInTouchUnit: text('keep_in_touch_unit'),
    /** The sync member this contact is private to (with its history, deals and tasks), or null: the whole team. */
    privateTo: text('private_to'),
  },
  (t) => [
    index('contacts_name').on(sql`ltrim(${t.firstName} || ' ' || ${t.lastName}) COLLATE NOCASE`, t.id).where(sql`${t.deletedAt} IS NULL`),
    index('contacts_created').on(t.createdAt, t.id).where(sql`${t.deletedAt} IS NULL`),
    index('contacts_last_contacted').on(t.lastContactedAt, t.id).where(sql`${t.deletedAt} IS NULL`),
    index('contacts_company').on(t.companyId),
    index('contacts_stage').on(t.lifecycleStage),
  ],
)

/** Emails, phones and social profile links: rows, so two people editing different ones both win. */
export const contactChannels = sqliteTable(
  'contact_channels',
  {
    ...synced(),
    contactId: text('contact_id').notNull(),
    kind: text('kind').notNull(), // email | phone | social
    value: text('value').notNull(),
    label: text('label'),
    isPrimary: integer('is_primary').notNull().default(0),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    index('contact_channels_contact').on(t.contactId, t.kind, t.position),
    // the duplicate finder's email key: checkEmail and the email grouping use exactly this expression
    index('contact_channels_value_key').on(t.kind, sql`lower(trim(${t.value}))`).where(sql`${t.deletedAt} IS NULL`),
  ],
)

export const activities = sqliteTable(
  'activities',
  {
    ...synced(),
    type: text('type').notNull(),
    contactId: text('contact_id'),
    companyId: text('company_id'),
    dealId: text('deal_id'),
    occurredAt: integer('occurred_at').notNull(),
    subject: text('subject'),
    body: text('body').notNull().default(''),
    direction: text('direction'),
    durationMinutes: integer('duration_minutes'),
    outcome: text('outcome'),
    location: text('location'),
  },
  (t) => [
    index('activities_contact').on(t.contactId, t.occurredAt),
    index('activities_company').on(t.companyId, t.occurredAt),
    index('activities_deal').on(t.dealId, t.occurredAt),
  ],
)

/**
 * Derived, never synced: live history entries (not system ones) counted per 15-minute slot and
 * owner of the contact ('' for none), one column per type, kept by SQL triggers on activities and
 * contacts.owner. The activity report sums these instead of a year of entries; 15 minutes divides
 * every time zone's offset, so local weeks and days are whole runs of slots.
 */
export const activityCounts = sqliteTable(
  'activity_counts',
  {
    slot: integer('slot').notNull(),
    owner: text('owner').notNull(),
    calls: integer('calls').notNull(),
    emails: integer('emails').notNull(),
    meetings: integer('meetings').notNull(),
    notes: integer('notes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.slot, t.owner] })],
)

export const tags = sqliteTable('tags', {
  ...synced(),
  name: text('name').notNull(),
  color: text('color').notNull(),
})

export const contactTags = sqliteTable(
  'contact_tags',
  {
    ...synced(),
    contactId: text('contact_id').notNull(),
    tagId: text('tag_id').notNull(),
  },
  (t) => [index('contact_tags_tag').on(t.tagId, t.contactId), index('contact_tags_contact').on(t.contactId)],
)

export const customFields = sqliteTable('custom_fields', {
  ...synced(),
  label: text('label').notNull(),
  type: text('type').notNull(),
  /** JSON array of the options of a select field. */
  options: text('options').notNull().default('[]'),
  position: integer('position').notNull().default(0),
})

export const contactFieldValues = sqliteTable(
  'contact_field_values',
  {
    ...synced(),
    contactId: text('contact_id').notNull(),
    fieldId: text('field_id').notNull(),
    /** JSON: string, number, boolean. */
    value: text('value'),
  },
  (t) => [index('contact_field_values_contact').on(t.contactId, t.fieldId), index('contact_field_values_field').on(t.fieldId)],
)

/** Workspace settings shared by the team (default currency...): one row per key, id = the key. */
export const settings = sqliteTable('settings', {
  ...synced(),
  value: text('value').notNull(),
})

export const pipelines = sqliteTable('pipelines', {
  ...synced(),
  name: text('name').notNull(),
  position: integer('position').notNull().default(0),
})

export const stages = sqliteTable(
  'stages',
  {
    ...synced(),
    pipelineId: text('pipeline_id').notNull(),
    name: text('name').notNull(),
    /** Win probability, whole percent. */
    probability: integer('probability').notNull().default(50),
    /** An open deal idle in this stage longer than this is "rotting"; null = never. */
    rottingDays: integer('rotting_days'),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('stages_pipeline').on(t.pipelineId, t.position)],
)

export const deals = sqliteTable(
  'deals',
  {
    ...synced(),
    pipelineId: text('pipeline_id').notNull(),
    stageId: text('stage_id').notNull(),
    title: text('title').notNull(),
    /** Integer minor units of `currency`. */
    valueMinor: integer('value_minor').notNull().default(0),
    currency: text('currency').notNull(),
    contactId: text('contact_id'),
    companyId: text('company_id'),
    owner: text('owner'),
    /** Calendar day, YYYY-MM-DD. */
    expectedClose: text('expected_close'),
    status: text('status').notNull().default('open'),
    lostReason: text('lost_reason'),
    closedAt: integer('closed_at'),
    stageEnteredAt: integer('stage_entered_at').notNull(),
    /** Fractional index: order inside the stage; a move rewrites only this row. */
    rank: text('rank').notNull(),
    notes: text('notes').notNull().default(''),
    /** The sync member this deal is private to (with its history and tasks), or null: the whole team. */
    privateTo: text('private_to'),
  },
  (t) => [
    index('deals_stage_rank').on(t.stageId, t.rank).where(sql`${t.deletedAt} IS NULL`),
    index('deals_pipeline').on(t.pipelineId, t.status),
    index('deals_contact').on(t.contactId),
    index('deals_company').on(t.companyId),
  ],
)

/** Every stay of a deal in a stage: the funnel's "reached" and "time in stage" come from here. */
export const dealStageVisits = sqliteTable(
  'deal_stage_visits',
  {
    ...synced(),
    dealId: text('deal_id').notNull(),
    stageId: text('stage_id').notNull(),
    enteredAt: integer('entered_at').notNull(),
    leftAt: integer('left_at'),
  },
  (t) => [index('deal_stage_visits_stage').on(t.stageId, t.dealId), index('deal_stage_visits_deal').on(t.dealId)],
)

/** Follow-ups. remind_at is when the reminder goes off; fired_at is set before it is shown. */
export const tasks = sqliteTable(
  'tasks',
  {
    ...synced(),
    title: text('title').notNull(),
    dueAt: integer('due_at').notNull(),
    reminderMinutesBefore: integer('reminder_minutes_before'),
    remindAt: integer('remind_at'),
    firedAt: integer('fired_at'),
    priority: text('priority').notNull().default('normal'),
    doneAt: integer('done_at'),
    contactId: text('contact_id'),
    dealId: text('deal_id'),
    companyId: text('company_id'),
    notes: text('notes').notNull().default(''),
    /** 1 on a contact's keep-in-touch follow-up. */
    keepInTouch: integer('keep_in_touch').notNull().default(0),
    ruleId: text('rule_id'),
    /** What a rule made this task for (e.g. rule/contact/last contact): a rule never makes the same task twice. */
    ruleKey: text('rule_key'),
  },
  (t) => [
    // The scheduler's one query: the next pending reminder.
    index('tasks_pending_reminder').on(t.remindAt).where(sql`${t.firedAt} IS NULL AND ${t.doneAt} IS NULL AND ${t.deletedAt} IS NULL AND ${t.remindAt} IS NOT NULL`),
    index('tasks_open_due').on(t.dueAt).where(sql`${t.doneAt} IS NULL AND ${t.deletedAt} IS NULL`),
    index('tasks_contact').on(t.contactId),
    index('tasks_deal').on(t.dealId),
    index('tasks_company').on(t.companyId),
    index('tasks_rule_key').on(t.ruleKey),
  ],
)

/** Automation rules, run by the scheduler; seeded switched off. */
export const rules = sqliteTable('rules', {
  ...synced(),
  kind: text('kind').notNull(),
  enabled: integer('enabled').notNull().default(0),
  days: integer('days'),
  lastRunAt: integer('last_run_at'),
})

/**
 * CSV imports: local, never synced, no change log (the rows an import writes are logged as usual;
 * this only remembers which transactions were whose). tx_ids is a JSON array of the txIds of the
 * chunks committed so far, written in the same transaction as each chunk, so an import killed
 * half-way can still be undone as a whole.
 */
export const imports = sqliteTable('imports', {
  id: text('id').primaryKey(),
  fileName: text('file_name').notNull(),
  createdAt: integer('created_at').notNull(),
  finishedAt: integer('finished_at'),
  /** running | done | cancelled | failed | interrupted | undone */
  status: text('status').notNull(),
  totalRows: integer('total_rows').notNull().default(0),
  processedRows: integer('processed_rows').notNull().default(0),
  createdCount: integer('created_count').notNull().default(0),
  updatedCount: integer('updated_count').notNull().default(0),
  skippedCount: integer('skipped_count').notNull().default(0),
  rejectedCount: integer('rejected_count').notNull().default(0),
  txIds: text('tx_ids').notNull().default('[]'),
  error: text('error'),
  undoneAt: integer('undone_at'),
})

/**
 * Long jobs (bulk actions, undo of an import, vCard import, sample data, duplicate scan, backup,
 * restore...): local, never synced. A write job records the txId of every chunk it committed in
 * the same transaction as the chunk (tx_ids, a JSON array), so a job killed half-way shows as
 * "interrupted" on the next start and can still be undone whole. params: what it needs to finish.
 */
export const jobs = sqliteTable('jobs', {
  id: text('id').primaryKey(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  /** running | done | cancelled | failed | interrupted | undone */
  status: text('status').notNull(),
  total: integer('total').notNull().default(0),
  done: integer('done').notNull().default(0),
  txIds: text('tx_ids').notNull().default('[]'),
  params: text('params'),
  error: text('error'),
  createdAt: integer('created_at').notNull(),
  finishedAt: integer('finished_at'),
})

/**
 * Pairs marked "not a duplicate" in the duplicate finder: rows, so they sync and undo like any
 * edit; undismiss is a soft delete. contact_a < contact_b (the ids sorted). No UNIQUE on the pair
 * (sync convention): two devices may dismiss the same pair, which simply counts as dismissed.
 */
export const duplicateDismissals = sqliteTable(
  'duplicate_dismissals',
  {
    ...synced(),
    contactA: text('contact_a').notNull(),
    contactB: text('contact_b').notNull(),
  },
  (t) => [
    index('duplicate_dismissals_pair').on(t.contactA, t.contactB),
    check('duplicate_dismissals_sorted', sql`${t.contactA} < ${t.contactB}`),
  ],
)

/**
 * Live (not deleted) rows per table, kept by SQL triggers (migration 0012; derived, never synced):
 * the contacts list's unfiltered total is one row read instead of a count over 100k index entries.
 */
export const liveCounts = sqliteTable('live_counts', {
  name: text('name').primaryKey(),
  n: integer('n').notNull(),
})

/**
 * Saved views (smart lists) of the contacts list: a name, the filter builder's conditions as JSON
 * (src-shared/model/contact-filter.ts) and the list's order. Names are not unique (sync convention).
 */
export const savedViews = sqliteTable('saved_views', {
  ...synced(),
  name: text('name').notNull(),
  filter: text('filter').notNull(),
  sort: text('sort').notNull(),
  direction: text('direction').notNull(),
})

/** Tables written only through the repository (row + change log in one transaction). */
export const syncedTables = {
  companies,
  contacts,
  contact_channels: contactChannels,
  activities,
  tags,
  contact_tags: contactTags,
  custom_fields: customFields,
  contact_field_values: contactFieldValues,
  settings,
  pipelines,
  stages,
  deals,
  tasks,
  rules,
  deal_stage_visits: dealStageVisits,
  duplicate_dismissals: duplicateDismissals,
  saved_views: savedViews,
} as const
export type SyncedTableName = keyof typeof syncedTables

// The shared list of table names (src-shared/tables.ts) must be exactly these.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const sameTables: Same<SyncedTableName, TableName> = true
void sameTables
