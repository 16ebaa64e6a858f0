/** A real core for the backup tests: automatic backups on a hand-driven timer, the reminder scheduler off. */
import { afterEach } from 'vitest'
import { createCore } from '../../src-main/core/core'
import type { Timers } from '../../src-main/core/scheduler/scheduler'
import type { FolderOpener } from '../../src-main/core/services/backups/backup'
import { callers, fakeClock, MIGRATIONS, quietLog, tempDir } from './helpers'

const closers: (() => void)[] = []
afterEach(() => {
  while (closers.length) closers.pop()!()
})

/** A real core whose automatic backups run on a hand-driven timer (the reminder scheduler is off). */
export function openBackupCore(options: { dataDir?: string; clock?: ReturnType<typeof fakeClock>; auto?: boolean; folders?: FolderOpener } = {}) {
  const dataDir = options.dataDir ?? tempDir()
  const clock = options.clock ?? fakeClock()
  let pending: { fn: () => void; ms: number } | null = null
  const backupTimers: Timers = {
    setTimeout(fn, ms) {
      pending = { fn, ms }
      return 1
    },
    clearTimeout() {
      pending = null
    },
  }
  const core = createCore({
    dataDir,
    migrationsFolder: MIGRATIONS,
    clock,
    log: quietLog,
    version: 'test',
    scheduler: false,
    backupTimers: options.auto === false ? false : backupTimers,
    folders: options.folders,
  })
  closers.push(() => core.close())
  const changed: string[][] = []
  core.on('data.changed', ({ tables }) => changed.push(tables))
  const env = { core, clock, dataDir, changed, ...callers(core) }
  return {
    ...env,
    pending: () => pending,
    /** Moves the clock to when the backup timer goes off, runs it and waits for the round. */
    async step() {
      const p = pending
      if (!p) throw new Error('no backup timer armed')
      clock.advance(p.ms)
      p.fn()
      await env.ok('backups.status')
    },
  }
}

export async function withData(env: ReturnType<typeof openBackupCore>) {
  await env.ok('sampleData.load')
  return env.ok('contacts.create', { firstName: 'Ada', lastName: 'Lovelace', notes: 'first' })
}
