/** The "?" dialog listing every keyboard shortcut. */
import { SHORTCUT_HELP } from '../lib/shortcuts'
import { Dialog } from './Dialog'
import { Kbd } from './Kbd'

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} size="md">
      <div className="shortcut-groups">
        {SHORTCUT_HELP.map((group) => (
          <section key={group.area} className="shortcut-group">
            <h3 className="form-section-title">{group.area}</h3>
            <dl className="shortcut-list">
              {group.items.map((item) => (
                <div key={item.does} className="shortcut-item">
                  <dt>
                    {(Array.isArray(item.combo) ? item.combo : [item.combo]).map((c, i) => (
                      <span key={c}>
                        {i > 0 && <span className="muted"> or </span>}
                        <Kbd combo={c} />
                      </span>
                    ))}
                  </dt>
                  <dd>{item.does}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  )
}
