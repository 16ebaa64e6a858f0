/**
 * window.crm for renderer tests, backed by the REAL core (createCore on a fresh SQLite file in a
 * temp folder, the same migrations as the app). A thin recorder in front of it lets a test assert
 * which commands the UI sent and with what input; every answer comes from core. Data is seeded
 * through core's own commands (`seed.contact(...)`), never written around it.
 *
 * Time: core's clock reads Date.now(), so a test that fakes Date (vi.useFakeTimers({ toFake:
 * ['Date'] }) + vi.setSystemTime) moves the renderer and core together. `at` runs one seeding
 * command at another moment (a contact created 40 days ago, a deal won last month).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { CommandInput, CommandName, CommandOutput, CrmBridge, EventName, Events } from '../../src-shared/api'
import type { Result } from '../../src-shared/errors'
import type { Clock } from '../../src-main/core/clock'
import { createCore, type Core, type CoreOptions } from '../../src-main/core/core'
import type { Timers } from '../../src-main/core/scheduler/scheduler'

const MIGRATIONS = resolve(__dirname, '../../drizzle')
const quietLog = { info() {}, warn() {}, error() {} }

export interface Call<N extends CommandName = CommandName> {
  name: N
  input: CommandInput<N> | undefined
  /** core's answer, once it came. */
  result?: Result<CommandOutput<N>>
}

/** Events the host itself sends (a native notification clicked): not core's, so a test may send them. */
type HostEvent = 'app.navigate'

/** The scheduler's timers: armed but never run by themselves; the test fires reminders with startScheduler() / wake(). */
const manualTimers: Timers = { setTimeout: () => null, clearTimeout: () => {} }

const coreOptions = (dataDir: string, clock: Clock): CoreOptions => ({
  dataDir,
  migrationsFolder: MIGRATIONS,
  scheduler: false,
  timers: manualTimers,
  backupTimers: false,
  clock,
  log: quietLog,
  version: '0.1.0-test',
})

/**
 * A database as core leaves it on first start (migrated, default pipeline, rules), made once per
 * test file by createCore itself; each test starts from a copy of it in its own folder. (Running
 * every migration for every test cost ~60 ms a test.)
 */
let template: string | null = null
function freshDataDir(): string {
  if (!template) {
    const dir = mkdtempSync(join(tmpdir(), 'crm-renderer-template-'))
    try {
      createCore(coreOptions(dir, { now: () => Date.now() })).close()
    } catch (error) {
      rmSync(dir, { recursive: true, force: true })
      throw error
    }
    template = dir
  }
  const dir = mkdtempSync(join(tmpdir(), 'crm-renderer-'))
  cpSync(template, dir, { recursive: true })
  return dir
}

/** After the file's last test. */
export function removeTemplate(): void {
  if (template) rmSync(template, { recursive: true, force: true })
  template = null
}

export class RealCrm {
  readonly dataDir = freshDataDir()
  /** Every command the UI sent, in order, with core's answer. */
  readonly calls: Call[] = []
  private pinned: number | null = null
  private readonly pending = new Set<Promise<unknown>>()
  private readonly hostListeners = new Map<HostEvent, Set<(payload: never) => void>>()
  readonly core: Core

  constructor() {
    try {
      this.core = createCore(coreOptions(this.dataDir, { now: () => this.pinned ?? Date.now() }))
    } catch (error) {
      rmSync(this.dataDir, { recursive: true, force: true })
      throw error
    }
  }

  /** What the renderer sees as window.crm. */
  readonly bridge: CrmBridge = {
    invoke: ((name: CommandName, input?: unknown) => {
      const call: Call = { name, input: input as never }
      this.calls.push(call)
      const answer = this.core.invoke(name, input).then((result) => {
        call.result = result as never
        return result
      })
      return this.track(answer)
    }) as CrmBridge['invoke'],
    on: (<E extends EventName>(event: E, listener: (payload: Events[E]) => void) => {
      if (event === 'app.navigate') {
        const set = this.hostListeners.get(event) ?? new Set()
        set.add(listener as (payload: never) => void)
        this.hostListeners.set(event, set)
        return () => set.delete(listener as (payload: never) => void)
      }
      // Like the real hosts (IPC, server-sent events), events arrive after core's turn, never
      // inside it: a listener that refetches at once must not run a query in the middle of a write.
      return this.core.on(event, (payload) => queueMicrotask(() => listener(payload)))
    }) as CrmBridge['on'],
  }

  install(): this {
    ;(window as unknown as { crm: CrmBridge }).crm = this.bridge
    return this
  }

  /** The inputs the UI sent to this command, in order. */
  callsOf<N extends CommandName>(name: N): CommandInput<N>[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.input as CommandInput<N>)
  }

  /** core's values for this command's successful calls from the UI, in order. */
  resultsOf<N extends CommandName>(name: N): CommandOutput<N>[] {
    return this.calls.filter((c) => c.name === name && c.result?.ok).map((c) => (c.result as { ok: true; value: CommandOutput<N> }).value)
  }

  /** A host event (the Electron notifier's app.navigate), as the host would send it. */
  hostEmit<E extends HostEvent>(event: E, payload: Events[E]): void {
    for (const listener of [...(this.hostListeners.get(event) ?? [])]) (listener as (p: Events[E]) => void)(payload)
  }

  /** Starts the reminder scheduler: it catches up on what is due (reminder.due) and runs the enabled rules. */
  startScheduler(): void {
    this.core.startScheduler()
  }

  /** The computer woke up: core fires what came due meanwhile. */
  wake(): void {
    this.core.wake()
  }

  /** A command straight to core (not recorded as the UI's); throws with core's message when it fails. */
  async ok<N extends CommandName>(name: N, input?: CommandInput<N>, options: { at?: number } = {}): Promise<CommandOutput<N>> {
    // Handlers run synchronously inside invoke(), so pinning the clock around the call is enough.
    this.pinned = options.at ?? null
    let answer: Promise<Result<CommandOutput<N>>>
    try {
      answer = this.core.invoke(name, input)
    } finally {
      this.pinned = null
    }
    const result = await this.track(answer)
    if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`)
    return result.value
  }

  /** Resolves once no command is running (a long job answers after its last chunk): a sync point, not a sleep. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending])
  }

  /** Waits for every command still running (jobs answer after their last chunk), then closes core and removes its folder. */
  async close(): Promise<void> {
    await this.idle()
    this.core.close()
    rmSync(this.dataDir, { recursive: true, force: true })
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise)
    void promise.finally(() => this.pending.delete(promise)).catch(() => {})
    return promise
  }
}

type Input<N extends CommandName> = Partial<CommandInput<N>>
type At = { at?: number }

/** Small typed helpers that seed data through core's own commands (defaults as the old fixtures had them). */
export function seeder(crm: RealCrm) {
  const ok = crm.ok.bind(crm)
  return {
    ok,
    contact: (input: Input<'contacts.create'> = {}, o: At = {}) =>
      ok('contacts.create', { firstName: 'Ada', lastName: 'Lovelace', ...input }, o),
    /** n contacts named Person0000 Test, Person0001 Test, ... created in that order. */
    async people(n: number) {
      const made: CommandOutput<'contacts.create'>[] = []
      for (let i = 0; i < n; i++) made.push(await ok('contacts.create', { firstName: `Person${String(i).padStart(4, '0')}`, lastName: 'Test' }))
      return made
    },
    company: (input: Input<'companies.create'> = {}, o: At = {}) => ok('companies.create', { name: 'Acme', ...input }, o),
    tag: (input: Input<'tags.create'> = {}, o: At = {}) => ok('tags.create', { name: 'VIP', color: '#e5484d', ...input }, o),
    activity: (input: CommandInput<'activities.create'>, o: At = {}) => ok('activities.create', input, o),
    task: (input: Input<'tasks.create'> = {}, o: At = {}) =>
      ok('tasks.create', { title: 'Call back', dueAt: (o.at ?? Date.now()) + 3_600_000, ...input }, o),
    deal: (input: Input<'deals.create'> = {}, o: At = {}) => ok('deals.create', { title: 'Big one', ...input }, o),
    customField: (input: CommandInput<'customFields.create'>, o: At = {}) => ok('customFields.create', input, o),
    /** The pipeline core makes on first start (Lead in, Qualified, Proposal sent, ...). */
    pipeline: async () => (await ok('pipelines.list'))[0],
  }
}
export type Seed = ReturnType<typeof seeder>
