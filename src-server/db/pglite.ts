/**
 * The database port over PGlite: PostgreSQL in WebAssembly, in this process, for one shop on one
 * machine (`npm run server`) and for the tests (in memory). PGlite serves one connection: its
 * own mutex queues every query and transaction in arrival order, so a transaction here holds the
 * whole database and the write path keeps its statements few and batched (one unnest insert per
 * push). On disk the folder is locked for as long as the server runs (db/lock.ts); the database
 * itself is `<folder>/pgdata`.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { lockFolder, type FolderLock } from './lock'
import type { Database, Queryable, Row } from './port'

function wrap(db: Pick<PGlite, 'query'>): Queryable {
  return {
    async query<T = Row>(text: string, params: readonly unknown[] = []) {
      const result = await db.query(text, params as unknown[])
      return result.rows as T[]
    },
  }
}

/**
 * In memory, initdb (~3 s) runs once per process: later databases start from a copy of that
 * fresh one (~0.5 s), which is what tests that open many servers need.
 */
let freshCluster: Promise<Blob | File> | null = null
async function inMemory(): Promise<PGlite> {
  freshCluster ??= PGlite.create().then(async (db) => {
    const dump = await db.dumpDataDir('none')
    await db.close()
    return dump
  })
  return PGlite.create({ loadDataDir: await freshCluster })
}

/** `folder` null: in memory (tests). */
export async function openPglite(folder: string | null): Promise<Database> {
  let lock: FolderLock | null = null
  let db: PGlite
  if (folder) {
    mkdirSync(folder, { recursive: true })
    lock = lockFolder(folder)
    try {
      db = await PGlite.create(join(folder, 'pgdata'))
    } catch (error) {
      lock.release()
      throw new Error(`Could not open the database in ${join(folder, 'pgdata')}: ${(error as Error)?.message ?? error}`)
    }
  } else {
    db = await inMemory()
  }
  const plain = wrap(db)
  let closed = false
  return {
    kind: 'pglite',
    query: plain.query,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    listen: () => null,
    async close() {
      if (closed) return
      closed = true
      try {
        await db.close()
      } finally {
        lock?.release()
      }
    },
  }
}
