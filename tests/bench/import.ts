/**
 * CSV import speed: BENCH_IMPORT_ROWS (default 100,000) generated rows — names, one or two emails,
 * a phone, a company out of 3,000 names, a tag — imported end to end through core.invoke (parse →
 * map → check → write in chunks with the change log), against raw better-sqlite3 prepared inserts
 * in one transaction on the same schema (contacts + channels + companies + tag links, no change
 * log). Also: the longest the event loop was blocked during the import, and the undo of it all.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Papa from 'papaparse'
import { v7 as uuidv7 } from 'uuid'
import { createCore } from '../../src-main/core/core'
import { openDatabase } from '../../src-main/core/db/open'
import type { ImportJob, ImportPreview } from '../../src-shared/model/import'

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000)
const root = resolve(__dirname, '../..')
const migrationsFolder = join(root, 'drizzle')
const quiet = { info() {}, warn() {}, error() {} }

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Eva', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kaya', 'Luis', 'Mia', 'Noah', 'Olga', 'Pablo']
const LAST = ['Müller', 'Smith', 'García', 'Rossi', 'Nowak', 'Dubois', 'Tanaka', 'Okafor', 'Jensen', 'Silva', 'Kowalski', 'Novak']

function generate(rows: number) {
  const data: string[][] = []
  for (let i = 0; i < rows; i++) {
    const first = FIRST[i % FIRST.length]
    const last = `${LAST[(i * 7) % LAST.length]}${i}`
    data.push([
      first,
      last,
      `person${i}@example.com`,
      i % 3 === 0 ? `p${i}@work.example.org` : '',
      `+1 555 ${String(i).padStart(7, '0')}`,
      `Company ${(i * 7919) % 3000}`,
      'Imported',
    ])
  }
  return data
}

async function main() {
  const data = generate(ROWS)
  const text = Papa.unparse({ fields: ['First Name', 'Last Name', 'E-mail 1 - Value', 'E-mail 2 - Value', 'Phone 1 - Value', 'Company', 'Labels'], data })

  // --- the app's path ---------------------------------------------------------------------------
  const appDir = mkdtempSync(join(tmpdir(), 'crm-bench-import-'))
  const core = createCore({ dataDir: appDir, migrationsFolder, log: quiet, scheduler: false })
  const invoke = async <T>(name: string, input?: unknown): Promise<T> => {
    const r = await core.invoke(name, input)
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`)
    return r.value as T
  }
  let maxStall = 0
  let last = performance.now()
  const ticker = setInterval(() => {
    const now = performance.now()
    maxStall = Math.max(maxStall, now - last)
    last = now
  }, 5)

  const t0 = performance.now()
  const preview = await invoke<ImportPreview>('imports.prepare', { fileName: 'bench.csv', text, encoding: 'utf-8' })
  const prepareMs = performance.now() - t0
  const stallBeforeImport = maxStall
  maxStall = 0
  const done = new Promise<ImportJob>((resolveDone) => {
    core.on('import.progress', (p) => {
      if (p.status !== 'running') resolveDone(p as ImportJob)
    })
  })
  // a list page asked for while the import runs: the UI keeps answering
  let listLatency = 0
  const job = await invoke<ImportJob>('imports.start', { sessionId: preview.sessionId, mapping: preview.guess, onMatch: 'skip' })
  setTimeout(async () => {
    const s = performance.now()
    await invoke('contacts.list', { limit: 50 })
    listLatency = performance.now() - s
  }, 200)
  const result = await done
  const appMs = performance.now() - t0
  clearInterval(ticker)
  if (result.status !== 'done' || result.created !== ROWS) throw new Error(`Import ended ${result.status}: ${JSON.stringify(result)}`)

  // BENCH_SKIP_UNDO=1 leaves out the undo (it takes longer than the import: see the report)
  const u0 = performance.now()
  const undo = process.env.BENCH_SKIP_UNDO ? { reverted: 0 } : await invoke<{ reverted: number }>('imports.undo', { id: job.id })
  const undoMs = performance.now() - u0
  core.close()
  rmSync(appDir, { recursive: true, force: true })

  // --- raw better-sqlite3 -----------------------------------------------------------------------
  const rawDir = mkdtempSync(join(tmpdir(), 'crm-bench-import-raw-'))
  const { sqlite } = openDatabase({ file: join(rawDir, 'crm.db'), migrationsFolder })
  const now = Date.now()
  const insCompany = sqlite.prepare('INSERT INTO companies (id, created_at, updated_at, name, notes) VALUES (?, ?, ?, ?, ?)')
  const insContact = sqlite.prepare(
    'INSERT INTO contacts (id, created_at, updated_at, first_name, last_name, company_id, lifecycle_stage, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const insChannel = sqlite.prepare(
    'INSERT INTO contact_channels (id, created_at, updated_at, contact_id, kind, value, is_primary, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const insTag = sqlite.prepare('INSERT INTO tags (id, created_at, updated_at, name, color) VALUES (?, ?, ?, ?, ?)')
  const insLink = sqlite.prepare('INSERT INTO contact_tags (id, created_at, updated_at, contact_id, tag_id) VALUES (?, ?, ?, ?, ?)')
  const r0 = performance.now()
  sqlite.transaction(() => {
    const companies = new Map<string, string>()
    const tagId = uuidv7()
    insTag.run(tagId, now, now, 'Imported', '#0090ff')
    for (const [first, lastName, email1, email2, phone, company] of data) {
      let companyId = companies.get(company.toLowerCase())
      if (!companyId) {
        companyId = uuidv7()
        insCompany.run(companyId, now, now, company, '')
        companies.set(company.toLowerCase(), companyId)
      }
      const id = uuidv7()
      insContact.run(id, now, now, first, lastName, companyId, 'lead', '')
      insChannel.run(uuidv7(), now, now, id, 'email', email1, 1, 0)
      if (email2) insChannel.run(uuidv7(), now, now, id, 'email', email2, 0, 1)
      insChannel.run(uuidv7(), now, now, id, 'phone', phone, 0, 0)
      insLink.run(uuidv7(), now, now, id, tagId)
    }
  })()
  const rawMs = performance.now() - r0
  sqlite.close()
  rmSync(rawDir, { recursive: true, force: true })

  const appRate = (ROWS / appMs) * 1000
  const rawRate = (ROWS / rawMs) * 1000
  console.log(`\nCSV import of ${ROWS.toLocaleString('en-US')} rows (${(text.length / 1e6).toFixed(1)} MB)`)
  console.log(`  app, end to end (prepare ${Math.round(prepareMs)} ms + import): ${Math.round(appMs)} ms = ${Math.round(appRate).toLocaleString('en-US')} rows/s`)
  console.log(`  raw better-sqlite3 inserts, one transaction:  ${Math.round(rawMs)} ms = ${Math.round(rawRate).toLocaleString('en-US')} rows/s`)
  console.log(`  ratio app/raw rate: ${(appRate / rawRate).toFixed(2)} (goal ≥ 0.40)`)
  console.log(`  longest event-loop stall: prepare ${Math.round(stallBeforeImport)} ms, during the import ${Math.round(maxStall)} ms; contacts.list mid-import answered in ${listLatency.toFixed(1)} ms`)
  if (!process.env.BENCH_SKIP_UNDO) console.log(`  undo of the whole import: ${Math.round(undoMs)} ms (${undo.reverted.toLocaleString('en-US')} rows reverted)`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
