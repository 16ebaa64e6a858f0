import { useEffect, useRef } from 'react'
import { crm } from './crm'

/** Table names core reports in `data.changed`. */
export type Table =
  | 'contacts'
  | 'companies'
  | 'activities'
  | 'tags'
  | 'contact_tags'
  | 'custom_fields'
  | 'contact_channels'
  | 'contact_field_values'
  | 'deals'
  | 'pipelines'
  | 'stages'
  | 'settings'
  | 'tasks'
  | 'rules'
  | 'saved_views'

/** Calls `onChange` whenever core reports a change to one of `tables` (the views refetch what they show). */
export function useDataChanged(tables: readonly Table[], onChange: () => void): void {
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
