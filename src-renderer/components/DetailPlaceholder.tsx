/** What a record page shows before its record is there: loading, gone, or failed to open. */
import type { ReactNode } from 'react'
import { EmptyState } from './EmptyState'
import { Icon, type IconName } from './Icons'

interface Props {
  /** The list this page belongs to, e.g. { href: '#/contacts', label: 'Contacts' }. */
  list: { href: string; label: string }
  /** The record in words, e.g. 'contact'. */
  noun: string
  icon: IconName
  /** 'missing' when the record is gone; 'error' when it could not be read; anything else is loading. */
  status: string
  error?: ReactNode
}

export function BackToList({ list }: Pick<Props, 'list'>) {
  return (
    <a className="breadcrumb" href={list.href}>
      <Icon name="chevronLeft" size={14} /> {list.label}
    </a>
  )
}

export function DetailPlaceholder({ list, noun, icon, status, error }: Props) {
  const failed = status === 'missing' || status === 'error'
  return (
    <div className="view">
      <div className="detail-topbar">
        <BackToList list={list} />
      </div>
      {failed ? (
        <EmptyState
          icon={icon}
          title={status === 'missing' ? `This ${noun} is not here any more` : `Could not open this ${noun}`}
          actions={
            <a className="button" href={list.href}>
              Back to {list.label.toLowerCase()}
            </a>
          }
        >
          {error}
        </EmptyState>
      ) : (
        <div className="loading-block">Loading…</div>
      )}
    </div>
  )
}
