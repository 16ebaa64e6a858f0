/**
 * Long jobs: work that takes more than a moment (bulk actions, undo of an import, vCard import,
 * sample data, duplicate scan, backup, restore). Core runs each in short chunks, so every other
 * command keeps answering; the job.progress event drives the progress bar (rows done / total,
 * time left, Cancel). A write job killed half-way (power cut, crash) shows as "interrupted" on the
 * next start, with Undo for what its committed chunks wrote.
 */
import { z } from 'zod'
import { recordId } from './common'

export const JOB_KINDS = ['bulk', 'revert', 'vcard.import', 'sampleData', 'sampleData.remove', 'duplicates.scan', 'backup', 'restore'] as const
export type JobKind = (typeof JOB_KINDS)[number]

export type JobStatus = 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed' | 'interrupted' | 'undone'

export interface JobProgress {
  id: string
  kind: JobKind
  /** What a person reads: "Adding tag “VIP” to 4,000 contacts". */
  title: string
  status: JobStatus
  done: number
  total: number
  /** Estimated time left, from the pace so far (null until it can be told). */
  etaMs: number | null
  startedAt: number
  finishedAt: number | null
  /** Cancel is offered (a write job reverts its committed chunks; a read job just stops). */
  cancellable: boolean
  /** Undo is offered: a finished or interrupted write job whose chunks are not yet reverted. */
  canUndo: boolean
  /** Work nobody asked for just now (the automatic backup, the duplicate count): no progress bar. */
  background: boolean
  error: string | null
}

export const jobIdInput = z.strictObject({ id: recordId })
