/** Cancel and save for every record form; Ctrl/Cmd+Enter saves (useSaveForm's onKeyDown). */
import { comboLabel } from '../lib/shortcuts'
import { Kbd } from './Kbd'

export function FormFooter({ saving, onCancel, saveLabel }: { saving: boolean; onCancel: () => void; saveLabel: string }) {
  return (
    <footer className="dialog-footer">
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="button button-primary" disabled={saving} title={`Save (${comboLabel('mod+enter')})`}>
        {saving ? 'Saving…' : saveLabel}
        {!saving && <Kbd combo="mod+enter" />}
      </button>
    </footer>
  )
}
