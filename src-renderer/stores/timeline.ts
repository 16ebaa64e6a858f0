/**
 * The history shown on a contact, company or deal page: its activities (newest first), the type
 * filter, and the composer used to log or edit an entry.
 */
import type { Activity, ActivityType, LoggableType } from '../../src-shared/model/activity'
import { crm, toAppError } from '../lib/crm'
import { defineStore } from './registry'

export type TimelineSubject = { contactId: string } | { companyId: string } | { dealId: string }

export interface ComposerTarget {
  type: LoggableType
  /** Set when an existing entry is edited. */
  editing?: Activity
}

interface TimelineState {
  subject: TimelineSubject | null
  activities: Activity[] | null
  filter: ActivityType | null
  error: string | null
  composer: ComposerTarget | null
  open: (subject: TimelineSubject) => void
  reload: () => Promise<void>
  setFilter: (type: ActivityType | null) => void
  openComposer: (target: ComposerTarget) => void
  closeComposer: () => void
}

const sameSubject = (a: TimelineSubject | null, b: TimelineSubject) => JSON.stringify(a) === JSON.stringify(b)
export const newestFirst = (a: Activity, b: Activity) => b.occurredAt - a.occurredAt || b.createdAt - a.createdAt

let seq = 0

export const useTimeline = defineStore<TimelineState>((set, get) => ({
  subject: null,
  activities: null,
  filter: null,
  error: null,
  composer: null,

  open: (subject) => {
    if (!sameSubject(get().subject, subject)) {
      set({ subject, activities: null, filter: null, error: null, composer: null })
    }
    void get().reload()
  },

  reload: async () => {
    const { subject, filter } = get()
    if (!subject) return
    const mine = ++seq
    try {
      const list = await crm.invoke('activities.list', { ...subject, ...(filter ? { types: [filter] } : {}), limit: 1000 })
      if (mine === seq) set({ activities: [...list].sort(newestFirst), error: null })
    } catch (error) {
      if (mine === seq) set({ error: toAppError(error).message })
    }
  },

  setFilter: (filter) => {
    set({ filter })
    void get().reload()
  },

  openComposer: (composer) => set({ composer }),
  closeComposer: () => set({ composer: null }),
}))
