/**
 * "Keep in touch every [N] [days|weeks|months]" on a contact page, or off. While on, core keeps one
 * follow-up scheduled; completing it schedules the next.
 */
import { useEffect, useRef, useState } from 'react'
import type { Contact } from '../../src-shared/model/contact'
import { KEEP_IN_TOUCH_UNITS, type KeepInTouch, type KeepInTouchUnit } from '../../src-shared/model/task'
import { crm, fieldProblems, toAppError } from '../lib/crm'
import { describeKeepInTouch } from '../lib/dueDates'
import { useContactDetail } from '../stores/contactDetail'
import { replaceRecord } from '../stores/recordDetail'
import { refreshTaskViews } from '../stores/tasks'
import { showToast } from '../stores/toasts'

const DEFAULT: KeepInTouch = { count: 1, unit: 'month' }

export function KeepInTouchControl({ contact }: { contact: Pick<Contact, 'id' | 'keepInTouch'> }) {
  const current = contact.keepInTouch ?? null
  const [count, setCount] = useState(String(current?.count ?? DEFAULT.count))
  const [unit, setUnit] = useState<KeepInTouchUnit>(current?.unit ?? DEFAULT.unit)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  /** The value last asked for: a blur right after a change must not send it twice. */
  const asked = useRef<string | null>(null)

  useEffect(() => {
    setCount(String(current?.count ?? DEFAULT.count))
    setUnit(current?.unit ?? DEFAULT.unit)
    asked.current = null
  }, [current?.count, current?.unit])

  const save = async (every: KeepInTouch | null) => {
    const key = JSON.stringify(every)
    if (key === JSON.stringify(current) || key === asked.current) return
    asked.current = key
    setSaving(true)
    try {
      const updated = await crm.invoke('contacts.keepInTouch', { contactId: contact.id, every })
      replaceRecord(useContactDetail, updated)
      refreshTaskViews()
      setError(null)
      showToast(every ? `Keeping in touch ${describeKeepInTouch(every)}` : 'Stopped keeping in touch')
    } catch (e) {
      const problems = fieldProblems(e)
      setError(problems['every.count'] ?? problems['every.unit'] ?? toAppError(e).message)
      asked.current = null
    } finally {
      setSaving(false)
    }
  }

  const commitCount = () => {
    const n = Number(count)
    if (!Number.isInteger(n) || n < 1 || n > 365) return setError('Enter a whole number from 1 to 365')
    void save({ count: n, unit })
  }

  const on = current !== null
  const plural = Number(count) !== 1
  return (
    <div className="keep-in-touch" data-testid="keep-in-touch">
      <div className="keep-in-touch-row">
        <label className="switch-label">
          <input
            type="checkbox"
            role="switch"
            className="switch"
            checked={on}
            disabled={saving}
            onChange={(e) => void save(e.target.checked ? { count: Math.max(1, Math.min(365, Number(count) || DEFAULT.count)), unit } : null)}
          />
          Keep in touch
        </label>
        {on && (
          <span className="keep-in-touch-every">
            every
            <input
              className="input input-compact keep-in-touch-count"
              type="number"
              min={1}
              max={365}
              aria-label="Every how many"
              value={count}
              disabled={saving}
              onChange={(e) => setCount(e.target.value)}
              onBlur={commitCount}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault()
                  commitCount()
                }
              }}
              aria-invalid={error ? true : undefined}
            />
            <select
              className="input input-compact"
              aria-label="Unit"
              value={unit}
              disabled={saving}
              onChange={(e) => {
                const next = e.target.value as KeepInTouchUnit
                setUnit(next)
                const n = Number(count)
                if (Number.isInteger(n) && n >= 1 && n <= 365) void save({ count: n, unit: next })
              }}
            >
              {KEEP_IN_TOUCH_UNITS.map((u) => (
                <option key={u} value={u}>
                  {plural ? `${u}s` : u}
                </option>
              ))}
            </select>
          </span>
        )}
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : (
        <p className="field-hint">{current ? `A follow-up is always scheduled ${describeKeepInTouch(current)}; marking it done plans the next.` : 'Off. Turn it on to always have the next follow-up planned.'}</p>
      )}
    </div>
  )
}
