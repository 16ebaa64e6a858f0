/**
 * Duplicates (#/duplicates): pairs of contacts that share an email, a phone or a name at one
 * company, strongest first; #/duplicates/<a>:<b> reviews one pair side by side and merges it.
 */
import { useEffect, useState } from 'react'
import type { DuplicatePair, DuplicateSide, PairDetail } from '../../src-shared/model/duplicate'
import { Avatar } from '../components/Avatar'
import { EmptyState } from '../components/EmptyState'
import { MergeReview } from '../components/duplicates/MergeReview'
import '../components/duplicates/duplicates.css'
import { crm, toAppError } from '../lib/crm'
import { joinParts, nameOrPlaceholder, pluralize } from '../lib/format'
import { useDuplicates } from '../stores/duplicates'
import { useQuery } from '../stores/query'
import { navigate } from '../stores/route'
import { showError, showUndo } from '../stores/toasts'
import { InlineError } from '../components/InlineError'

async function dismiss(a: string, b: string) {
  try {
    await crm.invoke('duplicates.dismiss', { a, b })
    showUndo('Marked as not a duplicate', () => crm.invoke('duplicates.undismiss', { a, b }).then(() => useDuplicates.getState().load()), 'The pair is back in the list')
    await useDuplicates.getState().load()
  } catch (error) {
    showError(error)
  }
}

function Person({ side }: { side: DuplicateSide }) {
  return (
    <div className="dup-person">
      <Avatar name={side.displayName} size={26} />
      <div className="dup-person-text">
        <span className="dup-person-name">{nameOrPlaceholder(side.displayName)}</span>
        <span className="muted dup-person-meta">{joinParts([side.companyName, side.primaryEmail, side.primaryPhone], ' · ') || 'No company, email or phone'}</span>
      </div>
    </div>
  )
}

function PairRow({ pair }: { pair: DuplicatePair }) {
  return (
    <li className="dup-row" data-testid="duplicate-pair">
      <div className="dup-people">
        <Person side={pair.a} />
        <Person side={pair.b} />
      </div>
      <ul className="dup-reasons" aria-label="Why">
        {pair.reasons.map((r) => (
          <li key={`${r.kind}:${r.value}`} className={`dup-reason dup-reason-${r.kind}`}>
            {r.label}
          </li>
        ))}
      </ul>
      <div className="dup-actions">
        <a className="button button-small button-primary" href={`#/duplicates/${pair.a.id}:${pair.b.id}`}>
          Review
        </a>
        <button type="button" className="button button-small button-ghost" onClick={() => void dismiss(pair.a.id, pair.b.id)}>
          Not a duplicate
        </button>
      </div>
    </li>
  )
}

function checkedText(contacts: number, region: string | null) {
  return `Checked ${pluralize(contacts, 'contact')}: the same email (ignoring case and spaces), the same phone number${
    region ? ` (numbers without a country code read as ${region})` : ' (numbers with a +country code)'
  }, and the same or a nearly identical name at the same company.`
}

function Review({ pairKey }: { pairKey: string }) {
  const [a, b] = pairKey.split(':')
  const [detail, setDetail] = useState<PairDetail | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    crm
      .invoke('duplicates.pair', { a, b })
      .then((d) => live && setDetail(d))
      .catch((e) => live && setError(toAppError(e).message))
    return () => {
      live = false
    }
  }, [a, b])
  if (error)
    return (
      <p className="inline-error" role="alert">
        {error} <a href="#/duplicates">Back to all duplicates</a>
      </p>
    )
  if (!detail) return <div className="loading-block">Loading the pair…</div>
  return (
    <MergeReview
      detail={detail}
      onDone={() => void useDuplicates.getState().load()}
      onDismiss={() => {
        void dismiss(a, b)
        navigate({ name: 'duplicates' })
      }}
    />
  )
}

export function DuplicatesView({ pair }: { pair?: string }) {
  const { data, loading, error, load } = useQuery(useDuplicates)

  return (
    <div className="view view-duplicates">
      <header className="view-header">
        <div className="view-title-row">
          <h1 className="view-title">Duplicates</h1>
          {data && <span className="count-badge" data-testid="duplicates-total">{data.total.toLocaleString('en-US')}</span>}
        </div>
        {pair && (
          <a href="#/duplicates" className="button button-ghost">
            All duplicates
          </a>
        )}
      </header>
      <div className="dup-scroll">
        {pair ? (
          <Review key={pair} pairKey={pair} />
        ) : (
          <>
            {error && (
              <InlineError message={error.message} onRetry={() => void load()} />
            )}
            {loading && !data && <div className="loading-block">Looking for duplicates…</div>}
            {data && data.total === 0 && (
              <EmptyState icon="users" title="No duplicates found">
                {checkedText(data.checked.contacts, data.checked.region)}
                {data.dismissedCount > 0 && ` ${pluralize(data.dismissedCount, 'pair')} marked as not a duplicate ${data.dismissedCount === 1 ? 'is' : 'are'} left out.`}
              </EmptyState>
            )}
            {data && data.total > 0 && (
              <>
                <p className="muted dup-checked">{checkedText(data.checked.contacts, data.checked.region)}</p>
                <ul className="dup-list" aria-label="Possible duplicates">
                  {data.pairs.map((p) => (
                    <PairRow key={p.key} pair={p} />
                  ))}
                </ul>
                {data.total > data.pairs.length && (
                  <p className="muted">
                    Showing the strongest {data.pairs.length.toLocaleString('en-US')} of {data.total.toLocaleString('en-US')} pairs.
                  </p>
                )}
              </>
            )}
          </>
        )}
      </div>
    </div>
  )
}
