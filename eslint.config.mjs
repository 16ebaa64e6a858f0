// ESLint checks one thing here: the layers of ARCHITECTURE.md (who may import whom) and import
// cycles. No style or recommended rule sets, on purpose. `npm run lint` lints src-main, src-server,
// src-shared and src-renderer; tests, benches and scripts are not layered.
// tests/unit/lint-layers.test.ts shows each kind of rule failing on a wrong-way import.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import tsParser from '@typescript-eslint/parser'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import importX from 'eslint-plugin-import-x'

const root = fileURLToPath(new URL('.', import.meta.url))
const source = ['src-main', 'src-shared', 'src-renderer', 'src-server'].map((dir) => `${dir}/**/*.{ts,tsx,mts,cts,js,mjs,cjs}`)

// Packages only the main side's database or Electron code may use (bare names and subpaths).
const packages = (names, why) => ({ regex: `^(${names.join('|')})(/.*)?$`, caseSensitive: true, message: why })
const electron = packages(['electron', 'electron-updater'], "Only src-main/electron imports 'electron' (ARCHITECTURE.md).")
const database = packages(['better-sqlite3', 'drizzle-orm', 'drizzle-kit'], 'The database is core’s: only src-main/core uses better-sqlite3 and drizzle.')

// --- import-x/no-restricted-paths zones: folders (and files) a folder must not import ---
const renderer = (path) => `src-renderer/${path}`
const below = (folder, allowed, message) => ({
  // `folder` imports nothing of the renderer but `allowed` (npm packages and src-shared stay open).
  target: renderer(folder),
  from: 'src-renderer',
  except: allowed.map((f) => `./${f}`),
  message,
})

// A view does not import another view. views/<area>/ (views/settings/, views/reports/) holds the
// parts of views/<Area>View.tsx: the parts import each other, their owner imports them, no other
// view does. Read from the folder, so a new view or area is covered without editing this file.
const viewsDir = join(root, 'src-renderer/views')
const viewEntries = readdirSync(viewsDir)
const areas = viewEntries.filter((name) => statSync(join(viewsDir, name)).isDirectory())
const ownerOf = (area) => `${area[0].toUpperCase()}${area.slice(1)}View`
const viewZones = [
  ...viewEntries
    .filter((name) => !areas.includes(name))
    .map((file) => {
      const own = areas.find((area) => file.replace(/\.[^.]+$/, '') === ownerOf(area))
      return {
        target: renderer(`views/${file}`),
        from: renderer('views'),
        except: own ? [`./${own}`] : [],
        message: 'A view does not import another view: move what both need to components/, actions/, stores/ or lib/.',
      }
    }),
  ...areas.map((area) => ({
    target: renderer(`views/${area}`),
    from: renderer('views'),
    except: [`./${area}`],
    message: `views/${area}/ is part of ${ownerOf(area)}: it imports only inside views/${area}/ among the views.`,
  })),
]

const zones = [
  {
    target: 'src-shared',
    from: ['src-main', 'src-renderer', 'src-server'],
    message: 'src-shared is pure TypeScript shared by every side: it imports nothing of them.',
  },
  {
    target: 'src-main/core',
    from: ['src-main/electron', 'src-main/host', 'src-renderer'],
    message: 'core runs in plain Node and knows no host and no renderer: hosts pass what it needs in.',
  },
  {
    target: 'src-main/core/db',
    from: [
      'src-main/core/services',
      'src-main/core/jobs',
      'src-main/core/scheduler',
      'src-main/core/worker',
      'src-main/core/core.ts',
      'src-main/core/session.ts',
      'src-main/core/handlers.ts',
    ],
    message: 'db is the bottom of core: services, jobs, the scheduler, the worker and what wires them (core.ts, session.ts) build on it, not the other way.',
  },
  {
    target: 'src-main/core/formats',
    from: 'src-main',
    except: ['./core/formats'],
    message: 'formats (pure vCard/phone parsing) imports only src-shared and npm packages.',
  },
  {
    target: 'src-main/core/formats',
    from: ['src-renderer', 'src-server'],
    message: 'formats (pure vCard/phone parsing) imports only src-shared and npm packages.',
  },
  {
    // The sync server is its own program: it shares only src-shared (the wire contract) with the app.
    target: 'src-server',
    from: ['src-main', 'src-renderer'],
    message: 'src-server shares only src-shared with the desktop app (the wire contract, validation, hlc).',
  },
  {
    target: 'src-main',
    from: 'src-server',
    message: 'The desktop app talks to the sync server over HTTP only (src-shared/sync-protocol.ts), never imports it.',
  },
  {
    target: 'src-renderer',
    from: ['src-main', 'src-server'],
    message: 'The renderer talks only to window.crm; what it shares with the main side lives in src-shared.',
  },
  // Inside the renderer: views → components → actions → stores → lib → src-shared.
  below('lib', ['lib'], 'renderer lib/ imports only lib/ and src-shared.'),
  below('stores', ['stores', 'lib'], 'renderer stores/ import only stores/, lib/ and src-shared.'),
  below('actions', ['actions', 'stores', 'lib'], 'renderer actions/ import only actions/, stores/, lib/ and src-shared.'),
  {
    target: renderer('components'),
    from: renderer('views'),
    message: 'components/ are used by views, they do not import them.',
  },
  // App.tsx and main.tsx are the top: they import anything, nothing imports them (but main → App).
  {
    target: renderer('*/**'),
    from: [renderer('App.tsx'), renderer('main.tsx')],
    message: 'App.tsx and main.tsx are the top of the renderer: nothing below imports them.',
  },
  { target: renderer('App.tsx'), from: renderer('main.tsx'), message: 'main.tsx starts App.tsx, not the other way.' },
  ...viewZones,
]

const noBuiltins = 'import-x/no-nodejs-modules'

export default [
  {
    // Applies to every file linted: the parser, the plugin and how imports resolve (as tsc does).
    languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
    plugins: { 'import-x': importX },
    settings: {
      // Files of these kinds are parsed to follow their imports (no-cycle); the default is .js only.
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: join(root, 'tsconfig.json') })],
    },
  },
  {
    files: source,
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones }],
      // Type-only imports (`import type`, or every specifier `type`) are not followed: the plugin
      // always skips them, and they are erased from the built code, so they make no runtime cycle.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // A relative import the resolver cannot find would slip past the zones above unseen.
      'import-x/no-unresolved': ['error', { ignore: ['^[^.]'] }],
      'no-restricted-imports': ['error', { patterns: [electron] }],
    },
  },
  {
    // electron/ is the only folder that imports 'electron'.
    files: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-shared/**'],
    rules: {
      [noBuiltins]: 'error',
      'no-restricted-imports': ['error', { patterns: [electron, database] }],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage'].map((name) => ({
          name,
          message: 'src-shared runs on every side: no DOM globals.',
        })),
      ],
    },
  },
  {
    files: ['src-main/core/formats/**'],
    rules: { [noBuiltins]: 'error' },
  },
  {
    files: ['src-renderer/**'],
    rules: {
      [noBuiltins]: 'error',
      'no-restricted-imports': ['error', { patterns: [electron, database] }],
    },
  },
]
