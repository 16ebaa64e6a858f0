/**
 * Calls `onChange` whenever core reports a change to one of `tables`. For what one read command
 * answers, a query (stores/query.ts) refreshes by itself; this hook is for the rest (the board,
 * the paged lists, the reports).
 */
import { useEffect, useRef } from 'react'
import type { TableName } from '../../src-shared/tables'
import { crm } from './crm'

export function useDataChanged(tables: readonly TableName[], onChange: () => void): void {
  const ref = useRef(onChange)
  ref.current = onChange
  const key = tables.join(',')
  useEffect(() => {
    const watched = new Set(key.split(','))
    return crm.on('data.changed', ({ tables: changed }) => {
      if (changed.some((t) => watched.has(t))) ref.current()
    })
  }, [key])
}
