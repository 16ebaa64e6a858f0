/**
 * The one database port of the server: plain SQL with $1… parameters, the same text on PGlite
 * and on PostgreSQL (db/pglite.ts, db/postgres.ts). Rows come back as objects keyed by column
 * name; bigint columns may arrive as number, string or bigint depending on the driver, so read
 * them with Number().
 */
export type Row = Record<string, unknown>

export interface Queryable {
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres'
  /** Runs `fn` in one transaction (READ COMMITTED): committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  /**
   * NOTIFY payloads on `channel` from every instance on this database (PostgreSQL only: a wake-up,
   * never needed for correctness). Null where this process is the database's only user (PGlite).
   */
  listen(channel: string, onPayload: (payload: string) => void, onError: (error: Error) => void): Promise<() => Promise<void>> | null
  close(): Promise<void>
}

/** SQLSTATE of a database error (pg and PGlite both set `code`). */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
}

export const UNIQUE_VIOLATION = '23505'
