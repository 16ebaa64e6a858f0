/** The jobs commands of the contract (src-shared/api/jobs.ts), each to its service call. */
import type { jobsCommands } from '../../../../src-shared/api/jobs'
import type { HandlersOf } from '../handlers-of'
import type { JobRunner } from '../../jobs/runner'

export function jobsHandlers(s: { jobs: JobRunner }): HandlersOf<typeof jobsCommands> {
  return {
    'jobs.list': () => s.jobs.list(),
    'jobs.cancel': (i) => s.jobs.cancel(i.id),
    'jobs.undo': (i) => s.jobs.undo(i.id),
    'jobs.dismiss': (i) => s.jobs.dismiss(i.id),
  }
}
