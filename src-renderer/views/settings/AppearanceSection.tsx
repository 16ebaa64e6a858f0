/** Settings → Appearance: Light / Dark / System, for this computer only (not the shared workspace). */
import { THEME_CHOICES, THEME_LABEL } from '../../lib/theme'
import { useTheme } from '../../stores/theme'

export function AppearanceSection() {
  const choice = useTheme((s) => s.choice)
  const setChoice = useTheme((s) => s.setChoice)
  return (
    <section className="settings-card" aria-labelledby="appearance-heading" data-testid="appearance-section">
      <header className="settings-card-header">
        <h2 id="appearance-heading">Appearance</h2>
        <p className="muted">The theme of this computer; others sharing the workspace keep their own. System follows your operating system.</p>
      </header>
      <div className="segmented" role="radiogroup" aria-labelledby="appearance-heading">
        {THEME_CHOICES.map((c) => (
          <button
            key={c}
            type="button"
            role="radio"
            aria-checked={choice === c}
            tabIndex={choice === c ? 0 : -1}
            className={`segment ${choice === c ? 'is-selected' : ''}`}
            onClick={() => setChoice(c)}
            onKeyDown={(e) => {
              // a radio group: arrows move the choice
              const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0
              if (!step) return
              e.preventDefault()
              const next = THEME_CHOICES[(THEME_CHOICES.indexOf(c) + step + THEME_CHOICES.length) % THEME_CHOICES.length]
              setChoice(next)
              const group = e.currentTarget.parentElement
              requestAnimationFrame(() => group?.querySelector<HTMLElement>('[aria-checked="true"]')?.focus())
            }}
          >
            {THEME_LABEL[c]}
          </button>
        ))}
      </div>
    </section>
  )
}
