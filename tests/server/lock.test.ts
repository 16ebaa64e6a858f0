/**
 * The folder lock of a PGlite server (src-server/db/lock.ts): one server per folder, in this
 * process or another (`npx tsx src-server/main.ts`, as `npm run server` runs it); the refused one
 * says what to do and the first keeps serving with its data; a closed server's folder is free; the
 * lock of a server killed with -9 is stale and taken over, with everything it had answered there.
 * PGlite only: PostgreSQL has no folder of ours.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { PulledOp } from '../../src-shared/sync-protocol'
import { FolderLockedError, LOCK_FILE } from '../../src-server/db/lock'
import { silentLog, startServer, type RunningServer } from '../../src-server/server'
import { clientOf, makeOps, OPEN_LIMITS, type Answer, type CallOptions } from './helpers'

const ROOT = resolve(__dirname, '../..')
/** A guard against a child that never prints its address or never exits (a failure, not a synchronisation). */
const CHILD_GUARD_MS = 45_000

const dirs: string[] = []
const servers: RunningServer[] = []
const children: Child[] = []
afterAll(async () => {
  for (const child of children) child.stop()
  while (servers.length) await servers.pop()!.close()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'crm-lock-'))
  dirs.push(dir)
  return dir
}

const lockPid = (dir: string) => Number(readFileSync(join(dir, LOCK_FILE), 'utf8').trim())

/** A client of the server at `url` (fetch; the same calls as the other server tests). */
function clientAt(url: string) {
  return clientOf(async (method: string, path: string, o: CallOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...o.headers }
    if (o.token) headers.authorization = `Bearer ${o.token}`
    const body = o.body === undefined ? undefined : JSON.stringify(o.body)
    if (body !== undefined) headers['content-type'] = 'application/json'
    const response = await fetch(`${url}${path}`, { method, headers, body })
    const text = await response.text()
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: Object.fromEntries(response.headers) }
  })
}

async function startIn(dir: string): Promise<RunningServer & ReturnType<typeof clientAt>> {
  const server = await startServer({ database: { kind: 'pglite', dataDir: dir }, log: silentLog, limits: OPEN_LIMITS })
  servers.push(server)
  const close = async () => {
    servers.splice(servers.indexOf(server), 1)
    await server.close()
  }
  return { ...server, close, ...clientAt(server.url) }
}

interface Child {
  process: ChildProcess
  stdout(): string
  stderr(): string
  /** Its address once it printed "listening", or null if it exited first. */
  started: Promise<string | null>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  stop(): void
}

/** `npx tsx src-server/main.ts` on PGlite in `dir`, any free port. */
function spawnServer(dir: string): Child {
  const env: NodeJS.ProcessEnv = { ...process.env, CRM_SERVER_DIR: dir, PORT: '0' }
  delete env.DATABASE_URL
  const child = spawn('npx', ['tsx', 'src-server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout!.setEncoding('utf8')
  child.stderr!.setEncoding('utf8')
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  const started = new Promise<string | null>((resolve) => {
    child.stdout!.on('data', (chunk: string) => {
      out += chunk
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match) resolve(match[1])
    })
    child.stderr!.on('data', (chunk: string) => (err += chunk))
    void exited.then(() => resolve(null))
  })
  const handle: Child = {
    process: child,
    stdout: () => out,
    stderr: () => err,
    started,
    exited,
    stop() {
      // the server is the node process at the end of npx → sh → tsx → node: its pid is in the lock
      if (child.exitCode !== null || child.signalCode !== null) return
      try {
        const pid = lockPid(dir)
        if (pid !== process.pid) process.kill(pid, 'SIGKILL')
      } catch {
        // no lock (yet): the chain goes with npx
      }
      child.kill('SIGKILL')
    },
  }
  children.push(handle)
  return handle
}

function guarded<T>(promise: Promise<T>, what: string, child: Child): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: stdout ${child.stdout()} stderr ${child.stderr()}`)), CHILD_GUARD_MS)
  })
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer))
}

async function pullAll(client: ReturnType<typeof clientAt>, token: string, workspaceId: string): Promise<PulledOp[]> {
  const ops: PulledOp[] = []
  let after = 0
  for (;;) {
    const page = await client.pull(token, workspaceId, { after, limit: 1000 })
    expect(page.status, JSON.stringify(page.body)).toBe(200)
    ops.push(...page.body.ops)
    after = page.body.next
    if (after >= page.body.head) return ops
  }
}

/** An account, a workspace and `pushes` answered pushes of 25 ops by one device. */
async function fill(client: ReturnType<typeof clientAt>, pushes: number) {
  const ana = await client.signUp('Ana')
  const ws = await client.workspace(ana.token)
  for (let i = 0; i < pushes; i++) {
    const answer = await client.push(ana.token, ws.id, 'devanaaa', makeOps('devanaaa', i * 25 + 1, 25))
    expect(answer.body, JSON.stringify(answer.body)).toMatchObject({ accepted: 25, seq: (i + 1) * 25 })
  }
  return { ana, ws, ops: pushes * 25 }
}

const seqs = (ops: PulledOp[]) => ops.map((op) => [op.seq, op.clientSeq])
const oneToN = (n: number) => Array.from({ length: n }, (_, i) => [i + 1, i + 1])

describe('the folder lock (pglite on disk)', () => {
  it('refuses a second server on the folder in this process with a sentence that says what to do; the first keeps serving', async () => {
    const dir = tempFolder()
    const first = await startIn(dir)
    const { ana, ws, ops } = await fill(first, 2)
    expect(lockPid(dir)).toBe(process.pid)

    const error = await startServer({ database: { kind: 'pglite', dataDir: dir }, log: silentLog }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(FolderLockedError)
    const locked = error as FolderLockedError
    expect(locked.folder).toBe(dir)
    expect(locked.pid).toBe(process.pid)
    // who holds it, and the two ways out, plus the one for a lock no server holds
    expect(locked.message).toContain(`Another sync server (pid ${process.pid}) is using the folder ${dir}`)
    expect(locked.message).toContain('stop it first, or start this one with another folder')
    expect(locked.message).toContain(`If no server is running, delete ${join(dir, LOCK_FILE)}`)

    // the refused one left the lock and the database alone
    expect(lockPid(dir)).toBe(process.pid)
    expect(seqs(await pullAll(first, ana.token, ws.id))).toEqual(oneToN(ops))
    expect((await first.push(ana.token, ws.id, 'devanaaa', makeOps('devanaaa', ops + 1, 5))).body).toMatchObject({ accepted: 5, seq: ops + 5 })
    await first.close()
  })

  it('a second server PROCESS on the folder exits with code 1 and the sentence on stderr; the first keeps serving, its data intact', async () => {
    const dir = tempFolder()
    const first = await startIn(dir)
    const { ana, ws, ops } = await fill(first, 4)

    const second = spawnServer(dir)
    const exit = await guarded(second.exited, 'the second server did not exit', second)
    expect(await second.started).toBeNull()
    expect(exit.code, second.stderr()).toBe(1)
    expect(second.stderr()).toContain(`Another sync server (pid ${process.pid}) is using the folder ${dir}: stop it first`)
    expect(second.stdout()).not.toContain('listening')

    expect(lockPid(dir)).toBe(process.pid)
    expect(seqs(await pullAll(first, ana.token, ws.id))).toEqual(oneToN(ops))
    expect((await first.push(ana.token, ws.id, 'devanaaa', makeOps('devanaaa', ops + 1, 5))).body).toMatchObject({ accepted: 5, seq: ops + 5 })
    await first.close()
  })

  it('after a server closes, the folder is free: a server process starts on it with the data, and stops cleanly on SIGTERM (lock released)', async () => {
    const dir = tempFolder()
    const first = await startIn(dir)
    const { ana, ws, ops } = await fill(first, 2)
    await first.close()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)

    const child = spawnServer(dir)
    const url = await guarded(child.started, 'the server process did not start', child)
    expect(url, child.stderr()).not.toBeNull()
    const served = clientAt(url!)
    const serverPid = lockPid(dir)
    expect(serverPid).not.toBe(process.pid)
    expect(seqs(await pullAll(served, ana.token, ws.id))).toEqual(oneToN(ops))
    expect((await served.push(ana.token, ws.id, 'devanaaa', makeOps('devanaaa', ops + 1, 5))).body).toMatchObject({ accepted: 5, seq: ops + 5 })

    process.kill(serverPid, 'SIGTERM')
    const exit = await guarded(child.exited, 'the server process did not stop on SIGTERM', child)
    expect(exit.code, child.stderr()).toBe(0)
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)

    const again = await startIn(dir)
    expect(seqs(await pullAll(again, ana.token, ws.id))).toEqual(oneToN(ops + 5))
    await again.close()
  })

  it('takes over the lock of a server process killed with -9 (stale pid), with every op it had answered', async () => {
    const dir = tempFolder()
    const child = spawnServer(dir)
    const url = await guarded(child.started, 'the server process did not start', child)
    expect(url, child.stderr()).not.toBeNull()
    const served = clientAt(url!)
    const { ana, ws, ops } = await fill(served, 8)
    const before = await pullAll(served, ana.token, ws.id)
    expect(seqs(before)).toEqual(oneToN(ops))

    // alive, it holds the folder against this process too (its pid named)
    const serverPid = lockPid(dir)
    const refused = await startServer({ database: { kind: 'pglite', dataDir: dir }, log: silentLog }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(refused).toBeInstanceOf(FolderLockedError)
    expect((refused as FolderLockedError).pid).toBe(serverPid)

    process.kill(serverPid, 'SIGKILL')
    await guarded(child.exited, 'the npx chain did not end after its server was killed', child)
    // the dead server's lock is still there: that is what is taken over
    expect(lockPid(dir)).toBe(serverPid)
    expect(() => process.kill(serverPid, 0)).toThrow()

    const next = await startIn(dir)
    expect(lockPid(dir)).toBe(process.pid)
    // the session, the workspace and every op, exactly as pulled before the kill
    expect(await pullAll(next, ana.token, ws.id)).toEqual(before)
    expect((await next.push(ana.token, ws.id, 'devanaaa', makeOps('devanaaa', ops + 1, 5))).body).toMatchObject({ accepted: 5, seq: ops + 5 })
    // a repeat of an op answered before the kill is known: stored once
    expect((await next.push(ana.token, ws.id, 'devanaaa', makeOps('devanaaa', ops - 4, 5))).body).toMatchObject({ accepted: 0, lastClientSeq: ops + 5 })
    await next.close()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
    expect(readFileSync(join(dir, 'pgdata', 'PG_VERSION'), 'utf8').trim()).toMatch(/^\d+$/)
  })
})
