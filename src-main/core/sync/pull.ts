/**
 * Pull: the workspace's ops after the cursor, page by page (checked against the page checksum),
 * folded in through the repository (Writer.applyRemote, origin 'remote') in slices of at most
 * ~20 ms, with a turn of the event loop between slices so every command waiting meanwhile answers.
 * Each slice moves the cursor in its own transaction. Ops this version cannot apply wait in
 * sync_deferred and are replayed at the next start (after an upgrade they apply).
 *
 * Safety: a catch-up that would delete more than half of this device's live contacts stops before
 * the page that crosses the line and waits for the person (sync.resolvePause): apply, or keep them
 * (the pages are applied and the contacts restored, as this device's own change, for everyone).
 */
import { createHash } from 'node:crypto'
import { pageChecksumInput, REMOVE_COLUMN, type PullAnswer, type PulledOp, type RowsAnswer } from '../../../src-shared/sync-protocol'
import { nextTurn, type Logger } from '../clock'
import type { LocalWriter, Reader } from '../db/access'
import type { RemoteEntry } from '../db/remote-apply'
import type { Repository } from '../db/repository'
import type { SyncedTableName } from '../db/schema'
import { SyncFailure, type SyncHttp } from './http'
import type { MissingRow, SyncStore } from './state'

/** A slice's budget, as the job runner's chunks (ARCHITECTURE.md "Long jobs"). */
const SLICE_BUDGET_MS = 20
const PAGE_OPS = 1000
/** Rows per history request (the contract's limit). */
const ROWS_PER_REQUEST = 100
/** Fewer deletes than this never pause (two of three contacts gone is asked about; one of one is not). */
const PAUSE_MIN_DELETES = 2

export interface Puller {
  pull(http: SyncHttp, token: string, workspaceId: string): Promise<void>
  paused(): { deletes: number; contacts: number } | null
  decide(decision: 'apply' | 'keep'): void
  /** Forgets a pause and a catch-up (sign-out). */
  reset(): void
  /** Applies what waits in sync_deferred and this version now knows. */
  replayDeferred(): void
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

const toEntry = (op: PulledOp): RemoteEntry & { seq: number } => ({
  seq: op.seq,
  hlc: op.hlc,
  deviceId: op.deviceId,
  memberId: op.memberId,
  txId: op.txId,
  table: op.table,
  rowId: op.rowId,
  column: op.column,
  value: op.value,
})

export function createPuller(deps: { q: Reader; local: LocalWriter; repo: Repository; store: SyncStore; deviceId: string; log: Logger; onPause(): void }): Puller {
  const { q, local, repo, store, deviceId } = deps
  /** The catch-up in progress: live contacts when it began, contacts its pages delete, rows to restore on 'keep'. */
  let catchUp: { live: number; deleting: Set<string>; decision: 'apply' | 'keep' | null; deleted: { table: SyncedTableName; id: string }[] } | null = null
  let pause: { deletes: number; contacts: number } | null = null

  const liveContacts = () => q.one<{ n: number }>("SELECT n FROM live_counts WHERE name = 'contacts'")?.n ?? 0

  /** The live local contacts these ops delete. */
  function contactDeletes(ops: readonly PulledOp[]): string[] {
    const ids = ops.filter((op) => op.table === 'contacts' && op.column === 'deleted_at' && op.value !== 'null' && op.deviceId !== deviceId).map((op) => op.rowId)
    if (ids.length === 0) return []
    return q.all<{ id: string }>('SELECT id FROM contacts WHERE deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))', JSON.stringify(ids)).map((r) => r.id)
  }

  /** Applies entries in one remote transaction and moves the cursor to `seq`, with what must wait kept aside. */
  const unpushed = () => ({ devices: store.outboxDevices(deviceId), afterHlc: store.pushed().hlc })

  /** Remembers rows entries changed that are not here, in the transaction that found them. */
  function noteMissing(rows: readonly { table: string; id: string }[]): void {
    if (rows.length === 0) return
    const known = store.missing()
    const seen = new Set(known.map((r) => `${r.table}\u0000${r.id}`))
    store.setMissing([...known, ...rows.filter((r) => !seen.has(`${r.table}\u0000${r.id}`))])
  }

  /** Applies entries in one remote transaction and moves the cursor to `seq`, with what must wait kept aside. */
  function applySlice(entries: (RemoteEntry & { seq: number })[], cursor: { epoch: string; seq: number }): void {
    repo.write(
      (w) => {
        const result = w.applyRemote(entries, { unpushed: unpushed() })
        for (const entry of result.deferred) {
          local.run('INSERT OR IGNORE INTO sync_deferred (seq, op) VALUES (?, ?)', (entry as RemoteEntry & { seq: number }).seq, JSON.stringify(entry))
        }
        if (catchUp?.decision === 'keep') catchUp.deleted.push(...result.deleted)
        noteMissing(result.missing)
        store.setCursor(cursor)
      },
      { origin: 'remote' },
    )
  }

  /**
   * Asks the server for the whole history of rows this device lacks (a record shared again after
   * being private: its old entries are behind the cursor) and applies it; done rows are forgotten
   * in the same transaction, so a kill in between asks again.
   */
  async function fetchMissing(http: SyncHttp, token: string, workspaceId: string): Promise<void> {
    for (;;) {
      const batch: MissingRow[] = store.missing().slice(0, ROWS_PER_REQUEST)
      if (batch.length === 0) return
      const answer = await http.request<RowsAnswer>('POST', `/v1/workspaces/${encodeURIComponent(workspaceId)}/rows`, {
        body: { rows: batch.map((r) => ({ table: r.table, rowId: r.id })) },
        token,
      })
      repo.write(
        (w) => {
          const result = w.applyRemote(answer.ops.map(toEntry), { unpushed: unpushed(), resettle: true })
          const asked = new Set(batch.map((r) => `${r.table}\u0000${r.id}`))
          // still missing after its whole history (e.g. an insert of a newer version): not asked again
          store.setMissing(store.missing().filter((r) => !asked.has(`${r.table}\u0000${r.id}`)))
          for (const entry of result.deferred) {
            local.run('INSERT OR IGNORE INTO sync_deferred (seq, op) VALUES (?, ?)', (entry as RemoteEntry & { seq: number }).seq, JSON.stringify(entry))
          }
        },
        { origin: 'remote' },
      )
      await nextTurn()
    }
  }

  async function applyPage(page: PullAnswer): Promise<void> {
    // own ops are here already, but a remove made of one (this device moved a row under someone's private record) is not
    // (after the workspace's records were taken off, sync/leave.ts, they are not: the first pull back takes them too)
    const refill = store.refill()
    const entries = page.ops.filter((op) => refill || op.deviceId !== deviceId || op.column === REMOVE_COLUMN).map(toEntry)
    let at = 0
    let size = 50
    while (at < entries.length) {
      const slice = entries.slice(at, at + size)
      const t0 = performance.now()
      // the cursor of a slice: its last op, or the page's end after the last slice (own ops skipped in between)
      const end = at + slice.length >= entries.length ? page.next : slice[slice.length - 1].seq
      applySlice(slice, { epoch: page.epoch, seq: end })
      at += slice.length
      const ms = performance.now() - t0
      size = ms < SLICE_BUDGET_MS / 2 ? Math.min(size * 2, 2000) : ms > SLICE_BUDGET_MS ? Math.max(Math.floor(size / 2), 1) : size
      await nextTurn()
    }
    if (entries.length === 0) applySlice([], { epoch: page.epoch, seq: page.next })
  }

  /** Brings the contacts a 'keep' decision kept back, as this device's own change (pushed to everyone). */
  function restoreKept(): void {
    const rows = catchUp?.deleted ?? []
    if (rows.length === 0) return
    repo.write((w) => {
      for (const { table, id } of rows) w.restore(table, id)
    })
  }

  return {
    async pull(http, token, workspaceId) {
      const fetchPage = (cursor: { epoch: string; seq: number }) =>
        http.request<PullAnswer>('GET', `/v1/workspaces/${encodeURIComponent(workspaceId)}/ops?epoch=${encodeURIComponent(cursor.epoch)}&after=${cursor.seq}&limit=${PAGE_OPS}`, {
          token,
        })
      // the next page is asked for while this one is applied (the server and the network work meanwhile)
      let ahead: { seq: number; page: Promise<PullAnswer> } | null = null
      for (;;) {
        const cursor = store.cursor()
        let page: PullAnswer
        try {
          const next = ahead?.seq === cursor.seq ? ahead.page : fetchPage(cursor)
          ahead = null
          page = await next
        } catch (error) {
          if (error instanceof SyncFailure && error.code === 'EPOCH_CHANGED') {
            // the server's history was reset: pull it all again (entries already here are skipped by their HLC)
            store.setCursor({ epoch: '', seq: 0 })
            continue
          }
          throw error
        }
        if (sha256(pageChecksumInput(page.ops)) !== page.checksum) {
          throw new SyncFailure('offline', 'A page of changes arrived damaged; it will be fetched again.')
        }
        if (page.ops.length === 0) {
          // nothing more, or a stretch of rows this member may not see (private records): the cursor passes it
          if (page.epoch !== cursor.epoch || page.next !== cursor.seq) store.setCursor({ epoch: page.epoch, seq: page.next })
          if (page.next >= page.head || page.next === cursor.seq) break
          continue
        }
        catchUp ??= { live: liveContacts(), deleting: new Set(), decision: null, deleted: [] }
        if (!catchUp.decision) {
          for (const id of contactDeletes(page.ops)) catchUp.deleting.add(id)
          const deletes = catchUp.deleting.size
          if (deletes >= PAUSE_MIN_DELETES && deletes * 2 > catchUp.live) {
            pause = { deletes, contacts: catchUp.live }
            deps.onPause()
            return
          }
        }
        if (page.next < page.head) {
          ahead = { seq: page.next, page: fetchPage({ epoch: page.epoch, seq: page.next }) }
          ahead.page.catch(() => {}) // a failure is met when this page is awaited (or never, after a pause)
        }
        await applyPage(page)
        if (page.next >= page.head) break
      }
      if (store.refill()) store.setRefill(false) // at the head: every own op is back
      if (catchUp?.decision === 'keep') restoreKept()
      catchUp = null
      await fetchMissing(http, token, workspaceId)
    },
    paused: () => pause,
    decide(decision) {
      if (!catchUp) return
      catchUp.decision = decision
      pause = null
    },
    reset() {
      catchUp = null
      pause = null
    },
    replayDeferred() {
      const rows = q.all<{ seq: number; op: string }>('SELECT seq, op FROM sync_deferred ORDER BY seq')
      if (rows.length === 0) return
      repo.write(
        (w) => {
          const waiting = new Set(w.applyRemote(rows.map((r) => JSON.parse(r.op) as RemoteEntry)).deferred.map((e) => e.hlc))
          for (const row of rows) if (!waiting.has((JSON.parse(row.op) as RemoteEntry).hlc)) local.run('DELETE FROM sync_deferred WHERE seq = ?', row.seq)
        },
        { origin: 'remote' },
      )
    },
  }
}
