/**
 * An import's run: chunks of rows, each ONE repository transaction (rows + change log + the
 * chunk's txId on the import's record), the event loop yielded between chunks so other commands
 * keep answering, progress pushed as `import.progress`.
 *
 * Cancel reverts what the committed chunks wrote (a revert job of jobs/runner.ts, in chunks too):
 * the import's rows are visible while it runs, and nothing of it is left live after Cancel. A
 * failed chunk rolls back whole; the earlier ones stay and can be undone. A process killed
 * mid-import leaves whole chunks in; on the next start such an import is "interrupted" and can be
 * undone whole.
 *
 * Module functions over an ImportRuns handle (one per session): the imports in memory, the one
 * running, and what the run needs of the session.
 */
import { v7 as uuidv7 } from 'uuid'
import type { Events } from '../../../../src-shared/api'
import { AppError } from '../../../../src-shared/errors'
import type { ImportJob, ImportOptions, ImportStatus, ImportUndoResult } from '../../../../src-shared/model/import'
import { CHUNK_BUDGET_MS, type JobRunner } from '../../jobs/runner'
import type { ServiceContext } from '../context'
import type { CsvFile } from './parse'
import {
  insertRecord,
  jobOfRecord,
  latestRecords,
  markInterrupted,
  readRecord,
  recordCancelled,
  recordChunk,
  recordFinished,
  recordUndone,
  txIdsOf,
  type ImportRecord,
} from './record'
import { createChunkWriter } from './writer'
import { nextTurn } from '../../clock'

/** What tests set through createCore's importHooks: fixed chunks, and a fault inside one. */
export interface ImportHooks {
  /** Rows per chunk, always (no sizing from the measured time). */
  chunkSize?: number
  /** Runs inside each chunk's transaction, after its rows are written: a throw fails that chunk. */
  insideChunk?(chunkIndex: number): void
}

type Emit = (event: 'import.progress', payload: Events['import.progress']) => void

interface Run extends ImportJob {
  file: CsvFile
  options: ImportOptions
  txIds: string[]
  cancelled: boolean
  /** The chunk loop; Cancel waits for it to stop before reverting. */
  loop?: Promise<void>
}

export interface ImportRuns {
  readonly ctx: ServiceContext
  readonly emit: Emit
  readonly runner: JobRunner
  readonly hooks: ImportHooks
  /** The latest imports of this session (running or not), by id; the record has the older ones. */
  readonly jobs: Map<string, Run>
  readonly undoing: Set<string>
  running: Run | null
  /** When the held data.changed were last announced (performance.now()). */
  announcedAt: number
}

const MAX_ROWS_PER_CHUNK = 1000
const KEEP_IN_MEMORY = 10

export function openImportRuns(ctx: ServiceContext, emit: Emit, runner: JobRunner, hooks: ImportHooks = {}): ImportRuns {
  markInterrupted(ctx.local, ctx.clock.now())
  return { ctx, emit, runner, hooks, jobs: new Map(), undoing: new Set(), running: null, announcedAt: 0 }
}

/** One import runs at a time (the wizard follows one); a second start is refused. */
export function assertNoImportRunning(h: ImportRuns): void {
  if (h.running) throw new AppError('CONFLICT', 'An import is already running; wait for it to finish or cancel it.')
}

/** Starts the run on the next turn (or a dry run: the same decisions, nothing written) and answers at once. */
export function startImport(h: ImportRuns, file: CsvFile, options: ImportOptions): ImportJob {
  assertNoImportRunning(h)
  const job: Run = {
    id: uuidv7(),
    dryRun: options.dryRun,
    fileName: file.fileName,
    status: 'running',
    total: file.rows.length,
    processed: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    rejected: 0,
    companiesCreated: 0,
    rejections: [],
    error: null,
    createdAt: h.ctx.clock.now(),
    finishedAt: null,
    undoneAt: null,
    canUndo: false,
    file,
    options,
    txIds: [],
    cancelled: false,
  }
  if (!job.dryRun) insertRecord(h.ctx.local, job)
  h.jobs.set(job.id, job)
  for (const [id, j] of h.jobs) if (h.jobs.size > KEEP_IN_MEMORY && j.status !== 'running') h.jobs.delete(id)
  h.running = job
  job.loop = new Promise<void>((resolve) => setImmediate(() => void runChunks(h, job).finally(resolve)))
  return snapshot(job)
}

export function getImport(h: ImportRuns, id: string): ImportJob {
  const job = h.jobs.get(id)
  if (job) return snapshot(job)
  const row = readRecord(h.ctx.q, id)
  if (!row) throw new AppError('NOT_FOUND', 'That import was not found.', { id })
  return jobOfRecord(row)
}

export function listImports(h: ImportRuns): ImportJob[] {
  return latestRecords(h.ctx.q).map((r) => {
    const job = h.jobs.get(r.id)
    return job ? { ...snapshot(job), rejections: [] } : jobOfRecord(r)
  })
}

/**
 * Cancel stops the chunk loop after its current chunk, then reverts what the committed chunks
 * wrote as a revert job (chunks, progress); answers once nothing of the import is left.
 */
export async function cancelImport(h: ImportRuns, id: string): Promise<ImportJob> {
  const { local, clock } = h.ctx
  const job = h.jobs.get(id)
  if (!job) throw new AppError('NOT_FOUND', 'That import is not running.', { id })
  if (job.status !== 'running' || job.cancelled) return snapshot(job)
  job.cancelled = true
  await job.loop
  if (!job.dryRun && job.txIds.length > 0) {
    await h.runner.revertAsJob(job.txIds, `Cancelling the import of ${job.fileName}`, () => recordCancelled(local, job.id, clock.now()))
  }
  finish(h, job, 'cancelled', null)
  return snapshot(job)
}

/** Reverts every chunk of the import as a revert job (chunks of ≤ 20 ms, progress in the jobs bar). */
export async function undoImport(h: ImportRuns, id: string): Promise<ImportUndoResult> {
  const { local, clock } = h.ctx
  const row = readRecord(h.ctx.q, id)
  if (!row) throw new AppError('NOT_FOUND', 'That import was not found.', { id })
  if (row.status === 'running') throw new AppError('CONFLICT', 'The import is still running: cancel it instead.')
  if (row.status === 'undone' || row.status === 'cancelled') throw new AppError('CONFLICT', 'This import was already undone.')
  if (h.undoing.has(id)) throw new AppError('CONFLICT', 'This import is being undone already.')
  const txIds = txIdsOf(row)
  const markUndone = () => recordUndone(local, id, clock.now())
  h.undoing.add(id)
  let result: ImportUndoResult
  try {
    if (txIds.length === 0) {
      markUndone()
      result = { reverted: 0, keptLaterEdits: 0 }
    } else {
      result = await h.runner.revertAsJob(txIds, `Undoing the import of ${row.file_name}`, markUndone)
    }
  } finally {
    h.undoing.delete(id)
  }
  const job = h.jobs.get(id)
  if (job) {
    job.status = 'undone'
    job.undoneAt = clock.now()
    job.canUndo = false
    progress(h, job)
  }
  return result
}

async function runChunks(h: ImportRuns, job: Run): Promise<void> {
  const { ctx, hooks } = h
  const { q, local, repo } = ctx
  const release = repo.hold()
  try {
    const writer = createChunkWriter(ctx, job.file, job.options, job)
    // Chunks aim at three quarters of the chunk budget (reads wait at most one chunk): start at 100
    // rows, then size them from the measured time, between 20 and MAX_ROWS_PER_CHUNK.
    let size = hooks.chunkSize ?? 100
    let chunkIndex = 0
    for (let from = 0, to = 0; from < job.total; from = to) {
      if (job.cancelled || !q.open) return
      to = Math.min(job.total, from + size)
      const t0 = performance.now()
      if (job.dryRun) {
        writer.chunk(null, from, to)
      } else {
        repo.write((w) => {
          writer.chunk(w, from, to)
          hooks.insideChunk?.(chunkIndex)
          recordChunk(local, job.id, w.txId, to, job)
          job.txIds.push(w.txId)
        })
      }
      job.processed = to
      chunkIndex++
      if (!hooks.chunkSize) {
        const perRow = (performance.now() - t0) / (to - from)
        size = Math.max(20, Math.min(MAX_ROWS_PER_CHUNK, Math.round((CHUNK_BUDGET_MS * 0.75) / Math.max(perRow, 0.001))))
      }
      progress(h, job)
      await nextTurn()
    }
    if (job.cancelled || !q.open) return
    finish(h, job, 'done', null)
  } catch (error) {
    if (!q.open) return // the app is closing: the record says "running" → "interrupted" on the next start
    const message = error instanceof AppError ? error.message : `The import stopped: ${(error as Error).message}`
    // the failed chunk rolled back as a whole; what the earlier chunks wrote stays and can be undone
    try {
      const row = readRecord(q, job.id)
      if (row) restoreCounts(job, row)
      finish(h, job, 'failed', message)
    } catch {
      // nothing more to do
    }
  } finally {
    release()
    if (h.running === job) h.running = null
  }
}

/** Counts as committed (the in-memory ones may include a chunk that rolled back). */
function restoreCounts(job: Run, row: ImportRecord): void {
  job.processed = row.processed_rows
  job.created = row.created_count
  job.updated = row.updated_count
  job.skipped = row.skipped_count
  job.rejected = row.rejected_count
  const last = row.processed_rows > 0 ? job.file.rowNumbers[row.processed_rows - 1] : 0
  job.rejections = job.rejections.filter((r) => r.row <= last)
}

function finish(h: ImportRuns, job: Run, status: ImportStatus, error: string | null): void {
  job.status = status
  job.error = error
  job.finishedAt = h.ctx.clock.now()
  job.canUndo = !job.dryRun && (status === 'done' || status === 'failed') && job.txIds.length > 0
  if (!job.dryRun) recordFinished(h.ctx.local, job.id, status, error, job.finishedAt)
  if (h.running === job) h.running = null
  progress(h, job)
}

function progress(h: ImportRuns, job: Run): void {
  // the chunks' data.changed are held while the import runs (repo.hold): views refresh at most every 100 ms
  if (job.status !== 'running' || performance.now() - h.announcedAt >= 100) {
    h.announcedAt = performance.now()
    h.ctx.repo.announceHeld()
  }
  const { rejections: _r, ...rest } = snapshot(job)
  h.emit('import.progress', rest)
}

/** The ImportJob alone (what crosses to the renderer), with a copy of its rejections. */
function snapshot(job: Run): ImportJob {
  const { file: _f, options: _o, txIds: _t, cancelled: _c, loop: _l, ...rest } = job
  return { ...rest, rejections: [...job.rejections] }
}
