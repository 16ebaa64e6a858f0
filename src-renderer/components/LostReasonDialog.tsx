/** "Why was it lost?": a reason is required before the deal is marked lost. */
import { useState, type FormEvent } from 'react'
import { fieldProblems, toAppError } from '../lib/crm'
import { loseDeal } from '../actions/deals'
import type { LostPrompt } from '../stores/ui'
import { Dialog } from './Dialog'
import { Field, invalidProps } from './Field'
import { Kbd } from './Kbd'
import { isMac } from '../lib/shortcuts'

const SUGGESTIONS = ['Too expensive', 'Went with a competitor', 'No budget', 'No response', 'Bad timing']

export function LostReasonDialog({ prompt, onClose }: { prompt: LostPrompt; onClose: () => void }) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (e?: FormEvent) => {
    e?.preventDefault()
    if (busy) return
    if (!reason.trim()) {
      setError('Say why the deal was lost')
      document.getElementById('lost-reason')?.focus()
      return
    }
    setBusy(true)
    try {
      await loseDeal(prompt, reason.trim())
      prompt.onLost?.()
      onClose()
    } catch (err) {
      const appError = toAppError(err)
      setError(fieldProblems(appError).reason ?? appError.message)
      setBusy(false)
    }
  }
  return (
    <Dialog
      title={`Mark “${prompt.title}” lost`}
      onClose={onClose}
      size="sm"
      closeOnBackdrop={false}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="lost-form" className="button button-danger" disabled={busy}>
            {busy ? 'Saving…' : 'Mark lost'}
            {!busy && <Kbd combo="mod+enter" />}
          </button>
        </>
      }
    >
      <form id="lost-form" onSubmit={submit} noValidate onKeyDown={(e) => e.key === 'Enter' && (isMac ? e.metaKey : e.ctrlKey) && (e.preventDefault(), void submit())}>
        <Field id="lost-reason" label="Why was it lost?" error={error ?? undefined}>
          <textarea
            id="lost-reason"
            className="input textarea"
            rows={3}
            value={reason}
            data-autofocus
            onChange={(e) => {
              setReason(e.target.value)
              if (error) setError(null)
            }}
            {...invalidProps('lost-reason', error ?? undefined)}
          />
        </Field>
        <div className="reason-suggestions" role="group" aria-label="Common reasons">
          {SUGGESTIONS.map((s) => (
            <button key={s} type="button" className="chip" onClick={() => setReason(s)}>
              {s}
            </button>
          ))}
        </div>
      </form>
    </Dialog>
  )
}
