/**
 * Settings → Import & export → Sample data: what the sample load added and is still here, and
 * "Remove sample data…" with a confirmation that says what goes and what stays (records the user
 * worked on). The removal is a job (progress and Cancel in the jobs panel); its result line has
 * Undo (jobs.undo: one step, back exactly as it was).
 */
import { useState } from 'react'
import type { SampleDataRemoval, SampleDataStatus, SampleRecord, SampleRecordKind } from '../../../src-shared/api/app'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { Icon } from '../../components/Icons'
import { crm, toAppError } from '../../lib/crm'
import { pluralize } from '../../lib/format'
import { useQuery } from '../../stores/query'
import { useSampleDataStatus } from '../../stores/sampleData'
import { showError, showToast } from '../../stores/toasts'

const NOUNS: Record<SampleRecordKind, [string, string]> = {
  contacts: ['contact', 'contacts'],
  companies: ['company', 'companies'],
  deals: ['deal', 'deals'],
  activities: ['history entry', 'history entries'],
  tasks: ['follow-up', 'follow-ups'],
  tags: ['tag', 'tags'],
}
const KINDS = Object.keys(NOUNS) as SampleRecordKind[]

/** "200 contacts, 30 companies, 60 deals, …" (kinds with none left out). */
const breakdown = (counts: Record<SampleRecordKind, number>) =>
  KINDS.filter((k) => counts[k] > 0)
    .map((k) => pluralize(counts[k], ...NOUNS[k]))
    .join(', ')

/** "Ana Ruiz, Ben Ode and 3 more". */
function names(records: SampleRecord[], max = 3): string {
  const shown = records.slice(0, max).map((r) => r.name)
  const more = records.length - shown.length
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ')
}

/** "Removed 480 sample records; kept 2 you worked on: Ana Ruiz, Ben Ode." */
export function removalMessage(r: Pick<SampleDataRemoval, 'removed' | 'kept'>): string {
  const worked = r.kept.filter((k) => k.workedOn)
  const needed = r.kept.length - worked.length
  let text = `Removed ${pluralize(r.removed, 'sample record')}`
  if (worked.length > 0) text += `; kept ${worked.length} you worked on: ${names(worked)}`
  if (needed > 0) text += ` (and ${pluralize(needed, 'record')} they belong to)`
  return `${text}.`
}

function ConfirmMessage({ status }: { status: SampleDataStatus }) {
  const worked = status.kept.filter((k) => k.workedOn)
  const needed = status.kept.filter((k) => !k.workedOn)
  return (
    <div className="sample-confirm" data-testid="sample-confirm" style={{ display: 'grid', gap: 'var(--space-2)' }}>
      <p>
        This removes the <strong>{pluralize(status.records, 'record')}</strong> the sample added: {breakdown(status.counts)}.
      </p>
      {worked.length > 0 ? (
        <p>
          Kept, because you worked on them: <strong>{names(worked, 5)}</strong>
          {needed.length > 0 && <> (with {names(needed, 3)}, which they belong to)</>}.
        </p>
      ) : null}
      <p className="muted">Everything you added yourself stays. You can undo this right after.</p>
    </div>
  )
}

type Done = { phase: 'removed'; result: SampleDataRemoval } | { phase: 'restored'; count: number }

export function SampleDataRows() {
  const { data: status } = useQuery(useSampleDataStatus)
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState<'removing' | 'undoing' | null>(null)
  const [done, setDone] = useState<Done | null>(null)

  const remove = async () => {
    setConfirming(false)
    setBusy('removing')
    try {
      const result = await crm.invoke('sampleData.remove')
      setDone({ phase: 'removed', result })
      showToast(removalMessage(result))
    } catch (error) {
      const e = toAppError(error)
      if (e.code === 'CANCELLED') showToast('Removing the sample data was cancelled: nothing was removed.', 'info')
      else showError(error)
    } finally {
      setBusy(null)
    }
  }

  const undo = async (result: SampleDataRemoval) => {
    setBusy('undoing')
    try {
      await crm.invoke('jobs.undo', { id: result.jobId })
      setDone({ phase: 'restored', count: result.removed })
    } catch (error) {
      showError(error)
    } finally {
      setBusy(null)
    }
  }

  const removable = status !== null && status.records > 0
  if (!removable && done === null) return null
  return (
    <>
      <h3 className="data-subheading">Sample data</h3>
      {removable && (
        <div className="settings-row data-row" data-testid="sample-data">
          <div className="data-row-main">
            <span className="settings-name">Sample data is loaded</span>
            <span className="settings-meta">
              {pluralize(status.records, 'sample record')}: {breakdown(status.counts)}
            </span>
          </div>
          <span className="settings-row-actions data-row-actions">
            <button type="button" className="button button-small" onClick={() => setConfirming(true)} disabled={busy !== null}>
              {busy === 'removing' ? <span className="spinner" aria-hidden="true" /> : <Icon name="trash" size={14} />} {busy === 'removing' ? 'Removing…' : 'Remove sample data…'}
            </button>
          </span>
        </div>
      )}
      {done?.phase === 'removed' && (
        <div className="data-summary" role="status" data-testid="sample-removed">
          <div className="data-summary-head">
            <Icon name="check" size={16} />
            <p>{removalMessage(done.result)}</p>
            <button type="button" className="button button-small data-undo" onClick={() => void undo(done.result)} disabled={busy !== null}>
              <Icon name="reopen" size={14} /> {busy === 'undoing' ? 'Undoing…' : 'Undo'}
            </button>
          </div>
        </div>
      )}
      {done?.phase === 'restored' && (
        <p className="muted data-progress" role="status" data-testid="sample-restored">
          Undone: {pluralize(done.count, 'sample record')} brought back.
        </p>
      )}
      {confirming && status && (
        <ConfirmDialog
          title="Remove sample data?"
          message={<ConfirmMessage status={status} />}
          confirmLabel={`Remove ${pluralize(status.records, 'record')}`}
          onConfirm={() => void remove()}
          onClose={() => setConfirming(false)}
        />
      )}
    </>
  )
}
