/**
 * revertTransactions: undo whole transactions from the change log, keeping newer edits.
 * Driven through a real repository on a real, migrated SQLite file.
 */
import { localWriterOf, readerOf } from '../../src-main/core/db/access'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { HybridLogicalClock } from '../../src-shared/hlc'
import { openDatabase } from '../../src-main/core/db/open'
import { Repository, type Writer } from '../../src-main/core/db/repository'
import { revertTransactions } from '../../src-main/core/db/revert'
import { Statements } from '../../src-main/core/db/statements'
import type { ServiceContext } from '../../src-main/core/services/context'
import { fakeClock, MIGRATIONS, tempDir } from './helpers'

const open: { close(): void }[] = []
afterEach(() => {
  while (open.length) open.pop()!.close()
})

function setup() {
  const { sqlite } = openDatabase({ file: join(tempDir(), 'crm.db'), migrationsFolder: MIGRATIONS })
  open.push(sqlite)
  const clock = fakeClock()
  const q = new Statements(sqlite)
  const repo = new Repository(sqlite, clock, new HybridLogicalClock('device-a', () => clock.now()), 'device-a', () => {})
  const ctx: ServiceContext = { q: readerOf(q), local: localWriterOf(q), repo, clock }
  /** Runs fn in its own transaction and returns that transaction's id. */
  const tx = (fn: (w: Writer) => void) => {
    clock.advance(1000)
    return repo.write((w) => (fn(w), w.txId))
  }
  const row = (table: string, id: string) => q.one<Record<string, unknown>>(`SELECT * FROM ${table} WHERE id = ?`, id)!
  return { ctx, q, tx, row, clock }
}

describe('revertTransactions', () => {
  test('rows a transaction inserted are soft-deleted; rows it did not touch stay as they were', () => {
    const { ctx, tx, row } = setup()
    let before = ''
    let added = ''
    tx((w) => void (before = w.insert('contacts', { firstName: 'Ada', lastName: 'Lovelace' })))
    const untouched = row('contacts', before)
    const t = tx((w) => {
      added = w.insert('contacts', { firstName: 'Grace', lastName: 'Hopper' })
      w.insert('contact_channels', { contactId: added, kind: 'email', value: 'grace@navy.mil', position: 0 })
    })
    expect(revertTransactions(ctx, [t])).toEqual({ reverted: 2, keptLaterEdits: 0 })
    expect(row('contacts', added).deleted_at).not.toBeNull()
    expect(row('contacts', before)).toEqual(untouched)
  })

  test('changed fields go back to their earlier values, including null, numbers and a soft delete', () => {
    const { ctx, tx, row } = setup()
    let id = ''
    tx((w) => void (id = w.insert('contacts', { firstName: 'Ada', lastName: 'Lovelace', jobTitle: 'Analyst' })))
    tx((w) => void w.update('contacts', id, { jobTitle: 'Countess' }))
    const before = row('contacts', id)
    const t = tx((w) => {
      w.update('contacts', id, { firstName: 'Augusta', owner: 'Sam', jobTitle: null })
      w.softDelete('contacts', id)
    })
    expect(row('contacts', id)).toMatchObject({ first_name: 'Augusta', owner: 'Sam', job_title: null })
    expect(row('contacts', id).deleted_at).not.toBeNull()
    expect(revertTransactions(ctx, [t])).toEqual({ reverted: 1, keptLaterEdits: 0 })
    const after = row('contacts', id)
    // everything but updated_at (the undo is itself a write) is back
    expect({ ...after, updated_at: 0 }).toEqual({ ...before, updated_at: 0 })
  })

  test('a field changed again by a later transaction keeps the newer value; the others are reverted', () => {
    const { ctx, tx, row } = setup()
    let id = ''
    tx((w) => void (id = w.insert('contacts', { firstName: 'Ada', lastName: 'Lovelace' })))
    const t = tx((w) => void w.update('contacts', id, { firstName: 'Augusta', lastName: 'King' }))
    tx((w) => void w.update('contacts', id, { firstName: 'Ada Augusta' }))
    expect(revertTransactions(ctx, [t])).toEqual({ reverted: 1, keptLaterEdits: 1 })
    expect(row('contacts', id)).toMatchObject({ first_name: 'Ada Augusta', last_name: 'Lovelace' })
  })

  test('several transactions at once: a field they changed twice goes back to before the first', () => {
    const { ctx, tx, row } = setup()
    let id = ''
    tx((w) => void (id = w.insert('contacts', { firstName: 'Ada', lastName: 'Lovelace' })))
    const t1 = tx((w) => void w.update('contacts', id, { firstName: 'B' }))
    const t2 = tx((w) => void w.update('contacts', id, { firstName: 'C' }))
    expect(revertTransactions(ctx, [t2, t1])).toEqual({ reverted: 1, keptLaterEdits: 0 })
    expect(row('contacts', id).first_name).toBe('Ada')
  })

  test('the undo is logged like any edit, and undoing the undo puts the change back', () => {
    const { ctx, q, tx, row } = setup()
    let id = ''
    tx((w) => void (id = w.insert('contacts', { firstName: 'Ada', lastName: 'Lovelace' })))
    const t = tx((w) => void w.update('contacts', id, { owner: 'Sam' }))
    const entries = q.one<{ n: number }>('SELECT count(*) AS n FROM change_log')!.n
    revertTransactions(ctx, [t])
    expect(q.one<{ n: number }>('SELECT count(*) AS n FROM change_log')!.n).toBe(entries + 1)
    const last = q.one<{ tx_id: string; value: string }>('SELECT tx_id, value FROM change_log ORDER BY hlc DESC LIMIT 1')!
    expect(JSON.parse(last.value)).toBeNull()
    revertTransactions(ctx, [last.tx_id])
    expect(row('contacts', id).owner).toBe('Sam')
  })

  test('a row with no history before (written raw, e.g. by a migration) keeps its fields instead of failing the undo', () => {
    const { ctx, q, tx, row } = setup()
    q.get("INSERT INTO contacts (id, first_name, last_name, lifecycle_stage, notes, created_at, updated_at) VALUES ('raw-1', 'Raw', 'Row', 'lead', '', 0, 0)").run()
    let logged = ''
    tx((w) => void (logged = w.insert('contacts', { firstName: 'Ada', lastName: 'Lovelace', lifecycleStage: 'lead' })))
    const t = tx((w) => {
      w.update('contacts', 'raw-1', { lifecycleStage: 'customer', owner: 'Sam' })
      w.update('contacts', logged, { lifecycleStage: 'customer' })
    })
    // before: "no entry" read as null, and lifecycle_stage NOT NULL failed the whole undo
    expect(revertTransactions(ctx, [t])).toEqual({ reverted: 1, keptLaterEdits: 2 })
    expect(row('contacts', logged).lifecycle_stage).toBe('lead')
    expect(row('contacts', 'raw-1')).toMatchObject({ lifecycle_stage: 'customer', owner: 'Sam' })
  })

  test('unknown or empty transaction ids change nothing', () => {
    const { ctx, q, tx } = setup()
    tx((w) => void w.insert('contacts', { firstName: 'Ada', lastName: 'Lovelace' }))
    const entries = q.one<{ n: number }>('SELECT count(*) AS n FROM change_log')!.n
    expect(revertTransactions(ctx, [])).toEqual({ reverted: 0, keptLaterEdits: 0 })
    expect(revertTransactions(ctx, ['not-a-transaction'])).toEqual({ reverted: 0, keptLaterEdits: 0 })
    expect(q.one<{ n: number }>('SELECT count(*) AS n FROM change_log')!.n).toBe(entries)
  })
})
