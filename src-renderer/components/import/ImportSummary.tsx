/** The dry run's or the import's figures, a progress bar while it runs, and the rejected rows. */
import Papa from 'papaparse'
import { useRef } from 'react'
import type { ImportJob } from '../../../src-shared/model/import'
import { downloadText } from '../../lib/download'
import { formatTimeLeft } from '../../lib/format'
import { Icon } from '../Icons'

const n = (v: number) => v.toLocaleString('en-US')

/** Time left from the pace seen here (the first progress this bar showed, and now). */
function useTimeLeft(done: number, total: number): string | null {
  const first = useRef<{ at: number; done: number } | null>(null)
  if (!first.current) first.current = { at: performance.now(), done }
  const rows = done - first.current.done
  if (rows <= 0 || done >= total) return null
  return formatTimeLeft(((performance.now() - first.current.at) / rows) * (total - done))
}

export function ImportProgressBar({ job }: { job: ImportJob }) {
  const pct = job.total ? Math.round((job.processed / job.total) * 100) : 100
  const left = useTimeLeft(job.processed, job.total)
  return (
    <div className="import-progress">
      <div
        className="import-progress-track"
        role="progressbar"
        aria-label={job.dryRun ? 'Checking rows' : 'Importing rows'}
        aria-valuemin={0}
        aria-valuemax={job.total}
        aria-valuenow={job.processed}
      >
        <div className="import-progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <span className="import-progress-text" data-testid="import-progress-text">
        {n(job.processed)} of {n(job.total)} rows ({pct}%){left ? ` · ${left}` : ''}
      </span>
    </div>
  )
}

export function ImportFigures({ job }: { job: ImportJob }) {
  const items: Array<[string, number, string]> = [
    ['new', job.created, job.dryRun ? 'new contacts' : 'contacts created'],
    ['updated', job.updated, job.dryRun ? 'contacts to update' : 'contacts updated'],
    ['skipped', job.skipped, job.dryRun ? 'to skip (already there)' : 'skipped (already there)'],
    ['rejected', job.rejected, job.dryRun ? 'rows to reject' : 'rows rejected'],
  ]
  return (
    <div className="import-figures" data-testid={job.dryRun ? 'dry-run-summary' : 'import-summary'} aria-label={job.dryRun ? 'What the import would do' : 'What the import did'}>
      {items.map(([key, value, label]) => (
        <div key={key} className={`import-figure import-figure-${key}`} data-testid={`figure-${key}`}>
          <span className="import-figure-value">{n(value)}</span>
          <span className="import-figure-label">{label}</span>
        </div>
      ))}
      <CellCountNote job={job} />
      {job.companiesCreated > 0 && (
        <p className="import-figure-note">
          {n(job.companiesCreated)} new {job.companiesCreated === 1 ? 'company' : 'companies'} {job.dryRun ? 'would be made' : 'made'} from the company column.
        </p>
      )}
    </div>
  )
}

/** How many of the rejected rows are lines skipped for their cell count (as chosen on the columns step). */
function CellCountNote({ job }: { job: ImportJob }) {
  const skipped = job.rejections.filter((r) => r.cellCount).length
  if (skipped === 0) return null
  return (
    <p className="import-figure-note import-figure-note-cells" data-testid="cell-count-note">
      {n(skipped)} of the rejected rows {skipped === 1 ? 'is a line' : 'are lines'} with the wrong number of cells, skipped as chosen: listed below.
    </p>
  )
}

export function Rejections({ job }: { job: ImportJob }) {
  if (job.rejected === 0) return null
  const download = () => {
    const csv = Papa.unparse({
      fields: ['Line', 'Reason', 'Values'],
      data: job.rejections.map((r) => [r.row, r.reason, r.cells.join(' | ')]),
    })
    downloadText(`${job.fileName.replace(/\.[^.]+$/, '')}-rejected-rows.csv`, csv)
  }
  return (
    <section className="import-rejections" aria-label="Rejected rows">
      <div className="import-rejections-header">
        <h3>
          <Icon name="alert" size={14} /> {n(job.rejected)} {job.rejected === 1 ? 'row' : 'rows'} {job.dryRun ? 'would be' : job.rejected === 1 ? 'was' : 'were'} rejected
        </h3>
        <button type="button" className="button button-small" onClick={download} data-testid="download-rejections">
          <Icon name="download" size={13} /> Download as CSV
        </button>
      </div>
      <table className="import-table import-rejections-table" data-testid="rejections">
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {job.rejections.slice(0, 100).map((r) => (
            <tr key={r.row}>
              <td className="import-row-number">{r.row}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {job.rejections.length > 100 && <p className="muted">The first 100 are shown; the download has {n(job.rejections.length)}.</p>}
    </section>
  )
}
