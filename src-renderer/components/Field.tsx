/** A labelled form control with its error message right under it. */
import type { ReactNode } from 'react'

export interface FieldProps {
  id: string
  label: string
  error?: string
  hint?: ReactNode
  children: ReactNode
  className?: string
}

export function Field({ id, label, error, hint, children, className }: FieldProps) {
  return (
    <div className={`field ${error ? 'field-invalid' : ''} ${className ?? ''}`}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : (
        hint && <p className="field-hint">{hint}</p>
      )}
    </div>
  )
}

/** Props that tie a control to its Field's error message. */
export function invalidProps(id: string, error: string | undefined) {
  return error ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {}
}

/** The error list at the top of a form; each item moves focus to its field. */
export function ErrorSummary({ message, problems, fieldId }: { message: string; problems: Record<string, string>; fieldId: (path: string) => string }) {
  const entries = Object.entries(problems)
  return (
    <div className="error-summary" role="alert">
      <strong>{entries.length > 1 ? `Please fix ${entries.length} problems before saving` : message}</strong>
      {entries.length > 1 && (
        <ul>
          {entries.map(([path, text]) => (
            <li key={path}>
              <button type="button" className="link-button" onClick={() => document.getElementById(fieldId(path))?.focus()}>
                {text}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
