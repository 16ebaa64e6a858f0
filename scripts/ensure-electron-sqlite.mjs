// `npm start` / `npm run dev` run this first. node_modules/better-sqlite3 is compiled for Node (the
// tests need that build); Electron has its own ABI. So a second copy is built for Electron into
// .electron-native/, which src-main/electron/native-binding.ts passes to better-sqlite3. Both
// `npm start` and `npm test` then work on one checkout, with no rebuild back and forth.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))

// Electron keeps its binary's path in path.txt once downloaded; fetch it now if it is missing
// (ELECTRON_SKIP_BINARY_DOWNLOAD=1 installs, or Electron's lazy download on first use).
const electronDir = dirname(require.resolve('electron/package.json'))
const binaryInstalled = () => {
  const pathFile = join(electronDir, 'path.txt')
  return existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8')))
}
if (!binaryInstalled()) {
  console.log('Downloading the Electron binary...')
  try {
    execFileSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'inherit' })
  } catch {
    // reported below
  }
}
if (!binaryInstalled()) {
  console.error(
    'The Electron binary could not be downloaded (offline?). Try again when online:\n' +
      '  node node_modules/electron/install.js\n' +
      'Meanwhile the same app runs in a browser on this machine:  npm run serve',
  )
  process.exit(1)
}

const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version
const outDir = join(root, '.electron-native')
const target = join(outDir, `better_sqlite3-electron-${electronVersion}-${process.arch}.node`)
if (existsSync(target)) process.exit(0)

console.log(`Building better-sqlite3 for Electron ${electronVersion} (once per Electron version)...`)
const work = join(outDir, 'work')
rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
const source = dirname(require.resolve('better-sqlite3/package.json'))
cpSync(source, work, { recursive: true, filter: (path) => !path.startsWith(join(source, 'build')) })

// Our npm config may point node-gyp at Node's headers (nodedir); for Electron they must not be used.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_nodedir$/i.test(key)))
const run = (file, args) => execFileSync(process.execPath, [file, ...args], { cwd: work, env, stdio: 'inherit' })
try {
  // A prebuilt binary for this Electron version, when the network has one.
  run(require.resolve('prebuild-install/bin.js'), ['--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`])
} catch {
  console.log('No prebuilt binary; compiling from source against the Electron headers...')
  const nodeGyp = join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js')
  run(existsSync(nodeGyp) ? nodeGyp : require.resolve('node-gyp/bin/node-gyp.js'), [
    'rebuild',
    '--release',
    '--runtime=electron',
    `--target=${electronVersion}`,
    `--arch=${process.arch}`,
    '--dist-url=https://electronjs.org/headers',
  ])
}
cpSync(join(work, 'build/Release/better_sqlite3.node'), target)
rmSync(work, { recursive: true, force: true })
console.log(`Ready: ${target}`)
