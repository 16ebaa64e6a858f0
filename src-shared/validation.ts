import type { z } from 'zod'

export interface FieldProblem {
  path: string
  message: string
}

// zod's built-in English messages name no field; ours do ("First name is too long ...").
const GENERIC = /^(Invalid|Too (big|small)|Unrecognized key)/

/** Turns a zod error into one sentence a person can act on, plus every problem for forms. */
export function describeZodError(error: z.ZodError): { message: string; problems: FieldProblem[] } {
  const problems = error.issues.map((issue) => {
    const path = issue.path.map(String).join('.')
    const message = GENERIC.test(issue.message) && path ? `${path}: ${issue.message}` : issue.message
    return { path, message }
  })
  const first = problems[0]?.message ?? 'The input is not valid'
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : ''
  return { message: first + more, problems }
}
