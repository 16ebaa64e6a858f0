/** The contract of long jobs (bulk actions, undo, vCard import, sample data, duplicate scan, backup, restore). */
import { type JobProgress, jobIdInput } from '../model/job'
import { command, none, type Count, type CommandMap } from './command'

export const jobsCommands = {
  /** Running jobs, interrupted ones (killed mid-way: Undo or keep), and the last finished ones. */
  'jobs.list': command<JobProgress[]>()(none),
  /** Stops a running job at its next chunk; a write job then reverts what it wrote. */
  'jobs.cancel': command<JobProgress>()(jobIdInput),
  /** Reverts what a finished or interrupted write job committed (itself a job). */
  'jobs.undo': command<{ reverted: number; keptLaterEdits: number }>()(jobIdInput),
  /** Keeps what an interrupted job wrote and takes it off the list. */
  'jobs.dismiss': command<Count>()(jobIdInput),
} satisfies CommandMap
