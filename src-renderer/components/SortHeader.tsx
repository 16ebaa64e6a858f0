/** A clickable column header: shows the sort direction; clicking again flips it. */
import { Icon } from './Icons'

export interface SortHeaderProps<S extends string> {
  label: string
  sortKey: S
  current: S
  direction: 'asc' | 'desc'
  /** Direction used when this column is picked first (dates: newest first). */
  firstDirection?: 'asc' | 'desc'
  onSort: (sort: S, direction: 'asc' | 'desc') => void
  className?: string
}

export function SortHeader<S extends string>({ label, sortKey, current, direction, firstDirection = 'asc', onSort, className }: SortHeaderProps<S>) {
  const active = current === sortKey
  const next = active ? (direction === 'asc' ? 'desc' : 'asc') : firstDirection
  return (
    <div role="columnheader" className={`cell ${className ?? ''}`} aria-sort={active ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className={`sort-header ${active ? 'is-active' : ''}`} onClick={() => onSort(sortKey, next)} title={`Sort by ${label.toLowerCase()}`}>
        {label}
        {active && <Icon name={direction === 'asc' ? 'arrowUp' : 'arrowDown'} size={12} />}
      </button>
    </div>
  )
}
