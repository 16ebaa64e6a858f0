/**
 * Duplicate scan at size: BENCH_DUP_CONTACTS (default 100,000) contacts at 3,000 companies (a few
 * of them big enough for the one-deletion-key path), one or two emails each, a phone for most,
 * and ~1% planted duplicates (same email written differently, the same phone written two ways,
 * the same name or a one-letter typo at the same company). Written with raw prepared inserts (a
 * bench fixture), then duplicates.list and duplicates.count run through core.invoke; p50/p95 over
 * repeated FULL scans (the service caches one result per change-log position and region, so the
 * runs alternate between two regions, which misses that cache every time).
 * The scale: raw SQLite grouping the emails alone, the least the email part of any scan costs.
 * BENCH_DUP_DIR keeps the data set in that folder and reuses it on the next run (for tuning).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { v7 as uuidv7 } from 'uuid'
import { createCore, DATABASE_FILE } from '../../src-main/core/core'
import { seededRandom } from '../seeded-random'
import { percentiles } from './percentiles'

const CONTACTS = Number(process.env.BENCH_DUP_CONTACTS ?? 100_000)
const COMPANIES = 3_000
const root = resolve(__dirname, '../..')
const quiet = { info() {}, warn() {}, error() {} }

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Eva', 'Farid', 'Grace', 'Hiro', 'Inès', 'Jonas', 'Kaya', 'Luis', 'Mia', 'Noah', 'Olga', 'Pablo',
  'Quentin', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor', 'Wen', 'Ximena', 'Yusuf', 'Zoë', 'Margaret', 'Alexander', 'Catherine', 'Frederick']
const LAST = ['Müller', 'Smith', 'García', 'Rossi', 'Nowak', 'Dubois', 'Tanaka', 'Okafor', 'Jensen', 'Silva', 'Kowalski', 'Novak', 'Hamilton',
  'Lovelace', 'Hopper', "O'Brien", 'van der Berg', 'Nguyen', 'Fernández', 'Johansson', 'Papadopoulos', 'Schmidt', 'Williams', 'Brown']

async function main() {
  const keptDir = process.env.BENCH_DUP_DIR
  const dataDir = keptDir ? (mkdirSync(keptDir, { recursive: true }), keptDir) : mkdtempSync(join(tmpdir(), 'crm-bench-dup-'))
  const migrationsFolder = join(root, 'drizzle')
  if (!keptDir || !existsSync(join(dataDir, DATABASE_FILE))) writeDataSet(dataDir, migrationsFolder)
  await measure(dataDir, migrationsFolder)
  if (!keptDir) rmSync(dataDir, { recursive: true, force: true })
}

function writeDataSet(dataDir: string, migrationsFolder: string) {
  createCore({ dataDir, migrationsFolder, log: quiet, scheduler: false }).close() // migrate
  const db = new Database(join(dataDir, DATABASE_FILE))
  const rnd = seededRandom(11)
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]
  const now = Date.now()
  const t0 = performance.now()
  const planted = { email: 0, phone: 0, name: 0, similarName: 0 }
  db.transaction(() => {
    const company = db.prepare('INSERT INTO companies (id, created_at, updated_at, name) VALUES (?, ?, ?, ?)')
    const companyIds: string[] = []
    for (let i = 0; i < COMPANIES; i++) {
      const id = uuidv7()
      company.run(id, now, now, `Company ${i}`)
      companyIds.push(id)
    }
    const contact = db.prepare('INSERT INTO contacts (id, created_at, updated_at, first_name, last_name, company_id) VALUES (?, ?, ?, ?, ?, ?)')
    const channel = db.prepare(
      'INSERT INTO contact_channels (id, created_at, updated_at, contact_id, kind, value, is_primary, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    // 2% of people at five big companies (≈ 400 each: the one-deletion-key path), 18% with no company
    const companyFor = () => {
      const r = rnd()
      if (r < 0.02) return companyIds[Math.floor(r * 250)]
      if (r < 0.2) return null
      return pick(companyIds)
    }
    const phoneText = (n: number, national: boolean) => {
      const d = String(n).padStart(8, '0')
      return national ? `020 ${d.slice(0, 4)} ${d.slice(4)}` : `+44 20 ${d.slice(0, 4)} ${d.slice(4)}`
    }
    const write = (first: string, last: string, companyId: string | null, emails: string[], phone: string | null) => {
      const id = uuidv7()
      contact.run(id, now, now, first, last, companyId)
      emails.forEach((e, i) => channel.run(uuidv7(), now, now, id, 'email', e, i === 0 ? 1 : 0, i))
      if (phone) channel.run(uuidv7(), now, now, id, 'phone', phone, 0, 0)
    }
    const people: { first: string; last: string; companyId: string | null; email: string; phone: number | null }[] = []
    for (let i = 0; i < CONTACTS; i++) {
      const first = pick(FIRST)
      const last = `${pick(LAST)}${i}` // distinct people: a number in the surname
      const companyId = companyFor()
      const email = `${first.toLowerCase().normalize('NFKD').replace(/[^a-z]/g, '')}.${i}@example.com`
      const phone = rnd() < 0.7 ? 70_000_000 + Math.floor(rnd() * 9_999_999) : null
      const emails = rnd() < 0.25 ? [email, `p${i}@work.example.org`] : [email]
      write(first, last, companyId, emails, phone === null ? null : phoneText(phone, rnd() < 0.3))
      people.push({ first, last, companyId, email, phone })
    }
    // ~1% planted duplicates
    const plants = Math.round(CONTACTS * 0.01)
    for (let i = 0; i < plants; i++) {
      const p = people[Math.floor(rnd() * people.length)]
      const kind = i % 4
      if (kind === 0) {
        write(p.first, `${p.last}-copy`, null, [`  ${p.email.toUpperCase()} `], null)
        planted.email++
      } else if (kind === 1 && p.phone !== null) {
        write(`${p.first}x`, 'Copy', null, [], `${phoneText(p.phone, true)} x12`)
        planted.phone++
      } else if (kind === 2 && p.companyId) {
        write(p.last, p.first.toUpperCase(), p.companyId, [], null)
        planted.name++
      } else if (p.companyId) {
        write(p.first, `${p.last.slice(0, -1)}7${p.last.slice(-1)}`, p.companyId, [], null) // one letter inserted
        planted.similarName++
      }
    }
  })()
  db.pragma('optimize')
  db.close()
  const total = Object.values(planted).reduce((a, b) => a + b, 0)
  console.log(
    `data set: ${CONTACTS.toLocaleString('en-US')} contacts + ${total} planted duplicates (${Object.entries(planted).map(([k, v]) => `${v} ${k}`).join(', ')}), ` +
      `${COMPANIES.toLocaleString('en-US')} companies (${((performance.now() - t0) / 1000).toFixed(1)} s to write)`,
  )
}

async function measure(dataDir: string, migrationsFolder: string) {
  const core = createCore({ dataDir, migrationsFolder, log: quiet, scheduler: false })
  const invoke = async (name: string, input: unknown) => {
    const r = await core.invoke(name, input)
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`)
    return r.value
  }
  // The scale: raw SQLite grouping live emails by their normalised text, nothing else.
  const raw = new Database(join(dataDir, DATABASE_FILE), { readonly: true })
  const groupEmails = raw.prepare(
    // NOT INDEXED: a scan and sort is the fastest raw way (the expression index is not covering)
    `SELECT lower(trim(value)) AS k, count(*) AS n FROM contact_channels NOT INDEXED
     WHERE kind = 'email' AND deleted_at IS NULL GROUP BY k HAVING count(DISTINCT contact_id) > 1`,
  )
  const base = await percentiles(async () => void groupEmails.all())
  raw.close()
  console.log(`\nraw SQLite, group the emails alone: p50 ${base.p50.toFixed(1)} ms (the ratio column divides by this)`)

  const found = (await invoke('duplicates.list', { region: 'GB' })) as { total: number; checked: { contacts: number } }
  console.log(`found ${found.total} pairs among ${found.checked.contacts.toLocaleString('en-US')} contacts (region GB)`)
  console.log('\n| full scan | p50 ms | p95 ms | p50 ÷ raw email grouping |\n| --- | --- | --- | --- |')
  let turn = 0
  const region = () => (turn++ % 2 === 0 ? 'GB' : 'US') // a different region each run: never the cached result
  for (const [label, run] of [
    ['duplicates.list (500 shown)', () => invoke('duplicates.list', { region: region() })],
    ['duplicates.count', () => invoke('duplicates.count', { region: region() })],
  ] as const) {
    const { p50, p95 } = await percentiles(async () => void (await run()))
    console.log(`| ${label} | ${p50.toFixed(1)} | ${p95.toFixed(1)} | ${(p50 / base.p50).toFixed(1)}× |`)
  }
  core.close()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
