import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, expect } from 'vitest'
import type { CommandName, CommandOutput } from '../../src-shared/api'
import type { ImportJob } from '../../src-shared/model/import'
import type { AppErrorShape } from '../../src-shared/errors'
import { createCore, DATABASE_FILE, type Core, type Notifier } from '../../src-main/core/core'
import type { Timers } from '../../src-main/core/scheduler/scheduler'
import type { ImportHooks } from '../../src-main/core/services/imports/imports'

export const MIGRATIONS = resolve(__dirname, '../../drizzle')

/** A clock the test moves by hand. */
export function fakeClock(start = Date.UTC(2026, 0, 15, 9, 0, 0)) {
  let now = start
  return {
    now: () => now,
    set: (ms: number) => void (now = ms),
    advance: (ms: number) => void (now += ms),
  }
}

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'crm-test-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

export const quietLog = { info() {}, warn() {}, error() {} }

/** A real core on a real SQLite file in a fresh temp folder. */
export function openCore(
  options: {
    dataDir?: string
    clock?: ReturnType<typeof fakeClock>
    /** Passed through to createCore: reminders shown, the scheduler's timers, scheduler on/off. */
    notifier?: Notifier
    timers?: Timers
    scheduler?: boolean
    /** Fixed import chunks and a fault inside one (services/imports/job.ts). */
    importHooks?: ImportHooks
  } = {},
) {
  const dataDir = options.dataDir ?? tempDir()
  const clock = options.clock ?? fakeClock()
  const { notifier, timers, scheduler, importHooks } = options
  const core = createCore({ dataDir, migrationsFolder: MIGRATIONS, clock, log: quietLog, version: 'test', notifier, timers, scheduler, importHooks })
  cleanups.unshift(() => core.close())
  return { core, clock, dataDir, ...callers(core) }
}

/** ok(): the value or the test fails with the error; err(): the error or the test fails. */
export function callers(core: Core) {
  async function ok<N extends CommandName>(name: N, input?: unknown): Promise<CommandOutput<N>> {
    const result = await core.invoke(name, input)
    if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`)
    return result.value as CommandOutput<N>
  }
  async function err(name: string, input?: unknown): Promise<AppErrorShape> {
    const result = await core.invoke(name, input)
    expect(result.ok, `${name} should have failed`).toBe(false)
    return (result as { ok: false; error: AppErrorShape }).error
  }
  return { ok, err }
}

/**
 * Reads a SQLite file behind the core's back: opens it read-only on a connection of its own, runs
 * `read`, closes it (also when `read` throws) and returns what `read` returned. `where` is a data
 * folder (its crm.db, the file a core writes) or the path of a database file (a backup, a copy).
 */
export function readDb<T>(where: string, read: (db: Database.Database) => T): T {
  const file = statSync(where).isDirectory() ? join(where, DATABASE_FILE) : where
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}

/**
 * A copy of the migrations folder that stops before migration `before` (e.g. 12 → 0000…0011), so a
 * test can make a database as an older version left it and then open it with every migration.
 */
export function migrationsBefore(before: number): string {
  const older = join(tempDir(), 'drizzle')
  cpSync(MIGRATIONS, older, { recursive: true })
  const journalFile = join(older, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] }
  journal.entries = journal.entries.filter((e) => Number(e.tag.slice(0, 4)) < before)
  writeFileSync(journalFile, JSON.stringify(journal))
  return older
}

/** Asks imports.get until the import is no longer running (its chunks run between commands). */
export async function waitImportDone(ok: ReturnType<typeof callers>['ok'], id: string): Promise<ImportJob> {
  for (let i = 0; i < 5000; i++) {
    const job = await ok('imports.get', { id })
    if (job.status !== 'running') return job
    await new Promise((r) => setTimeout(r, 2))
  }
  throw new Error('import did not finish')
}
