/**
 * `npm run server`: the sync server on this machine.
 * - PGlite (embedded PostgreSQL) in ./.crm-server by default: nothing to install;
 * - DATABASE_URL=postgres://… uses that PostgreSQL instead (several instances may share it);
 * - PORT (default 8787), HOST (default 127.0.0.1; 0.0.0.0 to serve the local network);
 * - CRM_SERVER_DIR: another folder for PGlite; TRUST_PROXY=1 behind a reverse proxy.
 * Prints the address to give the desktop app, and stops cleanly on Ctrl+C (SIGINT) or SIGTERM.
 */
import { resolve } from 'node:path'
import { startServer, type DatabaseOption } from './server'

async function main(): Promise<void> {
  const port = process.env.PORT ? Number(process.env.PORT) : 8787
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT=${process.env.PORT} is not a port number: use a whole number from 1 to 65535 (or leave PORT out for 8787).`)
    process.exit(2)
  }
  const host = process.env.HOST || '127.0.0.1'
  const database: DatabaseOption = process.env.DATABASE_URL
    ? { kind: 'postgres', url: process.env.DATABASE_URL }
    : { kind: 'pglite', dataDir: resolve(process.env.CRM_SERVER_DIR || '.crm-server') }
  let server
  try {
    server = await startServer({ database, host, port, trustProxy: process.env.TRUST_PROXY === '1' })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code
    const message =
      code === 'EADDRINUSE'
        ? `Port ${port} on ${host} is already in use: stop what uses it, or start with another PORT.`
        : code === 'EACCES'
          ? `Not allowed to listen on ${host}:${port}: use a port above 1023, or another HOST.`
          : ((error as Error)?.message ?? String(error))
    console.error(message)
    process.exit(1)
  }
  const where = database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${database.dataDir}`
  console.log(`Sync server listening on ${server.url} (${where})`)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: stopping the sync server...`)
    server.close().then(
      () => process.exit(0),
      (error) => {
        console.error('Stopping failed:', (error as Error)?.message ?? error)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

void main()
