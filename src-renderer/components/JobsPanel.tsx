/**
 * Long jobs at the bottom left: a progress bar with rows done / total, time left and Cancel for
 * each running job (shown once it has run a moment, so quick ones do not flash), and the jobs a
 * crash interrupted, with Undo (revert what it wrote) or Keep.
 */
import { useEffect, useState } from 'react'
import type { JobProgress } from '../../src-shared/model/job'
import { formatTimeLeft } from '../lib/format'
import { useJobs } from '../stores/jobs'

const SHOW_AFTER_MS = 400
const n = (v: number) => v.toLocaleString('en-US')

function RunningJob({ job }: { job: JobProgress }) {
  const cancel = useJobs((s) => s.cancel)
  const [shown, setShown] = useState(false)
  useEffect(() => {
    const timer = setTimeout(() => setShown(true), SHOW_AFTER_MS)
    return () => clearTimeout(timer)
  }, [])
  if (!shown) return null
  const pct = job.total > 0 ? Math.min(100, Math.round((job.done / job.total) * 100)) : 0
  const cancelling = job.status === 'cancelling'
  const left = cancelling ? 'cancelling: putting back what it changed…' : formatTimeLeft(job.etaMs)
  return (
    <div className="job" data-testid="job" role="status">
      <div className="job-title">{job.title}</div>
      <div className="job-row">
        <div className="job-track" role="progressbar" aria-label={job.title} aria-valuemin={0} aria-valuemax={job.total} aria-valuenow={job.done}>
          <div className="job-fill" style={{ width: `${pct}%` }} />
        </div>
        {job.cancellable && !cancelling && (
          <button type="button" className="button button-ghost button-small" onClick={() => void cancel(job.id)} data-testid="job-cancel">
            Cancel
          </button>
        )}
      </div>
      <div className="job-text" data-testid="job-text">
        {n(job.done)} of {n(job.total)}
        {left ? ` · ${left}` : ''}
      </div>
    </div>
  )
}

function InterruptedJob({ job }: { job: JobProgress }) {
  const { undo, keep } = useJobs()
  return (
    <div className="job job-interrupted" data-testid="job-interrupted" role="alert">
      <div className="job-title">Interrupted: {job.title}</div>
      <div className="job-text">
        The app stopped while this ran{job.total ? ` (${n(job.done)} of ${n(job.total)} done)` : ''}. Undo what it changed, or keep it as it is.
      </div>
      <div className="job-row job-actions">
        {job.canUndo && (
          <button type="button" className="button button-small" onClick={() => void undo(job.id)} data-testid="job-undo">
            Undo
          </button>
        )}
        <button type="button" className="button button-ghost button-small" onClick={() => void keep(job.id)} data-testid="job-keep">
          Keep
        </button>
      </div>
    </div>
  )
}

export function JobsPanel() {
  const { running, interrupted, start } = useJobs()
  useEffect(() => start(), [start])
  if (running.length === 0 && interrupted.length === 0) return null
  return (
    <div className="jobs" aria-label="Work in progress">
      {interrupted.map((job) => (
        <InterruptedJob key={job.id} job={job} />
      ))}
      {running.map((job) => (
        <RunningJob key={job.id} job={job} />
      ))}
    </div>
  )
}
