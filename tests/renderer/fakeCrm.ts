/**
 * An in-memory stand-in for window.crm, for component tests only (the real core is exercised by the
 * e2e specs). Inputs are validated with the contract's own zod schemas, so validation errors carry
 * the same `details.problems` paths the real core sends.
 */
import type { TableName } from '../../src-shared/tables'
import { commands, type CommandName, type CrmBridge, type Events } from '../../src-shared/api'
import { AppError, type Result } from '../../src-shared/errors'
import type { Activity } from '../../src-shared/model/activity'
import type { Company } from '../../src-shared/model/company'
import { displayName, type Contact, type ContactSummary } from '../../src-shared/model/contact'
import type { CustomField } from '../../src-shared/model/custom-field'
import type { ActivityRow, Dashboard, FunnelRow, LeadSourceRow, LostReasonRow, RevenueRow, SalesCycleRow, WinRateRow } from '../../src-shared/model/report'
import type { Settings } from '../../src-shared/model/settings'
import type { Tag } from '../../src-shared/model/tag'
import type { ReminderNotice, Rule, Task } from '../../src-shared/model/task'
import { describeZodError } from '../../src-shared/validation'

type AnyInput = any

export interface Call {
  name: CommandName
  input: AnyInput
}

const EMPTY_ADDRESS = { street: null, city: null, region: null, postalCode: null, country: null }
let clock = Date.UTC(2025, 2, 10, 12, 0, 0)
const tick = () => (clock += 1000)
export const uuid = () => crypto.randomUUID()

export function makeContact(patch: Partial<Contact> = {}): Contact {
  const firstName = patch.firstName ?? 'Ada'
  const lastName = patch.lastName ?? 'Lovelace'
  const now = tick()
  return {
    id: uuid(),
    firstName,
    lastName,
    displayName: displayName({ firstName, lastName }),
    jobTitle: null,
    companyId: null,
    companyName: null,
    leadSource: null,
    lifecycleStage: 'lead',
    owner: null,
    emails: [],
    phones: [],
    socialProfiles: [],
    tags: [],
    address: { ...EMPTY_ADDRESS },
    birthday: null,
    notes: '',
    customFields: {},
    lastContactedAt: null,
    keepInTouch: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    ...patch,
  }
}

export function makeActivity(patch: Partial<Activity> & Pick<Activity, 'type'>): Activity {
  const now = tick()
  return {
    id: uuid(),
    contactId: null,
    contactName: null,
    companyId: null,
    dealId: null,
    dealTitle: null,
    occurredAt: now,
    subject: null,
    body: '',
    direction: null,
    durationMinutes: null,
    outcome: null,
    location: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    ...patch,
  }
}

export function makeTag(patch: Partial<Tag> = {}): Tag {
  const now = tick()
  return { id: uuid(), name: 'VIP', color: '#e5484d', contactCount: 0, createdAt: now, updatedAt: now, deletedAt: null, ...patch }
}

export function makeCompany(patch: Partial<Company> = {}): Company {
  const now = tick()
  return {
    id: uuid(),
    name: 'Acme',
    domain: null,
    industry: null,
    size: null,
    address: { ...EMPTY_ADDRESS },
    phone: null,
    notes: '',
    contactCount: 0,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    ...patch,
  }
}

export function makeTask(patch: Partial<Task> = {}): Task {
  const now = tick()
  const dueAt = patch.dueAt ?? Date.now() + 3_600_000
  const reminderMinutesBefore = patch.reminderMinutesBefore === undefined ? 0 : patch.reminderMinutesBefore
  return {
    id: uuid(),
    title: 'Call back',
    dueAt,
    reminderMinutesBefore,
    remindAt: reminderMinutesBefore === null ? null : dueAt - reminderMinutesBefore * 60_000,
    firedAt: null,
    priority: 'normal',
    doneAt: null,
    contactId: null,
    contactName: null,
    dealId: null,
    dealTitle: null,
    companyId: null,
    companyName: null,
    notes: '',
    keepInTouch: false,
    createdByRule: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    ...patch,
  }
}

export function makeRule(patch: Partial<Rule> = {}): Rule {
  return { id: uuid(), kind: 'no_interaction', name: 'Reconnect', description: 'Adds a follow-up when a contact has had no call, email or meeting for a while', enabled: true, days: 30, lastRunAt: null, ...patch }
}

const STAGE = { pipelineId: 'p1', probability: 50, rottingDays: null }
export const FAKE_PIPELINE = {
  id: 'p1',
  name: 'Sales',
  position: 0,
  createdAt: 0,
  updatedAt: 0,
  deletedAt: null,
  stages: [
    { ...STAGE, id: 's1', name: 'Lead in', position: 0 },
    { ...STAGE, id: 's2', name: 'Proposal', position: 1 },
  ],
}

export class FakeCrm {
  contacts = new Map<string, Contact>()
  companies = new Map<string, Company>()
  activities = new Map<string, Activity>()
  tags = new Map<string, Tag>()
  fields = new Map<string, CustomField>()
  tasks = new Map<string, Task>()
  rules = new Map<string, Rule>()
  settings: Settings = { defaultCurrency: 'EUR', quietHoursStart: null, quietHoursEnd: null, keepRunningInTray: true, openAtLogin: false }
  /** What the report commands answer (set by a test); empty by default. */
  dashboard: Dashboard = {
    followUps: { overdue: 0, today: 0 },
    pipelineThisMonth: [],
    pipelineThisQuarter: [],
    wonThisMonth: [],
    wonLastMonth: [],
    newLeadsThisWeek: 0,
    rottingDeals: 0,
  }
  reportRows: {
    leadSources: LeadSourceRow[]
    winRate: WinRateRow[]
    salesCycle: SalesCycleRow[]
    funnel: FunnelRow[]
    revenue: RevenueRow[]
    activity: ActivityRow[]
    lostReasons: LostReasonRow[]
  } = { leadSources: [], winRate: [], salesCycle: [], funnel: [], revenue: [], activity: [], lostReasons: [] }
  /** What tasks.complete returns as `next` for keep-in-touch follow-ups (set by a test). */
  nextKeepInTouch: Task | null = null
  calls: Call[] = []
  /** Makes the next call of this command fail with this error. */
  failures = new Map<CommandName, AppError>()
  private listeners = new Map<string, Set<(payload: unknown) => void>>()
  private bulkUndo = new Map<string, Contact[]>()

  readonly bridge: CrmBridge = {
    invoke: (async (name: CommandName, input?: unknown) => this.invoke(name, input)) as CrmBridge['invoke'],
    on: ((event: string, listener: (payload: unknown) => void) => {
      if (!this.listeners.has(event)) this.listeners.set(event, new Set())
      this.listeners.get(event)!.add(listener)
      return () => this.listeners.get(event)?.delete(listener)
    }) as CrmBridge['on'],
  }

  install(): this {
    ;(window as unknown as { crm: CrmBridge }).crm = this.bridge
    return this
  }

  callsOf(name: CommandName): AnyInput[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.input)
  }

  add<T extends { id: string }>(map: Map<string, T>, ...items: T[]): T[] {
    for (const item of items) map.set(item.id, item)
    return items
  }

  emit(...tables: TableName[]) {
    this.emitEvent('data.changed', { tables })
  }

  emitEvent<E extends keyof Events>(event: E, payload: Events[E]) {
    for (const l of [...(this.listeners.get(event) ?? [])]) l(payload)
  }

  /** What core sends when reminders go off. */
  remind(...notices: ReminderNotice[]) {
    this.emitEvent('reminder.due', { notices })
  }

  private async invoke(name: CommandName, input: unknown): Promise<Result<unknown>> {
    this.calls.push({ name, input })
    await Promise.resolve()
    const failure = this.failures.get(name)
    if (failure) {
      this.failures.delete(name)
      return { ok: false, error: failure.toJSON() }
    }
    const parsed = commands[name].input.safeParse(input)
    if (!parsed.success) {
      const { message, problems } = describeZodError(parsed.error)
      return { ok: false, error: { code: 'VALIDATION', message, details: { problems } } }
    }
    const handler = (this.handlers as Record<string, (i: AnyInput) => unknown>)[name]
    if (!handler) return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `The fake has no ${name}` } }
    try {
      return { ok: true, value: structuredClone(handler(parsed.data)) }
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: e.toJSON() }
      throw e
    }
  }

  private live<T extends { deletedAt: number | null }>(map: Map<string, T>) {
    return [...map.values()].filter((x) => x.deletedAt === null)
  }

  private need<T extends { deletedAt: number | null }>(map: Map<string, T>, id: string, what: string): T {
    const found = map.get(id)
    if (!found || found.deletedAt !== null) throw new AppError('NOT_FOUND', `That ${what} does not exist any more`)
    return found
  }

  summary(c: Contact): ContactSummary {
    return {
      id: c.id,
      firstName: c.firstName,
      lastName: c.lastName,
      displayName: c.displayName,
      jobTitle: c.jobTitle,
      companyId: c.companyId,
      companyName: c.companyId ? (this.companies.get(c.companyId)?.name ?? null) : null,
      lifecycleStage: c.lifecycleStage,
      primaryEmail: c.emails.find((e) => e.primary)?.value ?? c.emails[0]?.value ?? null,
      primaryPhone: c.phones[0]?.value ?? null,
      lastContactedAt: c.lastContactedAt,
      createdAt: c.createdAt,
      tags: c.tags,
    }
  }

  private tagRefs(ids: string[]) {
    return ids.map((id) => this.need(this.tags, id, 'tag')).map(({ id, name, color }) => ({ id, name, color }))
  }

  private writeContact(c: Contact, input: AnyInput): Contact {
    const next: Contact = { ...c }
    for (const key of ['firstName', 'lastName', 'jobTitle', 'companyId', 'leadSource', 'lifecycleStage', 'owner', 'birthday', 'notes'] as const) {
      if (input[key] !== undefined) (next as AnyInput)[key] = input[key]
    }
    if (input.emails) next.emails = input.emails.map((e: AnyInput, i: number) => ({ value: e.value, label: e.label ?? null, primary: e.primary ?? i === 0 }))
    if (input.phones) next.phones = input.phones.map((p: AnyInput) => ({ value: p.value, label: p.label ?? null }))
    if (input.socialProfiles) next.socialProfiles = input.socialProfiles.map((p: AnyInput) => ({ value: p.value, label: p.label ?? null }))
    if (input.tagIds) next.tags = this.tagRefs(input.tagIds)
    if (input.address) next.address = { ...next.address, ...input.address }
    if (input.customFields) next.customFields = { ...next.customFields, ...input.customFields }
    next.displayName = displayName(next)
    next.companyName = next.companyId ? (this.companies.get(next.companyId)?.name ?? null) : null
    next.updatedAt = tick()
    this.contacts.set(next.id, next)
    return next
  }

  private setDeleted<T extends { deletedAt: number | null }>(map: Map<string, T>, ids: string[], deleted: boolean, table: TableName) {
    for (const id of ids) {
      const row = map.get(id)
      if (row) map.set(id, { ...row, deletedAt: deleted ? tick() : null })
    }
    this.emit(table)
    return { count: ids.length }
  }

  private refreshLastContacted(contactId: string | null) {
    if (!contactId) return
    const c = this.contacts.get(contactId)
    if (!c) return
    const times = this.live(this.activities)
      .filter((a) => a.contactId === contactId && a.type !== 'note')
      .map((a) => a.occurredAt)
    this.contacts.set(contactId, { ...c, lastContactedAt: times.length ? Math.max(...times) : null })
  }

  handlers = {
    'app.info': () => ({ version: '0.1.0-test', dataDir: '/tmp/crm-test', contactCount: this.live(this.contacts).length, companyCount: this.live(this.companies).length }),
    'sampleData.load': () => {
      for (let i = 0; i < 200; i++) this.add(this.contacts, makeContact({ firstName: `Sample${String(i).padStart(3, '0')}`, lastName: 'Person' }))
      for (let i = 0; i < 30; i++) this.add(this.companies, makeCompany({ name: `Company ${i}` }))
      this.emit('contacts', 'companies', 'activities')
      return { contacts: 200, companies: 30, activities: 1200 }
    },

    'contacts.list': (q: AnyInput) => {
      let rows = this.live(this.contacts)
      if (q.tagId) rows = rows.filter((c) => c.tags.some((t) => t.id === q.tagId))
      if (q.lifecycleStage) rows = rows.filter((c) => c.lifecycleStage === q.lifecycleStage)
      if (q.companyId) rows = rows.filter((c) => c.companyId === q.companyId)
      const key = (c: Contact) => (q.sort === 'name' ? c.displayName.toLowerCase() : q.sort === 'created' ? c.createdAt : (c.lastContactedAt ?? -1))
      rows.sort((a, b) => {
        const [x, y] = [key(a), key(b)]
        const cmp = x < y ? -1 : x > y ? 1 : 0
        return q.direction === 'desc' ? -cmp : cmp
      })
      return { items: rows.slice(q.offset, q.offset + q.limit).map((c) => this.summary(c)), total: rows.length }
    },
    'contacts.get': ({ id }: AnyInput) => this.need(this.contacts, id, 'contact'),
    'contacts.create': (input: AnyInput) => {
      const created = this.writeContact(makeContact({ firstName: '', lastName: '' }), input)
      this.emit('contacts', 'contact_channels', 'contact_tags')
      return created
    },
    'contacts.update': ({ id, patch }: AnyInput) => {
      const updated = this.writeContact(this.need(this.contacts, id, 'contact'), patch)
      this.emit('contacts', 'contact_channels', 'contact_tags')
      return updated
    },
    'contacts.delete': ({ ids }: AnyInput) => this.setDeleted(this.contacts, ids, true, 'contacts'),
    'contacts.restore': ({ ids }: AnyInput) => this.setDeleted(this.contacts, ids, false, 'contacts'),
    'contacts.count': (q: AnyInput) => ({ count: this.handlers['contacts.list']({ ...q, sort: 'name', direction: 'asc', offset: 0, limit: 1 }).total }),
    // Bulk actions on ticked ids (a query target selects what contacts.list's quick filters do);
    // undo puts back the contacts as they were before (the real core reverts the change log).
    'contacts.bulk': ({ target, action }: AnyInput) => {
      const ids: string[] = target.ids ?? this.handlers['contacts.list']({ ...target.query, sort: 'name', direction: 'asc', offset: 0, limit: 100_000 }).items.map((c: ContactSummary) => c.id)
      const before = ids.map((id) => this.need(this.contacts, id, 'contact'))
      const jobId = uuid()
      this.bulkUndo.set(jobId, before)
      for (const c of before) {
        const next =
          action.kind === 'addTag' ? { ...c, tags: c.tags.some((t) => t.id === action.tagId) ? c.tags : [...c.tags, ...this.tagRefs([action.tagId])] }
          : action.kind === 'removeTag' ? { ...c, tags: c.tags.filter((t) => t.id !== action.tagId) }
          : action.kind === 'setOwner' ? { ...c, owner: action.owner }
          : action.kind === 'setStage' ? { ...c, lifecycleStage: action.stage }
          : { ...c, deletedAt: tick() }
        this.contacts.set(c.id, next)
      }
      this.emit('contacts', 'contact_tags')
      return { changed: ids.length, selected: ids.length, jobId }
    },
    'jobs.list': () => [],
    'contacts.bulkUndo': ({ jobId }: AnyInput) => {
      const before = this.bulkUndo.get(jobId)
      if (!before) throw new AppError('NOT_FOUND', 'That change was not found, so there is nothing to undo.')
      for (const c of before) this.contacts.set(c.id, c)
      this.emit('contacts', 'contact_tags')
      return { reverted: before.length, keptLaterEdits: 0 }
    },
    'views.list': () => [],
    'views.counts': () => [],

    'companies.list': (q: AnyInput) => {
      let rows = this.live(this.companies)
      if (q.query) rows = rows.filter((c) => c.name.toLowerCase().startsWith(q.query.toLowerCase()))
      rows.sort((a, b) => (q.sort === 'name' ? a.name.localeCompare(b.name) : a.createdAt - b.createdAt) * (q.direction === 'desc' ? -1 : 1))
      const items = rows.slice(q.offset, q.offset + q.limit).map((c) => ({
        id: c.id,
        name: c.name,
        domain: c.domain,
        industry: c.industry,
        contactCount: this.live(this.contacts).filter((p) => p.companyId === c.id).length,
        createdAt: c.createdAt,
      }))
      return { items, total: rows.length }
    },
    'companies.get': ({ id }: AnyInput) => this.need(this.companies, id, 'company'),
    'companies.create': (input: AnyInput) => {
      const [company] = this.add(this.companies, makeCompany({ ...input, address: { ...EMPTY_ADDRESS, ...input.address } }))
      this.emit('companies')
      return company
    },
    'companies.update': ({ id, patch }: AnyInput) => {
      const company = { ...this.need(this.companies, id, 'company'), ...patch }
      this.companies.set(id, company)
      this.emit('companies')
      return company
    },
    'companies.delete': ({ ids }: AnyInput) => this.setDeleted(this.companies, ids, true, 'companies'),
    'companies.restore': ({ ids }: AnyInput) => this.setDeleted(this.companies, ids, false, 'companies'),

    'activities.list': (q: AnyInput) => {
      const people = q.companyId ? new Set(this.live(this.contacts).filter((c) => c.companyId === q.companyId).map((c) => c.id)) : null
      return this.live(this.activities)
        .filter((a) => (q.contactId ? a.contactId === q.contactId : a.companyId === q.companyId || (a.contactId !== null && people!.has(a.contactId))))
        .filter((a) => !q.types || q.types.includes(a.type))
        .sort((a, b) => b.occurredAt - a.occurredAt)
        .slice(0, q.limit)
    },
    'activities.create': (input: AnyInput) => {
      const contact = input.contactId ? this.contacts.get(input.contactId) : null
      const [a] = this.add(this.activities, makeActivity({ ...input, contactName: contact?.displayName ?? null, occurredAt: input.occurredAt ?? Date.now() }))
      this.refreshLastContacted(a.contactId)
      this.emit('activities', 'contacts')
      return a
    },
    'activities.update': ({ id, patch }: AnyInput) => {
      const a = { ...this.need(this.activities, id, 'entry'), ...patch }
      this.activities.set(id, a)
      this.refreshLastContacted(a.contactId)
      this.emit('activities', 'contacts')
      return a
    },
    'activities.delete': ({ ids }: AnyInput) => this.setDeleted(this.activities, ids, true, 'activities'),
    'activities.restore': ({ ids }: AnyInput) => this.setDeleted(this.activities, ids, false, 'activities'),

    'tags.list': () =>
      this.live(this.tags).map((t) => ({ ...t, contactCount: this.live(this.contacts).filter((c) => c.tags.some((x) => x.id === t.id)).length })),
    'tags.create': (input: AnyInput) => {
      const [tag] = this.add(this.tags, makeTag(input))
      this.emit('tags')
      return tag
    },
    'tags.update': ({ id, ...patch }: AnyInput) => {
      const tag = { ...this.need(this.tags, id, 'tag'), ...patch }
      this.tags.set(id, tag)
      this.emit('tags')
      return tag
    },
    'tags.delete': ({ ids }: AnyInput) => this.setDeleted(this.tags, ids, true, 'tags'),
    'tags.restore': ({ ids }: AnyInput) => this.setDeleted(this.tags, ids, false, 'tags'),
    'tags.assign': ({ tagId, contactIds }: AnyInput) => {
      const [ref] = this.tagRefs([tagId])
      for (const id of contactIds) {
        const c = this.need(this.contacts, id, 'contact')
        if (!c.tags.some((t) => t.id === tagId)) this.contacts.set(id, { ...c, tags: [...c.tags, ref] })
      }
      this.emit('contact_tags')
      return { count: contactIds.length }
    },
    'tags.unassign': ({ tagId, contactIds }: AnyInput) => {
      for (const id of contactIds) {
        const c = this.need(this.contacts, id, 'contact')
        this.contacts.set(id, { ...c, tags: c.tags.filter((t) => t.id !== tagId) })
      }
      this.emit('contact_tags')
      return { count: contactIds.length }
    },

    'customFields.list': () => this.live(this.fields),

    // Deals: just enough for the deal form and the lost dialog.
    'settings.get': () => this.settings,
    'settings.update': (patch: AnyInput) => {
      this.settings = { ...this.settings, ...patch }
      this.emit('settings')
      return this.settings
    },
    'pipelines.list': () => [FAKE_PIPELINE],
    'deals.create': (input: AnyInput) => ({ id: uuid(), ...input }),
    'deals.lose': ({ id, reason }: AnyInput) => ({ id, status: 'lost', lostReason: reason }),
    'deals.reopen': ({ id }: AnyInput) => ({ id, status: 'open' }),

    'tasks.today': ({ dayStart, dayEnd, upcomingLimit }: AnyInput) => {
      const open = this.openTasks().sort((a, b) => a.dueAt - b.dueAt)
      const overdue = open.filter((t) => t.dueAt < dayStart)
      const today = open.filter((t) => t.dueAt >= dayStart && t.dueAt < dayEnd)
      const upcoming = open.filter((t) => t.dueAt >= dayEnd)
      return { overdue, today, upcoming: upcoming.slice(0, upcomingLimit), counts: { overdue: overdue.length, today: today.length, upcoming: upcoming.length } }
    },
    'tasks.counts': ({ dayStart, dayEnd }: AnyInput) => {
      const open = this.openTasks()
      return { overdue: open.filter((t) => t.dueAt < dayStart).length, today: open.filter((t) => t.dueAt >= dayStart && t.dueAt < dayEnd).length }
    },
    'tasks.list': (q: AnyInput) => {
      const rows = this.live(this.tasks)
        .filter((t) => (!q.contactId || t.contactId === q.contactId) && (!q.dealId || t.dealId === q.dealId) && (!q.companyId || t.companyId === q.companyId))
        .filter((t) => q.done === undefined || (t.doneAt !== null) === q.done)
        .sort((a, b) => a.dueAt - b.dueAt)
      return { items: rows.slice(q.offset, q.offset + q.limit), total: rows.length }
    },
    'tasks.get': ({ id }: AnyInput) => this.need(this.tasks, id, 'follow-up'),
    'tasks.create': (input: AnyInput) => {
      const [task] = this.add(this.tasks, this.withNames(makeTask(input)))
      this.emit('tasks')
      return task
    },
    'tasks.update': ({ id, patch }: AnyInput) => {
      const task = this.withNames({ ...this.need(this.tasks, id, 'follow-up'), ...patch })
      this.tasks.set(id, task)
      this.emit('tasks')
      return task
    },
    'tasks.complete': ({ id }: AnyInput) => {
      const task = { ...this.need(this.tasks, id, 'follow-up'), doneAt: Date.now() }
      this.tasks.set(id, task)
      const next = task.keepInTouch ? this.nextKeepInTouch : null
      if (next) this.tasks.set(next.id, next)
      this.emit('tasks')
      return { task, next }
    },
    'tasks.reopen': ({ id }: AnyInput) => {
      const task = { ...this.need(this.tasks, id, 'follow-up'), doneAt: null }
      this.tasks.set(id, task)
      this.emit('tasks')
      return task
    },
    'tasks.snooze': ({ id, until }: AnyInput) => {
      const task = { ...this.need(this.tasks, id, 'follow-up'), remindAt: until, firedAt: null }
      this.tasks.set(id, task)
      this.emit('tasks')
      return task
    },
    'tasks.delete': ({ ids }: AnyInput) => this.setDeleted(this.tasks, ids, true, 'tasks'),
    'tasks.restore': ({ ids }: AnyInput) => this.setDeleted(this.tasks, ids, false, 'tasks'),
    'contacts.keepInTouch': ({ contactId, every }: AnyInput) => {
      const contact = { ...this.need(this.contacts, contactId, 'contact'), keepInTouch: every }
      this.contacts.set(contactId, contact)
      this.emit('contacts', 'tasks')
      return contact
    },

    'reports.dashboard': () => this.dashboard,
    'reports.leadSources': () => this.reportRows.leadSources,
    'reports.winRate': () => this.reportRows.winRate,
    'reports.salesCycle': () => this.reportRows.salesCycle,
    'reports.funnel': () => this.reportRows.funnel,
    'reports.revenue': () => this.reportRows.revenue,
    'reports.activity': () => this.reportRows.activity,
    'reports.lostReasons': () => this.reportRows.lostReasons,
    'deals.board': () => ({ pipeline: FAKE_PIPELINE, columns: FAKE_PIPELINE.stages.map((stage) => ({ stage, deals: [], count: 0, totals: [] })), hiddenByFilters: 0 }),
    'deals.list': () => ({ items: [], total: 0 }),

    'rules.list': () => [...this.rules.values()],
    'rules.update': ({ id, ...patch }: AnyInput) => {
      const rule = { ...this.rules.get(id)!, ...patch }
      this.rules.set(id, rule)
      this.emit('rules')
      return rule
    },
  }

  private openTasks() {
    return this.live(this.tasks).filter((t) => t.doneAt === null)
  }

  private withNames(t: Task): Task {
    return {
      ...t,
      contactName: t.contactId ? (this.contacts.get(t.contactId)?.displayName ?? null) : null,
      companyName: t.companyId ? (this.companies.get(t.companyId)?.name ?? null) : null,
    }
  }
}
