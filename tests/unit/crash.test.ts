/**
 * Kill -9 in the middle of every long job (issue 12). For each kind of job (one entry of KINDS):
 * a database is seeded in-process and closed; a child process (crash-child.ts) opens it with a
 * real core, runs the job, and is killed with SIGKILL after a seeded random delay within the job's
 * run time (measured by one calibration run that is not killed). Then the database is reopened with
 * createCore and checked, whatever moment the kill landed on (before the first chunk, between two,
 * after the end):
 * - it opens and `PRAGMA integrity_check` says ok;
 * - every change-log entry written since the seed belongs to a chunk the job recorded (jobs.tx_ids
 *   or imports.tx_ids), and replaying those entries over the seed snapshot gives exactly the rows
 *   there are now: no committed row lost or changed otherwise, every recorded chunk whole;
 * - the job's effect, in its own terms, is whole chunks (a prefix of its work);
 * - a job cut short shows as 'interrupted', with canUndo when it had committed chunks; Dismiss
 *   keeps its rows; Undo (or finishing it) brings the data back to the snapshot exactly.
 * Read-only jobs: the database opens, integrity is ok, nothing changed, and no partial file
 * breaks the backups list. A restore: the database is the one from before or the backup, whole.
 *
 * The children are started and killed by one small helper process (KILLER), so a kill lands on time
 * while the test checks another run; they run bundled (see bundleChild), two at a time.
 *
 * The seed is printed; CRASH_SEED=<n> repeats a run (CRASH_KILLS=<n> changes the kills per kind).
 */
import Database from 'better-sqlite3'
import { spawn, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { JobProgress } from '../../src-shared/model/job'
import { createCore, DATABASE_FILE, type Core } from '../../src-main/core/core'
import { syncedTables } from '../../src-main/core/db/schema'
import { INSERTED } from '../../src-main/core/db/repository'
import { isTempName } from '../../src-main/core/backup/durable'
import { seededRandom } from '../seeded-random'
import { callers, MIGRATIONS, quietLog, readDb } from './helpers'

const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31))
const KILLS = Number(process.env.CRASH_KILLS ?? 10)
/** Children run two at a time (the file's budget is for a 2-core machine). */
const PARALLEL = 2
const CHILD = resolve(__dirname, 'crash-child.ts')
const ROOT = resolve(__dirname, '../..')
const CONTACTS = 2000
/** vCard import writes a card at a time (contacts.create): fewer of them for a similar run time. */
const CARDS = 400
/** CSV rows of the import that is killed (every 6th updates a seeded contact). */
const CSV_ROWS = 1000

console.log(`crash.test: seed ${SEED} (repeat with CRASH_SEED=${SEED})`)

type Ok = ReturnType<typeof callers>['ok']
type Row = Record<string, unknown>
/** Columns a replay of the change log cannot tell: updated_at is the HLC's time; derived ones are kept by triggers. */
const UNLOGGED = new Set(['updated_at', 'last_contacted_at'])

// ---- database snapshots ----------------------------------------------------------------------

interface Snapshot {
  /** Every row of every synced table, deleted ones too, by "table:id". */
  rows: Map<string, Row>
  hlcs: Set<string>
  jobIds: Set<string>
  importIds: Set<string>
}

const key = (table: string, id: unknown) => `${table}:${String(id)}`

function readRows(db: Database.Database): Map<string, Row> {
  const rows = new Map<string, Row>()
  for (const table of Object.keys(syncedTables)) {
    for (const row of db.prepare(`SELECT * FROM ${table}`).all() as Row[]) rows.set(key(table, row.id), row)
  }
  return rows
}

function snapshot(dataDir: string, file = join(dataDir, DATABASE_FILE)): Snapshot {
  return readDb(file, (db) => ({
    rows: readRows(db),
    hlcs: new Set(db.prepare('SELECT hlc FROM change_log').pluck().all() as string[]),
    jobIds: new Set(db.prepare('SELECT id FROM jobs').pluck().all() as string[]),
    importIds: new Set(db.prepare('SELECT id FROM imports').pluck().all() as string[]),
  }))
}

/**
 * integrity_check on a connection of its own: a connection that has read an FTS5 table keeps its
 * structure cached, and after another connection (the core) changed the index it reports
 * "fts5: corruption found reading blob ..." on a database that is fine.
 */
const integrity = (dataDir: string) => readDb(dataDir, (db) => db.pragma('integrity_check', { simple: true }))

const show = (v: unknown) => JSON.stringify(v)

/** Rows now vs the snapshot: each snapshot row unchanged (but updated_at), each newer row deleted. */
function diffFromSnapshot(snap: Snapshot, now: Map<string, Row>): string[] {
  const problems: string[] = []
  for (const [k, before] of snap.rows) {
    const row = now.get(k)
    if (!row) {
      problems.push(`${k} is gone`)
      continue
    }
    for (const column of Object.keys(before)) {
      if (!UNLOGGED.has(column) && row[column] !== before[column]) problems.push(`${k}.${column}: ${show(before[column])} → ${show(row[column])}`)
    }
  }
  for (const [k, row] of now) if (!snap.rows.has(k) && row.deleted_at === null) problems.push(`${k} is new and live`)
  return problems
}

/** Every row of every synced table exactly as in the snapshot (a restore moves files: nothing may differ). */
function diffExact(snap: Snapshot, now: Map<string, Row>): string[] {
  const problems: string[] = []
  for (const [k, before] of snap.rows) if (show(now.get(k)) !== show(before)) problems.push(`${k}: ${show(before)} → ${show(now.get(k))}`)
  for (const k of now.keys()) if (!snap.rows.has(k)) problems.push(`${k} is new`)
  return problems
}

interface Entry {
  hlc: string
  tx_id: string
  table_name: string
  row_id: string
  column_name: string
  value: string
}

const asColumn = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : (v ?? null))

/**
 * Replays the change-log entries written since the snapshot over it and compares with the rows now:
 * a row or field no entry explains must be as it was; each entry's field must hold its value (the
 * job's entries are the newest). An inserted row is checked on its logged (non-null) fields.
 */
function diffFromReplay(snap: Snapshot, entries: Entry[], now: Map<string, Row>): string[] {
  const expected = new Map<string, Row>()
  const inserted = new Set<string>()
  const problems: string[] = []
  for (const e of entries) {
    const k = key(e.table_name, e.row_id)
    const value = JSON.parse(e.value) as unknown
    if (e.column_name === INSERTED) {
      if (snap.rows.has(k) || inserted.has(k)) problems.push(`${k} inserted twice`)
      inserted.add(k)
      expected.set(k, Object.fromEntries(Object.entries(value as Row).map(([c, v]) => [c, asColumn(v)])))
    } else {
      const row = expected.get(k) ?? (snap.rows.has(k) ? { ...snap.rows.get(k)! } : null)
      if (!row) problems.push(`${k}.${e.column_name} changed, but the row was never inserted`)
      else expected.set(k, { ...row, [e.column_name]: asColumn(value) })
    }
  }
  for (const [k, before] of snap.rows) if (!expected.has(k)) expected.set(k, before)
  for (const [k, want] of expected) {
    const row = now.get(k)
    if (!row) {
      problems.push(`${k} is missing`)
      continue
    }
    for (const column of Object.keys(want)) {
      if (!UNLOGGED.has(column) && row[column] !== want[column]) problems.push(`${k}.${column}: want ${show(want[column])}, got ${show(row[column])}`)
    }
  }
  for (const k of now.keys()) if (!expected.has(k)) problems.push(`${k} exists without a change-log entry`)
  return problems
}

const firstFew = (problems: string[]) => (problems.length ? [`${problems.length} problems`, ...problems.slice(0, 8)] : [])

// ---- the child -------------------------------------------------------------------------------

interface ChildRun {
  /** ms from "started" to "done", when it got there. */
  ranMs: number | null
  killed: boolean
  output: string
}

/**
 * How the child starts: `node --import tsx crash-child.ts` spends ~1.3 s of CPU loading core through
 * tsx's hooks, 100 times over; bundled once with esbuild (tsx's own transformer) it loads in ~0.2 s.
 * better-sqlite3 (native) and faker (3.5 MB, loaded by sample data only) stay out of the bundle,
 * required by their absolute paths. LOADER runs it with V8's code cache (made by the first child),
 * which takes another third off a child's start.
 */
let childCommand: string[] = ['--import', 'tsx', CHILD]

const LOADER = `
const fs = require('node:fs'), vm = require('node:vm'), path = require('node:path'), Module = require('node:module')
const file = process.argv[2], cacheFile = file + '.v8cache'
const cachedData = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData })
const m = new Module(file, null)
m.filename = file
m.paths = Module._nodeModulePaths(path.dirname(file))
process.argv.splice(1, 1) // the bundle reads its own arguments from argv[2]
script.runInThisContext().call(m.exports, m.exports, (id) => m.require(id), m, file, path.dirname(file))
if (!cachedData || script.cachedDataRejected) {
  const tmp = cacheFile + '.' + process.pid
  fs.writeFileSync(tmp, script.createCachedData())
  fs.renameSync(tmp, cacheFile)
}
`

async function bundleChild(outfile: string) {
  const fromRoot = createRequire(join(ROOT, 'package.json'))
  try {
    const { build } = await import('esbuild')
    await build({
      entryPoints: [CHILD],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'warning',
      plugins: [
        {
          name: 'outside',
          setup(b) {
            b.onResolve({ filter: /^better-sqlite3$/ }, (args) => ({ path: fromRoot.resolve(args.path), external: true }))
            // faker's import() becomes a require() of the package (Node ≥ 20.19 requires ES modules), made when sample data asks for it
            b.onResolve({ filter: /^@faker-js\/faker$/ }, () => ({ path: 'faker', namespace: 'outside' }))
            b.onLoad({ filter: /.*/, namespace: 'outside' }, () => ({ contents: 'module.exports = require("faker-outside")', loader: 'js' }))
            b.onResolve({ filter: /^faker-outside$/ }, () => ({ path: fromRoot.resolve('@faker-js/faker'), external: true }))
          },
        },
      ],
    })
    const loader = join(dirname(outfile), 'load-child.js')
    writeFileSync(loader, LOADER)
    childCommand = [loader, outfile]
  } catch (error) {
    console.warn(`crash.test: running the child through tsx (bundling failed: ${(error as Error).message})`)
  }
}

/**
 * The process that kills: one small plain-Node process for the whole file, between the test and the
 * children. Asked (a JSON line on stdin) it starts a child, and after the child said "started"
 * waits the delay and sends SIGKILL; it answers with a JSON line when the child ended. Its event
 * loop does nothing else, so a kill lands on time even while the test is busy checking another
 * database (long synchronous reads).
 */
const KILLER = `
const { spawn } = require('node:child_process')
const { createInterface } = require('node:readline')
let running = 0, closed = false
const answer = (m) => process.stdout.write(JSON.stringify(m) + '\\n')
createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, delay, command, args } = JSON.parse(line)
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  running++
  let output = '', timer = null, killed = false
  child.stdout.on('data', (chunk) => {
    output += chunk
    if (delay >= 0 && timer === null && output.includes('started\\n')) timer = setTimeout(() => { killed = child.kill('SIGKILL') }, delay)
  })
  child.stderr.on('data', (chunk) => { output += chunk })
  child.on('error', (error) => { output += String(error) })
  child.on('close', (code, signal) => {
    if (timer) clearTimeout(timer)
    answer({ id, killed: killed && signal === 'SIGKILL', code, signal, output })
    if (--running === 0 && closed) process.exit(0)
  })
}).on('close', () => { closed = true; if (running === 0) process.exit(0) })
`

let killer: ChildProcess | null = null
const waiting = new Map<number, { done: (run: ChildRun) => void; fail: (error: Error) => void }>()
let asked = 0

function startKiller() {
  const proc = spawn(process.execPath, ['-e', KILLER], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, CRASH_MIGRATIONS: MIGRATIONS } })
  let buffered = ''
  proc.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const m = JSON.parse(buffered.slice(0, nl)) as { id: number; killed: boolean; code: number | null; signal: string | null; output: string }
      buffered = buffered.slice(nl + 1)
      const ran = /^done (\d+)$/m.exec(m.output)
      const ranMs = ran ? Number(ran[1]) : null
      const w = waiting.get(m.id)!
      waiting.delete(m.id)
      if (m.killed) w.done({ ranMs, killed: true, output: m.output })
      else if (m.code === 0 && ranMs !== null) w.done({ ranMs, killed: false, output: m.output })
      else w.fail(new Error(`The crash child ended with ${m.signal ?? m.code}:\n${m.output}`))
    }
  })
  proc.on('exit', () => {
    for (const w of waiting.values()) w.fail(new Error('The killer process ended'))
    waiting.clear()
  })
  killer = proc
}

/** Runs the child on dataDir; with killAfterMs, SIGKILLs it that long after it said "started". */
function runChild(dataDir: string, child: string, paramsFile: string, killAfterMs: number | null): Promise<ChildRun> {
  return new Promise((done, fail) => {
    const id = ++asked
    waiting.set(id, { done, fail })
    killer!.stdin!.write(`${JSON.stringify({ id, delay: killAfterMs ?? -1, command: process.execPath, args: [...childCommand, dataDir, child, paramsFile] })}\n`)
  })
}

function openCore(dataDir: string): { core: Core; ok: Ok } {
  const core = createCore({ dataDir, migrationsFolder: MIGRATIONS, log: quietLog, version: 'test', scheduler: false, backupTimers: false })
  return { core, ok: callers(core).ok }
}

// ---- the kinds of job ------------------------------------------------------------------------

/** What a job left behind: its record (jobs or imports row) as the reopened core sees it. */
interface JobRecord {
  id: string
  status: string
  txIds: string[]
  row: Row
}

interface Prepared {
  /** Which job of crash-child.ts, and its params. */
  child: 'csvImport' | 'command' | 'autoBackup'
  params: Record<string, unknown>
  /** Anything the checks need (the targets of a bulk action...). */
  extra?: Record<string, unknown>
}

interface Verdict {
  dataDir: string
  db: Database.Database
  ok: Ok
  snap: Snapshot
  prepared: Prepared
  record: JobRecord | null
  rng: () => number
}

interface WriteKind {
  name: string
  readOnly?: false
  swap?: false
  /** Where the job's record is: the runner's `jobs` table (jobs.list) or `imports` (imports.list). */
  list: 'jobs' | 'imports'
  /** In-process, on a copy of the seeded database (in dataDir), before the snapshot: what the job needs; scratch: a folder for files. */
  prepare(ok: Ok, dataDir: string, scratch: string): Promise<Prepared>
  /** The job's effect in its own terms: whole chunks, a prefix of its work (throws otherwise). */
  effect?(v: Verdict): void
  /** Undo the job, or finish it; returns the snapshot the data must equal afterwards (default: undo → the seed snapshot). */
  settle?(v: Verdict): Promise<Snapshot>
}

interface ReadOnlyKind {
  name: string
  readOnly: true
  swap?: false
  prepare(ok: Ok, dataDir: string, scratch: string): Promise<Prepared>
}

/** A restore swaps the whole database file: afterwards it is the one from before, or the backup, whole. */
interface SwapKind {
  name: string
  readOnly?: false
  swap: true
  prepare(ok: Ok, dataDir: string, scratch: string): Promise<Prepared>
}

type Kind = WriteKind | ReadOnlyKind | SwapKind

const stageOf = (snap: Snapshot, id: string) => snap.rows.get(key('contacts', id))!.lifecycle_stage

/**
 * The targets of a chunked job go in order: those it changed are a prefix (targets it left as they
 * were because they already were so may be anywhere). `now`/`before`: is the target done now / was it already.
 */
function expectPrefix(targets: string[], now: (id: string) => boolean, before: (id: string) => boolean, finished: boolean) {
  let end = 0
  targets.forEach((id, i) => {
    if (now(id) && !before(id)) end = i + 1
  })
  const holes = targets.slice(0, end).filter((id) => !now(id))
  expect(holes, 'a target inside the committed chunks was left out').toEqual([])
  if (finished) expect(targets.filter((id) => !now(id)), 'the job finished but left targets out').toEqual([])
}

/** The live contacts' ids (read beside the open core). */
function contactIds(dataDir: string): string[] {
  return readDb(dataDir, (db) => db.prepare('SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY id').pluck().all() as string[])
}

function bulkKind(name: string, action: (tags: { hot: string }) => Record<string, unknown>, effect: WriteKind['effect']): WriteKind {
  return {
    name,
    list: 'jobs',
    async prepare(ok, dataDir) {
      const hot = (await ok('tags.list')).find((t) => t.name === 'Hot')!.id
      const ids = contactIds(dataDir)
      return { child: 'command', params: { command: 'contacts.bulk', input: { target: { ids }, action: action({ hot }) } }, extra: { ids, hot } }
    },
    effect,
  }
}

const bulkTargets = (v: Verdict) => v.prepared.extra!.ids as string[]

/**
 * An undo is itself a chunked job ('revert'): killed half-way, it shows as interrupted and can be
 * undone (back to before the undo) or finished by undoing the original again (back to before the
 * original). prepare() runs the original in-process; the child runs the undo.
 */
function revertKind(
  name: string,
  prepare: (ok: Ok, dataDir: string) => Promise<{ command: string; input: unknown; original: { table: 'jobs' | 'imports'; id: string } }>,
): WriteKind {
  return {
    name,
    list: 'jobs',
    async prepare(ok, dataDir) {
      const { command, input, original } = await prepare(ok, dataDir)
      return { child: 'command', params: { command, input }, extra: { original } }
    },
    async settle(v) {
      const before = v.prepared.extra!.before as Snapshot
      const { command, input } = v.prepared.params
      const original = v.prepared.extra!.original as { table: string; id: string }
      const status = v.db.prepare(`SELECT status FROM ${original.table} WHERE id = ?`).pluck().get(original.id)
      if (v.record?.status === 'done') {
        expect(status, 'the undo ended but the original is not marked undone').toBe('undone')
        return before
      }
      expect(status).toBe('done') // the undo's last chunk marks it undone, in that chunk's transaction
      if (v.record && v.record.txIds.length > 0 && v.rng() < 0.5) {
        await v.ok('jobs.undo', { id: v.record.id }) // undo the undo: as after the original
        return v.snap
      }
      await v.ok(command as 'imports.undo', input) // finish it
      if (v.record) await v.ok('jobs.dismiss', { id: v.record.id }) // (nothing else takes the interrupted undo off the list)
      return before
    },
  }
}

async function importDone(ok: Ok, id: string) {
  for (let i = 0; i < 10_000 && (await ok('imports.get', { id })).status === 'running'; i++) await new Promise((r) => setTimeout(r, 5))
  expect((await ok('imports.get', { id })).status).toBe('done')
}

const KINDS: Kind[] = [
  {
    name: 'CSV import (imports.prepare + imports.start, matching by email)',
    list: 'imports',
    async prepare(_ok, _dataDir, scratch) {
      // every 6th row is a seeded contact's email (updated: new job title); the others are new
      const lines = Array.from({ length: CSV_ROWS }, (_, i) =>
        i % 6 === 0 ? `Seed,Again${i},seed${i}@example.com,Imported title ${i}` : `New,Person${i},new${i}@example.org,Title ${i}`,
      )
      const file = join(scratch, 'crash.csv')
      writeFileSync(file, `First Name,Last Name,Email,Job Title\n${lines.join('\n')}\n`)
      return { child: 'csvImport', params: { file, options: { onMatch: 'update', addTags: ['Crash import'] } }, extra: { lines } }
    },
    effect({ db, record, prepared, snap }) {
      if (!record) return
      const lines = prepared.extra!.lines as string[]
      const processed = record.row.processed_rows as number
      // a seeded contact's row updates it while that contact is live (a few were deleted: those rows make new ones)
      const liveContacts = new Set([...snap.rows].filter(([k, r]) => k.startsWith('contacts:') && r.deleted_at === null).map(([, r]) => r.id))
      const matching = new Set(
        [...snap.rows]
          .filter(([k, r]) => k.startsWith('contact_channels:') && r.deleted_at === null && liveContacts.has(r.contact_id))
          .map(([, r]) => r.value as string),
      )
      const byEmail = new Map(
        (
          db
            .prepare(
              `SELECT ch.value AS email, c.job_title AS title FROM contact_channels ch JOIN contacts c ON c.id = ch.contact_id
               WHERE ch.kind = 'email' AND ch.deleted_at IS NULL AND c.deleted_at IS NULL`,
            )
            .all() as { email: string; title: string | null }[]
        ).map((r) => [r.email, r.title]),
      )
      const tagged = db
        .prepare(
          `SELECT count(*) FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.name = 'Crash import' AND ct.deleted_at IS NULL AND t.deleted_at IS NULL`,
        )
        .pluck()
        .get() as number
      let updated = 0
      const wrong = lines.flatMap((line, i) => {
        const [, , email, title] = line.split(',')
        const imported = i < processed
        if (matching.has(email)) {
          if (imported) updated++
          return (byEmail.get(email) === title) === imported ? [] : [`row ${i + 2}: ${email} has the title ${byEmail.get(email)}`]
        }
        return (byEmail.get(email) === title) === imported ? [] : [`row ${i + 2}: ${email} ${imported ? 'missing' : 'imported past the committed chunks'}`]
      })
      expect(firstFew(wrong)).toEqual([])
      expect({ created: record.row.created_count, updated: record.row.updated_count, tagged }).toEqual({ created: processed - updated, updated, tagged: processed })
      if (record.status === 'done') expect(processed).toBe(lines.length)
    },
  },
  bulkKind('bulk action: set stage of 2,000 contacts', () => ({ kind: 'setStage', stage: 'customer' }), (v) => {
    const now = new Map(
      (v.db.prepare('SELECT id, lifecycle_stage FROM contacts').all() as { id: string; lifecycle_stage: string }[]).map((r) => [r.id, r.lifecycle_stage]),
    )
    const targets = bulkTargets(v)
    // the others keep their stage (the replay checks them too): a target is either moved or as it was
    expect(targets.filter((id) => now.get(id) !== 'customer' && now.get(id) !== stageOf(v.snap, id))).toEqual([])
    expectPrefix(targets, (id) => now.get(id) === 'customer', (id) => stageOf(v.snap, id) === 'customer', v.record?.status === 'done')
  }),
  bulkKind('bulk action: add a tag to 2,000 contacts', ({ hot }) => ({ kind: 'addTag', tagId: hot }), (v) => {
    const hot = v.prepared.extra!.hot as string
    const tagged = (db: Database.Database | Map<string, Row>) =>
      db instanceof Map
        ? new Set([...db.values()].filter((r) => r.tag_id === hot && r.deleted_at === null && r.contact_id).map((r) => r.contact_id as string))
        : new Set(db.prepare('SELECT contact_id FROM contact_tags WHERE tag_id = ? AND deleted_at IS NULL').pluck().all(hot) as string[])
    const now = tagged(v.db)
    const before = tagged(v.snap.rows)
    expectPrefix(bulkTargets(v), (id) => now.has(id), (id) => before.has(id), v.record?.status === 'done')
  }),
  {
    name: 'vCard import (vcard.import, a write job)',
    list: 'jobs',
    async prepare() {
      const cards = Array.from({ length: CARDS }, (_, i) =>
        ['BEGIN:VCARD', 'VERSION:3.0', `N:Person${i};Card;;;`, `FN:Card Person${i}`, `ORG:Card Org ${i % 40}`, `EMAIL:card${i}@cards.example`, `CATEGORIES:Cards,${i % 2 ? 'Hot' : 'Cold'}`, 'END:VCARD'].join('\r\n'),
      )
      return { child: 'command', params: { command: 'vcard.import', input: { text: `${cards.join('\r\n')}\r\n`, fileName: 'crash.vcf' } } }
    },
    effect({ db, record }) {
      // the cards written are the first k of the file, each whole: its contact, email, company and tags
      const live = (sql: string) => db.prepare(sql).pluck().all() as string[]
      const names = new Set(live("SELECT last_name FROM contacts WHERE first_name = 'Card' AND deleted_at IS NULL"))
      let k = 0
      while (names.has(`Person${k}`)) k++
      expect(names.size, 'the cards written are not the first ones of the file').toBe(k)
      if (record?.status === 'done') expect(k).toBe(CARDS)
      expect(live("SELECT value FROM contact_channels WHERE value LIKE 'card%@cards.example' AND deleted_at IS NULL").length).toBe(k)
      expect(live("SELECT name FROM companies WHERE name LIKE 'Card Org %' AND deleted_at IS NULL").length).toBe(Math.min(k, 40))
      const tagged = db
        .prepare(
          `SELECT t.name, count(*) AS n FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id JOIN contacts c ON c.id = ct.contact_id
           WHERE c.first_name = 'Card' AND ct.deleted_at IS NULL GROUP BY t.name ORDER BY t.name`,
        )
        .all()
      const expected = [
        { name: 'Cards', n: k },
        { name: 'Cold', n: Math.ceil(k / 2) },
        { name: 'Hot', n: Math.floor(k / 2) },
      ].filter((t) => t.n > 0)
      expect(tagged).toEqual(expected)
    },
  },
  {
    name: 'sample data (sampleData.load, a write job)',
    list: 'jobs',
    async prepare() {
      return { child: 'command', params: { command: 'sampleData.load' } }
    },
    effect({ db, snap, record }) {
      // phases in order: the tags and companies come in the first chunk, before any person
      const count = (table: string) => (db.prepare(`SELECT id FROM ${table}`).pluck().all() as string[]).filter((id) => !snap.rows.has(key(table, id))).length
      const [companies, contacts, deals] = [count('companies'), count('contacts'), count('deals')]
      if (contacts > 0) expect(companies, 'people came before their companies').toBe(30)
      if (deals > 0) expect(contacts, 'deals came before all the people').toBe(200)
      if (record?.status === 'done') expect({ companies, contacts, deals }).toEqual({ companies: 30, contacts: 200, deals: 60 })
    },
  },
  {
    name: 'duplicate scan (duplicates.list, a read job)',
    readOnly: true,
    async prepare() {
      return { child: 'command', params: { command: 'duplicates.list', input: {} } }
    },
  },
  {
    name: 'backup (backups.create, read-only)',
    readOnly: true,
    async prepare() {
      return { child: 'command', params: { command: 'backups.create' } }
    },
  },
  {
    name: 'automatic backup as core starts (read-only)',
    readOnly: true,
    async prepare() {
      return { child: 'autoBackup', params: {} }
    },
  },
  {
    name: 'restore of a backup (backups.restore: copy, check, migrate, swap)',
    swap: true,
    async prepare(ok, dataDir) {
      const backup = await ok('backups.create')
      // after the backup the data moves on, so the two states differ in every contact
      await ok('contacts.bulk', { target: { ids: contactIds(dataDir) }, action: { kind: 'setOwner', owner: 'After the backup' } })
      return { child: 'command', params: { command: 'backups.restore', input: { path: backup.path } }, extra: { backup: snapshot(dataDir, backup.path) } }
    },
  },
  revertKind('undo of a bulk action (contacts.bulkUndo, a revert job)', async (ok, dataDir) => {
    const ids = contactIds(dataDir)
    const bulk = await ok('contacts.bulk', { target: { ids }, action: { kind: 'setOwner', owner: 'Crash Tester' } })
    return { command: 'contacts.bulkUndo', input: { jobId: bulk.jobId }, original: { table: 'jobs', id: bulk.jobId } }
  }),
  revertKind('undo of a CSV import (imports.undo, a revert job)', async (ok) => {
    const lines = Array.from({ length: CSV_ROWS }, (_, i) => (i % 6 === 0 ? `Seed,Again${i},seed${i}@example.com,Undone title ${i}` : `Undo,Person${i},undo${i}@example.org,Title ${i}`))
    const preview = await ok('imports.prepare', { fileName: 'to-undo.csv', text: `First Name,Last Name,Email,Job Title\n${lines.join('\n')}` })
    const started = await ok('imports.start', { sessionId: preview.sessionId, mapping: preview.guess, onMatch: 'update', addTags: ['To undo'] })
    await importDone(ok, started.id)
    return { command: 'imports.undo', input: { id: started.id }, original: { table: 'imports', id: started.id } }
  }),
]

// ---- the run ---------------------------------------------------------------------------------

let root = ''
let seeded = ''

/** 2,000 contacts with emails, stages, a tag on some, a removed tag on others, a few deleted. */
async function seed(dataDir: string) {
  const { core, ok } = openCore(dataDir)
  try {
    const stages = ['lead', 'prospect', 'customer', 'former_customer']
    const random = seededRandom(12)
    const lines = Array.from({ length: CONTACTS }, (_, i) => `Seed,Person${i},seed${i}@example.com,${stages[Math.floor(random() * 4)]},Job ${i}`)
    const preview = await ok('imports.prepare', { fileName: 'seed.csv', text: `First Name,Last Name,Email,Lifecycle Stage,Job Title\n${lines.join('\n')}` })
    const started = await ok('imports.start', { sessionId: preview.sessionId, mapping: preview.guess })
    await importDone(ok, started.id)
    expect(await ok('imports.get', { id: started.id })).toMatchObject({ status: 'done', created: CONTACTS })
    const hot = await ok('tags.create', { name: 'Hot' })
    const ids = contactIds(dataDir)
    const some = ids.filter(() => random() < 0.1)
    await ok('tags.assign', { tagId: hot.id, contactIds: some })
    await ok('tags.unassign', { tagId: hot.id, contactIds: some.filter(() => random() < 0.5) })
    for (const id of ids.filter(() => random() < 0.02)) await ok('contacts.update', { id, patch: { notes: 'edited by hand' } })
    await ok('contacts.delete', { ids: ids.filter(() => random() < 0.01) })
  } finally {
    core.close()
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'crm-crash-'))
  seeded = join(root, 'seeded')
  await Promise.all([bundleChild(join(root, 'crash-child.cjs')), seed(seeded)])
  startKiller()
}, 60_000)

afterAll(async () => {
  if (killer && killer.exitCode === null) {
    const exited = new Promise((resolve) => killer!.once('exit', resolve))
    killer.stdin!.end()
    await exited
  }
  if (root) rmSync(root, { recursive: true, force: true })
})

/**
 * Every backup listed is whole (a half-written one is a hidden temp file, never listed), and the
 * reopened core removed the temp files a killed backup left (with SQLite's journal beside one);
 * no job is left running.
 */
async function backupsAreWhole(ok: Ok, label: string): Promise<string> {
  const status = await ok('backups.status')
  for (const b of status.backups) {
    expect(b.fileName, label).not.toMatch(/partial/)
    expect(
      readDb(b.path, (copy) => copy.pragma('integrity_check', { simple: true })),
      `${label}: ${b.fileName}`,
    ).toBe('ok')
  }
  expect((await ok('jobs.list')).filter((j) => j.status === 'running' || j.status === 'interrupted'), label).toEqual([])
  const temps = existsSync(status.backupDir) ? readdirSync(status.backupDir).filter((f) => isTempName(f)) : []
  expect(temps, `${label}: temp files left after the restart`).toEqual([])
  return ''
}

/** Reopens a database the child left and checks it (see the file's comment). */
async function verify(kind: Kind, dataDir: string, snap: Snapshot, prepared: Prepared, rng: () => number, label: string): Promise<string> {
  const { core, ok } = openCore(dataDir) // the database opens
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true })
  try {
    expect(integrity(dataDir), label).toBe('ok')
    const entries = (db.prepare('SELECT * FROM change_log ORDER BY hlc').all() as Entry[]).filter((e) => !snap.hlcs.has(e.hlc))

    if (kind.swap) {
      // the database is the one from before the restore, or the backup, whole — never a mix, never empty
      const now = readRows(db)
      const asBefore = diffExact(snap, now)
      const asBackup = diffExact(prepared.extra!.backup as Snapshot, now)
      expect(asBefore.length === 0 || asBackup.length === 0, `${label}: neither the database before nor the backup\n${firstFew(asBefore).join('\n')}`).toBe(true)
      const note = await backupsAreWhole(ok, label)
      const staging = readdirSync(dataDir).filter((f) => f.includes('.restoring-')).length
      return `:${asBefore.length === 0 ? 'before' : 'restored'}${note}${staging ? `, ${staging} restoring- file left` : ''}`
    }

    if (kind.readOnly) {
      expect(entries, `${label}: a read-only job wrote`).toEqual([])
      expect(firstFew(diffFromSnapshot(snap, readRows(db))), label).toEqual([])
      const note = await backupsAreWhole(ok, label)
      // and a leftover .partial does not stand in the way of the next backup
      const next = await ok('backups.create')
      expect((await ok('backups.status')).backups.map((b) => b.fileName), label).toContain(next.fileName)
      return note
    }

    // the reopened core tells what it thinks of the job first (the runner marks 'interrupted' on first use)
    const listed: { id: string; status: string; canUndo: boolean }[] = kind.list === 'jobs' ? await ok('jobs.list') : await ok('imports.list')
    const records =
      kind.list === 'jobs'
        ? (db.prepare('SELECT * FROM jobs ORDER BY created_at').all() as Row[]).filter((r) => !snap.jobIds.has(r.id as string))
        : (db.prepare('SELECT * FROM imports ORDER BY created_at').all() as Row[]).filter((r) => !snap.importIds.has(r.id as string))
    expect(records.length, `${label}: one job record at most`).toBeLessThanOrEqual(1)
    const record: JobRecord | null = records[0]
      ? { id: records[0].id as string, status: records[0].status as string, txIds: JSON.parse(records[0].tx_ids as string) as string[], row: records[0] }
      : null

    // every change since the seed is of a chunk the job recorded, and each recorded chunk is whole
    const recorded = new Set(record?.txIds ?? [])
    expect(entries.filter((e) => !recorded.has(e.tx_id)).slice(0, 3), `${label}: changes outside the job's recorded chunks`).toEqual([])
    expect(firstFew(diffFromReplay(snap, entries, readRows(db))), label).toEqual([])

    if (record) {
      expect(['interrupted', 'done'], `${label}: status`).toContain(record.status)
      const entry = listed.find((j) => j.id === record.id)
      if (record.status === 'interrupted') expect(entry, label).toMatchObject({ status: 'interrupted', canUndo: record.txIds.length > 0 })
    }
    const v: Verdict = { dataDir, db, ok, snap, prepared, record, rng }
    kind.effect?.(v)

    // Dismiss keeps what it did; the job leaves the list
    if (record?.status === 'interrupted' && kind.list === 'jobs' && (record.txIds.length === 0 || rng() < 0.3)) {
      const rows = readRows(db)
      expect(await ok('jobs.dismiss', { id: record.id })).toEqual({ count: 1 })
      expect(firstFew(diffFromReplay({ ...snap, rows }, [], readRows(db))), `${label}: dismiss changed data`).toEqual([])
      expect((await ok('jobs.list')).filter((j: JobProgress) => j.id === record.id && j.status === 'interrupted')).toEqual([])
    }
    // Undo (or finishing it) brings the data back to the snapshot
    let target = snap
    if (kind.settle) target = await kind.settle(v)
    else if (record && kind.list === 'jobs' && record.txIds.length > 0) await ok('jobs.undo', { id: record.id })
    // imports have no Dismiss: one killed before its first chunk leaves the list only through undo
    else if (record && kind.list === 'imports' && (record.txIds.length > 0 || record.status === 'interrupted')) await ok('imports.undo', { id: record.id })
    expect(firstFew(diffFromSnapshot(target, readRows(db))), `${label}: after undo`).toEqual([])
    if (record) {
      const still = kind.list === 'jobs' ? await ok('jobs.list') : await ok('imports.list')
      expect(still.filter((j: { id: string; status: string }) => j.id === record.id && j.status === 'interrupted'), label).toEqual([])
    }
    return record ? `:${record.status}/${record.txIds.length}` : ':none'
  } finally {
    db.close()
    core.close()
  }
}

/** Runs fn over items, `parallel` at a time. */
async function pool<T>(items: T[], parallel: number, fn: (item: T) => Promise<void>) {
  let next = 0
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < items.length) await fn(items[next++])
    }),
  )
}

describe('kill -9 in the middle of a long job', () => {
  test.each(KINDS.map((kind, i) => ({ kind, i, name: kind.name })))('$name', async ({ kind, i }) => {
    const rng = seededRandom(SEED + i)
    const scratch = join(root, `kind-${i}`)
    const template = join(scratch, 'template')
    mkdirSync(scratch, { recursive: true })
    cpSync(seeded, template, { recursive: true })

    let before: Snapshot | undefined
    const env = openCore(template)
    let prepared: Prepared
    try {
      before = snapshot(template)
      prepared = await kind.prepare(env.ok, template, scratch)
    } finally {
      env.core.close()
    }
    prepared.extra = { ...prepared.extra, before }
    const paramsFile = join(scratch, 'params.json')
    writeFileSync(paramsFile, JSON.stringify(prepared.params))
    const snap = snapshot(template)

    // One run to the end: how long the job takes here (and the "killed after it ended" case).
    const calibration = join(scratch, 'run-0')
    cpSync(template, calibration, { recursive: true })
    const full = await runChild(calibration, prepared.child, paramsFile, null)
    const window = Math.max(20, full.ranMs! * 1.2)

    // the kills (k ≥ 1) and the check of the calibration run (k = 0), two at a time
    const moments = [{ k: 0, delay: -1 }, ...Array.from({ length: KILLS }, (_, k) => ({ k: k + 1, delay: Math.round(rng() * window) }))]
    const outcomes: string[] = []
    let ended = ''
    await pool(moments, PARALLEL, async ({ k, delay }) => {
      const dataDir = join(scratch, `run-${k}`)
      if (k > 0) cpSync(template, dataDir, { recursive: true })
      const run = k > 0 ? await runChild(dataDir, prepared.child, paramsFile, delay) : full
      const label = k > 0 ? `${kind.name}, kill ${k} at ${delay} ms (seed ${SEED})` : `${kind.name}, not killed (seed ${SEED})`
      const left = await verify(kind, dataDir, snap, prepared, seededRandom(SEED * 31 + k), label)
      if (k === 0) ended = left
      else outcomes.push(`${delay}ms ${run.killed ? 'killed' : 'ended'}${left}`)
      rmSync(dataDir, { recursive: true, force: true })
    })
    // e.g. "120ms killed:interrupted/3" — the job record's status and its committed chunks after the kill
    console.log(`${kind.name}: runs ${full.ranMs} ms${ended}; ${outcomes.join(', ')}`)
    expect(outcomes).toHaveLength(KILLS)
  }, 180_000) // ~10 s each on an idle 2-core machine; the margin is for a machine busy with other work
})

