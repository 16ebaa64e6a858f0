/**
 * Loaded before the real sync server (sync-server-kill.test.ts runs
 *   node --import tsx --import ./tests/unit/sync-server-kill-child.ts src-server/main.ts
 * with PGlite in a folder): it changes nothing the server does, it only says on stdout, synchronously
 * (a line is out before the server goes on), where the server is in its database work:
 *   "inserted <k> <n> <device> <first> <last>"  the k-th push transaction since start has inserted its
 *                       n ops (that device's client seqs first..last), not committed yet;
 *   "committed <k> <n> <device> <first> <last>" that transaction committed, its answer not sent yet;
 *   "page <k> <n>"      the k-th pull page (n ops) was read, its answer not sent yet.
 * SERVER_FREEZE=<point>:<k> (e.g. "committed:2") makes the server stop dead right after printing that
 * line ("frozen <line>"), its thread blocked: the test's kill -9 then lands exactly there.
 */
import { writeSync } from 'node:fs'
import { PGlite, type Transaction } from '@electric-sql/pglite'

const [freezePoint, freezeAt] = (process.env.SERVER_FREEZE ?? '').split(':')
const counts = { inserted: 0, page: 0 }

function point(kind: 'inserted' | 'committed' | 'page', k: number, what: string): void {
  const line = `${kind} ${k} ${what}`
  if (kind === freezePoint && k === Number(freezeAt)) {
    writeSync(1, `frozen ${line}\n`)
    // blocks this thread (timers, sockets, PGlite) until the kill; the timeout is a guard only
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000)
    writeSync(2, `frozen at "${line}" for 120 s and never killed\n`)
    process.exit(3)
  }
  writeSync(1, `${line}\n`)
}

const isOpsInsert = (text: string) => /^\s*INSERT INTO ops\b/.test(text)
const isPageRead = (text: string) => /FROM ops WHERE workspace_id = \$1 AND seq > \$2/.test(text)

const transaction = PGlite.prototype.transaction
PGlite.prototype.transaction = async function <T>(this: PGlite, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  let push: { k: number; what: string } | null = null
  const result = await transaction.call(this, async (tx: Transaction) => {
    const query = tx.query.bind(tx)
    tx.query = (async (text: string, params?: unknown[], options?: never) => {
      const rows = await query(text, params, options)
      if (isOpsInsert(text)) {
        // the push's parameters (routes/ops.ts): $2 the device id, $6 the client seqs
        const seqs = params![5] as number[]
        push = { k: ++counts.inserted, what: `${seqs.length} ${String(params![1])} ${seqs[0]} ${seqs[seqs.length - 1]}` }
        point('inserted', push.k, push.what)
      }
      return rows
    }) as Transaction['query']
    return fn(tx)
  })
  const done = push as { k: number; what: string } | null
  if (done) point('committed', done.k, done.what)
  return result as T
}

const query = PGlite.prototype.query
PGlite.prototype.query = (async function (this: PGlite, text: string, params?: unknown[], options?: never) {
  const result = await query.call(this, text, params, options)
  if (isPageRead(text)) point('page', ++counts.page, String(result.rows.length))
  return result
}) as PGlite['query']
