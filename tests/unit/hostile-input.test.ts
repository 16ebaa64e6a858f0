/**
 * The probe of issue 14: every command of the contract (a new one is covered without touching this
 * file) gets hostile input — not an object at all, wrong types in each of its fields, 1 MB text,
 * control characters, lone surrogates, FTS5 syntax, dates at the end of time, huge page sizes,
 * negative numbers. Every reply must be ok or a structured refusal a person can act on, a refused
 * call writes nothing, and the database is intact at the end.
 */
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { z } from 'zod'
import { commands } from '../../src-shared/api'
import type { Result } from '../../src-shared/errors'
import { openCore } from './helpers'

/**
 * Left out, and why: backups.restore swaps the whole database for a file (backup.test.ts and
 * bad-input.test.ts give it bad files); sampleData.load adds ~1,000 records each time it is
 * accepted (it is loaded once below, so the probe has real rows to point at).
 */
const SKIPPED = new Set(['backups.restore', 'sampleData.load'])

const MB = 'x'.repeat(1 << 20)
const HOSTILE_VALUES: unknown[] = [
  null,
  undefined,
  [],
  {},
  true,
  42,
  -1,
  1.5,
  1e9, // a page size no one can show
  8_640_000_000_000_000, // the last moment a JS Date holds (year 275,760)
  -8_640_000_000_000_000,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  MB,
  '👩🏽‍💻'.repeat(200), // long text of multi-code-unit graphemes: an excerpt must not split one
  'a\u0000b',
  '\u0000',
  '\u0001\u001b[31m\u007f\u200b',
  '\uD800', // a lone surrogate
  'ok\uDFFFok',
  '"',
  '"unterminated',
  '*',
  '^a',
  '(a OR b',
  'NEAR(a b, 2)',
  'a AND b OR NOT c',
  '-',
  "'; DROP TABLE contacts; --",
  '2026-02-30',
]

const ROOT_VALUES: unknown[] = [null, undefined, [], 42, 'text', true, {}, MB]

/** zod's internals, read only to find a schema's fields and a plausible value for each. */
type Def = { type: string; [key: string]: unknown }
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def

/** The object schema an input is (through optional, default, pipe…), or the first one of a union. */
function objectShape(schema: unknown): Record<string, unknown> | null {
  const def = defOf(schema)
  switch (def.type) {
    case 'object':
      return def.shape as Record<string, unknown>
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      return objectShape(def.innerType)
    case 'pipe':
      return objectShape(def.in)
    case 'union':
      return objectShape((def.options as unknown[])[0])
    default:
      return null
  }
}

/** A value the schema accepts often enough to reach the handler (record ids are ids that exist). */
function plausible(schema: unknown, key: string, ids: Record<string, string>): unknown {
  const def = defOf(schema)
  switch (def.type) {
    case 'string': {
      const format = (schema as { format?: string }).format ?? (def.format as string | undefined)
      if (format === 'uuid') return ids[key.replace(/Ids?$/, '')] ?? ids.contact
      if (format === 'email') return 'ana@example.com'
      if (format === 'url') return 'https://example.com'
      if (format === 'date') return '2026-01-15'
      return 'x'
    }
    case 'number':
      return 1
    case 'boolean':
      return false
    case 'enum':
      return Object.values(def.entries as Record<string, unknown>)[0]
    case 'literal':
      return (def.values as unknown[])[0]
    case 'array':
      return [plausible(def.element, key, ids)]
    case 'object':
      return Object.fromEntries(
        Object.entries(def.shape as Record<string, unknown>)
          .filter(([, s]) => !['optional', 'default', 'prefault'].includes(defOf(s).type))
          .map(([k, s]) => [k, plausible(s, k, ids)]),
      )
    case 'nullable':
    case 'readonly':
    case 'nonoptional':
    case 'optional':
    case 'default':
    case 'prefault':
      return plausible(def.innerType, key, ids)
    case 'pipe':
      return plausible(def.in, key, ids)
    case 'union':
      return plausible((def.options as unknown[])[0], key, ids)
    default:
      return undefined
  }
}

/** Every hostile input of a command: not an object, then each field made hostile in a plausible object. */
function hostileInputs(schema: z.ZodType, ids: Record<string, string>): unknown[] {
  const shape = objectShape(schema)
  if (!shape) return ROOT_VALUES
  const base = Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, plausible(s, k, ids)]))
  const inputs: unknown[] = [...ROOT_VALUES, { ...base, unexpected: MB }]
  for (const key of Object.keys(shape)) for (const value of HOSTILE_VALUES) inputs.push({ ...base, [key]: value })
  // a range from the start of time to the end of it, for every command that takes one
  if ('from' in shape && 'to' in shape) inputs.push({ ...base, from: 0, to: 8_640_000_000_000_000 })
  return inputs
}

const GENERIC_PHRASES = /Invalid input|expected \w+, received|Invalid option|Too (big|small)/

/** The longest run of the input a reply may quote (EXCERPT_MAX in src-shared/validation.ts). */
const ECHO = 61
const longStrings = (input: unknown): string[] =>
  typeof input === 'string'
    ? input.length >= ECHO
      ? [input]
      : []
    : input && typeof input === 'object'
      ? Object.values(input).flatMap(longStrings)
      : []

describe('hostile input at every command', () => {
  test('each reply is ok or a clear refusal; refusals write nothing; the database stays intact', { timeout: 120_000 }, async () => {
    const { core, ok, dataDir } = openCore({ scheduler: false })
    await ok('sampleData.load')
    const ids = {
      contact: (await ok('contacts.list', { limit: 1 })).items[0].id,
      company: (await ok('companies.list', { limit: 1 })).items[0].id,
      deal: (await ok('deals.list', { limit: 1 })).items[0].id,
      pipeline: (await ok('pipelines.list'))[0].id,
    }
    const db = new Database(join(dataDir, 'crm.db'), { readonly: true })
    // data_version moves when another connection (core's) commits anything, local tables included
    const version = () => [db.pragma('data_version', { simple: true }), db.prepare('SELECT count(*) FROM change_log').pluck().get()].join('/')
    const jobsIdle = async () => {
      for (;;) {
        const jobs = (await ok('jobs.list')) as { status: string }[]
        if (!jobs.some((j) => j.status === 'running' || j.status === 'cancelling')) return
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
    const bad: string[] = []
    let calls = 0
    for (const [name, command] of Object.entries(commands)) {
      if (SKIPPED.has(name)) continue
      for (const input of hostileInputs(command.input, ids)) {
        await jobsIdle() // an accepted job writes in chunks after its call returns: let it settle first
        const before = version()
        const result = (await core.invoke(name, input)) as Result<unknown>
        calls++
        if (result.ok) continue
        const { code, message, details } = result.error
        const shown = `${name} ${JSON.stringify(input)?.slice(0, 120)} → ${code}: ${message.slice(0, 400)}`
        const problems = ((details as { problems?: { path: unknown; message: string }[] } | undefined)?.problems ?? []).map((p) => p.message)
        if (!['VALIDATION', 'NOT_FOUND', 'CONFLICT'].includes(code)) bad.push(`not a refusal: ${shown}`)
        for (const m of [message, ...problems]) {
          if (m.length > 300) bad.push(`longer than 300 characters: ${shown}`)
          if (GENERIC_PHRASES.test(m)) bad.push(`zod's generic words: ${shown}`)
          if (longStrings(input).some((s) => m.includes(s.slice(0, ECHO)))) bad.push(`echoes the input: ${shown}`)
        }
        for (const p of (details as { problems?: { path: unknown }[] } | undefined)?.problems ?? []) {
          if (typeof p.path !== 'string') bad.push(`a problem without a machine-readable path: ${shown}`)
        }
        if (version() !== before) bad.push(`a refused call wrote: ${shown}`)
      }
    }
    await jobsIdle()
    expect(bad.slice(0, 40), `${bad.length} bad replies in ${calls} calls`).toEqual([])
    expect(calls).toBeGreaterThan(3000)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()
    // still serving
    expect((await ok('app.info')).version).toBe('test')
  })
})
