// `npm test`: typecheck, lint, unit + renderer tests (Vitest), build, e2e + electron specs (Playwright).
// Every suite runs even if an earlier one failed; the last line is the total over all of them.
// First the outside tools: a missing Chromium is installed (root + apt-get) or named in one line
// before any suite starts.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureChromium, ensurePostgres } from './ensure-test-tools.mjs'

ensureChromium() // exits with one line if there is none; else CHROMIUM_PATH is set for Playwright
ensurePostgres() // the sync server's tests start a private cluster of Debian's PostgreSQL (or use DATABASE_URL)

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const results = join(root, 'test-results')
rmSync(results, { recursive: true, force: true })
mkdirSync(results, { recursive: true })

const bin = (name) => join(root, 'node_modules', '.bin', name)
const run = (title, command, args) => {
  console.log(`\n=== ${title} ===`)
  const { status } = spawnSync(command, args, { cwd: root, stdio: 'inherit' })
  return status === 0
}
const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null)
const totals = { passed: 0, failed: 0, skipped: 0 }
const suites = []

const typecheck = run('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'])
suites.push(['typecheck', typecheck ? 1 : 0, typecheck ? 0 : 1, 0])

// The layers of ARCHITECTURE.md and import cycles (eslint.config.mjs); a few seconds, no cache.
const lint = run('lint (layers and cycles)', bin('eslint'), ['src-main', 'src-shared', 'src-renderer'])
suites.push(['lint', lint ? 1 : 0, lint ? 0 : 1, 0])

run('unit and renderer tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${join(results, 'vitest.json')}`])
const vitest = readJson(join(results, 'vitest.json'))
suites.push(['vitest', vitest?.numPassedTests ?? 0, vitest ? vitest.numFailedTests : 1, (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0)])

const built = run('build (electron-vite)', bin('electron-vite'), ['build'])
suites.push(['build', built ? 1 : 0, built ? 0 : 1, 0])

if (built) {
  run('e2e and electron specs (playwright)', bin('playwright'), ['test'])
  const stats = readJson(join(results, 'playwright.json'))?.stats
  suites.push(['playwright', (stats?.expected ?? 0) + (stats?.flaky ?? 0), stats ? stats.unexpected : 1, stats?.skipped ?? 0])
} else {
  suites.push(['playwright', 0, 1, 0])
}

console.log('\n=== summary ===')
for (const [name, passed, failed, skipped] of suites) {
  console.log(`${name.padEnd(12)} ${passed} passed, ${failed} failed, ${skipped} skipped`)
  totals.passed += passed
  totals.failed += failed
  totals.skipped += skipped
}
// Skips on purpose: the Electron spec without an Electron binary; a permission test when run as root (root writes anywhere).
console.log(`${totals.skipped} skipped (tests that cannot run here: see the suites above)`)
console.log(`${totals.passed} passed, ${totals.failed} failed`)
process.exit(totals.failed > 0 ? 1 : 0)
