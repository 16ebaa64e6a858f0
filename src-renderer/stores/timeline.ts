/**
 * The history shown on a contact, company or deal page: which record's, the type filter and the
 * composer used to log or edit an entry (useTimeline), and its activities newest first (useActivities).
 */
import type { Activity, ActivityType, LoggableType } from '../../src-shared/model/activity'
import { createQuery } from './query'
import { defineStore } from './registry'

export type TimelineSubject = { contactId: string } | { companyId: string } | { dealId: string }

export interface ComposerTarget {
  type: LoggableType
  /** Set when an existing entry is edited. */
  editing?: Activity
}

interface TimelineState {
  subject: TimelineSubject | null
  filter: ActivityType | null
  composer: ComposerTarget | null
  /** Shows another record's history: its filter and composer start closed. */
  open: (subject: TimelineSubject) => void
  setFilter: (type: ActivityType | null) => void
  openComposer: (target: ComposerTarget) => void
  closeComposer: () => void
}

export const sameSubject = (a: TimelineSubject | null, b: TimelineSubject) => JSON.stringify(a) === JSON.stringify(b)
export const newestFirst = (a: Activity, b: Activity) => b.occurredAt - a.occurredAt || b.createdAt - a.createdAt

export const useTimeline = defineStore<TimelineState>((set, get) => ({
  subject: null,
  filter: null,
  composer: null,
  open: (subject) => {
    if (!sameSubject(get().subject, subject)) set({ subject, filter: null, composer: null })
  },
  setFilter: (filter) => set({ filter }),
  openComposer: (composer) => set({ composer }),
  closeComposer: () => set({ composer: null }),
}))

export const useActivities = createQuery('activities.list', { select: (list): Activity[] => [...list].sort(newestFirst) })

/** What useActivities asks for a record's history under a filter. */
export const activitiesInput = (subject: TimelineSubject, filter: ActivityType | null) => ({ ...subject, ...(filter ? { types: [filter] } : {}), limit: 1000 })
