import { AppError } from '../../../src-shared/errors'
import type { Clock } from '../clock'
import type { Repository } from '../db/repository'
import type { SyncedTableName } from '../db/schema'
import type { LocalWriter, Reader } from '../db/access'

/**
 * What every service is given: reads through q (cached statements that only read), writes to
 * synced tables through repo, and to the local-only tables (imports, jobs) through local.
 */
export interface ServiceContext {
  q: Reader
  local: LocalWriter
  repo: Repository
  clock: Clock
}

/** A validation error on one field, shaped like the ones core.invoke makes from zod. */
export function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION', message, { problems: [{ path, message }] })
}

/** Throws NOT_FOUND unless the row exists and is not deleted. */
export function requireActive(ctx: ServiceContext, table: SyncedTableName, id: string, what: string): void {
  const row = ctx.q.one<{ deleted_at: number | null }>(`SELECT deleted_at FROM ${table} WHERE id = ?`, id)
  if (!row) throw new AppError('NOT_FOUND', `${what} was not found. It may have been removed; refresh and try again.`, { id })
  if (row.deleted_at !== null) throw new AppError('NOT_FOUND', `${what} was deleted. Restore it first or pick another one.`, { id })
}

/** Applies fn to every id in one transaction; all ids must exist (else nothing is written). */
export function forEachId(ctx: ServiceContext, table: SyncedTableName, ids: string[], what: string, fn: (id: string) => boolean) {
  return ctx.repo.write(() => {
    let count = 0
    for (const id of new Set(ids)) {
      const exists = ctx.q.one(`SELECT 1 FROM ${table} WHERE id = ?`, id)
      if (!exists) throw new AppError('NOT_FOUND', `${what} was not found. Refresh and try again.`, { id })
      if (fn(id)) count++
    }
    return { count }
  })
}
