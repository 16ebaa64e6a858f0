/**
 * "Load sample data" for a newcomer: a seeded, realistic workspace (about 200 contacts at 30
 * companies with their histories) written through the same services and write path as user data,
 * as a write job (jobs/runner.ts): chunks of ≤ 20 ms (one transaction each) for the tags and
 * companies, the people with their histories, the deals and the follow-ups, with progress and
 * Cancel; other commands answer between chunks. Cancelled or failed, the runner reverts every chunk.
 */
import type { Faker } from '@faker-js/faker'
import type { SampleDataResult } from '../../../../src-shared/api'
import { ACTIVITY_TYPES, CALL_OUTCOMES, type ActivityType } from '../../../../src-shared/model/activity'
import { COMPANY_SIZES, companyCreateInput } from '../../../../src-shared/model/company'
import { contactCreateInput, LIFECYCLE_STAGES } from '../../../../src-shared/model/contact'
import { TAG_COLORS } from '../../../../src-shared/model/tag'
import { CHUNK_BUDGET_MS, type Job, type JobRunner } from '../../jobs/runner'
import type { createActivitiesService } from '../activities/activities'
import type { createCompaniesService } from '../companies/companies'
import type { ContactsService } from '../contacts/contacts'
import type { ServiceContext } from '../context'
import type { DealsService } from '../deals/deals'
import type { PipelinesService } from '../pipelines/pipelines'
import type { createTagsService } from '../tags/tags'
import type { TasksService } from '../tasks/tasks'

const DAY = 24 * 60 * 60 * 1000
const TAG_NAMES = ['VIP', 'Hot', 'Newsletter', 'Partner', 'Referral', 'Trade show']
const LEAD_SOURCES = ['Website', 'Referral', 'LinkedIn', 'Facebook', 'Trade show', 'Cold call', 'Google Ads']
const INDUSTRIES = ['Software', 'Retail', 'Construction', 'Healthcare', 'Hospitality', 'Logistics', 'Consulting', 'Manufacturing']
const OWNERS = ['Alex Morgan', 'Sam Rivera', 'Jordan Lee']

interface Services {
  contacts: ContactsService
  companies: ReturnType<typeof createCompaniesService>
  activities: ReturnType<typeof createActivitiesService>
  tags: ReturnType<typeof createTagsService>
  deals: DealsService
  pipelines: PipelinesService
  tasks: TasksService
}

const CONTACTS = 200
const COMPANIES = 30
const DEALS = 60
const FOLLOW_UP_COUNT = 20
/** Steps of the job's progress: the tags and companies (1), then each contact, deal and follow-up. */
const STEPS = 1 + CONTACTS + DEALS + FOLLOW_UP_COUNT

/**
 * Runs each(0..count-1) in write chunks of ≤ CHUNK_BUDGET_MS, pausing between them; progress
 * counts on from `before`. The faker calls happen in the same order whatever the chunk borders,
 * so a seed still gives the same data.
 */
async function inChunks(job: Job, before: number, count: number, each: (i: number) => void) {
  let i = 0
  while (i < count) {
    job.write(() => {
      const t0 = performance.now()
      do each(i++)
      while (i < count && performance.now() - t0 < CHUNK_BUDGET_MS)
    })
    job.progress(before + i)
    if (before + i < STEPS) await job.pause()
  }
}

export function loadSampleData(ctx: ServiceContext, services: Services, jobs: JobRunner, seed = 2026): Promise<SampleDataResult> {
  return jobs.run({ kind: 'sampleData', title: 'Loading sample data', total: STEPS, writes: true }, (job) => load(ctx, services, job, seed))
}

async function load(ctx: ServiceContext, services: Services, job: Job, seed: number): Promise<SampleDataResult> {
  // faker is loaded when sample data is asked for: at start it would cost core's thread ~0.3 s
  const { Faker: Generator, en, base } = await import('@faker-js/faker')
  const faker: Faker = new Generator({ locale: [en, base], seed })
  const now = ctx.clock.now()
  let activityCount = 0
  let tagIds: string[] = []
  let companies: { id: string; domain: string | null }[] = []

  await inChunks(job, 0, 1, () => {
    const existingTags = new Map(services.tags.list().map((t) => [t.name.toLowerCase(), t.id]))
    tagIds = TAG_NAMES.map((name, i) => existingTags.get(name.toLowerCase()) ?? services.tags.create({ name, color: TAG_COLORS[i] }).id)
    companies = Array.from({ length: COMPANIES }, () => {
      const name = faker.company.name()
      return services.companies.create(
        companyCreateInput.parse({
          name,
          domain: `${faker.helpers.slugify(name.split(/[ ,]/)[0]).toLowerCase()}.example.com`,
          industry: faker.helpers.arrayElement(INDUSTRIES),
          size: faker.helpers.arrayElement(COMPANY_SIZES),
          phone: faker.phone.number({ style: 'international' }),
          address: { street: faker.location.streetAddress(), city: faker.location.city(), country: faker.location.country() },
          notes: faker.company.catchPhrase(),
        }),
      )
    })
  })

  const contactIds: string[] = []
  await inChunks(job, 1, CONTACTS, () => {
    const firstName = faker.person.firstName()
    const lastName = faker.person.lastName()
    const company = faker.helpers.maybe(() => faker.helpers.arrayElement(companies), { probability: 0.85 })
    const contact = services.contacts.create(
      contactCreateInput.parse({
        firstName,
        lastName,
        jobTitle: faker.person.jobTitle(),
        companyId: company?.id ?? null,
        leadSource: faker.helpers.arrayElement(LEAD_SOURCES),
        lifecycleStage: faker.helpers.weightedArrayElement(
          LIFECYCLE_STAGES.map((value, k) => ({ value, weight: [5, 3, 4, 1][k] })),
        ),
        owner: faker.helpers.arrayElement(OWNERS),
        emails: [
          {
            value: faker.internet.email({ firstName, lastName, provider: company?.domain ?? 'example.org' }).toLowerCase(),
            label: 'work',
            primary: true,
          },
        ],
        phones: [{ value: faker.phone.number({ style: 'international' }), label: 'mobile' }],
        socialProfiles: faker.helpers.maybe(
          () => [{ value: `https://www.linkedin.com/in/${faker.helpers.slugify(`${firstName}-${lastName}`).toLowerCase()}`, label: 'LinkedIn' }],
          { probability: 0.5 },
        ),
        tagIds: faker.helpers.arrayElements(tagIds, { min: 0, max: 2 }),
        address: { city: faker.location.city(), country: faker.location.country() },
        birthday: faker.helpers.maybe(() => faker.date.birthdate({ min: 22, max: 70, mode: 'age' }).toISOString().slice(0, 10)),
        notes: faker.helpers.maybe(() => faker.lorem.sentences(2), { probability: 0.4 }) ?? '',
      }),
    )
    contactIds.push(contact.id)
    // Spread over the last year, so "new leads" and the reports by period have a history.
    ctx.repo.write((w) => w.update('contacts', contact.id, { createdAt: now - faker.number.int({ min: 0, max: 365 }) * DAY }))
    const entries = faker.number.int({ min: 0, max: 10 })
    for (let k = 0; k < entries; k++) {
      const type: ActivityType = faker.helpers.arrayElement(ACTIVITY_TYPES)
      services.activities.create({
        type,
        contactId: contact.id,
        occurredAt: now - faker.number.int({ min: 1, max: 540 }) * DAY + faker.number.int({ min: 8, max: 18 }) * 3600_000,
        subject: type === 'note' ? null : faker.company.buzzPhrase(),
        body: faker.lorem.sentences({ min: 1, max: 3 }),
        direction: type === 'call' || type === 'email' ? faker.helpers.arrayElement(['inbound', 'outbound'] as const) : null,
        durationMinutes: type === 'call' || type === 'meeting' ? faker.number.int({ min: 2, max: 90 }) : null,
        outcome: type === 'call' ? faker.helpers.arrayElement(CALL_OUTCOMES) : null,
        location: type === 'meeting' ? faker.helpers.arrayElement(['Office', 'Video call', 'Café downtown', 'Client site']) : null,
      })
      activityCount++
    }
  })

  const pipeline = services.pipelines.get(services.pipelines.defaultPipelineId())
  await inChunks(job, 1 + CONTACTS, DEALS, () => {
    const contact = services.contacts.get(faker.helpers.arrayElement(contactIds))
    const stage = faker.helpers.arrayElement(pipeline.stages)
    const deal = services.deals.create({
      title: `${contact.companyName ?? contact.lastName} – ${faker.helpers.arrayElement(['Annual plan', 'Pilot', 'Expansion', 'Renewal', 'Consulting', 'Hardware'])}`,
      valueMinor: faker.number.int({ min: 5, max: 400 }) * 10_000,
      currency: faker.helpers.weightedArrayElement([{ value: 'USD', weight: 8 }, { value: 'EUR', weight: 2 }]),
      stageId: stage.id,
      contactId: contact.id,
      companyId: contact.companyId,
      owner: contact.owner,
      expectedClose: new Date(now + faker.number.int({ min: -20, max: 120 }) * DAY).toISOString().slice(0, 10),
    })
    // Deals opened over the last months; some have sat in their stage a while (the board shows
    // rotting ones); closed ones closed some days after they opened (sales cycle, revenue by month).
    const age = faker.number.int({ min: 5, max: 300 })
    ctx.repo.write((w) =>
      w.update('deals', deal.id, { createdAt: now - age * DAY, stageEnteredAt: now - faker.number.int({ min: 0, max: Math.min(age, 30) }) * DAY }),
    )
    const fate = faker.number.float()
    if (fate < 0.35) {
      if (fate < 0.22) services.deals.win(deal.id)
      else services.deals.lose({ id: deal.id, reason: faker.helpers.arrayElement(['Too expensive', 'Went with a competitor', 'No budget', 'Bad timing']) })
      ctx.repo.write((w) => w.update('deals', deal.id, { closedAt: now - faker.number.int({ min: 0, max: age - 1 }) * DAY }))
    }
  })

  // Follow-ups: a few overdue (no reminder, so loading does not ring a bell), some for today
  // and the coming weeks with a reminder at the due time.
  const FOLLOW_UPS = ['Send the proposal', 'Call back about pricing', 'Check in after the demo', 'Share the case study', 'Confirm the meeting']
  await inChunks(job, 1 + CONTACTS + DEALS, FOLLOW_UP_COUNT, () => {
    const dueAt = now + faker.number.int({ min: -5, max: 20 }) * DAY + faker.number.int({ min: 1, max: 8 }) * 3600_000
    services.tasks.create({
      title: faker.helpers.arrayElement(FOLLOW_UPS),
      dueAt,
      reminderMinutesBefore: dueAt < now ? null : 0,
      priority: faker.helpers.arrayElement(['low', 'normal', 'normal', 'high'] as const),
      contactId: faker.helpers.arrayElement(contactIds),
    })
  })
  return { contacts: CONTACTS, companies: companies.length, activities: activityCount, deals: DEALS }
}
