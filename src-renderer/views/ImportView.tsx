/**
 * Import contacts from a CSV file: pick the file (encoding, delimiter and header row detected), map
 * the columns, check a dry run, import with a progress bar and Cancel, and Undo a whole import.
 */
import { useEffect, useRef } from 'react'
import type { CsvEncoding } from '../../src-shared/csv-mapping'
import { DELIMITERS, MATCH_STRATEGIES, type ImportJob, type MatchStrategy } from '../../src-shared/model/import'
import { CellCountWarning } from '../components/import/CellCountWarning'
import { ImportFigures, ImportProgressBar, Rejections } from '../components/import/ImportSummary'
import { MappingTable, PreviewTable } from '../components/import/MappingTable'
import '../components/import/import.css'
import { Icon } from '../components/Icons'
import { formatExact } from '../lib/format'
import { useCustomFields } from '../stores/customFields'
import { useImport, type ImportStep } from '../stores/import'
import { navigate } from '../stores/route'

const STEPS: Array<[ImportStep, string]> = [
  ['file', 'File'],
  ['map', 'Columns'],
  ['review', 'Check'],
  ['import', 'Import'],
]
const DELIMITER_LABELS: Record<string, string> = { ',': 'Comma', ';': 'Semicolon', '\t': 'Tab', '|': 'Pipe' }
const MATCH_LABELS: Record<MatchStrategy, [string, string]> = {
  skip: ['Skip the row', 'The contact stays as it is'],
  update: ['Update the contact', 'Filled cells replace its fields; new emails, phones and tags are added'],
  create: ['Create a new contact anyway', 'You may get duplicates'],
}
const STATUS_TEXT: Record<ImportJob['status'], string> = {
  running: 'Running',
  done: 'Done',
  cancelled: 'Cancelled',
  failed: 'Stopped by an error',
  interrupted: 'Interrupted (the app closed)',
  undone: 'Undone',
}

function Stepper({ step }: { step: ImportStep }) {
  const at = STEPS.findIndex(([s]) => s === step)
  return (
    <ol className="import-steps" aria-label="Import steps">
      {STEPS.map(([key, label], i) => (
        <li key={key} className={i === at ? 'is-current' : i < at ? 'is-done' : undefined} aria-current={i === at ? 'step' : undefined}>
          <span className="import-step-number">{i < at ? <Icon name="check" size={12} /> : i + 1}</span>
          {label}
        </li>
      ))}
    </ol>
  )
}

function FileStep() {
  const { pickFile, busy, history, undo } = useImport()
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <section className="settings-card import-drop">
        <div className="empty-icon">
          <Icon name="folder" size={22} />
        </div>
        <h2 className="empty-title">Pick a CSV file</h2>
        <p className="empty-text">
          Exports from Google Contacts, Outlook, HubSpot, Pipedrive or a spreadsheet. UTF-8 and Windows-1252 (Latin-1) files, with commas, semicolons or tabs.
        </p>
        <input
          ref={input}
          type="file"
          accept=".csv,.tsv,.txt,text/csv"
          className="sr-only"
          data-testid="import-file"
          aria-label="CSV file"
          onChange={(e) => {
            const file = e.target.files?.[0]
            if (file) void pickFile(file)
            e.target.value = ''
          }}
        />
        <button type="button" className="button button-primary" onClick={() => input.current?.click()} disabled={busy}>
          {busy ? 'Reading…' : 'Choose file…'}
        </button>
      </section>
      {history.length > 0 && (
        <section className="settings-card import-history" aria-label="Past imports">
          <h2 className="import-h2">Past imports</h2>
          <ul data-testid="import-history">
            {history.map((h) => (
              <li key={h.id} className="import-history-row">
                <span className="import-history-name">{h.fileName}</span>
                <span className="muted" title={formatExact(h.createdAt)}>
                  {new Date(h.createdAt).toLocaleString()}
                </span>
                <span>
                  {h.created.toLocaleString('en-US')} new, {h.updated.toLocaleString('en-US')} updated
                </span>
                <span className={`import-status import-status-${h.status}`}>{STATUS_TEXT[h.status]}</span>
                {h.canUndo && (
                  <button type="button" className="button button-small" onClick={() => void undo(h.id)}>
                    Undo import
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  )
}

function MapStep() {
  const s = useImport()
  const fields = useCustomFields((c) => c.data)
  const preview = s.preview!
  const hasName = s.mapping.some((t) => t === 'firstName' || t === 'lastName' || t === 'fullName')
  return (
    <>
      <section className="settings-card">
        <div className="import-file-line">
          <strong data-testid="import-file-name">{preview.fileName}</strong>
          <span className="muted" data-testid="import-row-count">
            {preview.rowCount.toLocaleString('en-US')} rows
          </span>
        </div>
        <div className="import-options">
          <label className="import-option">
            <span className="field-label">Encoding</span>
            <select className="input input-compact" value={s.encoding} onChange={(e) => void s.setEncoding(e.target.value as CsvEncoding)} aria-label="Encoding">
              <option value="utf-8">UTF-8</option>
              <option value="utf-8 (BOM)">UTF-8 with BOM</option>
              <option value="windows-1252">Windows-1252 / Latin-1</option>
            </select>
          </label>
          <label className="import-option">
            <span className="field-label">Delimiter</span>
            <select className="input input-compact" value={preview.delimiter} onChange={(e) => void s.reparse({ delimiter: e.target.value })} aria-label="Delimiter">
              {DELIMITERS.map((d) => (
                <option key={d} value={d}>
                  {DELIMITER_LABELS[d]}
                </option>
              ))}
            </select>
          </label>
          <label className="import-option import-option-check">
            <input type="checkbox" checked={preview.hasHeader} onChange={(e) => void s.reparse({ hasHeader: e.target.checked })} />
            First row holds the column names
          </label>
        </div>
        <PreviewTable preview={preview} />
      </section>

      <CellCountWarning check={preview.cellCounts} hasHeader={preview.hasHeader} choice={s.mismatchedLines} onChoice={s.setMismatchedLines} />

      <section className="settings-card">
        <h2 className="import-h2">Where each column goes</h2>
        <MappingTable preview={preview} mapping={s.mapping} customFields={fields ?? []} onChange={s.setTarget} />
        {!hasName && (
          <p className="inline-error" role="alert">
            Map a column to a name (first, last or full name): every contact needs one.
          </p>
        )}
      </section>

      <section className="settings-card">
        <h2 className="import-h2">When a row matches a contact by email or phone</h2>
        <div className="import-match" role="radiogroup" aria-label="When a row matches a contact">
          {MATCH_STRATEGIES.map((m) => (
            <label key={m} className={`import-match-option ${s.onMatch === m ? 'is-selected' : ''}`}>
              <input type="radio" name="onMatch" value={m} checked={s.onMatch === m} onChange={() => s.setOnMatch(m)} />
              <span>
                <strong>{MATCH_LABELS[m][0]}</strong>
                <span className="muted">{MATCH_LABELS[m][1]}</span>
              </span>
            </label>
          ))}
        </div>
        <label className="import-option import-tag">
          <span className="field-label">Tag every imported contact (optional)</span>
          <input className="input input-compact" value={s.addTag} maxLength={60} placeholder="e.g. Trade fair 2026" onChange={(e) => s.setAddTag(e.target.value)} />
        </label>
      </section>

      <div className="import-actions">
        <button type="button" className="button" onClick={() => s.reset()}>
          Back
        </button>
        <button type="button" className="button button-primary" disabled={!hasName || s.busy} onClick={() => void s.runDryRun()}>
          Check the rows
        </button>
      </div>
    </>
  )
}

function ReviewStep() {
  const s = useImport()
  const job = s.dryRun
  const running = !job || job.status === 'running'
  return (
    <>
      <section className="settings-card">
        <h2 className="import-h2">{running ? 'Checking the rows…' : 'What the import will do'}</h2>
        {job && running && <ImportProgressBar job={job} />}
        {job && !running && <ImportFigures job={job} />}
        {job && !running && <p className="muted">Nothing has been written yet.</p>}
      </section>
      {job && !running && <Rejections job={job} />}
      <div className="import-actions">
        <button type="button" className="button" onClick={() => (running ? void s.cancel() : s.goTo('map'))}>
          {running ? 'Cancel' : 'Back to the columns'}
        </button>
        <button type="button" className="button button-primary" disabled={running || !job || job.created + job.updated === 0} onClick={() => void s.startImport()}>
          Import {job && !running ? (job.created + job.updated).toLocaleString('en-US') : ''} contacts
        </button>
      </div>
    </>
  )
}

function ImportStepView() {
  const s = useImport()
  const job = s.job
  const running = !job || job.status === 'running'
  return (
    <>
      <section className="settings-card">
        <h2 className="import-h2" data-testid="import-status">
          {running ? 'Importing…' : job.status === 'done' ? 'Import finished' : STATUS_TEXT[job.status]}
        </h2>
        {job && <ImportProgressBar job={job} />}
        {job && !running && <ImportFigures job={job} />}
        {job?.status === 'cancelled' && <p className="muted">Cancelled: everything this import had written was taken back.</p>}
        {job?.status === 'undone' && <p className="muted">Undone: the contacts this import made were removed and updated fields put back.</p>}
        {job?.error && (
          <p className="inline-error" role="alert">
            {job.error}
          </p>
        )}
      </section>
      {job && !running && <Rejections job={job} />}
      <div className="import-actions">
        {running ? (
          <button type="button" className="button button-danger" onClick={() => void s.cancel()}>
            Cancel import
          </button>
        ) : (
          <>
            {job.canUndo && (
              <button type="button" className="button" onClick={() => void s.undo(job.id)}>
                Undo this import
              </button>
            )}
            <button type="button" className="button" onClick={() => s.reset()}>
              Import another file
            </button>
            <button type="button" className="button button-primary" onClick={() => navigate({ name: 'contacts' })}>
              Go to contacts
            </button>
          </>
        )}
      </div>
    </>
  )
}

export function ImportView() {
  const step = useImport((s) => s.step)
  const error = useImport((s) => s.error)
  useEffect(() => {
    // coming back after a finished import starts a new one (the old one is in "Past imports")
    const state = useImport.getState()
    if (state.step === 'import' && state.job && state.job.status !== 'running') state.reset()
    void state.loadHistory()
    if (!useCustomFields.getState().data) void useCustomFields.getState().load()
  }, [])
  return (
    <div className="view import-view">
      <header className="view-header">
        <div className="view-title-row">
          <h1 className="view-title">Import contacts</h1>
        </div>
        <Stepper step={step} />
      </header>
      <div className="import-body">
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
        {step === 'file' && <FileStep />}
        {step === 'map' && <MapStep />}
        {step === 'review' && <ReviewStep />}
        {step === 'import' && <ImportStepView />}
      </div>
    </div>
  )
}
