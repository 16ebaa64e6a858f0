/**
 * `npm run bench`: the app's path (core.invoke: validation, service, SQL, mapping) against raw
 * better-sqlite3 doing the nearest same work on the same file, in one run. Prints a table and writes
 * bench-results/latest.json. Sizes: BENCH_CONTACTS (default 10000).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { createCore, DATABASE_FILE } from '../../src-main/core/core'

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10_000)
const root = resolve(__dirname, '../..')
const quiet = { info() {}, warn() {}, error() {} }

async function time(iterations: number, fn: (i: number) => unknown): Promise<{ p50: number; p95: number; mean: number }> {
  for (let i = 0; i < Math.min(50, iterations); i++) await fn(i) // warm up: caches, prepared statements, JIT
  const samples: number[] = []
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now()
    await fn(i)
    samples.push(performance.now() - t0)
  }
  samples.sort((a, b) => a - b)
  return {
    p50: samples[Math.floor(samples.length * 0.5)],
    p95: samples[Math.floor(samples.length * 0.95)],
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
  }
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-bench-'))
  const migrationsFolder = join(root, 'drizzle')
  const core = createCore({ dataDir, migrationsFolder, log: quiet })
  const invoke = async (name: string, input?: unknown) => {
    const r = await core.invoke(name, input)
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`)
    return r.value
  }

  // Data set: CONTACTS contacts with an email and a phone, 1 in 4 tagged, 3 history entries each.
  const t0 = performance.now()
  const tag = (await invoke('tags.create', { name: 'Hot' })) as { id: string }
  const ids: string[] = []
  for (let i = 0; i < CONTACTS; i++) {
    const c = (await invoke('contacts.create', {
      firstName: `First${i}`,
      lastName: `Last${(i * 7919) % CONTACTS}`,
      emails: [{ value: `person${i}@example.com` }],
      phones: [{ value: `+1 555 ${String(i).padStart(6, '0')}` }],
      tagIds: i % 4 === 0 ? [tag.id] : [],
    })) as { id: string }
    ids.push(c.id)
    for (let k = 0; k < 3; k++) await invoke('activities.create', { type: k === 0 ? 'note' : 'call', contactId: c.id, occurredAt: 1_700_000_000_000 + i * 1000 + k })
  }
  const seedMs = performance.now() - t0

  const raw = new Database(join(dataDir, DATABASE_FILE), { readonly: true })
  const rawGet = raw.prepare('SELECT * FROM contacts WHERE id = ?')
  const rawPage = raw.prepare(
    "SELECT * FROM contacts WHERE deleted_at IS NULL ORDER BY ltrim(first_name || ' ' || last_name) COLLATE NOCASE, id LIMIT 100 OFFSET ?",
  )
  const rawTimeline = raw.prepare('SELECT * FROM activities WHERE contact_id = ? AND deleted_at IS NULL ORDER BY occurred_at DESC, id DESC LIMIT 200')
  const pick = (i: number) => ids[(i * 2654435761) % ids.length]
  const offset = (i: number) => ((i * 37) % Math.max(1, Math.floor(CONTACTS / 100))) * 100

  const rows: { name: string; app: number; raw: number; ratio: number; unit: string }[] = []
  const compare = async (name: string, iterations: number, app: (i: number) => unknown, baseline: (i: number) => unknown) => {
    const a = await time(iterations, app)
    const b = await time(iterations, baseline)
    rows.push({ name, app: a.p50, raw: b.p50, ratio: a.p50 / b.p50, unit: 'ms p50' })
  }

  await compare('get contact by id', 2000, (i) => invoke('contacts.get', { id: pick(i) }), (i) => rawGet.get(pick(i)))
  await compare('list page of 100 (by name)', 300, (i) => invoke('contacts.list', { offset: offset(i), limit: 100 }), (i) => rawPage.all(offset(i)))
  await compare('timeline of a contact', 2000, (i) => invoke('activities.list', { contactId: pick(i) }), (i) => rawTimeline.all(pick(i)))

  // The board: 2,000 open deals across 8 stages.
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
      contactId: ids[i % ids.length],
    })) as { id: string }
    dealIds.push(deal.id)
  }
  const rawBoard = raw.prepare(
    `SELECT d.*, s.name AS stage_name, s.probability, s.rotting_days FROM deals d JOIN stages s ON s.id = d.stage_id
     WHERE d.pipeline_id = ? AND d.status = 'open' AND d.deleted_at IS NULL ORDER BY d.rank, d.id`,
  )
  await compare('board of 2,000 open deals', 100, () => invoke('deals.board', { pipelineId: pipeline.id }), () => rawBoard.all(pipeline.id))
  const writer = new Database(join(dataDir, DATABASE_FILE))
  const rawMove = writer.prepare('UPDATE deals SET rank = ?, updated_at = ? WHERE id = ?')
  await compare(
    'move a deal (drop → persisted)',
    500,
    (i) => invoke('deals.move', { id: dealIds[(i * 7) % 2000], stageId: pipeline.stages[(i * 7) % 8].id, afterId: null }),
    (i) => writer.transaction(() => rawMove.run(`a${i}`, Date.now(), dealIds[(i * 7) % 2000]))(),
  )
  writer.close()

  const startDir = dataDir
  core.close()
  const startup = await time(10, () => createCore({ dataDir: startDir, migrationsFolder, log: quiet }).close())

  const result = {
    date: new Date().toISOString(),
    machine: `${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
    contacts: CONTACTS,
    seed: { ms: Math.round(seedMs), contactsPerSecond: Math.round((CONTACTS / seedMs) * 1000) },
    coreStartMs: startup.p50,
    rows,
    memoryMb: Math.round(process.memoryUsage().rss / 1e6),
  }
  console.log(`\n${result.machine}; ${CONTACTS.toLocaleString('en-US')} contacts, ${(CONTACTS * 3).toLocaleString('en-US')} history entries`)
  console.log(`seeding through core.invoke: ${result.seed.contactsPerSecond} contacts/s (each with email, phone, 3 entries)`)
  console.log(`core start (open + migrate check): ${startup.p50.toFixed(2)} ms p50`)
  console.log('\n| work | app (ms p50) | raw SQLite (ms p50) | ratio |\n| --- | --- | --- | --- |')
  for (const r of rows) console.log(`| ${r.name} | ${r.app.toFixed(3)} | ${r.raw.toFixed(3)} | ${r.ratio.toFixed(2)}× |`)
  console.log(`\nresident memory: ${result.memoryMb} MB`)

  mkdirSync(join(root, 'bench-results'), { recursive: true })
  writeFileSync(join(root, 'bench-results', 'latest.json'), JSON.stringify(result, null, 2))
  raw.close()
  rmSync(dataDir, { recursive: true, force: true })
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
