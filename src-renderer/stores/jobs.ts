/**
 * Long jobs core is running (bulk actions, undo of an import, backups...), from the job.progress
 * event, plus the ones a crash or power cut interrupted (jobs.list), which offer Undo or Keep.
 */
import type { JobProgress } from '../../src-shared/model/job'
import { crm, toAppError } from '../lib/crm'
import { useToasts } from './toasts'
import { defineStore } from './registry'

interface JobsState {
  running: JobProgress[]
  interrupted: JobProgress[]
  /** Subscribes to job.progress and reads the interrupted jobs; returns the unsubscribe. */
  start(): () => void
  cancel(id: string): Promise<void>
  undo(id: string): Promise<void>
  keep(id: string): Promise<void>
}

// background work (the automatic backup, the duplicate count) gets no bar
const isRunning = (p: JobProgress) => !p.background && (p.status === 'running' || p.status === 'cancelling')

export const useJobs = defineStore<JobsState>((set, get) => {
  const fail = (error: unknown) => useToasts.getState().push({ message: toAppError(error).message, tone: 'error' })
  const loadInterrupted = async () => {
    try {
      const all = await crm.invoke('jobs.list')
      set({ interrupted: all.filter((j) => j.status === 'interrupted'), running: all.filter(isRunning) })
    } catch (error) {
      fail(error)
    }
  }
  return {
    running: [],
    interrupted: [],
    start() {
      void loadInterrupted()
      return crm.on('job.progress', (p) => {
        const others = get().running.filter((j) => j.id !== p.id)
        set({ running: isRunning(p) ? [...others, p] : others })
      })
    },
    async cancel(id) {
      try {
        await crm.invoke('jobs.cancel', { id })
      } catch (error) {
        fail(error)
      }
    },
    async undo(id) {
      set({ interrupted: get().interrupted.filter((j) => j.id !== id) })
      try {
        const { reverted } = await crm.invoke('jobs.undo', { id })
        useToasts.getState().push({ message: `Undone: ${reverted.toLocaleString('en-US')} records put back as they were.`, tone: 'success' })
      } catch (error) {
        fail(error)
      }
      await loadInterrupted()
    },
    async keep(id) {
      set({ interrupted: get().interrupted.filter((j) => j.id !== id) })
      try {
        await crm.invoke('jobs.dismiss', { id })
      } catch (error) {
        fail(error)
      }
    },
  }
})
