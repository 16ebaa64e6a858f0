/**
 * The renderer's only door to data: a typed client over window.crm (put there by the Electron
 * preload or by the browser host). Results are unwrapped: a value comes back, or an AppError is thrown.
 */
import type { CommandInput, CommandName, CommandOutput, CrmBridge, EventName, Events } from '../../src-shared/api'
import { AppError, isAppErrorShape } from '../../src-shared/errors'

function bridge(): CrmBridge {
  const found = (globalThis as { crm?: CrmBridge }).crm
  if (!found) {
    throw new AppError('INTERNAL', 'The app is not connected to its data store. Restart the app and try again.')
  }
  return found
}

export const crm = {
  async invoke<N extends CommandName>(name: N, input?: CommandInput<N>): Promise<CommandOutput<N>> {
    let result
    try {
      result = await bridge().invoke(name, input)
    } catch (error) {
      if (error instanceof AppError) throw error
      if (isAppErrorShape(error)) throw AppError.from(error)
      const reason = error instanceof Error ? error.message : String(error)
      throw new AppError('INTERNAL', `Could not reach the data store (${reason}). Try again.`)
    }
    if (result.ok) return result.value
    throw AppError.from(result.error)
  },

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    try {
      return bridge().on(event, listener)
    } catch {
      return () => {}
    }
  },
}

/** Any thrown value as an AppError, so every catch block can show `.message`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  if (isAppErrorShape(error)) return AppError.from(error)
  return new AppError('INTERNAL', error instanceof Error ? error.message : 'Something went wrong. Try again.')
}

/** Field problems of a VALIDATION error, keyed by path ("emails.0.value"); update paths lose their "patch." prefix. */
export function fieldProblems(error: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  const details = error instanceof AppError || isAppErrorShape(error) ? (error as AppError).details : undefined
  const problems = (details as { problems?: unknown } | undefined)?.problems
  if (!Array.isArray(problems)) return out
  for (const p of problems) {
    if (!p || typeof p.path !== 'string' || typeof p.message !== 'string') continue
    const path = p.path.replace(/^patch\./, '')
    if (!(path in out)) out[path] = p.message
  }
  return out
}
