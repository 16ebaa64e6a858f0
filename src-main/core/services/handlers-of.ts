import type { z } from 'zod'
import type { CommandMap } from '../../../src-shared/api/command'

/**
 * The handlers of a domain's commands: one function per command of its contract file, taking the
 * validated input. It may return a promise (backups await the online copy); core.invoke awaits it.
 */
export type HandlersOf<C extends CommandMap> = {
  [N in keyof C]: (input: z.output<C[N]['input']>) => NonNullable<C[N]['output']> | Promise<NonNullable<C[N]['output']>>
}
