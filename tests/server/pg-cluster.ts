/**
 * A private PostgreSQL cluster for the server tests and the bench: initdb in a temp folder,
 * pg_ctl on a free loopback port, trust auth, stopped (and removed) after. As root, initdb and
 * pg_ctl run as the `postgres` user (PostgreSQL refuses to run as root). Debian's binaries are in
 * /usr/lib/postgresql/<version>/bin (scripts/ensure-test-tools.mjs installs them).
 */
import { spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

export function findPostgresBin(): string | null {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions.length ? join(root, versions[0], 'bin') : null
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

function postgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim())
  const uid = id('-u')
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('Running as root, but there is no `postgres` user to run PostgreSQL as: install Debian\'s postgresql package.')
  return { uid, gid: id('-g') }
}

function run(user: { uid: number } | null, command: string, args: string[]): void {
  const [file, argv] = user ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]
  const result = spawnSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`)
}

export interface Cluster {
  url: string
  stop(): Promise<void>
}

/** fsync off by default (tests: a killed server process, never a power cut); the bench keeps it on. */
export async function startCluster(options: { fsync?: boolean; maxConnections?: number } = {}): Promise<Cluster> {
  const bin = findPostgresBin()
  if (!bin) throw new Error('PostgreSQL not found (/usr/lib/postgresql/*/bin/initdb): run `apt-get install -y postgresql`, or set DATABASE_URL to a server the tests may create databases on.')
  const dir = mkdtempSync(join(tmpdir(), 'crm-pg-'))
  const user = postgresUser()
  if (user) chownSync(dir, user.uid, user.gid)
  const data = join(dir, 'data')
  run(user, join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'])
  const port = await freePort()
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    `-c max_connections=${options.maxConnections ?? 300}`,
    '-c shared_buffers=64MB',
    ...(options.fsync ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ')
  run(user, join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', settings, 'start'])
  let stopped = false
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      if (stopped) return
      stopped = true
      try {
        run(user, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

let counter = 0
/** A new, empty database on the cluster at `adminUrl`; its URL. */
export async function createDatabase(adminUrl: string, prefix = 'crm_test'): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(`CREATE DATABASE ${name}`)
  } finally {
    await client.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}
