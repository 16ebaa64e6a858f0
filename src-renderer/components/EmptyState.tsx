import type { ReactNode } from 'react'
import { Icon, type IconName } from './Icons'

export function EmptyState({ icon, title, children, actions }: { icon: IconName; title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="empty-state" data-testid="empty-state">
      <div className="empty-icon">
        <Icon name={icon} size={22} />
      </div>
      <h2 className="empty-title">{title}</h2>
      {children && <p className="empty-text">{children}</p>}
      {actions && <div className="empty-actions">{actions}</div>}
    </div>
  )
}
