// The layer rules of eslint.config.mjs really fail on wrong-way imports (and stay quiet on the
// allowed ones). Each probe is linted as text under a made-up file name inside the tree, with the
// project's own config; the imports it names are real files, looked up now, so the probes follow
// files that move. The cycle check lints two committed fixtures that import each other.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESLint, type Linter } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const TIMEOUT = 120_000 // the machine is shared; the first lint loads the parser and the resolver

/** Every .ts/.tsx file under `dir` (relative to the root), sorted, recursively. */
const filesUnder = (dir: string): string[] =>
  readdirSync(join(root, dir))
    .sort()
    .flatMap((name) => {
      const path = `${dir}/${name}`
      if (statSync(join(root, path)).isDirectory()) return filesUnder(path)
      return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : []
    })

const firstFile = (dir: string): string => {
  const file = filesUnder(dir)[0]
  if (!file) throw new Error(`no .ts file under ${dir} to import in a probe`)
  return file
}

/** The specifier `from` (a file) would write to import `to` (a file), without its extension. */
const specifier = (from: string, to: string): string => {
  const path = relative(dirname(from), to.replace(/\.tsx?$/, '')).split(sep).join('/')
  return path.startsWith('.') ? path : `./${path}`
}

let eslint: ESLint
const lint = async (filePath: string, code: string): Promise<Linter.LintMessage[]> => {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) })
  expect(result.messages.filter((m) => m.fatal)).toEqual([])
  return result.messages
}
const rulesOf = (messages: Linter.LintMessage[]) => messages.map((m) => m.ruleId)
/** Lint `probe` importing the real file `target`; the rule ids reported. */
const importing = async (probe: string, target: string) =>
  rulesOf(await lint(probe, `import * as imported from '${specifier(probe, target)}'\nexport { imported }\n`))

beforeAll(() => {
  eslint = new ESLint({ cwd: root })
})

describe('core layers', () => {
  it(
    'db, the bottom of core, may not import a service; a service may import a service',
    async () => {
      const service = firstFile('src-main/core/services')
      expect(await importing('src-main/core/db/lint-probe.ts', service)).toEqual(['import-x/no-restricted-paths'])
      expect(await importing('src-main/core/services/lint-probe.ts', service)).toEqual([])
    },
    TIMEOUT,
  )

  it(
    'db may not import the runner, the scheduler, the worker, core.ts, session.ts or handlers.ts',
    async () => {
      // Those of them that exist today (core's wiring is being reshaped).
      const wiring = ['src-main/core/core.ts', 'src-main/core/session.ts', 'src-main/core/handlers.ts'].filter((f) => existsSync(join(root, f)))
      expect(wiring.length).toBeGreaterThan(0)
      for (const target of [firstFile('src-main/core/jobs'), firstFile('src-main/core/scheduler'), firstFile('src-main/core/worker'), ...wiring]) {
        expect(await importing('src-main/core/db/lint-probe.ts', target), target).toEqual(['import-x/no-restricted-paths'])
      }
    },
    TIMEOUT,
  )

  it(
    "core imports neither 'electron' nor the hosts nor the renderer",
    async () => {
      expect(rulesOf(await lint('src-main/core/lint-probe.ts', "import { app } from 'electron'\nexport { app }\n"))).toEqual(['no-restricted-imports'])
      expect(await importing('src-main/core/lint-probe.ts', firstFile('src-main/electron'))).toEqual(['import-x/no-restricted-paths'])
      expect(await importing('src-main/core/lint-probe.ts', firstFile('src-main/host'))).toEqual(['import-x/no-restricted-paths'])
      expect(await importing('src-main/core/services/lint-probe.ts', firstFile('src-renderer/lib'))).toEqual(['import-x/no-restricted-paths'])
      // …while src-main/electron is where 'electron' belongs.
      expect(rulesOf(await lint('src-main/electron/lint-probe.ts', "import { app } from 'electron'\nexport { app }\n"))).toEqual([])
    },
    TIMEOUT,
  )

  it(
    'formats imports only src-shared and npm packages',
    async () => {
      expect(await importing('src-main/core/formats/lint-probe.ts', 'src-main/core/clock.ts')).toEqual(['import-x/no-restricted-paths'])
      expect(await importing('src-main/core/formats/lint-probe.ts', 'src-shared/errors.ts')).toEqual([])
      expect(rulesOf(await lint('src-main/core/formats/lint-probe.ts', "import { readFileSync } from 'node:fs'\nexport { readFileSync }\n"))).toEqual([
        'import-x/no-nodejs-modules',
      ])
    },
    TIMEOUT,
  )
})

describe('src-shared', () => {
  const probe = 'src-shared/lint-probe.ts'
  it(
    'imports no node builtin, no electron, no database package, nothing of the main side or the renderer',
    async () => {
      for (const builtin of ['node:fs', 'fs', 'path', 'node:crypto', 'worker_threads', 'child_process']) {
        expect(rulesOf(await lint(probe, `import * as m from '${builtin}'\nexport { m }\n`)), builtin).toEqual(['import-x/no-nodejs-modules'])
      }
      for (const pkg of ['electron', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/sqlite-core']) {
        expect(rulesOf(await lint(probe, `import * as m from '${pkg}'\nexport { m }\n`)), pkg).toEqual(['no-restricted-imports'])
      }
      expect(await importing(probe, 'src-main/core/clock.ts')).toEqual(['import-x/no-restricted-paths'])
      expect(await importing(probe, firstFile('src-renderer/stores'))).toEqual(['import-x/no-restricted-paths'])
      expect(rulesOf(await lint(probe, "import { z } from 'zod'\nexport const s = z.string()\n"))).toEqual([])
    },
    TIMEOUT,
  )

  it(
    'uses no DOM globals',
    async () => {
      expect(rulesOf(await lint(probe, 'export const title = () => document.title + window.location.href\n'))).toEqual([
        'no-restricted-globals',
        'no-restricted-globals',
      ])
    },
    TIMEOUT,
  )
})

describe('renderer layers', () => {
  it(
    'the renderer imports nothing of src-main, no node builtin, no electron',
    async () => {
      expect(await importing('src-renderer/lib/lint-probe.ts', 'src-main/core/clock.ts')).toEqual(['import-x/no-restricted-paths'])
      expect(rulesOf(await lint('src-renderer/lib/lint-probe.ts', "import { join } from 'node:path'\nexport { join }\n"))).toEqual(['import-x/no-nodejs-modules'])
      expect(rulesOf(await lint('src-renderer/lib/lint-probe.ts', "import { ipcRenderer } from 'electron'\nexport { ipcRenderer }\n"))).toEqual([
        'no-restricted-imports',
      ])
    },
    TIMEOUT,
  )

  it(
    'lib/ may not import stores/ or components/; stores/ may import lib/ but not components/',
    async () => {
      const store = firstFile('src-renderer/stores')
      expect(await importing('src-renderer/lib/lint-probe.ts', store)).toEqual(['import-x/no-restricted-paths'])
      expect(await importing('src-renderer/lib/lint-probe.ts', firstFile('src-renderer/components'))).toEqual(['import-x/no-restricted-paths'])
      expect(await importing('src-renderer/stores/lint-probe.ts', firstFile('src-renderer/lib'))).toEqual([])
      expect(await importing('src-renderer/stores/lint-probe.ts', firstFile('src-renderer/components'))).toEqual(['import-x/no-restricted-paths'])
      // actions/ sits between components/ and stores/ (whether or not the folder exists yet).
      expect(await importing('src-renderer/actions/lint-probe.ts', store)).toEqual([])
      expect(await importing('src-renderer/actions/lint-probe.ts', firstFile('src-renderer/components'))).toEqual(['import-x/no-restricted-paths'])
    },
    TIMEOUT,
  )

  it(
    'components/ may not import a view',
    async () => {
      const view = filesUnder('src-renderer/views').find((f) => f.split('/').length === 3)!
      expect(await importing('src-renderer/components/lint-probe.tsx', view)).toEqual(['import-x/no-restricted-paths'])
    },
    TIMEOUT,
  )

  it(
    'a view may not import another view; an area (views/settings/) imports inside itself and its owner imports it',
    async () => {
      const views = filesUnder('src-renderer/views').filter((f) => f.split('/').length === 3)
      expect(views.length).toBeGreaterThan(1)
      expect(await importing(views[0], views[1])).toEqual(['import-x/no-restricted-paths'])

      const [section, other] = filesUnder('src-renderer/views/settings')
      expect(await importing('src-renderer/views/SettingsView.tsx', section)).toEqual([])
      expect(await importing(other, section)).toEqual([])
      const notSettings = views.find((f) => !f.endsWith('/SettingsView.tsx'))!
      expect(await importing(notSettings, section)).toEqual(['import-x/no-restricted-paths'])
      expect(await importing(section, notSettings)).toEqual(['import-x/no-restricted-paths'])
    },
    TIMEOUT,
  )

  it(
    'App.tsx and main.tsx are the top: they import anything, nothing imports them',
    async () => {
      const view = filesUnder('src-renderer/views')[0]
      expect(await importing('src-renderer/App.tsx', view)).toEqual([])
      expect(await importing('src-renderer/main.tsx', 'src-renderer/App.tsx')).toEqual([])
      expect(await importing('src-renderer/components/lint-probe.tsx', 'src-renderer/App.tsx')).toEqual(['import-x/no-restricted-paths'])
    },
    TIMEOUT,
  )
})

describe('guards', () => {
  it(
    'a relative import the resolver cannot find is an error, not a silent pass of the zones',
    async () => {
      expect(rulesOf(await lint('src-main/core/db/lint-probe.ts', "import '../services/no-such-file'\n"))).toEqual(['import-x/no-unresolved'])
    },
    TIMEOUT,
  )
})

describe('cycles', () => {
  const fixtures = 'tests/unit/fixtures/lint-cycle'
  // Tests are not layered, so the project config does not lint this folder: the fixtures get the
  // very no-cycle entry (severity and options) the config gives src-*.
  let withCycleRule: ESLint
  beforeAll(async () => {
    const entryFor = async (file: string) => (await eslint.calculateConfigForFile(join(root, file)))?.rules?.['import-x/no-cycle'] as Linter.RuleEntry
    const entry = await entryFor('src-main/core/core.ts')
    expect(entry).toEqual([2, expect.objectContaining({ ignoreExternal: true })])
    for (const file of ['src-renderer/App.tsx', 'src-shared/api.ts', 'src-main/electron/main.ts']) expect(await entryFor(file), file).toEqual(entry)
    withCycleRule = new ESLint({ cwd: root, overrideConfig: { files: [`${fixtures}/*.ts`], rules: { 'import-x/no-cycle': entry } } })
  }, TIMEOUT)

  it(
    'two files that import each other are reported, each at its import',
    async () => {
      const results = await withCycleRule.lintFiles([`${fixtures}/even.ts`, `${fixtures}/odd.ts`])
      expect(results).toHaveLength(2)
      for (const result of results) {
        expect(result.messages.map((m) => [m.ruleId, m.line]), result.filePath).toEqual([['import-x/no-cycle', 2]])
      }
    },
    TIMEOUT,
  )

  it(
    'a type-only import does not count (it is erased from the built code)',
    async () => {
      const [result] = await withCycleRule.lintText("import type { isOdd } from './odd'\n\nexport const isEven: typeof isOdd = (n) => n % 2 === 0\n", {
        filePath: join(root, fixtures, 'even.ts'),
      })
      expect(result.messages).toEqual([])
    },
    TIMEOUT,
  )
})
