/**
 * Team sync as the renderer sees it (Settings → Sync and the sidebar's status line): core's
 * SyncStatus, live from the `sync.status` event, and the sync commands. Status is not a table, so
 * no data.changed refreshes it: the event does, and every command's answer (the same shape).
 *
 * Answers and events are applied in the order they arrive: core emits the status each time it
 * changes and every command answers with the status it ended on, which it also emitted, so the
 * last thing to arrive is always the current state.
 */
import { useEffect } from 'react'
import type { CommandOutput } from '../../src-shared/api'
import type { AppError } from '../../src-shared/errors'
import type { SyncConnectInput, SyncStatus } from '../../src-shared/model/sync'
import { crm, toAppError } from '../lib/crm'
import { createQuery } from './query'
import { defineStore } from './registry'

type SignOutAnswer = CommandOutput<'sync.signOut'>
type Invite = CommandOutput<'sync.invite'>

interface SyncState {
  /** null until core has answered sync.status once. */
  status: SyncStatus | null
  /** Why sync.status could not be read (the status itself never fails in core; the bridge may). */
  loadError: AppError | null
  /** A connect is running (the form says "Connecting…"). */
  connecting: boolean
  /** A "Sync now" is running. */
  syncingNow: boolean
  /** Settings → Sync should scroll into view once shown (the sidebar's status was clicked). */
  revealPending: boolean
  /** Reads the status and follows the `sync.status` event while held; returns the release. */
  hold: () => () => void
  /** Asks core again for the status. */
  load: () => Promise<void>
  /** Throws core's AppError (VALIDATION with problems, UNAVAILABLE, CONFLICT) when it fails. */
  connect: (input: SyncConnectInput) => Promise<SyncStatus>
  syncNow: () => Promise<SyncStatus>
  signOut: (force: boolean) => Promise<SignOutAnswer>
  resolvePause: (apply: boolean) => Promise<SyncStatus>
  invite: (role: 'admin' | 'member') => Promise<Invite>
  /** Owners and admins: removes a member (their devices take the workspace's records off). */
  removeMember: (memberId: string) => Promise<void>
  requestReveal: () => void
  /** Whether a reveal was asked for, and forgets it (so it happens once). */
  takeReveal: () => boolean
}

/** The workspace's members (core answers the list last seen when the server cannot be reached). */
export const useSyncMembers = createQuery('sync.members', { select: (answer) => answer.members })

let holders = 0
let stopListening: (() => void) | null = null
/** Bumped on reset: an answer to a request made before it is dropped. */
let generation = 0

export const useSync = defineStore<SyncState>(
  (set, get) => {
    /** Shows a status core answered (unless the stores were reset since it was asked). */
    const show = (mine: number, status: SyncStatus) => {
      if (mine === generation) set({ status, loadError: null })
      return status
    }
    return {
      status: null,
      loadError: null,
      connecting: false,
      syncingNow: false,
      revealPending: false,

      hold: () => {
        const mine = generation
        if (holders++ === 0) {
          stopListening = crm.on('sync.status', (status) => show(mine, status))
          void get().load()
        }
        let held = true
        return () => {
          if (!held || mine !== generation) return // a reset already let go of everything
          held = false
          if (--holders > 0) return
          stopListening?.()
          stopListening = null
        }
      },

      load: async () => {
        const mine = generation
        try {
          show(mine, await crm.invoke('sync.status'))
        } catch (error) {
          if (mine === generation) set({ loadError: toAppError(error) })
        }
      },

      connect: async (input) => {
        const mine = generation
        set({ connecting: true })
        try {
          return show(mine, await crm.invoke('sync.connect', input))
        } finally {
          if (mine === generation) set({ connecting: false })
        }
      },

      syncNow: async () => {
        const mine = generation
        set({ syncingNow: true })
        try {
          return show(mine, await crm.invoke('sync.now'))
        } finally {
          if (mine === generation) set({ syncingNow: false })
        }
      },

      signOut: async (force) => {
        const mine = generation
        const answer = await crm.invoke('sync.signOut', { force })
        show(mine, answer.status)
        return answer
      },

      resolvePause: async (apply) => show(generation, await crm.invoke('sync.resolvePause', { apply })),

      invite: (role) => crm.invoke('sync.invite', { role }),

      removeMember: async (memberId) => {
        await crm.invoke('sync.removeMember', { memberId })
        await useSyncMembers.getState().refresh()
      },

      requestReveal: () => set({ revealPending: true }),

      takeReveal: () => {
        if (!get().revealPending) return false
        set({ revealPending: false })
        return true
      },
    }
  },
  () => {
    generation++
    // a holder mounted before the reset keeps its subscription, but its answers are dropped: start over
    stopListening?.()
    stopListening = null
    holders = 0
  },
)

/** The sync status while the component is mounted (null until core answered), kept live by the event. */
export function useSyncStatus(): SyncStatus | null {
  useEffect(() => useSync.getState().hold(), [])
  return useSync((s) => s.status)
}
