/** Settings → Backups: the backups and the last backup time, "Back up now" and restore. */
import type { BackupCopyStatus, BackupFile, PickFolderResult, RestoreResult } from '../../src-shared/model/backup'
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
  /** The native folder picker (desktop app); picker: false in the browser host, where the path is typed. */
  pickCopyFolder: () => Promise<PickFolderResult>
  /** Sets the second folder (null: stop copying); throws the AppError of a path that is refused. */
  setCopyFolder: (path: string | null) => Promise<BackupCopyStatus | null>
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
  pickCopyFolder: () => crm.invoke('backups.pickCopyFolder'),
  setCopyFolder: async (path) => {
    const { copy } = await crm.invoke('backups.setCopyFolder', { path })
    await useBackupStatus.getState().load() // not a table: no data.changed tells the query
    return copy
  },
  restore: async (path) => {
    try {
      return await crm.invoke('backups.restore', { path })
    } finally {
      await useBackupStatus.getState().load()
    }
  },
}))
