/**
 * The database port over a real PostgreSQL (DATABASE_URL): a pg.Pool for queries and
 * transactions, and one dedicated connection for LISTEN (a wake-up only, re-opened when it drops).
 * Any number of server instances may share the database: nothing here is state they need.
 */
import pg from 'pg'
import type { Database, Queryable, Row } from './port'

const INT8 = 20
const NUMERIC = 1700

/** Numbers as numbers (every bigint the server stores is far below 2^53). */
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format as 'text')
  },
}

/** The URL as it may be shown: without its password. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url)
    parsed.password = ''
    return `${parsed.host}${parsed.pathname}`
  } catch {
    return 'the address in DATABASE_URL'
  }
}

const wrap = (client: pg.PoolClient | pg.Pool): Queryable => ({
  async query<T = Row>(text: string, params: readonly unknown[] = []) {
    const result = await client.query(text, params as unknown[])
    return result.rows as T[]
  },
})

export async function openPostgres(url: string, options: { max?: number; onError?: (error: Error) => void } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types, connectionTimeoutMillis: 10_000 })
  // an idle client that loses its connection emits here; the pool replaces it
  pool.on('error', (error) => options.onError?.(error))
  try {
    await pool.query('SELECT 1')
  } catch (error) {
    await pool.end().catch(() => {})
    throw new Error(`Could not connect to PostgreSQL at ${describeUrl(url)} (DATABASE_URL): ${(error as Error)?.message ?? error}`)
  }
  const plain = wrap(pool)
  const listeners = new Set<() => Promise<void>>()
  let closed = false

  return {
    kind: 'postgres',
    query: plain.query,
    async transaction(fn) {
      const client = await pool.connect()
      let broken = false
      try {
        await client.query('BEGIN')
        const result = await fn(wrap(client))
        await client.query('COMMIT')
        return result
      } catch (error) {
        try {
          await client.query('ROLLBACK')
        } catch {
          broken = true
        }
        throw error
      } finally {
        client.release(broken)
      }
    },
    listen(channel, onPayload, onError) {
      let client: pg.Client | null = null
      let stopped = false
      let retry: NodeJS.Timeout | null = null
      const open = async () => {
        const next = new pg.Client({ connectionString: url, types })
        next.on('notification', (message) => {
          if (message.channel === channel) onPayload(message.payload ?? '')
        })
        next.on('error', (error) => {
          onError(error)
          next.end().catch(() => {})
          if (client === next) client = null
          schedule()
        })
        await next.connect()
        await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`)
        if (stopped) {
          await next.end().catch(() => {})
          return
        }
        client = next
      }
      const schedule = () => {
        if (stopped || retry) return
        retry = setTimeout(() => {
          retry = null
          open().catch((error) => {
            onError(error as Error)
            schedule()
          })
        }, 1000)
        retry.unref()
      }
      const stop = async () => {
        stopped = true
        if (retry) clearTimeout(retry)
        listeners.delete(stop)
        await client?.end().catch(() => {})
        client = null
      }
      listeners.add(stop)
      return open().then(
        () => stop,
        async (error) => {
          await stop()
          throw error
        },
      )
    },
    async close() {
      if (closed) return
      closed = true
      for (const stop of [...listeners]) await stop()
      await pool.end()
    },
  }
}
