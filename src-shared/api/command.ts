/** How a command of the contract is written down; every domain file (api/<domain>.ts) uses this. */
import { z } from 'zod'
import type { TableName } from '../tables'

/**
 * A command: its input schema, its output type carried as a phantom for the type checker, and for a
 * read the tables its answer depends on (a renderer query refreshes when data.changed names one).
 */
export interface Command<I extends z.ZodType, O> {
  input: I
  output?: O
  reads?: readonly TableName[]
}

export const command =
  <O>() =>
  <I extends z.ZodType>(input: I, meta?: { reads: readonly TableName[] }): Command<I, O> => ({ input, ...meta })

/** The input of a command that takes none. */
export const none = z.strictObject({}).optional()

export type CommandMap = Record<string, Command<z.ZodType, unknown>>

export interface Count {
  count: number
}
