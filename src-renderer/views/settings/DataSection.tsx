/**
 * Settings → Import & export: contacts as CSV or vCard (4.0, or 3.0 for older address books),
 * companies, deals and activities as CSV; a vCard file imported in one step, with a summary that
 * names every card left out and why, and an Undo. The CSV import wizard has its own entry here.
 * CSV files are for spreadsheets (formula-looking text guarded) or plain (exact), as chosen here;
 * sample data, when loaded, can be removed here (SampleDataRows).
 */
import { useRef, useState, type ChangeEvent } from 'react'
import { CSV_MODES, type CsvEntity, type CsvMode, type ExportCounts, type VcardImportResult, type VcardVersion } from '../../../src-shared/model/export'
import { EmptyState } from '../../components/EmptyState'
import { Icon } from '../../components/Icons'
import { crm, toAppError } from '../../lib/crm'
import { readFileText } from '../../lib/download'
import { CSV_MODE_LABELS, csvMode, exportCsv, exportVcard, setCsvMode } from '../../lib/exports'
import { pluralize } from '../../lib/format'
import { useQuery } from '../../stores/query'
import { useExportCounts } from '../../stores/settingsPage'
import { showToast } from '../../stores/toasts'
import '../../styles/data.css'
import { InlineError } from '../../components/InlineError'
import { SampleDataRows } from './SampleDataRows'

const ROWS: { entity: CsvEntity; label: string; noun: [string, string] }[] = [
  { entity: 'contacts', label: 'Contacts', noun: ['contact', 'contacts'] },
  { entity: 'companies', label: 'Companies', noun: ['company', 'companies'] },
  { entity: 'deals', label: 'Deals', noun: ['deal', 'deals'] },
  { entity: 'activities', label: 'Activities', noun: ['history entry', 'history entries'] },
]

function ExportRows({ counts }: { counts: ExportCounts }) {
  const [version, setVersion] = useState<VcardVersion>('4.0')
  const [busy, setBusy] = useState<string | null>(null)
  const [mode, setMode] = useState<CsvMode>(csvMode)
  const chooseMode = (next: CsvMode) => {
    setCsvMode(next)
    setMode(next)
  }

  const run = async (key: string, fn: () => Promise<boolean>, what: string) => {
    setBusy(key)
    try {
      if (!(await fn())) showToast(`Nothing to export: there are no ${what} yet.`, 'info')
    } catch (error) {
      showToast(`The export did not finish: ${toAppError(error).message}`, 'error')
    } finally {
      setBusy(null)
    }
  }

  return (
    <ul className="settings-list data-export-list" aria-label="Exports">
      <li className="settings-row data-row" data-testid="csv-mode">
        <div className="data-row-main">
          <span className="settings-name" id="csv-mode-label">CSV files</span>
          <span className="settings-meta">
            {mode === 'spreadsheet'
              ? 'Text that a spreadsheet would run as a formula (=, +, -, @ …) gets a leading \'; phone numbers and amounts stay exact.'
              : 'Every value exactly as stored, for another CRM, a mail tool or a script. A spreadsheet may run text that starts with = as a formula.'}
          </span>
        </div>
        <span className="settings-row-actions data-row-actions">
          <select className="input input-compact" value={mode} onChange={(e) => chooseMode(e.target.value as CsvMode)} aria-labelledby="csv-mode-label" title="Who will open the CSV files you export (remembered)">
            {CSV_MODES.map((m) => (
              <option key={m} value={m}>
                {CSV_MODE_LABELS[m]}
              </option>
            ))}
          </select>
        </span>
      </li>
      {ROWS.map(({ entity, label, noun }) => {
        const n = counts[entity]
        const empty = n === 0
        return (
          <li key={entity} className="settings-row data-row" data-testid={`export-${entity}`}>
            <div className="data-row-main">
              <span className="settings-name">{label}</span>
              <span className="settings-meta">{empty ? 'Nothing to export yet' : pluralize(n, noun[0], noun[1])}</span>
            </div>
            <span className="settings-row-actions data-row-actions">
              {entity === 'contacts' && (
                <>
                  <label className="data-version">
                    <span className="sr-only">vCard version</span>
                    <select className="input input-compact" value={version} onChange={(e) => setVersion(e.target.value as VcardVersion)} aria-label="vCard version" title="vCard 4.0 for current apps; 3.0 for older phones and address books">
                      <option value="4.0">vCard 4.0</option>
                      <option value="3.0">vCard 3.0</option>
                    </select>
                  </label>
                  <button type="button" className="button button-small" disabled={empty || busy !== null} onClick={() => void run('vcard', () => exportVcard(version), 'contacts')} title={empty ? 'Nothing to export yet' : `Download every contact as a vCard ${version} file (.vcf)`}>
                    <Icon name="download" size={14} /> Export vCard
                  </button>
                </>
              )}
              <button
                type="button"
                className="button button-small"
                disabled={empty || busy !== null}
                onClick={() => void run(entity, () => exportCsv(entity), label.toLowerCase())}
                aria-label={`Export ${label.toLowerCase()} CSV`}
                title={empty ? 'Nothing to export yet' : `Download every ${noun[0]} as a CSV file (${CSV_MODE_LABELS[mode].toLowerCase()})`}
              >
                {busy === entity ? <span className="spinner" aria-hidden="true" /> : <Icon name="download" size={14} />} Export CSV
              </button>
            </span>
          </li>
        )
      })}
    </ul>
  )
}

type ImportState =
  | { phase: 'idle' }
  | { phase: 'busy'; fileName: string }
  | { phase: 'done'; fileName: string; result: VcardImportResult }
  | { phase: 'undone'; fileName: string; count: number }
  | { phase: 'failed'; fileName: string; message: string }

function ImportSummary({ state, onUndo, undoing }: { state: Extract<ImportState, { phase: 'done' }>; onUndo: () => void; undoing: boolean }) {
  const { result, fileName } = state
  return (
    <div className="data-summary" role="status" data-testid="vcard-summary">
      <div className="data-summary-head">
        <Icon name={result.created > 0 ? 'check' : 'alert'} size={16} />
        <p>
          <strong>{result.created > 0 ? `Imported ${pluralize(result.created, 'contact')}` : 'No contacts were imported'}</strong> from {fileName}
          {result.rejected.length > 0 && <> · {pluralize(result.rejected.length, 'card')} left out</>}
          {result.companyIds.length + result.tagIds.length > 0 && (
            <span className="muted">
              {' '}
              (new: {[result.companyIds.length ? pluralize(result.companyIds.length, 'company', 'companies') : '', result.tagIds.length ? pluralize(result.tagIds.length, 'tag') : ''].filter(Boolean).join(', ')})
            </span>
          )}
        </p>
        {result.created > 0 && (
          <button type="button" className="button button-small data-undo" onClick={onUndo} disabled={undoing}>
            <Icon name="reopen" size={14} /> {undoing ? 'Undoing…' : 'Undo import'}
          </button>
        )}
      </div>
      {result.rejected.length > 0 && (
        <div className="data-problems">
          <h3>Left out: fix these cards in the file, then import just them again (the others are already in)</h3>
          <ul data-testid="vcard-rejected">
            {result.rejected.map((r) => (
              <li key={r.index}>
                <span className="data-card-label">
                  Card {r.index}
                  {r.name ? ` · ${r.name}` : ''}
                </span>
                <span className="data-reason">{r.reason}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {result.warnings.length > 0 && (
        <details className="data-problems data-warnings">
          <summary>{pluralize(result.warnings.length, 'value')} skipped in imported cards</summary>
          <ul>
            {result.warnings.map((w, i) => (
              <li key={i}>
                <span className="data-card-label">
                  Card {w.index}
                  {w.name ? ` · ${w.name}` : ''}
                </span>
                <span className="data-reason">{w.message}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}

function ImportRows() {
  const input = useRef<HTMLInputElement>(null)
  const [state, setState] = useState<ImportState>({ phase: 'idle' })
  const [undoing, setUndoing] = useState(false)

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    e.target.value = '' // the same file can be picked again
    if (!file) return
    setState({ phase: 'busy', fileName: file.name })
    try {
      const text = await readFileText(file)
      const result = await crm.invoke('vcard.import', { text, fileName: file.name })
      setState({ phase: 'done', fileName: file.name, result })
    } catch (error) {
      setState({ phase: 'failed', fileName: file.name, message: toAppError(error).message })
    }
  }

  const undo = async () => {
    if (state.phase !== 'done') return
    const { result, fileName } = state
    setUndoing(true)
    try {
      await crm.invoke('contacts.delete', { ids: result.contactIds })
      if (result.companyIds.length) await crm.invoke('companies.delete', { ids: result.companyIds })
      if (result.tagIds.length) await crm.invoke('tags.delete', { ids: result.tagIds })
      setState({ phase: 'undone', fileName, count: result.contactIds.length })
      showToast(`Import undone: ${pluralize(result.contactIds.length, 'contact')} removed.`)
    } catch (error) {
      showToast(`Undo did not finish: ${toAppError(error).message} Delete the imported contacts from the contacts list instead.`, 'error')
    } finally {
      setUndoing(false)
    }
  }

  return (
    <div className="data-import">
      <div className="settings-row data-row">
        <div className="data-row-main">
          <span className="settings-name">vCard file (.vcf)</span>
          <span className="settings-meta">From a phone, Apple Contacts, Google Contacts or Outlook: vCard 2.1, 3.0 or 4.0, one or many cards.</span>
        </div>
        <span className="settings-row-actions data-row-actions">
          <input ref={input} type="file" accept=".vcf,.vcard,text/vcard,text/x-vcard" className="sr-only" aria-label="vCard file to import" data-testid="vcard-file" onChange={(e) => void onFile(e)} tabIndex={-1} />
          <button type="button" className="button button-small" onClick={() => input.current?.click()} disabled={state.phase === 'busy'}>
            {state.phase === 'busy' ? <span className="spinner" aria-hidden="true" /> : <Icon name="users" size={14} />} Import vCard…
          </button>
        </span>
      </div>
      <div className="settings-row data-row">
        <div className="data-row-main">
          <span className="settings-name">CSV file (.csv)</span>
          <span className="settings-meta">From a spreadsheet, Google Contacts, Outlook, HubSpot or Pipedrive: map the columns, check a dry run, then import with Undo.</span>
        </div>
        <span className="settings-row-actions data-row-actions">
          <a className="button button-small" href="#/import" data-testid="settings-import-csv">
            <Icon name="download" size={14} /> Import CSV…
          </a>
        </span>
      </div>

      {state.phase === 'busy' && <p className="muted data-progress">Importing {state.fileName}…</p>}
      {state.phase === 'failed' && (
        <p className="inline-error" role="alert">
          {state.fileName} was not imported: {state.message}
        </p>
      )}
      {state.phase === 'undone' && (
        <p className="muted data-progress" role="status">
          The import of {state.fileName} was undone: {pluralize(state.count, 'contact')} removed.
        </p>
      )}
      {state.phase === 'done' && <ImportSummary state={state} onUndo={() => void undo()} undoing={undoing} />}
    </div>
  )
}

export function DataSection() {
  const { data: counts, error, load } = useQuery(useExportCounts)

  const nothing = counts !== null && counts.contacts + counts.companies + counts.deals + counts.activities === 0
  return (
    <section className="settings-card" id="settings-data" aria-labelledby="data-heading" data-testid="data-section">
      <header className="settings-card-header">
        <h2 id="data-heading">Import &amp; export</h2>
        <p className="muted">Take your data to a spreadsheet or another address book, or bring contacts in from one.</p>
      </header>

      <h3 className="data-subheading">Export</h3>
      {error && (
        <InlineError message={error.message} onRetry={() => void load()} />
      )}
      {counts === null ? (
        !error && <div className="loading-block">Counting records…</div>
      ) : nothing ? (
        <EmptyState icon="download" title="Nothing to export yet">
          Add contacts, companies or deals first, or import contacts below.
        </EmptyState>
      ) : (
        <ExportRows counts={counts} />
      )}

      <h3 className="data-subheading">Import</h3>
      <ImportRows />

      <SampleDataRows />
    </section>
  )
}
