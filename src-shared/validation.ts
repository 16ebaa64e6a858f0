import type { z } from 'zod'

export interface FieldProblem {
  /** Machine-readable: the input's path ("emails.0.value"); the renderer puts the message next to that field. */
  path: string
  message: string
}

/** The longest piece of the caller's input a message may quote. */
export const EXCERPT_MAX = 60
/** The longest message a VALIDATION error carries (the rest of the problems are in details). */
export const MESSAGE_MAX = 300

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' })

/**
 * At most `max` characters (UTF-16 units, as .length counts) of `text`, cut between graphemes
 * (never half an emoji or an accent), with an ellipsis when cut.
 */
export function excerpt(text: string, max = EXCERPT_MAX): string {
  if (text.length <= max) return text
  let end = 0
  for (const { index, segment } of segmenter.segment(text)) {
    if (index + segment.length > max - 1) break
    end = index + segment.length
  }
  return `${text.slice(0, end)}…`
}

/** `message` with any long run of `input` it quotes (whole or cut by the schema) replaced by an excerpt. */
function withoutEcho(message: string, input: string): string {
  if (input.length <= EXCERPT_MAX) return message
  const at = message.indexOf(input.slice(0, EXCERPT_MAX + 1))
  if (at < 0) return message
  let length = EXCERPT_MAX + 1
  while (length < input.length && message[at + length] === input[length]) length++
  return withoutEcho(message.slice(0, at) + excerpt(input) + message.slice(at + length), input)
}

/** "firstName" → "First name", "pipelineId" → "Pipeline", "tagIds" → "Tags". */
function humanize(key: string): string {
  const words = key
    .replace(/Ids$/, 's')
    .replace(/(.)Id$/, '$1')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

const singular = (label: string) => label.replace(/(ies)$/, 'y').replace(/(?<!s)s$/, '')
const GENERIC_KEYS = new Set(['value', 'id', 'ids', 'patch'])
const LABELS: Record<string, string> = { id: 'Record', ids: 'Records' }

/** The words a person would use for the field at `path`: ["emails", 0, "value"] → "Email 1". */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const keys = path.filter((p): p is string => typeof p === 'string')
  let at = path.length - 1
  while (at >= 0 && (typeof path[at] !== 'string' || (GENERIC_KEYS.has(path[at] as string) && at > 0 && keys.length > 1))) at--
  if (at < 0) return 'The input'
  const key = path[at] as string
  const index = path.slice(at + 1).find((p): p is number => typeof p === 'number')
  const words = LABELS[key] ?? humanize(key)
  return index === undefined ? words : `${singular(words)} ${index + 1}`
}

/** What a value is, in words: "nothing", "text", "a number", "a list"… */
function kindOf(value: unknown): string {
  if (value === undefined || value === null) return 'nothing'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return 'text'
  if (typeof value === 'number') return Number.isFinite(value) ? 'a number' : 'a number that is not finite'
  if (typeof value === 'boolean') return 'true or false'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  bigint: 'a whole number',
  array: 'a list',
  tuple: 'a list',
  object: 'a group of details (an object)',
  record: 'a group of details (an object)',
  map: 'a group of details',
  set: 'a list',
  date: 'a date',
  null: 'empty',
  undefined: 'left out',
  never: 'left out',
  literal: 'a fixed value',
}

const count = (n: number | bigint) => Number(n).toLocaleString('en-US')
const list = (values: readonly unknown[]) => {
  const shown = values.slice(0, 6).map((v) => (typeof v === 'string' ? `"${excerpt(v, 30)}"` : String(v)))
  return values.length > 6 ? `${shown.join(', ')}, …` : shown.join(', ')
}

/** zod's raw issue as an error map sees it (only the fields read here). */
type RawIssue = { code: string; path?: readonly PropertyKey[]; input?: unknown } & Record<string, unknown>

/**
 * The message of an issue whose schema wrote none: it names the field and says what to enter.
 * Messages written by hand in a schema win (zod asks this map only when there is none).
 */
export function issueMessage(issue: RawIssue, command: string): string {
  const path = issue.path ?? []
  const label = fieldLabel(path)
  const root = path.length === 0
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[String(issue.expected)] ?? String(issue.expected)
      const got = kindOf(issue.input)
      if (root) return `${command} needs its details (${issue.expected === 'object' ? 'an object' : expected}), got ${got}`
      if (issue.expected === 'never' || issue.expected === 'undefined') return `${label} is not taken here: leave it out`
      if (issue.input === undefined) return `${label} is required: enter ${expected}`
      if (issue.expected === 'int' && typeof issue.input === 'number') return `${label} must be a whole number`
      return `${label} must be ${expected}, not ${got}`
    }
    case 'too_big': {
      const max = issue.maximum as number | bigint
      const under = issue.inclusive === false ? 'less than' : 'at most'
      if (issue.origin === 'string') return `${label} is too long: ${under} ${count(max)} characters`
      if (issue.origin === 'array' || issue.origin === 'set') return `${label}: ${under} ${count(max)} items at once`
      return `${label} must be ${under} ${count(max)}`
    }
    case 'too_small': {
      const min = issue.minimum as number | bigint
      const over = issue.inclusive === false ? 'more than' : 'at least'
      if (issue.origin === 'string') return Number(min) <= 1 ? `${label} is empty: enter it` : `${label} is too short: ${over} ${count(min)} characters`
      if (issue.origin === 'array' || issue.origin === 'set') return `${label}: pick ${over} ${count(min)}`
      return `${label} must be ${over} ${count(min)}`
    }
    case 'invalid_format': {
      switch (issue.format) {
        case 'email':
          return `${label}: enter an address like name@example.com`
        case 'uuid':
        case 'guid':
          return `${label} is not a valid record id`
        case 'url':
          return `${label} must be a web address starting with https://`
        case 'date':
          return `${label} must be a date like 2026-04-27`
        case 'datetime':
          return `${label} must be a date and time like 2026-04-27T09:30:00Z`
        default:
          return `${label} has characters that are not allowed here`
      }
    }
    case 'not_multiple_of':
      return `${label} must be a multiple of ${String(issue.divisor)}`
    case 'invalid_value':
      return `${label} must be one of: ${list((issue.values as unknown[]) ?? [])}`
    case 'unrecognized_keys': {
      const keys = (issue.keys as string[]) ?? []
      const where = root ? command : `${label} of ${command}`
      return `Unrecognized key${keys.length > 1 ? 's' : ''} ${list(keys)}: ${where} does not take ${keys.length > 1 ? 'them' : 'it'}; remove ${keys.length > 1 ? 'them' : 'it'}`
    }
    case 'invalid_union':
      return root ? `${command}'s details do not match any form it takes` : `${label} is not one of the kinds accepted here`
    case 'invalid_key':
      return `${label} has a key that is not allowed`
    case 'invalid_element':
      return `${label} has an entry that is not allowed`
    default:
      return `${label} is not valid`
  }
}

/** A zod error map for one command's input (pass it to safeParse with reportInput: true). */
export const errorMapFor =
  (command: string) =>
  (issue: RawIssue): string =>
    issueMessage(issue, command)

// zod's built-in English messages name no field; ours do ("First name is too long ...").
const GENERIC = /^(Invalid|Too (big|small)|Unrecognized key)/

/** The message of one issue: long input it quotes cut to an excerpt; hand-written ones otherwise kept as they are. */
function problemMessage(issue: z.core.$ZodIssue): string {
  let message = issue.message
  const input = (issue as { input?: unknown }).input
  if (typeof input === 'string') message = withoutEcho(message, input)
  // a message left generic (a schema's own error map, zod's default) gets the field's name in front
  if (issue.path.length > 0 && GENERIC.test(message)) message = `${fieldLabel(issue.path)}: ${message}`
  return excerpt(message, MESSAGE_MAX)
}

// Hand-written messages that describe the value, not the field ("Not a valid record id"): fine next
// to their field in a form, but the one-sentence message names the field in front of them.
const FIELDLESS = /^(Not a valid|At most|Select at least)/

/** True when a message already names its field ("First name is too long", "Not a valid record id" for id). */
function namesField(message: string, label: string): boolean {
  const lower = message.toLowerCase()
  return label
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .some((word) => word.length >= 3 && lower.includes(word))
}

/** Turns a zod error into one sentence a person can act on, plus every problem for forms. */
export function describeZodError(error: z.ZodError): { message: string; problems: FieldProblem[] } {
  const problems = error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: problemMessage(issue) }))
  const issue = error.issues[0]
  const label = issue && issue.path.length > 0 ? fieldLabel(issue.path) : ''
  const firstMessage = problems[0]?.message
  const first =
    firstMessage === undefined
      ? 'The input is not valid'
      : label && FIELDLESS.test(firstMessage) && !namesField(firstMessage, label)
        ? `${label}: ${firstMessage}`
        : firstMessage
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : ''
  return { message: excerpt(first, MESSAGE_MAX - more.length) + more, problems }
}
