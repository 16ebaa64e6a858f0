import type { Database } from './db/port'
import type { Hub } from './events'

export interface Logger {
  info(message: string, ...args: unknown[]): void
  warn(message: string, ...args: unknown[]): void
  error(message: string, ...args: unknown[]): void
}

/** Throttling (kept in the database: any instance counts the same rows). */
export interface ServerLimits {
  /** Failed sign-ins of one email within the window before 429. */
  signInFailuresPerAccount: number
  /** Failed sign-ins from one address within the window before 429. */
  signInFailuresPerAddress: number
  signInWindowMs: number
  /** Accounts created from one address within the window before 429. */
  accountsPerAddress: number
  accountsWindowMs: number
}

export const DEFAULT_LIMITS: ServerLimits = {
  signInFailuresPerAccount: 5,
  signInFailuresPerAddress: 30,
  signInWindowMs: 15 * 60_000,
  accountsPerAddress: 10,
  accountsWindowMs: 60 * 60_000,
}

/** What every route gets: the database, the clock, the limits, the live-updates hub, the log. */
export interface ServerContext {
  db: Database
  now: () => number
  limits: ServerLimits
  hub: Hub
  log: Logger
}
