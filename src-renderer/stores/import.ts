/**
 * The CSV import wizard: the picked file (its bytes stay here so another encoding can be tried),
 * core's preview of it, the column mapping, the dry-run summary and the running or finished import.
 * Progress comes from the import.progress event and, as a fallback for hosts that do not forward
 * that event, from polling imports.get while a job runs.
 */
import { decodeAs, decodeCsvBytes, type CsvEncoding } from '../../src-shared/csv-mapping'
import type { ImportJob, ImportPreview, ImportProgress, ImportTarget, MatchStrategy, MismatchedLines } from '../../src-shared/model/import'
import { crm, toAppError } from '../lib/crm'
import { defineStore } from './registry'

export type ImportStep = 'file' | 'map' | 'review' | 'import'

interface ImportState {
  step: ImportStep
  fileName: string | null
  bytes: Uint8Array | null
  encoding: CsvEncoding
  preview: ImportPreview | null
  mapping: ImportTarget[]
  onMatch: MatchStrategy
  /** Lines with another cell count than the header's: skipped (the default: listed after the import) or imported. */
  mismatchedLines: MismatchedLines
  addTag: string
  dryRun: ImportJob | null
  job: ImportJob | null
  history: ImportJob[]
  busy: boolean
  error: string | null

  pickFile(file: File): Promise<void>
  setEncoding(encoding: CsvEncoding): Promise<void>
  reparse(options: { delimiter?: string; hasHeader?: boolean }): Promise<void>
  setTarget(column: number, target: ImportTarget): void
  setOnMatch(onMatch: MatchStrategy): void
  setMismatchedLines(choice: MismatchedLines): void
  setAddTag(tag: string): void
  goTo(step: ImportStep): void
  runDryRun(): Promise<void>
  startImport(): Promise<void>
  cancel(): Promise<void>
  undo(id: string): Promise<void>
  loadHistory(): Promise<void>
  reset(): void
}

const initial = {
  step: 'file' as ImportStep,
  fileName: null,
  bytes: null,
  encoding: 'utf-8' as CsvEncoding,
  preview: null,
  mapping: [],
  onMatch: 'skip' as MatchStrategy,
  mismatchedLines: 'skip' as MismatchedLines,
  addTag: '',
  dryRun: null,
  job: null,
  busy: false,
  error: null,
}

let offProgress: (() => void) | null = null
const stopFollowing = () => {
  offProgress?.()
  offProgress = null
}

export const useImport = defineStore<ImportState>((set, get) => {
  /** What the check and the import both send: the same choices, so the check tells the truth. */
  function startInput() {
    const { preview, mapping, onMatch, addTag, mismatchedLines } = get()
    if (!preview) return null
    return { sessionId: preview.sessionId, mapping, onMatch, mismatchedLines, addTags: addTag.trim() ? [addTag.trim()] : [] }
  }

  /** Follows a job until it ends: events when the host forwards them, polling in any case. */
  async function follow(id: string, key: 'dryRun' | 'job'): Promise<ImportJob> {
    offProgress?.()
    offProgress = crm.on('import.progress', (p: ImportProgress) => {
      const current = get()[key]
      if (current && current.id === p.id && current.status === 'running') set({ [key]: { ...current, ...p } } as Partial<ImportState>)
    })
    try {
      for (;;) {
        const job = await crm.invoke('imports.get', { id })
        set({ [key]: job } as Partial<ImportState>)
        if (job.status !== 'running') return job
        await new Promise((r) => setTimeout(r, 150))
      }
    } finally {
      offProgress?.()
      offProgress = null
    }
  }

  async function prepare(input: Parameters<typeof crm.invoke<'imports.prepare'>>[1]) {
    set({ busy: true, error: null })
    try {
      const preview = await crm.invoke('imports.prepare', input)
      set({ preview, mapping: preview.guess, busy: false, dryRun: null })
    } catch (error) {
      set({ busy: false, error: toAppError(error).message })
    }
  }

  return {
    ...initial,
    history: [],

    async pickFile(file) {
      const bytes = new Uint8Array(await file.arrayBuffer())
      const { text, encoding } = decodeCsvBytes(bytes)
      set({ ...initial, fileName: file.name, bytes, encoding, history: get().history })
      await prepare({ fileName: file.name, text, encoding })
      if (get().preview) set({ step: 'map' })
    },

    async setEncoding(encoding) {
      const { bytes, fileName } = get()
      if (!bytes) return
      set({ encoding })
      await prepare({ fileName: fileName ?? undefined, text: decodeAs(bytes, encoding), encoding })
    },

    async reparse(options) {
      const { preview } = get()
      if (!preview) return
      await prepare({ sessionId: preview.sessionId, delimiter: (options.delimiter ?? preview.delimiter) as ',', hasHeader: options.hasHeader ?? preview.hasHeader })
    },

    setTarget(column, target) {
      const mapping = [...get().mapping]
      mapping[column] = target
      set({ mapping, dryRun: null })
    },
    setOnMatch: (onMatch) => set({ onMatch, dryRun: null }),
    setMismatchedLines: (mismatchedLines) => set({ mismatchedLines, dryRun: null }),
    setAddTag: (addTag) => set({ addTag, dryRun: null }),
    goTo: (step) => set({ step, error: null }),

    async runDryRun() {
      const input = startInput()
      if (!input) return
      set({ busy: true, error: null, step: 'review', dryRun: null })
      try {
        const started = await crm.invoke('imports.start', { ...input, dryRun: true })
        set({ dryRun: started })
        await follow(started.id, 'dryRun')
        set({ busy: false })
      } catch (error) {
        set({ busy: false, error: toAppError(error).message, step: 'map' })
      }
    },

    async startImport() {
      const input = startInput()
      if (!input) return
      set({ busy: true, error: null, step: 'import', job: null })
      try {
        const started = await crm.invoke('imports.start', input)
        set({ job: started })
        await follow(started.id, 'job')
        set({ busy: false })
        void get().loadHistory()
      } catch (error) {
        set({ busy: false, error: toAppError(error).message })
      }
    },

    async cancel() {
      const { job, dryRun, step } = get()
      const target = step === 'import' ? job : dryRun
      if (!target || target.status !== 'running') return
      try {
        const after = await crm.invoke('imports.cancel', { id: target.id })
        set(step === 'import' ? { job: after } : { dryRun: after })
      } catch (error) {
        set({ error: toAppError(error).message })
      }
    },

    async undo(id) {
      set({ error: null })
      try {
        await crm.invoke('imports.undo', { id })
        const { job } = get()
        if (job?.id === id) set({ job: await crm.invoke('imports.get', { id }) })
        await get().loadHistory()
      } catch (error) {
        set({ error: toAppError(error).message })
      }
    },

    async loadHistory() {
      try {
        set({ history: await crm.invoke('imports.list') })
      } catch (error) {
        set({ error: toAppError(error).message })
      }
    },

    reset: () => set({ ...initial }),
  }
}, stopFollowing)
