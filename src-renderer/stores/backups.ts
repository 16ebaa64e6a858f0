/** Settings → Backups: the backups and the last backup time, "Back up now" and restore. */
import type { BackupFile, RestoreResult } from '../../src-shared/model/backup'
import { crm } from '../lib/crm'
import { createQuery } from './query'
import { defineStore } from './registry'

/** Backups newest first, the folders, the last backup time. A restore changes every table, settings too: it refreshes then. */
export const useBackupStatus = createQuery('backups.status')

interface BackupsState {
  /** A "Back up now" is being written. */
  creating: boolean
  /** Throws the AppError when the backup fails. */
  create: () => Promise<BackupFile>
  restore: (path: string) => Promise<RestoreResult>
}

export const useBackups = defineStore<BackupsState>((set) => ({
  creating: false,
  create: async () => {
    set({ creating: true })
    try {
      return await crm.invoke('backups.create')
    } finally {
      set({ creating: false })
      await useBackupStatus.getState().load()
    }
  },
  restore: async (path) => {
    try {
      return await crm.invoke('backups.restore', { path })
    } finally {
      await useBackupStatus.getState().load()
    }
  },
}))
