/** A small segmented choice for a report option ("Group by: Month · Quarter · Owner"). */
export function OptionSwitch<T extends string>({ label, value, options, onChange }: { label: string; value: T; options: Array<{ id: T; label: string }>; onChange: (value: T) => void }) {
  return (
    <div className="toolbar-field">
      <span className="toolbar-label" aria-hidden="true">
        {label}
      </span>
      <div className="segmented segmented-small" role="radiogroup" aria-label={label}>
        {options.map((o) => (
          <button key={o.id} type="button" role="radio" aria-checked={value === o.id} className={`segment ${value === o.id ? 'is-selected' : ''}`} onClick={() => onChange(o.id)}>
            {o.label}
          </button>
        ))}
      </div>
    </div>
  )
}
