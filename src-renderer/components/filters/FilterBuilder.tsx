/**
 * The filter builder: "Match all/any of" a list of conditions, each a field, an operator and a
 * value picked to suit them (a stage, a tag, a company, a number of days, text). Rows that are not
 * complete yet say what they miss and are left out of the filter until they are.
 */
import { useEffect, useRef } from 'react'
import { LIFECYCLE_LABELS, LIFECYCLE_STAGES } from '../../../src-shared/model/lifecycle'
import {
  FILTER_FIELDS,
  FILTER_FIELD_NAMES,
  MAX_CONDITIONS,
  operatorsOf,
  valueKindOf,
  type FilterField,
  type FilterOperator,
} from '../../../src-shared/model/contact-filter'
import { crm } from '../../lib/crm'
import { newRow, withField, type Draft, type DraftRow } from '../../lib/filterDraft'
import { useTags } from '../../stores/tags'
import { CompanyPicker } from '../CompanyPicker'
import { Icon } from '../Icons'

const operatorLabel = (field: FilterField, op: FilterOperator) => (FILTER_FIELDS[field].operators as Record<string, string>)[op]

function ValueInput({ row, onChange }: { row: DraftRow; onChange: (patch: Partial<DraftRow>) => void }) {
  const tags = useTags((s) => s.data) ?? []
  const kind = valueKindOf(row.field, row.operator)
  const label = `${FILTER_FIELDS[row.field].label} ${operatorLabel(row.field, row.operator)}: value`
  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange

  // a saved view's company condition arrives as an id: look its name up once for the picker
  useEffect(() => {
    if (kind !== 'company' || !row.value || row.label) return
    let live = true
    crm
      .invoke('companies.get', { id: row.value })
      .then((c) => live && onChangeRef.current({ label: c.name }))
      .catch(() => live && onChangeRef.current({ label: '(deleted company)' }))
    return () => {
      live = false
    }
  }, [kind, row.value, row.label])

  switch (kind) {
    case 'none':
      return null
    case 'stage':
      return (
        <select className="input input-compact" aria-label={label} value={row.value} onChange={(e) => onChange({ value: e.target.value })}>
          {LIFECYCLE_STAGES.map((s) => (
            <option key={s} value={s}>
              {LIFECYCLE_LABELS[s]}
            </option>
          ))}
        </select>
      )
    case 'tag':
      return (
        <select className="input input-compact" aria-label={label} value={row.value} onChange={(e) => onChange({ value: e.target.value })}>
          <option value="">{tags.length ? 'Choose a tag…' : 'No tags yet'}</option>
          {tags.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      )
    case 'company':
      return (
        <div className="filter-company">
          <CompanyPicker
            id={`filter-company-${row.key}`}
            ariaLabel={label}
            allowCreate={false}
            value={row.value ? { id: row.value, name: row.label ?? '' } : null}
            onChange={(c) => onChange({ value: c?.id ?? '', label: c?.name })}
          />
        </div>
      )
    case 'days':
      return (
        <span className="filter-days">
          <input
            className="input input-compact"
            type="number"
            inputMode="numeric"
            min={0}
            max={36500}
            aria-label={label}
            value={row.value}
            placeholder="30"
            onChange={(e) => onChange({ value: e.target.value })}
          />
          <span className="muted">days</span>
        </span>
      )
    case 'text':
      return <input className="input input-compact filter-text" aria-label={label} value={row.value} maxLength={200} placeholder="Text…" onChange={(e) => onChange({ value: e.target.value })} />
  }
}

export interface FilterBuilderProps {
  draft: Draft
  problems: Record<number, string>
  onChange: (draft: Draft) => void
}

export function FilterBuilder({ draft, problems, onChange }: FilterBuilderProps) {
  const setRow = (key: number, patch: Partial<DraftRow>) => onChange({ ...draft, rows: draft.rows.map((r) => (r.key === key ? { ...r, ...patch } : r)) })
  const removeRow = (key: number) => onChange({ ...draft, rows: draft.rows.filter((r) => r.key !== key) })
  const full = draft.rows.length >= MAX_CONDITIONS

  return (
    <section className="filter-builder" aria-label="Filter conditions" data-testid="filter-builder">
      {draft.rows.length > 1 && (
        <label className="toolbar-field filter-match">
          <span className="toolbar-label">Match</span>
          <select className="input input-compact" value={draft.match} onChange={(e) => onChange({ ...draft, match: e.target.value as 'all' | 'any' })}>
            <option value="all">all of these conditions</option>
            <option value="any">any of these conditions</option>
          </select>
        </label>
      )}
      <ol className="filter-rows">
        {draft.rows.map((row, i) => (
          <li key={row.key} className="filter-row" data-testid="filter-row">
            <span className="filter-joiner muted">{i === 0 ? 'Where' : draft.match === 'all' ? 'and' : 'or'}</span>
            <select className="input input-compact" aria-label={`Condition ${i + 1}: field`} value={row.field} onChange={(e) => onChange({ ...draft, rows: draft.rows.map((r) => (r.key === row.key ? withField(r, e.target.value as FilterField) : r)) })}>
              {FILTER_FIELD_NAMES.map((f) => (
                <option key={f} value={f}>
                  {FILTER_FIELDS[f].label}
                </option>
              ))}
            </select>
            <select className="input input-compact" aria-label={`Condition ${i + 1}: operator`} value={row.operator} onChange={(e) => setRow(row.key, { operator: e.target.value as FilterOperator })}>
              {operatorsOf(row.field).map((op) => (
                <option key={op} value={op}>
                  {operatorLabel(row.field, op)}
                </option>
              ))}
            </select>
            <ValueInput row={row} onChange={(patch) => setRow(row.key, patch)} />
            <button type="button" className="icon-button" aria-label={`Remove condition ${i + 1}`} title="Remove condition" onClick={() => removeRow(row.key)}>
              <Icon name="close" size={14} />
            </button>
            {problems[row.key] && (
              <span className="filter-problem" role="status">
                {problems[row.key]}
              </span>
            )}
          </li>
        ))}
      </ol>
      <button type="button" className="button button-ghost button-small" disabled={full} title={full ? `At most ${MAX_CONDITIONS} conditions` : undefined} onClick={() => onChange({ ...draft, rows: [...draft.rows, newRow()] })}>
        <Icon name="plus" size={14} /> Add condition
      </button>
    </section>
  )
}
