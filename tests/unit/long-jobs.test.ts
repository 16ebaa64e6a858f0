/**
 * Long jobs (issue 12) on a real core: vCard import, sample data, duplicate scan, backup and
 * restore run as jobs of short chunks. For each: job.progress events arrive (done / total), a
 * command issued while the job runs answers before the job ends, and Cancel (jobs.cancel with the
 * id from the first event) leaves nothing of a write job and no partial backup file.
 *
 * "Answers before the job ends" is deterministic without sleeps: a job runs its first chunk within
 * the invoke that starts it and then pauses (setImmediate), so a command invoked right after runs
 * before the second chunk; each job here has enough data (or phases) for more than one chunk.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { Result } from '../../src-shared/errors'
import type { JobKind, JobProgress } from '../../src-shared/model/job'
import { openCore, readDb } from './helpers'

type Env = ReturnType<typeof openCore>

/** Every job.progress event of one kind, the first one (once it came) and its id. */
function watchJobs(env: Env, kind: JobKind) {
  const events: JobProgress[] = []
  let firstCame: (p: JobProgress) => void = () => {}
  const first = new Promise<JobProgress>((resolve) => (firstCame = resolve))
  env.core.on('job.progress', (p) => {
    if (p.kind !== kind) return
    events.push(p)
    if (events.length === 1) firstCame(p)
  })
  return {
    events,
    first,
    id: () => {
      expect(events.length, `a ${kind} job.progress event`).toBeGreaterThan(0)
      return events[0].id
    },
  }
}

/** Starts a command without awaiting it; `settled` turns true once it has answered. */
function start<T>(promise: Promise<Result<T>>) {
  const state = { settled: false, result: promise }
  promise.then(() => void (state.settled = true))
  return state
}

/** One event-loop turn: lets a paused job run its next chunk (not a sleep). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Live rows per table, read from the file with a connection of its own. */
function liveRows(env: Env, tables: string[]): Record<string, number> {
  return readDb(env.dataDir, (db) =>
    Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM ${t} WHERE deleted_at IS NULL`).pluck().get() as number])),
  )
}

const count = async (env: Env, what: 'contacts' | 'companies') => (await env.ok(`${what}.list`, { limit: 1 })).total
const tagCount = async (env: Env) => (await env.ok('tags.list')).length

function vcards(n: number): string {
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    out.push(
      'BEGIN:VCARD',
      'VERSION:3.0',
      `N:Person${i};Card;;;`,
      `FN:Card Person${i}`,
      `ORG:Batch Org ${i % 40}`,
      `EMAIL;TYPE=work:card${i}@batch.example`,
      `TEL;TYPE=cell:+1 555 ${String(1000 + i).padStart(4, '0')}`,
      'CATEGORIES:Batch,Imported',
      'END:VCARD',
    )
  }
  return out.join('\r\n') + '\r\n'
}

describe('vCard import as a job', { timeout: 60_000 }, () => {
  const CARDS = 1500

  test('vcard import: progress events, reads answer between chunks, the result is as before', async () => {
    const env = openCore()
    const jobs = watchJobs(env, 'vcard.import')
    const running = start(env.core.invoke('vcard.import', { text: vcards(CARDS), fileName: 'batch.vcf' }))
    expect(jobs.events[0]).toMatchObject({ status: 'running', done: 0, total: CARDS, cancellable: true })

    // a read issued meanwhile answers before the import ends, and sees the chunks written so far
    const seen = await count(env, 'contacts')
    expect(running.settled).toBe(false)
    expect(seen).toBeGreaterThan(0)
    expect(seen).toBeLessThan(CARDS)

    const result = await running.result
    if (!result.ok) throw new Error(result.error.message)
    expect(result.value).toMatchObject({ cards: CARDS, created: CARDS, rejected: [], warnings: [] })
    expect(result.value.contactIds).toHaveLength(CARDS)
    expect(result.value.companyIds).toHaveLength(40)
    expect(result.value.tagIds).toHaveLength(2)
    expect(await count(env, 'contacts')).toBe(CARDS)

    const last = jobs.events.at(-1)!
    expect(last).toMatchObject({ id: jobs.id(), status: 'done', done: CARDS, total: CARDS })
    expect(jobs.events.every((e) => e.done <= e.total)).toBe(true)
  })

  test('vcard import: Cancel leaves nothing of it (contacts, companies and tags back to before)', async () => {
    const env = openCore()
    await env.ok('contacts.create', { firstName: 'Already', lastName: 'Here' })
    await env.ok('companies.create', { name: 'Batch Org 3' }) // found by name, not made: stays
    const before = { contacts: await count(env, 'contacts'), companies: await count(env, 'companies'), tags: await tagCount(env) }
    const jobs = watchJobs(env, 'vcard.import')
    const running = start(env.core.invoke('vcard.import', { text: vcards(CARDS), fileName: 'batch.vcf' }))
    expect(await count(env, 'contacts')).toBeGreaterThan(before.contacts) // a chunk is in
    await env.ok('jobs.cancel', { id: jobs.id() })

    const result = await running.result
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('CANCELLED')
    expect({ contacts: await count(env, 'contacts'), companies: await count(env, 'companies'), tags: await tagCount(env) }).toEqual(before)
    expect(jobs.events.at(-1)).toMatchObject({ id: jobs.id(), status: 'cancelled', canUndo: false })
    expect(jobs.events.some((e) => e.status === 'cancelling')).toBe(true)
  })
})

describe('sample data as a job', { timeout: 60_000 }, () => {
  const TABLES = ['contacts', 'companies', 'tags', 'contact_tags', 'contact_channels', 'activities', 'deals', 'tasks']

  test('sample data: progress events, reads answer between chunks, the result is as before', async () => {
    const env = openCore()
    const jobs = watchJobs(env, 'sampleData')
    const running = start(env.core.invoke('sampleData.load'))
    expect(jobs.events[0]).toMatchObject({ status: 'running', done: 0, cancellable: true })
    const total = jobs.events[0].total
    expect(total).toBeGreaterThan(200)

    // the first chunk is the tags and the companies; each turn lets at most one more chunk run, and
    // the people, deals and follow-ups take several: reads see the load half-way
    for (let i = 0; i < 1000 && (await count(env, 'companies')) < 30; i++) await turn()
    expect(await count(env, 'companies')).toBe(30)
    expect(await count(env, 'contacts')).toBeLessThan(200)
    expect(running.settled).toBe(false)

    const result = await running.result
    if (!result.ok) throw new Error(result.error.message)
    expect(result.value).toMatchObject({ contacts: 200, companies: 30, deals: 60 })
    expect(jobs.events.at(-1)).toMatchObject({ id: jobs.id(), status: 'done', done: total, total })
  })

  test('sample data: Cancel leaves nothing of it', async () => {
    const env = openCore()
    await env.ok('tags.create', { name: 'VIP' }) // reused by the load: stays
    await env.ok('contacts.create', { firstName: 'Already', lastName: 'Here', emails: [{ value: 'here@example.com' }] })
    const before = liveRows(env, TABLES)
    const jobs = watchJobs(env, 'sampleData')
    const running = start(env.core.invoke('sampleData.load'))
    // let it write some people first, then cancel
    for (let i = 0; i < 1000 && (await count(env, 'contacts')) <= before.contacts; i++) await turn()
    expect(await count(env, 'contacts')).toBeGreaterThan(before.contacts)
    expect(running.settled).toBe(false)
    await env.ok('jobs.cancel', { id: jobs.id() })

    const result = await running.result
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('CANCELLED')
    expect(liveRows(env, TABLES)).toEqual(before)
    expect(jobs.events.at(-1)).toMatchObject({ id: jobs.id(), status: 'cancelled' })
    expect((await env.ok('jobs.list')).find((j) => j.id === jobs.id())).toMatchObject({ status: 'cancelled', canUndo: false })
  })
})

describe('duplicate scan as a read job', { timeout: 60_000 }, () => {
  /** Pairs by email, by phone and by name at one company; the scan pauses between its phases. */
  async function seed(env: Env) {
    const acme = await env.ok('companies.create', { name: 'Acme' })
    await env.ok('contacts.create', { firstName: 'Ada', lastName: 'Lovelace', emails: [{ value: 'ada@example.com' }] })
    await env.ok('contacts.create', { firstName: 'Ada', lastName: 'L.', emails: [{ value: ' ADA@example.com' }] })
    await env.ok('contacts.create', { firstName: 'Grace', lastName: 'Hopper', phones: [{ value: '+44 20 7946 0001' }] })
    await env.ok('contacts.create', { firstName: 'G', lastName: 'Hopper', phones: [{ value: '020 7946 0001' }] })
    await env.ok('contacts.create', { firstName: 'Alan', lastName: 'Turing', companyId: acme.id })
    await env.ok('contacts.create', { firstName: 'alan', lastName: 'TURING', companyId: acme.id })
  }

  test('duplicate scan: progress events, reads answer while it runs, same result as awaited alone', async () => {
    const env = openCore()
    await seed(env)
    const jobs = watchJobs(env, 'duplicates.scan')
    const running = start(env.core.invoke('duplicates.list', { region: 'GB' }))
    expect(jobs.events[0]).toMatchObject({ status: 'running', done: 0, cancellable: true })
    expect((await env.ok('contacts.list', {})).total).toBe(6)
    expect(running.settled).toBe(false)

    const result = await running.result
    if (!result.ok) throw new Error(result.error.message)
    expect(result.value.total).toBe(3)
    expect(result.value.pairs.map((p) => p.reasons[0].kind).sort()).toEqual(['email', 'name', 'phone'])
    const last = jobs.events.at(-1)!
    expect(last).toMatchObject({ id: jobs.id(), status: 'done', canUndo: false })
    expect(last.done).toBe(last.total)

    // nothing changed: the cached result, no new job
    expect((await env.ok('duplicates.count', { region: 'GB' })).count).toBe(3)
    expect(new Set(jobs.events.map((e) => e.id)).size).toBe(1)
  })

  test('duplicate scan: two asked at once share one running scan', async () => {
    const env = openCore()
    await seed(env)
    const jobs = watchJobs(env, 'duplicates.scan')
    const [list, count] = await Promise.all([env.ok('duplicates.list', { region: 'GB' }), env.ok('duplicates.count', { region: 'GB' })])
    expect(list.total).toBe(3)
    expect(count.count).toBe(3)
    expect(new Set(jobs.events.map((e) => e.id)).size).toBe(1)
  })

  test('duplicate scan: Cancel stops it (CANCELLED), and the next scan runs whole', async () => {
    const env = openCore()
    await seed(env)
    const jobs = watchJobs(env, 'duplicates.scan')
    const running = start(env.core.invoke('duplicates.count', { region: 'GB' }))
    await env.ok('jobs.cancel', { id: jobs.id() })
    const result = await running.result
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('CANCELLED')
    expect(jobs.events.at(-1)).toMatchObject({ id: jobs.id(), status: 'cancelled' })
    // not cached, not left running: asked again, it scans again
    expect((await env.ok('duplicates.count', { region: 'GB' })).count).toBe(3)
    expect(new Set(jobs.events.map((e) => e.id)).size).toBe(2)
  })
})

describe('backup and restore as jobs', { timeout: 120_000 }, () => {
  const backupFiles = (env: Env) => (existsSync(join(env.dataDir, 'backups')) ? readdirSync(join(env.dataDir, 'backups')) : [])
  const names = async (env: Env) => (await env.ok('contacts.list', { limit: 500 })).items.map((c) => c.firstName)

  test('backup: progress in pages, reads answer while it copies, the file is as before', async () => {
    const env = openCore()
    await env.ok('sampleData.load')
    const jobs = watchJobs(env, 'backup')
    const running = start(env.core.invoke('backups.create'))
    expect((await jobs.first).status).toBe('running')
    expect(await count(env, 'contacts')).toBe(200)
    expect(running.settled).toBe(false)

    const result = await running.result
    if (!result.ok) throw new Error(result.error.message)
    expect(backupFiles(env)).toEqual([result.value.fileName])
    const last = jobs.events.at(-1)!
    expect(last).toMatchObject({ id: jobs.id(), status: 'done' })
    expect(last.total).toBeGreaterThan(100) // pages
    expect(last.done).toBe(last.total)
  })

  test('backup: Cancel stops the copy and leaves no partial file; the next backup works', async () => {
    const env = openCore()
    await env.ok('sampleData.load')
    const jobs = watchJobs(env, 'backup')
    const running = start(env.core.invoke('backups.create'))
    await jobs.first
    await env.ok('jobs.cancel', { id: jobs.id() })
    const result = await running.result
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('CANCELLED')
    expect(backupFiles(env)).toEqual([]) // no .partial, no backup
    expect(jobs.events.at(-1)).toMatchObject({ id: jobs.id(), status: 'cancelled' })

    const again = await env.ok('backups.create')
    expect(backupFiles(env)).toEqual([again.fileName])
  })

  test('restore: its four steps as progress, reads answer until the swap, then the restored data', async () => {
    const env = openCore()
    await env.ok('contacts.create', { firstName: 'Before' })
    const backup = await env.ok('backups.create')
    await env.ok('contacts.create', { firstName: 'After' })
    const jobs = watchJobs(env, 'restore')
    const running = start(env.core.invoke('backups.restore', { path: backup.path }))
    expect(await jobs.first).toMatchObject({ status: 'running', done: 0, total: 4, cancellable: true })
    expect((await names(env)).sort()).toEqual(['After', 'Before']) // still the live data
    expect(running.settled).toBe(false)

    const result = await running.result
    if (!result.ok) throw new Error(result.error.message)
    expect(await names(env)).toEqual(['Before'])
    expect(jobs.events.at(-1)).toMatchObject({ id: jobs.id(), status: 'done', done: 4, total: 4 })
  })

  test('restore: Cancel before the swap changes nothing, leaves no copy behind, and restore works after', async () => {
    const env = openCore()
    await env.ok('contacts.create', { firstName: 'Before' })
    const backup = await env.ok('backups.create')
    await env.ok('contacts.create', { firstName: 'After' })
    const jobs = watchJobs(env, 'restore')
    const running = start(env.core.invoke('backups.restore', { path: backup.path }))
    await jobs.first
    await env.ok('jobs.cancel', { id: jobs.id() })
    const result = await running.result
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('CANCELLED')
    expect((await names(env)).sort()).toEqual(['After', 'Before'])
    expect(readdirSync(env.dataDir).filter((f) => f.includes('before-restore') || f.includes('restoring'))).toEqual([])
    expect(jobs.events.at(-1)).toMatchObject({ id: jobs.id(), status: 'cancelled' })

    await env.ok('backups.restore', { path: backup.path })
    expect(await names(env)).toEqual(['Before'])
  })

  test('restore: refused while another job runs (it would lose its database half-way); nothing changes', async () => {
    const env = openCore()
    const backup = await env.ok('backups.create')
    const importing = start(env.core.invoke('vcard.import', { text: vcards(1500), fileName: 'batch.vcf' }))
    const error = await env.err('backups.restore', { path: backup.path })
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toMatch(/Importing 1,500 cards from batch\.vcf” is still running/)
    expect(importing.settled).toBe(false)
    const imported = await importing.result
    expect(imported.ok).toBe(true)
    expect(await count(env, 'contacts')).toBe(1500)
    expect(readdirSync(env.dataDir).filter((f) => f.includes('before-restore') || f.includes('restoring'))).toEqual([])
  })
})
