/**
 * Settings → Reminders → Automation rules: each rule with what it does, an on/off switch, and for
 * "no interaction" the number of days.
 */
import { useEffect, useState } from 'react'
import type { Rule } from '../../../src-shared/model/task'
import { crm, fieldProblems, toAppError } from '../../lib/crm'
import { pluralize } from '../../lib/format'
import { useQuery } from '../../stores/query'
import { useRules } from '../../stores/settingsPage'
import { showToast } from '../../stores/toasts'

function DaysInput({ rule, onSaved }: { rule: Rule; onSaved: (r: Rule) => void }) {
  const [text, setText] = useState(String(rule.days ?? ''))
  const [error, setError] = useState<string | null>(null)
  useEffect(() => setText(String(rule.days ?? '')), [rule.days])
  const id = `rule-days-${rule.id}`

  const commit = async () => {
    const days = Number(text)
    if (days === rule.days) return setError(null)
    if (!Number.isInteger(days) || days < 1 || days > 3650) return setError('Enter whole days, 1 to 3,650')
    try {
      onSaved(await crm.invoke('rules.update', { id: rule.id, days }))
      setError(null)
      showToast(`“${rule.name}” now waits ${pluralize(days, 'day')}`)
    } catch (e) {
      setError(fieldProblems(e).days ?? toAppError(e).message)
    }
  }

  return (
    <span className="rule-days">
      <label htmlFor={id}>after</label>
      <input
        id={id}
        className="input input-compact rule-days-input"
        type="number"
        min={1}
        max={3650}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => void commit()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            void commit()
          }
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <span>days</span>
      {error && (
        <span className="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </span>
  )
}

export function RulesList() {
  const { data: rules, error: loadError } = useQuery(useRules)
  const [toggleError, setToggleError] = useState<string | null>(null)
  const error = toggleError ?? loadError?.message

  // the answer of rules.update, on screen before the refetch
  const replace = (rule: Rule) => {
    const list = useRules.getState().data
    if (list) useRules.getState().setData(list.map((r) => (r.id === rule.id ? rule : r)))
  }
  const toggle = async (rule: Rule, enabled: boolean) => {
    try {
      replace(await crm.invoke('rules.update', { id: rule.id, enabled }))
      setToggleError(null)
      showToast(`${rule.name}: ${enabled ? 'on' : 'off'}`)
    } catch (e) {
      setToggleError(toAppError(e).message)
    }
  }

  return (
    <div className="settings-block" data-testid="rules">
      <h3 className="settings-block-title">Automation rules</h3>
      <p className="field-hint rules-intro">Rules add follow-ups for you; those show “made by rule” on the Today view.</p>
      {error && <p className="inline-error">{error}</p>}
      {rules && rules.length === 0 && <p className="muted">No rules.</p>}
      {rules && rules.length > 0 && (
        <ul className="settings-list">
          {rules.map((rule) => (
            <li key={rule.id} className="settings-row rule-row" data-testid="rule-row">
              <input
                type="checkbox"
                role="switch"
                className="switch"
                checked={rule.enabled}
                aria-label={`${rule.name}: ${rule.enabled ? 'on' : 'off'}`}
                onChange={(e) => void toggle(rule, e.target.checked)}
              />
              <div className="rule-text">
                <span className="settings-name">{rule.name}</span>
                <span className="settings-meta">{rule.description}</span>
              </div>
              {rule.kind === 'no_interaction' && <DaysInput rule={rule} onSaved={replace} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
