/**
 * One runner for every long job (bulk actions, undo of an import, vCard import, sample data,
 * duplicate scan, backup, restore, later sync apply). A job works in chunks: each write chunk is
 * ONE repository transaction of at most ~CHUNK_BUDGET_MS of work, and between chunks the job
 * pauses so every other command queued meanwhile answers (core is single-threaded in its worker).
 *
 * - Progress goes out as `job.progress` (rows done / total, time left), at most every 100 ms.
 * - Cancel is asked with cancel(id); the job stops at its next pause. A write job then reverts
 *   what its committed chunks wrote (in chunks too): cancelled means nothing of it is left. A job
 *   that fails is reverted the same way, so a failure still "changes nothing".
 * - A write job's row in `jobs` (local table) gets each chunk's txId in that chunk's transaction.
 *   A process killed mid-job leaves whole chunks in; on the next start the job shows as
 *   "interrupted" and undo(id) reverts exactly what it wrote.
 */
import { v7 as uuidv7 } from 'uuid'
import type { Events } from '../../../src-shared/api'
import { AppError } from '../../../src-shared/errors'
import type { JobKind, JobProgress, JobStatus } from '../../../src-shared/model/job'
import { nextTurn, type Clock, type Logger } from '../clock'
import type { Repository, Writer } from '../db/repository'
import { Reverter, type RevertResult } from '../db/revert'
import type { LocalWriter, Reader } from '../db/access'

/** Work per write chunk (ms): the longest a read waits behind a job. */
export const CHUNK_BUDGET_MS = 20
const PROGRESS_EVERY_MS = 100
const KEEP_FINISHED = 20

export interface JobSpec {
  kind: JobKind
  title: string
  total: number
  /** Writes synced rows: its chunks are recorded, and Cancel or a failure reverts them. */
  writes: boolean
  cancellable?: boolean
  /** Not shown in the jobs panel (the automatic backup, the duplicate scan behind a count). */
  background?: boolean
  /** Stored with a write job's row (jobs.params, JSON): an undo records { undoes: <job id> }. */
  params?: unknown
}

export interface Job {
  readonly id: string
  readonly cancelled: boolean
  /** Work per writeInChunks chunk (ms): CHUNK_BUDGET_MS, or 0 (one slice per chunk) when tests slow jobs down. */
  readonly budgetMs: number
  /** Lets queued commands answer; throws CANCELLED once Cancel was asked. */
  pause(): Promise<void>
  /** Rows done so far (and a new total, if it changed). */
  progress(done: number, total?: number): void
  /** One chunk of writes: a repository transaction that also records the chunk on the job's row. */
  write<T>(fn: (w: Writer) => T): T
  /**
   * Inside the last write: marks the job's row done in that chunk's transaction, so a kill right
   * after it cannot leave the job "interrupted" while what its last chunk did (e.g. the original
   * marked undone) is committed.
   */
  doneInThisChunk(): void
}

interface State {
  spec: JobSpec
  progress: JobProgress
  cancelled: boolean
  txIds: string[]
  lastEmit: number
}

interface JobRow {
  id: string
  kind: JobKind
  title: string
  status: JobStatus
  total: number
  done: number
  tx_ids: string
  error: string | null
  created_at: number
  finished_at: number | null
}

type Emit = (event: 'job.progress', payload: Events['job.progress']) => void

class Cancelled extends Error {}


export function createJobRunner(deps: { q: Reader; local: LocalWriter; repo: Repository; clock: Clock; log: Logger; emit: Emit; pauseMs?: number }) {
  const { q, local, repo, clock, emit } = deps
  const active = new Map<string, State>()
  const finished: JobProgress[] = []

  // Jobs that were running when the process stopped: their committed chunks stay, and can be undone.
  // Marked on first use rather than at start (nothing reads the table before), to keep start cheap.
  let marked = false
  function markInterrupted() {
    if (marked) return
    marked = true
    local.run("UPDATE jobs SET status = 'interrupted', finished_at = ? WHERE status IN ('running', 'cancelling')", clock.now())
  }

  function publish(state: State, force = false) {
    const now = performance.now()
    if (!force && now - state.lastEmit < PROGRESS_EVERY_MS) return
    state.lastEmit = now
    repo.announceHeld()
    emit('job.progress', { ...state.progress })
  }

  function eta(p: JobProgress): number | null {
    if (p.done <= 0 || p.total <= p.done) return p.total <= p.done ? 0 : null
    const elapsed = clock.now() - p.startedAt
    return Math.round((elapsed / p.done) * (p.total - p.done))
  }

  function settle(state: State, status: JobStatus, error: string | null) {
    const p = state.progress
    p.status = status
    p.error = error
    p.finishedAt = clock.now()
    p.etaMs = null
    p.cancellable = false
    p.canUndo = state.spec.writes && status === 'done' && state.txIds.length > 0
    if (state.spec.writes) {
      local.run('UPDATE jobs SET status = ?, error = ?, finished_at = ?, done = ? WHERE id = ?', status, error, p.finishedAt, p.done, p.id)
    }
    active.delete(p.id)
    finished.unshift({ ...p })
    finished.splice(KEEP_FINISHED)
    publish(state, true)
  }

  /** Reverts txIds in chunks (own transactions), recording each on the job's row; not cancellable. */
  async function revertChunked(txIds: string[], onChunk: (txId: string, done: number, total: number) => void): Promise<RevertResult> {
    const reverter = new Reverter(q, txIds)
    for (;;) {
      let more = true
      repo.write((w) => {
        more = reverter.step(w, CHUNK_BUDGET_MS)
        onChunk(w.txId, reverter.doneTransactions, txIds.length)
      })
      if (!more) return reverter.result
      await nextTurn()
    }
  }

  async function run<T>(spec: JobSpec, body: (job: Job) => Promise<T>): Promise<T> {
    markInterrupted()
    const id = uuidv7()
    const startedAt = clock.now()
    const state: State = {
      spec,
      cancelled: false,
      txIds: [],
      lastEmit: 0,
      progress: {
        id,
        kind: spec.kind,
        title: spec.title,
        status: 'running',
        done: 0,
        total: spec.total,
        etaMs: null,
        startedAt,
        finishedAt: null,
        cancellable: spec.cancellable ?? true,
        canUndo: false,
        background: spec.background ?? false,
        error: null,
      },
    }
    if (spec.writes) {
      local.run(
        'INSERT INTO jobs (id, kind, title, status, total, params, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        id, spec.kind, spec.title, 'running', spec.total, spec.params === undefined ? null : JSON.stringify(spec.params), startedAt,
      )
    }
    active.set(id, state)
    const release = repo.hold()
    publish(state, true)

    const job: Job = {
      id,
      budgetMs: deps.pauseMs ? 0 : CHUNK_BUDGET_MS,
      get cancelled() {
        return state.cancelled
      },
      async pause() {
        await (deps.pauseMs ? new Promise<void>((resolve) => setTimeout(resolve, deps.pauseMs)) : nextTurn())
        if (state.cancelled) throw new Cancelled()
      },
      progress(done, total) {
        if (total !== undefined) state.progress.total = total
        state.progress.done = done
        state.progress.etaMs = eta(state.progress)
        publish(state)
      },
      doneInThisChunk() {
        if (spec.writes) local.run("UPDATE jobs SET status = 'done', finished_at = ? WHERE id = ?", clock.now(), id)
      },
      write(fn) {
        return repo.write((w) => {
          const value = fn(w)
          if (spec.writes) {
            local.run("UPDATE jobs SET tx_ids = json_insert(tx_ids, '$[#]', ?), done = ? WHERE id = ?", w.txId, state.progress.done, id)
          }
          state.txIds.push(w.txId)
          return value
        })
      },
    }

    try {
      const value = await body(job)
      state.progress.done = state.progress.total
      release()
      settle(state, 'done', null)
      return value
    } catch (error) {
      if (!q.open) {
        release()
        throw error // closing: the row says "running" → "interrupted" on the next start
      }
      const cancelled = error instanceof Cancelled
      const message = cancelled ? null : error instanceof AppError ? error.message : String((error as Error).message ?? error)
      if (spec.writes && state.txIds.length > 0) {
        state.progress.status = 'cancelling'
        state.progress.cancellable = false
        publish(state, true)
        try {
          await revertChunked(state.txIds, (txId) => {
            local.run("UPDATE jobs SET tx_ids = json_insert(tx_ids, '$[#]', ?) WHERE id = ?", txId, id)
          })
        } catch (revertError) {
          deps.log.error(`Reverting the ${spec.kind} job failed`, revertError)
        }
      }
      release()
      if (cancelled) {
        settle(state, 'cancelled', null)
        throw new AppError('CANCELLED', `Cancelled: ${spec.title}. ${spec.writes ? 'Nothing of it was kept.' : ''}`.trim(), { jobId: id })
      }
      settle(state, 'failed', message)
      throw error
    }
  }

  function cancel(id: string): JobProgress {
    const state = active.get(id)
    if (!state) {
      const done = finished.find((p) => p.id === id)
      if (done) return done
      throw new AppError('NOT_FOUND', 'That job is not running any more.', { id })
    }
    if (!state.progress.cancellable) throw new AppError('CONFLICT', `${state.progress.title} cannot be cancelled at this point.`)
    state.cancelled = true
    return { ...state.progress }
  }

  /** Reverts every chunk a finished, failed or interrupted write job committed, as a job of its own. */
  async function undo(id: string, title?: string): Promise<RevertResult> {
    markInterrupted()
    const row = q.one<JobRow>('SELECT * FROM jobs WHERE id = ?', id)
    if (!row) throw new AppError('NOT_FOUND', 'That change was not found, so there is nothing to undo.', { id })
    if (row.status === 'running' || row.status === 'cancelling') throw new AppError('CONFLICT', 'It is still running: cancel it instead.')
    if (row.status === 'undone' || row.status === 'cancelled') throw new AppError('CONFLICT', 'This was already undone.')
    const txIds = JSON.parse(row.tx_ids) as string[]
    return revertAsJob(txIds, title ?? `Undoing: ${row.title}`, () => {
      local.run("UPDATE jobs SET status = 'undone', finished_at = ? WHERE id = ?", clock.now(), id)
      const cached = finished.find((p) => p.id === id)
      if (cached) Object.assign(cached, { status: 'undone', canUndo: false })
    }, { undoes: id })
  }

  /** A revert job: the listed transactions undone chunk by chunk; onDone runs in the last chunk's transaction. */
  function revertAsJob(txIds: string[], title: string, onDone: () => void, params?: { undoes: string }): Promise<RevertResult> {
    return run({ kind: 'revert', title, total: txIds.length, writes: true, cancellable: false, params }, async (job) => {
      const reverter = new Reverter(q, txIds)
      for (;;) {
        const more = job.write((w) => {
          const left = reverter.step(w, CHUNK_BUDGET_MS)
          if (!left) {
            onDone()
            job.doneInThisChunk()
          }
          return left
        })
        job.progress(reverter.doneTransactions)
        if (!more) return reverter.result
        await job.pause()
      }
    })
  }

  function list(): JobProgress[] {
    markInterrupted()
    const running = [...active.values()].map((s) => ({ ...s.progress }))
    const interrupted = q
      .all<JobRow>("SELECT * FROM jobs WHERE status = 'interrupted' ORDER BY created_at DESC LIMIT 20")
      .map((r): JobProgress => ({
        id: r.id,
        kind: r.kind,
        title: r.title,
        status: r.status,
        done: r.done,
        total: r.total,
        etaMs: null,
        startedAt: r.created_at,
        finishedAt: r.finished_at,
        cancellable: false,
        canUndo: JSON.parse(r.tx_ids).length > 0,
        background: false,
        error: r.error,
      }))
    return [...running, ...interrupted, ...finished.filter((p) => !interrupted.some((i) => i.id === p.id))]
  }

  /** "Keep what it did": an interrupted job leaves the list; its rows stay. */
  function dismiss(id: string): { count: number } {
    markInterrupted()
    const changes = local.run("UPDATE jobs SET status = 'done' WHERE id = ? AND status = 'interrupted'", id).changes
    return { count: changes }
  }

  return { run, cancel, undo, revertAsJob, list, dismiss, revertChunked }
}

export type JobRunner = ReturnType<typeof createJobRunner>

/**
 * Applies fn to items in write chunks of ≤ CHUNK_BUDGET_MS each (slices of `slice` items), with
 * progress and a pause between chunks. Returns what fn counted.
 */
export async function writeInChunks<T>(job: Job, items: readonly T[], fn: (w: Writer, slice: readonly T[]) => number, slice = 50): Promise<number> {
  let at = 0
  let count = 0
  while (at < items.length) {
    job.write((w) => {
      const t0 = performance.now()
      do {
        count += fn(w, items.slice(at, at + slice))
        at += slice
      } while (at < items.length && performance.now() - t0 < job.budgetMs)
      job.progress(Math.min(at, items.length)) // inside: the job's row records it with this chunk
    })
    if (at < items.length) await job.pause()
  }
  return count
}
