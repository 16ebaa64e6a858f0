/**
 * "Changes" on a contact page: who changed what and when, newest first, from the change log
 * (contacts.history). With sync, teammates' edits show their names, and an edit that lost a
 * conflict says so: it never took effect, a later edit of the same field won.
 */
import { useState } from 'react'
import { formatExact, formatRelative } from '../lib/format'
import { describeChanges, lostChanges, whoOf } from '../lib/historyText'
import { useQuery } from '../stores/query'
import { HISTORY_PAGE, useRecordHistory } from '../stores/recordSections'

/** Transactions shown before "Show more". */
const SHOWN = 8

export function ChangeHistorySection({ contactId }: { contactId: string }) {
  const { data, error } = useQuery(useRecordHistory, { id: contactId, limit: HISTORY_PAGE })
  const [all, setAll] = useState(false)
  const entries = (data?.entries ?? []).filter((e) => describeChanges(e.changes) || lostChanges(e.changes).length > 0)
  const shown = all ? entries : entries.slice(0, SHOWN)

  return (
    <div className="people-section change-history" data-testid="change-history">
      <div className="side-heading-row">
        <h2 className="side-heading">Changes</h2>
      </div>
      {error && <p className="inline-error">{error.message}</p>}
      {data && entries.length === 0 && <p className="muted">No changes recorded yet.</p>}
      <ul className="change-list">
        {shown.map((entry) => {
          const what = describeChanges(entry.changes)
          const lost = lostChanges(entry.changes)
          const who = whoOf(entry)
          return (
            <li key={entry.txId} className="change-item" data-testid="change-entry">
              {what && (
                <span>
                  <strong>{who}</strong> {what}
                </span>
              )}
              {lost.length > 0 && (
                <span className="change-lost" data-testid="change-lost">
                  {who === 'You' ? 'Your' : `${who}’s`} edit of {lost.join(', ')} was overwritten by a later edit
                </span>
              )}
              <time className="muted change-time" title={formatExact(entry.at)}>
                {formatRelative(entry.at)}
              </time>
            </li>
          )
        })}
      </ul>
      {!all && entries.length > SHOWN && (
        <button type="button" className="button button-ghost button-small" onClick={() => setAll(true)}>
          Show {entries.length - SHOWN} more
        </button>
      )}
    </div>
  )
}
