/**
 * Reports at size: 100,000 contacts, 20,000 deals, 1,000,000 history entries. The data set is
 * written with raw prepared inserts (a bench fixture; a million entries through core.invoke would
 * take many minutes), then every report runs through core.invoke; p50/p95 over repeated runs.
 * Goal: every report ≤ 200 ms p95. Sizes: BENCH_REPORT_SCALE (default 1 = the sizes above).
 * BENCH_REPORT_DIR keeps the data set in that folder and reuses it on the next run (for tuning).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { v7 as uuidv7 } from 'uuid'
import { createCore, DATABASE_FILE } from '../../src-main/core/core'
import { seededRandom } from '../seeded-random'
import { percentiles } from './percentiles'

const SCALE = Number(process.env.BENCH_REPORT_SCALE ?? 1)
const CONTACTS = Math.round(100_000 * SCALE)
const DEALS = Math.round(20_000 * SCALE)
const ACTIVITIES = Math.round(1_000_000 * SCALE)
const DAY = 86_400_000
const root = resolve(__dirname, '../..')
const quiet = { info() {}, warn() {}, error() {} }

async function main() {
  const keptDir = process.env.BENCH_REPORT_DIR
  const dataDir = keptDir ? (mkdirSync(keptDir, { recursive: true }), keptDir) : mkdtempSync(join(tmpdir(), 'crm-bench-reports-'))
  const migrationsFolder = join(root, 'drizzle')
  const now = Date.now()
  if (!keptDir || !existsSync(join(dataDir, DATABASE_FILE))) await writeDataSet(dataDir, migrationsFolder, now)
  await measure(dataDir, migrationsFolder, now)
  if (!keptDir) rmSync(dataDir, { recursive: true, force: true })
}

async function writeDataSet(dataDir: string, migrationsFolder: string, now: number) {
  createCore({ dataDir, migrationsFolder, log: quiet, scheduler: false }).close() // migrate, default pipeline

  const db = new Database(join(dataDir, DATABASE_FILE))
  const rnd = seededRandom(7)
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]
  const stages = db.prepare("SELECT s.id, s.pipeline_id FROM stages s ORDER BY s.position").all() as { id: string; pipeline_id: string }[]
  const t0 = performance.now()
  db.transaction(() => {
    const contact = db.prepare(
      `INSERT INTO contacts (id, created_at, updated_at, first_name, last_name, lead_source, lifecycle_stage, owner)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const contactIds: string[] = []
    for (let i = 0; i < CONTACTS; i++) {
      const id = uuidv7()
      const created = now - Math.floor(rnd() * 730) * DAY
      contact.run(id, created, created, `First${i}`, `Last${i}`, pick(['LinkedIn', 'Facebook', 'Referral', 'Website', null]), pick(['lead', 'prospect', 'customer', 'former_customer']), pick(['Alex', 'Sam', 'Jordan', null]))
      contactIds.push(id)
    }
    const deal = db.prepare(
      `INSERT INTO deals (id, created_at, updated_at, pipeline_id, stage_id, title, value_minor, currency, contact_id, owner,
         expected_close, status, lost_reason, closed_at, stage_entered_at, rank)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const visit = db.prepare('INSERT INTO deal_stage_visits (id, created_at, updated_at, deal_id, stage_id, entered_at, left_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    for (let i = 0; i < DEALS; i++) {
      const id = uuidv7()
      const created = now - Math.floor(rnd() * 700) * DAY
      const stage = pick(stages)
      const status = pick(['open', 'open', 'won', 'lost'] as const)
      const closed = status === 'open' ? null : created + Math.floor(rnd() * 60) * DAY
      const expected = new Date(now + Math.floor(rnd() * 300 - 100) * DAY).toISOString().slice(0, 10)
      deal.run(id, created, created, stage.pipeline_id, stage.id, `Deal ${i}`, Math.floor(rnd() * 1_000_000), pick(['USD', 'USD', 'EUR']), pick(contactIds), pick(['Alex', 'Sam', null]), expected, status, status === 'lost' ? pick(['Price', 'Timing', 'Competitor']) : null, closed, created, `a${i}`)
      visit.run(uuidv7(), created, created, id, stage.id, created, closed)
    }
    const activity = db.prepare('INSERT INTO activities (id, created_at, updated_at, type, contact_id, occurred_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)')
    for (let i = 0; i < ACTIVITIES; i++) {
      const at = now - Math.floor(rnd() * 730 * DAY)
      activity.run(uuidv7(), at, at, pick(['note', 'call', 'email', 'meeting']), pick(contactIds), at, '')
    }
  })()
  db.pragma('optimize')
  db.close()
  console.log(`data set: ${CONTACTS.toLocaleString('en-US')} contacts, ${DEALS.toLocaleString('en-US')} deals, ${ACTIVITIES.toLocaleString('en-US')} history entries (${((performance.now() - t0) / 1000).toFixed(1)} s to write)`)
}

async function measure(dataDir: string, migrationsFolder: string, now: number) {

  const core = createCore({ dataDir, migrationsFolder, log: quiet, scheduler: false })
  const day = new Date(now)
  day.setHours(0, 0, 0, 0)
  const year = { from: now - 365 * DAY, to: now + DAY }
  const reports: [string, unknown][] = [
    ['reports.dashboard', { dayStart: day.getTime(), dayEnd: day.getTime() + DAY, weekStart: day.getTime() - 6 * DAY, monthStart: day.getTime() - 20 * DAY, monthEnd: day.getTime() + 10 * DAY, prevMonthStart: day.getTime() - 50 * DAY, quarterStart: day.getTime() - 40 * DAY, quarterEnd: day.getTime() + 50 * DAY }],
    ['reports.leadSources', year],
    ['reports.winRate', { ...year, groupBy: 'month' }],
    ['reports.winRate', { ...year, groupBy: 'owner' }],
    ['reports.salesCycle', year],
    ['reports.funnel', year],
    ['reports.revenue', { from: now - 365 * DAY, to: now + 180 * DAY }],
    ['reports.activity', { ...year, groupBy: 'week' }],
    ['reports.activity', { ...year, groupBy: 'owner' }],
    ['reports.lostReasons', year],
  ]
  // The scale: raw SQLite counting a year of history entries, the least any scan of them costs.
  const raw = new Database(join(dataDir, DATABASE_FILE), { readonly: true })
  const countYear = raw.prepare('SELECT count(*) FROM activities WHERE occurred_at >= ? AND occurred_at < ? AND deleted_at IS NULL')
  const base = await percentiles(async () => void countYear.get(year.from, year.to))
  raw.close()
  console.log(`\nraw SQLite, count a year of history entries: p50 ${base.p50.toFixed(1)} ms (the ratio column divides by this)`)
  console.log('\n| report (last 12 months) | p50 ms | p95 ms | p50 ÷ raw count | goal p95 ≤ 200 ms |\n| --- | --- | --- | --- | --- |')
  for (const [name, input] of reports) {
    const { p50, p95 } = await percentiles(async () => {
      const r = await core.invoke(name, input)
      if (!r.ok) throw new Error(`${name}: ${r.error.message}`)
    })
    const label = `${name}${(input as { groupBy?: string }).groupBy ? ` by ${(input as { groupBy: string }).groupBy}` : ''}`
    console.log(`| ${label} | ${p50.toFixed(1)} | ${p95.toFixed(1)} | ${(p50 / base.p50).toFixed(2)}× | ${p95 <= 200 ? 'met' : 'MISSED'} |`)
  }
  core.close()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
