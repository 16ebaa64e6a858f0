/**
 * Messages between the relay (Electron main process or browser host) and core in its worker
 * thread. Values are structured-cloned: command inputs and results are plain data already (the
 * contract's Result envelope), so nothing else needs encoding.
 */
import type { EventName } from '../../../src-shared/api'
import type { Result } from '../../../src-shared/errors'

/** What the worker is started with (workerData): only plain data crosses a thread. */
export interface WorkerOptions {
  dataDir: string
  migrationsFolder: string
  version?: string
  nativeBinding?: string
  /** Start the reminder scheduler at once (false: the relay sends startScheduler when its host listens). */
  scheduler: boolean
  /** Daily automatic backups (default true). */
  autoBackups: boolean
  /** Core's clock runs this far ahead (tests and demos of the browser host). */
  clockOffsetMs: number
  /** The relay can open folders in the file manager and pick one (Electron's shell and dialog). */
  folders: boolean
  /** Tests and demos: long jobs wait this long between chunks. */
  jobPauseMs: number
}

export type ToWorker =
  | { type: 'invoke'; id: number; name: string; input: unknown }
  | { type: 'wake' }
  | { type: 'startScheduler' }
  | { type: 'close' }
  | { type: 'answer'; id: number; value: unknown }

export type FromWorker =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; name: EventName; payload: unknown }
  /** A port the worker cannot serve itself (the file manager): the relay answers with 'answer'. */
  | { type: 'ask'; id: number; port: 'folders.open' | 'folders.pick'; args: [string] }
