/**
 * "Snooze" on a follow-up: 10 minutes, 1 hour, tomorrow morning, next week, or a chosen time. The
 * moment is computed when the option is picked, not when the row was drawn.
 */
import { useState, type FormEvent } from 'react'
import { fromDateTimeLocal, toDateTimeLocal } from '../../lib/format'
import { nextFullHour, snoozeOptions, type SnoozeId } from '../../lib/dueDates'
import { Dialog } from '../Dialog'
import { Field, invalidProps } from '../Field'
import { Menu } from '../Menu'

export function SnoozeMenu({ title, onSnooze }: { title: string; onSnooze: (until: number) => void }) {
  const [picking, setPicking] = useState(false)
  const pick = (id: SnoozeId) => () => {
    const option = snoozeOptions(new Date()).find((o) => o.id === id)
    if (option) onSnooze(option.until)
  }
  return (
    <>
      <Menu
        label={`Snooze “${title}”`}
        icon="clock"
        className="snooze-button"
        items={[
          ...snoozeOptions().map((o) => ({ label: o.label, hint: o.hint, run: pick(o.id) })),
          { label: 'Pick a time…', run: () => setPicking(true) },
        ]}
      />
      {picking && (
        <SnoozeUntilDialog
          title={title}
          onClose={() => setPicking(false)}
          onPick={(until) => {
            setPicking(false)
            onSnooze(until)
          }}
        />
      )}
    </>
  )
}

function SnoozeUntilDialog({ title, onPick, onClose }: { title: string; onPick: (until: number) => void; onClose: () => void }) {
  const [value, setValue] = useState(() => toDateTimeLocal(nextFullHour()))
  const [error, setError] = useState<string | undefined>()
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const until = fromDateTimeLocal(value)
    if (until === null) return setError('Pick a date and time')
    if (until <= Date.now()) return setError('Pick a time in the future')
    onPick(until)
  }
  return (
    <Dialog title="Snooze until" description={`“${title}” reminds you again then.`} onClose={onClose} size="sm">
      <form id="snooze-until-form" onSubmit={submit} noValidate className="snooze-until-form">
        <Field id="snooze-until" label="Remind me at" error={error}>
          <input id="snooze-until" type="datetime-local" className="input" value={value} onChange={(e) => setValue(e.target.value)} data-autofocus {...invalidProps('snooze-until', error)} />
        </Field>
        <div className="dialog-inline-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary">
            Snooze
          </button>
        </div>
      </form>
    </Dialog>
  )
}
