// The outside programs the tests need, found or installed before any suite starts, so a fresh
// machine with nothing but Node either gets them or is told in ONE line what to run.
// `npm test` (scripts/test-all.mjs) calls ensureChromium() and ensurePostgres() first;
// playwright.config.ts uses findChromium() so `npx playwright test` alone finds the same browser.
// Later tools (an ensureDovecot()) go beside them, built from the same helpers: find, then
// aptInstall() where that is allowed, then find again or fail().
//
// CRM_TEST_NO_INSTALL=1 never installs anything: it acts as if this were not root or had no
// apt-get (to try the "not found" message on a machine that could install, and for anyone who
// does not want the tests to touch the system).
import { spawnSync } from 'node:child_process'
import { accessSync, constants, readdirSync, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'

const isExecutable = (file) => {
  try {
    accessSync(file, constants.X_OK)
    return statSync(file).isFile()
  } catch {
    return false
  }
}

/** Full path of `name` on PATH (like `which`), or null. */
export function onPath(name, path = process.env.PATH ?? '') {
  for (const dir of path.split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name)
  }
  return null
}

/** Installing needs root, apt-get, and no CRM_TEST_NO_INSTALL. */
const canAptInstall = () => !process.env.CRM_TEST_NO_INSTALL && process.getuid?.() === 0 && onPath('apt-get') !== null

/** apt-get update, then a non-interactive install with no stdin; true when both worked. */
export function aptInstall(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const apt = (args) => spawnSync('apt-get', args, { env, stdio: ['ignore', 'inherit', 'inherit'] }).status === 0
  return apt(['update', '-q']) && apt(['install', '-y', '-q', ...packages])
}

/** The one line that says what to run, then exit non-zero. */
function fail(line) {
  console.error(line)
  process.exit(1)
}

// --- Chromium (Playwright drives Debian's; it never downloads one) -------------------------

const CHROMIUM_HINT = 'run `sudo apt-get install chromium` or set CHROMIUM_PATH=/path/to/chromium'

/**
 * CHROMIUM_PATH (when set, it is the only one looked at), else /usr/bin/chromium, else
 * chromium-browser or chromium on PATH. Returns the path, or null.
 */
export function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) return isExecutable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null
  if (isExecutable('/usr/bin/chromium')) return '/usr/bin/chromium'
  return onPath('chromium-browser', env.PATH) ?? onPath('chromium', env.PATH)
}

/**
 * Finds Chromium or installs Debian's (as root with apt-get), sets process.env.CHROMIUM_PATH to it
 * for the child processes (Playwright) and returns it; otherwise prints one line and exits 1.
 */
export function ensureChromium() {
  const { CHROMIUM_PATH } = process.env
  if (CHROMIUM_PATH && !isExecutable(CHROMIUM_PATH)) {
    fail(`CHROMIUM_PATH=${CHROMIUM_PATH} is not an executable file: point it at a Chromium, or unset it to use /usr/bin/chromium`)
  }
  let found = findChromium()
  if (!found && canAptInstall()) {
    console.log("Chromium not found: installing Debian's chromium (apt-get update && apt-get install -y chromium)...")
    const installed = aptInstall(['chromium'])
    found = findChromium()
    if (!found) fail(`Chromium not found and \`apt-get install chromium\` ${installed ? 'did not provide it' : 'failed (see above)'}: fix that, or set CHROMIUM_PATH=/path/to/chromium`)
  }
  if (!found) fail(`Chromium not found: ${CHROMIUM_HINT}`)
  process.env.CHROMIUM_PATH = found
  return found
}

// --- PostgreSQL (the sync server's tests run against a private cluster of Debian's server) -----

/** The bin folder of the newest /usr/lib/postgresql/<version>/bin that has initdb, or null. */
export function findPostgres() {
  const root = '/usr/lib/postgresql'
  let versions = []
  try {
    versions = readdirSync(root)
  } catch {
    return null
  }
  const found = versions.filter((v) => isExecutable(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
  return found.length ? join(root, found[0], 'bin') : null
}

/**
 * The server tests start their own cluster (tests/server/pg-cluster.ts) from Debian's binaries:
 * finds them or installs Debian's postgresql (root + apt-get), else one line and exit 1.
 * DATABASE_URL set: the tests use that server instead, nothing is needed here.
 */
export function ensurePostgres() {
  if (process.env.DATABASE_URL) return null
  let found = findPostgres()
  if (!found && canAptInstall()) {
    console.log("PostgreSQL not found: installing Debian's postgresql (apt-get update && apt-get install -y postgresql)...")
    const installed = aptInstall(['postgresql'])
    found = findPostgres()
    if (!found) fail(`PostgreSQL not found and \`apt-get install postgresql\` ${installed ? 'did not provide initdb' : 'failed (see above)'}: fix that, or set DATABASE_URL to a PostgreSQL the tests may create databases on`)
  }
  if (!found) fail('PostgreSQL not found (/usr/lib/postgresql/*/bin/initdb): run `sudo apt-get install postgresql`, or set DATABASE_URL to a PostgreSQL the tests may create databases on')
  return found
}
