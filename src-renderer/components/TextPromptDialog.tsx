/**
 * Asks for one line of text ("Name this view", "Set the owner"): Enter saves, Escape cancels, and a
 * refusal from core is shown under the field with the dialog left open, so nothing typed is lost.
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react'
import { toAppError } from '../lib/crm'
import { Dialog } from './Dialog'
import { Field, invalidProps } from './Field'
import { FormFooter } from './FormFooter'

export interface TextPromptDialogProps {
  title: string
  label: string
  initial?: string
  placeholder?: string
  hint?: ReactNode
  saveLabel: string
  /** Empty text is allowed (e.g. "no owner") only when this is set; otherwise the field asks for text. */
  allowEmpty?: boolean
  maxLength?: number
  onSave: (text: string) => Promise<unknown>
  onClose: () => void
}

export function TextPromptDialog({ title, label, initial = '', placeholder, hint, saveLabel, allowEmpty, maxLength = 200, onSave, onClose }: TextPromptDialogProps) {
  const id = useId()
  const [text, setText] = useState(initial)
  const [error, setError] = useState<string>()
  const [saving, setSaving] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!allowEmpty && !text.trim()) {
      setError(`Enter a ${label.toLowerCase()}`)
      return
    }
    setSaving(true)
    try {
      await onSave(text.trim())
      onClose()
    } catch (e) {
      setError(toAppError(e).message)
      setSaving(false)
    }
  }

  return (
    <Dialog title={title} onClose={onClose} size="sm" closeOnBackdrop={false}>
      <form
        onSubmit={submit}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) void submit(e)
        }}
      >
        <Field id={id} label={label} error={error} hint={hint}>
          <input
            id={id}
            className="input"
            value={text}
            maxLength={maxLength}
            placeholder={placeholder}
            data-autofocus
            onChange={(e) => {
              setText(e.target.value)
              setError(undefined)
            }}
            {...invalidProps(id, error)}
          />
        </Field>
        <FormFooter saving={saving} onCancel={onClose} saveLabel={saveLabel} />
      </form>
    </Dialog>
  )
}
