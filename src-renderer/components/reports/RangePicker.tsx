/** The reports' date range: presets (this month … last 12 months) or custom from/to dates. */
import { useId } from 'react'
import { choiceRange, customRangeProblem, describeRange, RANGE_PRESETS, rangeDays, type RangeChoice, type RangePreset } from '../../lib/reportRanges'

export function RangePicker({ value, onChange }: { value: RangeChoice; onChange: (patch: Partial<RangeChoice>) => void }) {
  const id = useId()
  const range = choiceRange(value)
  const choose = (preset: RangePreset) => {
    if (preset === 'custom' && !value.customFrom && !value.customTo) {
      // start the custom dates from what was shown, so the user only adjusts them
      const shown = choiceRange(value)
      if (shown) {
        const { first, last } = rangeDays(shown)
        onChange({ preset, customFrom: first, customTo: last })
        return
      }
    }
    onChange({ preset })
  }
  const problem = customRangeProblem(value)
  return (
    <div className="range-picker" role="group" aria-label="Date range">
      <label className="toolbar-field">
        <span className="toolbar-label">Range</span>
        <select className="input input-compact" aria-label="Range" value={value.preset} onChange={(e) => choose(e.target.value as RangePreset)}>
          {RANGE_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {value.preset === 'custom' ? (
        <>
          <label className="toolbar-field">
            <span className="sr-only">From</span>
            <input
              className="input input-compact"
              type="date"
              aria-label="From"
              value={value.customFrom}
              max={value.customTo || undefined}
              onChange={(e) => onChange({ customFrom: e.target.value })}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${id}-problem` : undefined}
            />
          </label>
          <span className="toolbar-label" aria-hidden="true">
            to
          </span>
          <label className="toolbar-field">
            <span className="sr-only">To</span>
            <input
              className="input input-compact"
              type="date"
              aria-label="To"
              value={value.customTo}
              min={value.customFrom || undefined}
              onChange={(e) => onChange({ customTo: e.target.value })}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${id}-problem` : undefined}
            />
          </label>
        </>
      ) : (
        range && (
          <span className="range-dates" data-testid="range-dates">
            {describeRange(range)}
          </span>
        )
      )}
      {problem && (
        <span className="field-error" id={`${id}-problem`} role="alert">
          {problem}
        </span>
      )}
    </div>
  )
}
