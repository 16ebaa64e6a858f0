/**
 * `npm run serve`: the app in a browser on this machine, against the real core and a real SQLite
 * file. Flags: --data-dir DIR (default ./.crm-data or $CRM_DATA_DIR), --port N (default 5180; 0 = any),
 * --clock-offset-days N (core's clock runs N days ahead; for tests and demos), --job-pause-ms N (long jobs
 * wait N ms between chunks, so their progress can be watched).
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startCoreWorker } from '../core/worker/relay'
import { startHost } from './server'

const root = resolve(__dirname, '../..')
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: process.env.CRM_DATA_DIR ?? resolve('.crm-data') },
    port: { type: 'string', default: process.env.CRM_PORT ?? '5180' },
    'renderer-dir': { type: 'string', default: resolve(root, 'out/renderer') },
    // For tests and demos: run core's clock N days ahead (e.g. to see deals rot without waiting).
    'clock-offset-days': { type: 'string', default: '0' },
    // For tests and demos: long jobs wait this many ms between chunks (progress bar and Cancel stay visible).
    'job-pause-ms': { type: 'string', default: '0' },
  },
})

const rendererDir = resolve(values['renderer-dir']!)
if (!existsSync(resolve(rendererDir, 'index.html'))) {
  console.error(`No built renderer in ${rendererDir}. Run "npm run build" first (or use "npm run serve", which does).`)
  process.exit(1)
}

async function main() {
  const version = (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string }).version
  const dataDir = resolve(values['data-dir']!)
  const offset = Number(values['clock-offset-days']) * 24 * 60 * 60 * 1000
  if (!Number.isFinite(offset)) throw new Error('--clock-offset-days takes a number of days')
  // Core in its worker thread: this process only serves files and relays requests and events.
  const core = startCoreWorker({
    entry: resolve(__dirname, '../core/worker/entry.ts'),
    dataDir,
    migrationsFolder: resolve(root, 'drizzle'),
    version,
    clockOffsetMs: offset,
    jobPauseMs: Number(values['job-pause-ms']) || 0,
    scheduler: false,
  })
  await core.ready
  const host = await startHost({ core, rendererDir, token: randomBytes(24).toString('base64url'), port: Number(values.port) })
  core.startScheduler() // after the host listens, so the start-up catch-up reaches the page

  console.log(`Data folder: ${dataDir}`)
  console.log(`CRM host ready at ${host.url}`)

  let stopping = false
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, async () => {
      if (stopping) return
      stopping = true
      await host.close()
      await core.close()
      process.exit(0)
    })
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
