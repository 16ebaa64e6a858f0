/** Settings → Backups: the list of backups, "Back up now" and restore. */
import type { BackupFile, BackupStatus, RestoreResult } from '../../src-shared/model/backup'
import { crm, toAppError } from '../lib/crm'
import { defineStore } from './registry'

interface BackupsState {
  status: BackupStatus | null
  error: string | null
  /** A "Back up now" is being written. */
  creating: boolean
  load: () => Promise<void>
  /** Throws the AppError when the backup fails. */
  create: () => Promise<BackupFile>
  restore: (path: string) => Promise<RestoreResult>
}

let seq = 0

export const useBackups = defineStore<BackupsState>((set, get) => ({
  status: null,
  error: null,
  creating: false,
  load: async () => {
    const mine = ++seq
    try {
      const status = await crm.invoke('backups.status')
      if (mine === seq) set({ status, error: null })
    } catch (error) {
      if (mine === seq) set({ error: toAppError(error).message })
    }
  },
  create: async () => {
    set({ creating: true })
    try {
      return await crm.invoke('backups.create')
    } finally {
      set({ creating: false })
      await get().load()
    }
  },
  restore: async (path) => {
    try {
      return await crm.invoke('backups.restore', { path })
    } finally {
      await get().load()
    }
  },
}))
