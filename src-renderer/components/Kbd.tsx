import { comboLabel, type Combo } from '../lib/shortcuts'

/** A key hint inside a button or the help dialog. */
export function Kbd({ combo }: { combo: Combo }) {
  return <kbd className="kbd">{comboLabel(combo)}</kbd>
}
