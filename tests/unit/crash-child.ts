/**
 * The process crash.test.ts kills: a real core on the given data folder runs ONE long job, chosen
 * by argv, and is killed with SIGKILL at some moment of it. Run as
 *   node --import tsx tests/unit/crash-child.ts <dataDir> <kind> <params.json>
 * It prints "started" just before the job begins (the parent counts its random delay from there)
 * and "done <ms>" when the job ended (the parent's calibration run measures the job with it).
 * crash.test.ts runs it bundled (esbuild, the one tsx runs on): a child then starts in a fifth of
 * the time, which is most of the test's run time; CRASH_MIGRATIONS then says where drizzle/ is.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createCore, type Core } from '../../src-main/core/core'

const [dataDir, kind, paramsFile] = process.argv.slice(2)
const params = JSON.parse(readFileSync(paramsFile, 'utf8')) as Record<string, unknown>

const say = (line: string) => process.stdout.write(`${line}\n`) // synchronous on a pipe (Linux)

async function invoke(core: Core, name: string, input?: unknown): Promise<unknown> {
  const result = await core.invoke(name, input)
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`)
  return result.value
}

/** The jobs, by the name crash.test.ts's table uses; each calls start() right before the job begins. */
const jobs: Record<string, (core: Core, start: () => void) => Promise<void>> = {
  async csvImport(core, start) {
    const text = readFileSync(String(params.file), 'utf8')
    const preview = (await invoke(core, 'imports.prepare', { fileName: 'crash.csv', text })) as { sessionId: string; guess: string[] }
    const finished = new Promise<void>((done) => {
      core.on('import.progress', (p) => {
        if (p.status !== 'running') done()
      })
    })
    start()
    await invoke(core, 'imports.start', { sessionId: preview.sessionId, mapping: preview.guess, ...(params.options as object) })
    await finished
  },
  async command(core, start) {
    start()
    await invoke(core, String(params.command), params.input)
  },
}

async function main() {
  let t0 = 0
  const start = () => {
    say('started')
    t0 = performance.now()
  }
  // autoBackup: the daily automatic backup, which starts as core opens (none was made yet); the job is waiting for it
  const auto = kind === 'autoBackup'
  if (auto) start()
  const core = createCore({
    dataDir,
    migrationsFolder: process.env.CRASH_MIGRATIONS ?? resolve(__dirname, '../../drizzle'),
    log: { info() {}, warn() {}, error: (...args: unknown[]) => console.error(...args) },
    scheduler: false,
    backupTimers: auto ? undefined : false,
  })
  const job = auto ? async () => void (await invoke(core, 'backups.status')) : jobs[kind]
  if (!job) throw new Error(`Unknown job kind ${kind}`)
  await job(core, start)
  say(`done ${Math.round(performance.now() - t0)}`)
  core.close()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
