/**
 * The core worker thread: opens the database with its own better-sqlite3 connection and answers
 * the relay's requests with core.invoke. Every event core emits goes to the relay. Nothing here
 * knows Electron or HTTP.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { EVENT_NAMES } from '../../../src-shared/api'
import { createCore, type Core } from '../core'
import type { FromWorker, ToWorker, WorkerOptions } from './protocol'

const port = parentPort!
const options = workerData as WorkerOptions
const send = (message: FromWorker) => port.postMessage(message)

// Questions to the relay (open a folder), answered by id.
let asked = 0
const answers = new Map<number, (value: unknown) => void>()
const ask = (port: 'folders.open' | 'folders.pick', args: [string]) =>
  new Promise<unknown>((resolve) => {
    const id = ++asked
    answers.set(id, resolve)
    send({ type: 'ask', id, port, args })
  })
/** The picker's answer: { path } (null when cancelled) or { error }. */
const pick = async (title: string) => {
  const answer = (await ask('folders.pick', [title])) as { path?: string | null; error?: string }
  if (answer.error) throw new Error(answer.error)
  return answer.path ?? null
}

let core: Core
try {
  core = createCore({
    dataDir: options.dataDir,
    migrationsFolder: options.migrationsFolder,
    version: options.version,
    nativeBinding: options.nativeBinding,
    scheduler: options.scheduler,
    backupTimers: options.autoBackups ? undefined : false,
    clock: options.clockOffsetMs ? { now: () => Date.now() + options.clockOffsetMs } : undefined,
    folders: options.folders ? { open: async (path) => String(await ask('folders.open', [path])), pick } : undefined,
    jobPauseMs: options.jobPauseMs,
  })
} catch (error) {
  send({ type: 'fatal', message: (error as Error).message ?? String(error) })
  process.exit(1)
}
for (const name of EVENT_NAMES) core.on(name, (payload) => send({ type: 'event', name, payload }))

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'invoke':
      // in arrival order; a long job awaits between its chunks, so later requests answer meanwhile
      void core.invoke(message.name, message.input).then((result) => {
        try {
          send({ type: 'result', id: message.id, result })
        } catch (error) {
          // a value that cannot cross threads is a bug of ours: answer with it rather than crash
          console.error(`The answer to ${message.name} could not be sent`, error)
          send({ type: 'result', id: message.id, result: { ok: false, error: { code: 'INTERNAL', message: `The answer to ${message.name} could not be sent: ${(error as Error).message}` } } })
        }
      })
      break
    case 'answer':
      answers.get(message.id)?.(message.value)
      answers.delete(message.id)
      break
    case 'wake':
      core.wake()
      break
    case 'startScheduler':
      core.startScheduler()
      break
    case 'close':
      core.close() // the database is closed cleanly; the relay waits for the thread's exit
      process.exit(0)
  }
})
send({ type: 'ready' })
