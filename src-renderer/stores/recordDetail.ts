/**
 * The record shown on a record page (contact, deal...): loads by id, ignores answers to stale
 * requests, tells "gone" (NOT_FOUND) from "could not read", keeps what it had on a failed refresh.
 */
import { toAppError } from '../lib/crm'
import { defineStore } from './registry'

export type LoadStatus = 'loading' | 'ready' | 'missing' | 'error'

export interface RecordDetailState<T> {
  id: string | null
  record: T | null
  status: LoadStatus
  error: string | null
  open: (id: string) => void
  reload: () => Promise<void>
  /** Puts a record just returned by a command on screen without waiting for a refetch. */
  replace: (record: T) => void
}

export function createRecordDetailStore<T extends { id: string }>(load: (id: string) => Promise<T>) {
  let seq = 0
  return defineStore<RecordDetailState<T>>((set, get) => ({
    id: null,
    record: null,
    status: 'loading',
    error: null,
    open: (id) => {
      if (get().id !== id) set({ id, record: null, status: 'loading', error: null })
      void get().reload()
    },
    reload: async () => {
      const id = get().id
      if (!id) return
      const mine = ++seq
      try {
        const record = await load(id)
        if (mine === seq) set({ record, status: 'ready', error: null })
      } catch (e) {
        if (mine !== seq) return
        const error = toAppError(e)
        if (error.code === 'NOT_FOUND') set({ record: null, status: 'missing', error: error.message })
        else set({ status: get().record ? 'ready' : 'error', error: error.message })
      }
    },
    replace: (record) => {
      if (record.id === get().id) set({ record, status: 'ready' })
    },
  }))
}
