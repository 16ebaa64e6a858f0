/**
 * Every non-2xx answer is a SyncErrorBody (src-shared/sync-protocol.ts) whose message a person can
 * act on. Routes throw ApiError; the app's error handler (server.ts) turns it, fastify's own
 * errors (body too large, not JSON) and anything unexpected (logged, answered as INTERNAL without
 * its text: no stack, no SQL) into that body.
 */
import type { z } from 'zod'
import type { SyncErrorBody, SyncErrorCode } from '../src-shared/sync-protocol'
import { describeZodError, errorMapFor } from '../src-shared/validation'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: SyncErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  body(): SyncErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } }
  }
}

export const badRequest = (message: string, details?: unknown) => new ApiError(400, 'VALIDATION', message, details)
export const unauthenticated = (message: string) => new ApiError(401, 'UNAUTHENTICATED', message)
export const forbidden = (message: string, details?: unknown) => new ApiError(403, 'FORBIDDEN', message, details)
export const notFound = (message: string) => new ApiError(404, 'NOT_FOUND', message)
export const conflict = (message: string, details?: unknown) => new ApiError(409, 'CONFLICT', message, details)

/**
 * `input` checked by `schema`, or a 400 whose message names the field ("Email: enter an address
 * like name@example.com"); `what` names the request in messages about the whole body ("The push
 * needs its details (an object), got nothing").
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input, { error: errorMapFor(what) as z.core.$ZodErrorMap, reportInput: true })
  if (parsed.success) return parsed.data
  const { message, problems } = describeZodError(parsed.error)
  // the contract's own messages describe the value ("must be an HLC timestamp"): say where it is
  // and where an item of a list is wrong, which one ("ops.3.hlc: ...")
  const where = (path: string, text: string) => (/^must /.test(text) && path ? `${path} ${text}` : /\.\d+(\.|$)/.test(path) ? `${path}: ${text}` : text)
  const first = problems[0]
  const sentence = first && message.startsWith(first.message) ? where(first.path, first.message) + message.slice(first.message.length) : message
  throw badRequest(sentence, { problems: problems.slice(0, 20).map((p) => ({ path: p.path, message: where(p.path, p.message) })) })
}
