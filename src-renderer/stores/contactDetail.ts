/** The contact shown on its page. */
import { create } from 'zustand'
import type { Contact } from '../../src-shared/model/contact'
import { crm, toAppError } from '../lib/crm'

export type LoadStatus = 'loading' | 'ready' | 'missing' | 'error'

interface ContactDetailState {
  id: string | null
  contact: Contact | null
  status: LoadStatus
  error: string | null
  open: (id: string) => void
  reload: () => Promise<void>
  /** Puts a contact just returned by an update on screen without waiting for a refetch. */
  replace: (contact: Contact) => void
}

let seq = 0

export const useContactDetail = create<ContactDetailState>((set, get) => ({
  id: null,
  contact: null,
  status: 'loading',
  error: null,
  open: (id) => {
    if (get().id !== id) set({ id, contact: null, status: 'loading', error: null })
    void get().reload()
  },
  reload: async () => {
    const id = get().id
    if (!id) return
    const mine = ++seq
    try {
      const contact = await crm.invoke('contacts.get', { id })
      if (mine === seq) set({ contact, status: 'ready', error: null })
    } catch (e) {
      if (mine !== seq) return
      const error = toAppError(e)
      if (error.code === 'NOT_FOUND') set({ contact: null, status: 'missing', error: error.message })
      else set({ status: get().contact ? 'ready' : 'error', error: error.message })
    }
  },
  replace: (contact) => {
    if (contact.id === get().id) set({ contact, status: 'ready' })
  },
}))
