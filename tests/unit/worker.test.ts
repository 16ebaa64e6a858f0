/**
 * Core in its worker thread, through the relay both hosts use: commands and events cross, a
 * database that cannot open says why, a worker that dies is replaced (its calls answered with an
 * error, the data kept), and close() lets the database close before the thread ends.
 */
import type { Worker } from 'node:worker_threads'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { startCoreWorker, type CoreConnection } from '../../src-main/core/worker/relay'
import { MIGRATIONS, quietLog, tempDir } from './helpers'

const ENTRY = resolve(__dirname, '../../src-main/core/worker/entry.ts')
const open: CoreConnection[] = []
afterEach(async () => {
  while (open.length) await open.pop()!.close()
})

function start(dataDir: string, onSpawn?: (w: Worker) => void) {
  const core = startCoreWorker({ entry: ENTRY, dataDir, migrationsFolder: MIGRATIONS, scheduler: false, autoBackups: false, log: quietLog, onSpawn })
  open.push(core)
  return core
}

// each test starts a thread that compiles core through tsx: seconds on a busy machine
describe('core worker relay', { timeout: 60_000 }, () => {
  test('commands and their events cross the thread', async () => {
    const core = start(tempDir())
    await core.ready
    const changed: string[][] = []
    core.on('data.changed', ({ tables }) => changed.push(tables))
    const made = await core.invoke('contacts.create', { firstName: 'Ada', lastName: 'Lovelace' })
    expect(made.ok).toBe(true)
    const list = await core.invoke('contacts.list', { limit: 10 })
    expect(list.ok && list.value.items.map((c) => c.displayName)).toEqual(['Ada Lovelace'])
    expect(changed.flat()).toContain('contacts')
    // bad input is answered, not thrown, across the thread too
    const bad = await core.invoke('contacts.create', { firstName: 42 })
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.error.code).toBe('VALIDATION')
  })

  test('a database that cannot open rejects ready with the reason, and every call gets it', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'crm.db'), 'this is not a database, it only has the name of one')
    const core = start(dir)
    await expect(core.ready).rejects.toThrow(/not a database/)
    const answer = await core.invoke('contacts.list', {})
    expect(answer.ok).toBe(false)
    expect(!answer.ok && answer.error.message).toMatch(/not a database.*Restart the app/)
  })

  test('a worker that dies is replaced; what it committed is kept', async () => {
    const workers: Worker[] = []
    const dir = tempDir()
    const core = start(dir, (w) => workers.push(w))
    await core.ready
    expect((await core.invoke('contacts.create', { firstName: 'Kept' })).ok).toBe(true)
    const inFlight = core.invoke('contacts.list', { limit: 10 })
    await workers[0].terminate()
    const lost = await inFlight
    // answered either before the end or with the error that says what happened
    if (!lost.ok) expect(lost.error.message).toMatch(/stopped unexpectedly/)
    const after = await core.invoke('contacts.list', { limit: 10 })
    expect(workers).toHaveLength(2)
    expect(after.ok && after.value.items.map((c) => c.displayName)).toEqual(['Kept'])
  })

  test('close() closes the database cleanly: another worker opens it at once', async () => {
    const dir = tempDir()
    const first = startCoreWorker({ entry: ENTRY, dataDir: dir, migrationsFolder: MIGRATIONS, scheduler: false, autoBackups: false, log: quietLog })
    await first.ready
    await first.invoke('contacts.create', { firstName: 'Grace' })
    await first.close()
    expect((await first.invoke('contacts.list', {})).ok).toBe(false)
    const second = start(dir)
    await second.ready
    const list = await second.invoke('contacts.list', {})
    expect(list.ok && list.value.total).toBe(1)
  })
})
