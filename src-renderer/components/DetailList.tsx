/** The label/value list on record pages; empty values are left out. */
import type { ReactNode } from 'react'

export interface DetailItem {
  label: string
  value: ReactNode
}

export function DetailList({ items }: { items: DetailItem[] }) {
  const shown = items.filter((i) => i.value !== null && i.value !== undefined && i.value !== '' && !(Array.isArray(i.value) && i.value.length === 0))
  if (shown.length === 0) return <p className="muted detail-empty">Nothing filled in yet.</p>
  return (
    <dl className="detail-list">
      {shown.map((i) => (
        <div key={i.label} className="detail-item">
          <dt>{i.label}</dt>
          <dd>{i.value}</dd>
        </div>
      ))}
    </dl>
  )
}

/** An outside web address: opened by the host in the system browser (Electron denies in-app navigation). */
export function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  const safe = /^https?:\/\//i.test(href) ? href : `https://${href}`
  return (
    <a href={safe} target="_blank" rel="noreferrer noopener" className="external-link">
      {children}
    </a>
  )
}
