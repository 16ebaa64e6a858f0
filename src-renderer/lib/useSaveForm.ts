/**
 * The save cycle every record form shares: one save at a time, a VALIDATION error mapped onto the
 * form's fields (focus moves to the first one), nothing typed is lost, Ctrl/Cmd+Enter saves.
 */
import { useState, type FormEvent, type KeyboardEvent } from 'react'
import { fieldProblems, toAppError } from './crm'
import { isMac } from './shortcuts'

export interface FormError {
  message: string
  problems: Record<string, string>
}

/** What one save attempt needs, read from the form as it is when the user saves. */
export interface SavePlan<T> {
  /** Problems found before asking core; any stops the save. */
  problems?: Record<string, string>
  save: () => Promise<T>
  /** Maps core's field paths onto the form's (e.g. list indexes after blank rows were dropped). */
  toFormPath?: (path: string) => string
}

interface Options<T> {
  prepare: () => SavePlan<T>
  onSaved: (saved: T) => void
  /** DOM id of the input for a field path, to focus the first field in error. */
  fieldId: (path: string) => string
}

export function useSaveForm<T>({ prepare, onSaved, fieldId }: Options<T>) {
  const [error, setError] = useState<FormError | null>(null)
  const [saving, setSaving] = useState(false)

  const fail = (message: string, problems: Record<string, string>) => {
    setError({ message, problems })
    const first = Object.keys(problems)[0]
    if (first) document.getElementById(fieldId(first))?.focus()
  }

  const submit = async (event?: FormEvent) => {
    event?.preventDefault()
    if (saving) return
    const { problems = {}, save, toFormPath = (p: string) => p } = prepare()
    if (Object.keys(problems).length) return fail(Object.values(problems)[0], problems)
    setSaving(true)
    try {
      const saved = await save()
      setError(null)
      onSaved(saved)
    } catch (e) {
      const appError = toAppError(e)
      const mapped: Record<string, string> = {}
      for (const [path, message] of Object.entries(fieldProblems(appError))) mapped[toFormPath(path)] = message
      fail(appError.message, mapped)
    } finally {
      setSaving(false)
    }
  }

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (isMac ? e.metaKey : e.ctrlKey)) {
      e.preventDefault()
      void submit()
    }
  }

  return { error, problems: error?.problems ?? {}, saving, submit, onKeyDown }
}
