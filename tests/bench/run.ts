/**
 * `npm run bench`: the app's read paths (core.invoke: validation, service, SQL, mapping, result
 * envelope) against raw better-sqlite3 running THE SAME SQL for the same rows on the same file, in
 * one run, at 10,000 and 100,000 contacts (tests/bench/datasets.ts: seeded faker data with
 * companies, channels, tags, custom values, history). So a ratio is the app's own overhead, not a
 * different amount of work. Prints a table and writes bench-results/latest.json.
 * BENCH_QUICK=1: only the 10,000 set. BENCH_SIZES=10000,50000 picks other sizes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, totalmem, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { createCore, DATABASE_FILE } from '../../src-main/core/core'
import { contactListSql, GET_CONTACT } from '../../src-main/core/services/contacts/contacts'
import { writeDataSet } from './datasets'
import { registerFold } from '../../src-main/core/db/fold'

const SIZES = process.env.BENCH_SIZES
  ? process.env.BENCH_SIZES.split(',').map(Number)
  : process.env.BENCH_QUICK
    ? [10_000]
    : [10_000, 100_000]
const root = resolve(__dirname, '../..')
const migrationsFolder = join(root, 'drizzle')
const quiet = { info() {}, warn() {}, error() {} }

interface Stat {
  p50: number
  p95: number
}
const stat = (samples: number[]): Stat => {
  samples.sort((a, b) => a - b)
  return { p50: samples[Math.floor(samples.length * 0.5)], p95: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))] }
}

/**
 * The app and its raw baseline measured in alternating blocks (so a busy moment of the machine hits
 * both alike), after a warm-up of each (page cache, prepared statements, JIT).
 */
async function pair(iterations: number, app: (i: number) => unknown, raw: (i: number) => unknown): Promise<{ app: Stat; raw: Stat }> {
  for (let i = 0; i < Math.min(50, iterations); i++) {
    await app(i)
    await raw(i)
  }
  const a: number[] = []
  const b: number[] = []
  const block = Math.max(1, Math.floor(iterations / 10))
  for (let start = 0; start < iterations; start += block) {
    for (let i = start; i < Math.min(iterations, start + block); i++) {
      const t0 = performance.now()
      await app(i)
      a.push(performance.now() - t0)
    }
    for (let i = start; i < Math.min(iterations, start + block); i++) {
      const t0 = performance.now()
      await raw(i)
      b.push(performance.now() - t0)
    }
  }
  return { app: stat(a), raw: stat(b) }
}

async function once(iterations: number, fn: (i: number) => unknown): Promise<Stat> {
  await fn(-1)
  const samples: number[] = []
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now()
    await fn(i)
    samples.push(performance.now() - t0)
  }
  return stat(samples)
}

interface Row {
  size: number
  name: string
  app: number
  raw: number | null
  ratio: number | null
  goal?: string
  met?: boolean
}

async function measureSize(contacts: number, rows: Row[]) {
  const dataDir = mkdtempSync(join(tmpdir(), `crm-bench-${contacts}-`))
  const data = writeDataSet(dataDir, migrationsFolder, { contacts })
  const writeMs = data.writeMs

  const core = createCore({ dataDir, migrationsFolder, log: quiet, scheduler: false, backupTimers: false })
  const invoke = async (name: string, input?: unknown) => {
    const r = await core.invoke(name, input)
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`)
    return r.value
  }
  const raw = new Database(join(dataDir, DATABASE_FILE), { readonly: true })
  const add = (name: string, m: { app: Stat; raw: Stat } | Stat, goal?: { max: number; text: string }) => {
    const app = 'app' in m ? m.app.p50 : m.p50
    const base = 'app' in m ? m.raw.p50 : null
    const ratio = base ? app / base : null
    rows.push({ size: contacts, name, app, raw: base, ratio, ...(goal && ratio !== null ? { goal: goal.text, met: ratio <= goal.max } : {}) })
  }
  const ids = data.contactIds
  const pick = (i: number) => ids[Math.abs(i * 2654435761) % ids.length]

  // get by id: the raw baseline is the service's own single statement (row + company name + channels,
  // tags and custom values as JSON), so the ratio is zod + JSON.parse/mapping + the result envelope.
  const rawGet = raw.prepare(GET_CONTACT)
  add('get contact by id', await pair(3000, (i) => invoke('contacts.get', { id: pick(i) }), (i) => rawGet.get(pick(i))), { max: 1.5, text: '≤ 1.5×' })

  // A list page: the same page SQL raw (columns the list shows, primary email/phone, tags). The app
  // also answers the total from its cache (valid until the next write; a recount is the row below).
  const byName = contactListSql({ sort: 'name', direction: 'asc' })
  const rawPage = raw.prepare(byName.page)
  add('list page of 100, first', await pair(400, () => invoke('contacts.list', { offset: 0, limit: 100 }), () => rawPage.all(100, 0)), { max: 1.3, text: '≤ 1.3×' })
  const deep = (i: number) => contacts - 100 * (1 + (i & 7)) // the last 800 rows: the longest OFFSET walk
  add('list page of 100, deep (offset ≈ end)', await pair(200, (i) => invoke('contacts.list', { offset: deep(i), limit: 100 }), (i) => rawPage.all(100, deep(i))), { max: 1.3, text: '≤ 1.3×' })
  const rawCount = raw.prepare(byName.count)
  add('total after a write (live_counts row, raw)', await once(50, () => rawCount.get()))
  const fullCount = raw.prepare('SELECT count(*) FROM contacts c INDEXED BY contacts_created WHERE c.deleted_at IS NULL')
  add('… what that count cost before live_counts (index count, raw)', await once(50, () => fullCount.get()))

  // A saved view, the issue's example: lead AND tag X AND last contacted more than 30 days ago.
  // Raw runs the SQL the service compiles from the filter; counts are what the sidebar recomputes
  // after a write (between writes the app answers them from its cache).
  registerFold(raw)
  const viewFilter = {
    match: 'all' as const,
    conditions: [
      { field: 'lifecycleStage' as const, operator: 'is' as const, value: 'lead' },
      { field: 'tag' as const, operator: 'is' as const, value: data.tagIds[0] },
      { field: 'lastContacted' as const, operator: 'moreThanDaysAgo' as const, value: 30 },
    ],
  }
  const view = contactListSql({ sort: 'name', direction: 'asc', filter: viewFilter }, Date.now())
  const rawViewPage = raw.prepare(view.page)
  add('saved view: first page (3 conditions)', await pair(200, () => invoke('contacts.list', { filter: viewFilter, limit: 100 }), () => rawViewPage.all(...view.params, 100, 0)), { max: 1.3, text: '≤ 1.3×' })
  const rawViewCount = raw.prepare(view.count)
  add('saved view: count after a write (3 conditions, raw)', await once(30, () => rawViewCount.get(...view.params)))
  const textView = contactListSql({ sort: 'name', direction: 'asc', filter: { match: 'all', conditions: [{ field: 'owner', operator: 'contains', value: 'sa' }] } })
  const rawTextCount = raw.prepare(textView.count)
  add('saved view: count after a write (owner contains "sa", folded, raw)', await once(30, () => rawTextCount.get(...textView.params)))

  // Timeline: the raw baseline reads the same rows (SELECT *), the app maps them to entries.
  const history = data.withHistory
  const rawTimeline = raw.prepare('SELECT * FROM activities WHERE contact_id = ? AND deleted_at IS NULL ORDER BY occurred_at DESC, id DESC LIMIT 200')
  add('timeline of a contact (20 entries)', await pair(2000, (i) => invoke('activities.list', { contactId: history[i % history.length] }), (i) => rawTimeline.all(history[i % history.length])))

  // The board: 2,000 open deals across 8 stages, created through invoke.
  const pipeline = (await invoke('pipelines.create', {
    name: 'Bench',
    stages: Array.from({ length: 8 }, (_, k) => ({ name: `Stage ${k + 1}`, probability: 10 + k * 10, rottingDays: 14 })),
  })) as { id: string; stages: { id: string }[] }
  const dealIds: string[] = []
  for (let i = 0; i < 2000; i++) {
    const deal = (await invoke('deals.create', {
      title: `Deal ${i}`,
      valueMinor: 10_000 + i,
      currency: i % 5 === 0 ? 'EUR' : 'USD',
      stageId: pipeline.stages[i % 8].id,
      contactId: pick(i),
    })) as { id: string }
    dealIds.push(deal.id)
  }
  const rawBoard = raw.prepare(
    `SELECT d.*, s.name AS stage_name, s.probability, s.rotting_days FROM deals d JOIN stages s ON s.id = d.stage_id
     WHERE d.pipeline_id = ? AND d.status = 'open' AND d.deleted_at IS NULL ORDER BY d.rank, d.id`,
  )
  add('board of 2,000 open deals', await pair(60, () => invoke('deals.board', { pipelineId: pipeline.id }), () => rawBoard.all(pipeline.id)))
  const writer = new Database(join(dataDir, DATABASE_FILE))
  const rawMove = writer.prepare('UPDATE deals SET rank = ?, updated_at = ? WHERE id = ?')
  add(
    'move a deal (drop → persisted)',
    await pair(
      400,
      (i) => invoke('deals.move', { id: dealIds[(i * 7) % 2000], stageId: pipeline.stages[(i * 7) % 8].id, afterId: null }),
      (i) => writer.transaction(() => rawMove.run(`a${i}`, Date.now(), dealIds[(i * 7) % 2000]))(),
    ),
  )
  writer.close()
  raw.close()
  core.close()
  const memoryMb = Math.round(process.memoryUsage().rss / 1e6)

  return { contacts, writeMs: Math.round(writeMs), memoryMb, dataDir, startMs: 0 }
}

/**
 * Core start as the app does it: open + migrate check + default pipeline/rules + scheduler, then the
 * first list page (with its total: a fresh connection has no cached count). The sizes take turns,
 * run after run, so a busy moment of the machine cannot favour one of them.
 */
async function measureStarts(sizes: { contacts: number; dataDir: string; startMs: number }[], rows: Row[]) {
  const samples = sizes.map(() => ({ all: [] as number[], open: [] as number[], page: [] as number[] }))
  for (let run = 0; run < 25; run++) {
    for (const [k, s] of sizes.entries()) {
      const t0 = performance.now()
      const c = createCore({ dataDir: s.dataDir, migrationsFolder, log: quiet, backupTimers: false })
      const t1 = performance.now()
      const r = await c.invoke('contacts.list', { offset: 0, limit: 100 })
      if (!r.ok) throw new Error(r.error.message)
      const t2 = performance.now()
      c.close()
      if (run < 3) continue // warm-up
      samples[k].all.push(t2 - t0)
      samples[k].open.push(t1 - t0)
      samples[k].page.push(t2 - t1)
    }
  }
  for (const [k, s] of sizes.entries()) {
    s.startMs = stat(samples[k].all).p50
    rows.push({ size: s.contacts, name: 'core start (open + migrate check + first list page)', app: s.startMs, raw: null, ratio: null })
    rows.push({ size: s.contacts, name: '… of which open + migrate check', app: stat(samples[k].open).p50, raw: null, ratio: null })
    rows.push({ size: s.contacts, name: '… of which the first list page, count included', app: stat(samples[k].page).p50, raw: null, ratio: null })
  }
}

/** Seeding rate through core.invoke (validation, repository, change log per contact). */
async function seedingRate(count: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-bench-seed-'))
  const core = createCore({ dataDir, migrationsFolder, log: quiet, scheduler: false, backupTimers: false })
  const invoke = async (name: string, input?: unknown) => {
    const r = await core.invoke(name, input)
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`)
    return r.value as { id: string }
  }
  const tag = await invoke('tags.create', { name: 'Hot' })
  const company = await invoke('companies.create', { name: 'Acme' })
  const t0 = performance.now()
  for (let i = 0; i < count; i++) {
    await invoke('contacts.create', {
      firstName: `First${i}`,
      lastName: `Last${(i * 7919) % count}`,
      companyId: i % 3 === 0 ? company.id : null,
      emails: [{ value: `person${i}@example.com` }],
      phones: [{ value: `+1 555 ${String(i).padStart(6, '0')}` }],
      tagIds: i % 4 === 0 ? [tag.id] : [],
    })
  }
  const ms = performance.now() - t0
  core.close()
  rmSync(dataDir, { recursive: true, force: true })
  return Math.round((count / ms) * 1000)
}

async function main() {
  const t0 = performance.now()
  const rows: Row[] = []
  const sizes = []
  for (const size of SIZES) sizes.push(await measureSize(size, rows))
  await measureStarts(sizes, rows)
  for (const s of sizes) rmSync(s.dataDir, { recursive: true, force: true })
  const seedPerSecond = await seedingRate(2000)

  const goals: { name: string; goal: string; value: number; met: boolean }[] = rows
    .filter((r) => r.goal)
    .map((r) => ({ name: `${r.name} @ ${r.size.toLocaleString('en-US')}`, goal: r.goal!, value: r.ratio!, met: r.met! }))
  if (sizes.length > 1) {
    const [small, big] = [sizes[0], sizes[sizes.length - 1]]
    const ratio = big.startMs / small.startMs
    goals.push({ name: `core start @ ${big.contacts.toLocaleString('en-US')} ÷ @ ${small.contacts.toLocaleString('en-US')}`, goal: '≤ 1.2×', value: ratio, met: ratio <= 1.2 })
  }

  const machine = `${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, node ${process.version}, SQLite ${new Database(':memory:').prepare('SELECT sqlite_version() AS v').pluck().get()}`
  const result = { date: new Date().toISOString(), machine, sizes: sizes.map(({ dataDir: _, ...s }) => s), seedThroughInvokePerSecond: seedPerSecond, rows, goals, totalSeconds: 0 }

  console.log(`\n${machine}`)
  console.log('Baselines: raw better-sqlite3 runs the SAME SQL as the service (same rows, same columns, one statement for')
  console.log('get and for a list page), so "ratio" is the app\'s overhead: input validation, mapping, the result envelope.')
  console.log('Timeline/board/move baselines read or write the same rows with plain SQL.\n')
  for (const s of sizes) {
    console.log(`| ${s.contacts.toLocaleString('en-US')} contacts | app ms p50 | raw ms p50 | ratio | goal |\n| --- | --- | --- | --- | --- |`)
    for (const r of rows.filter((x) => x.size === s.contacts)) {
      const goal = r.goal ? `${r.goal} ${r.met ? 'met' : 'MISSED'}` : ''
      console.log(`| ${r.name} | ${r.app.toFixed(3)} | ${r.raw === null ? '' : r.raw.toFixed(3)} | ${r.ratio === null ? '' : `${r.ratio.toFixed(2)}×`} | ${goal} |`)
    }
    console.log(`data set written in ${(s.writeMs / 1000).toFixed(1)} s (raw inserts); resident memory after: ${s.memoryMb} MB\n`)
  }
  console.log(`seeding through core.invoke: ${seedPerSecond} contacts/s (each with company, email, phone, 1 in 4 tagged)`)
  console.log('\nGoals:')
  for (const g of goals) console.log(`  ${g.met ? 'met   ' : 'MISSED'} ${g.name}: ${g.value.toFixed(2)}× (goal ${g.goal})`)
  result.totalSeconds = Math.round((performance.now() - t0) / 1000)
  console.log(`\nbench took ${result.totalSeconds} s`)

  mkdirSync(join(root, 'bench-results'), { recursive: true })
  writeFileSync(join(root, 'bench-results', 'latest.json'), JSON.stringify(result, null, 2))
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
