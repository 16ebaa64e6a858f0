/**
 * app://crm/: the packaged renderer's own origin, served from the renderer folder (out/renderer), in
 * place of file:// (which would give the page every local file's origin and needs the
 * GrantFileProtocolExtraPrivileges fuse). No electron import: main.ts registers the scheme and passes
 * each request to serveAppRequest; tests/unit/electron-policy.test.ts runs both on real files.
 */
import { readFile, realpath, stat } from 'node:fs/promises'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { contentTypeOf, RENDERER_CSP } from '../../src-shared/web-content'
import { APP_HOST, APP_SCHEME } from './navigation-policy'

/**
 * protocol.registerSchemesAsPrivileged's privileges for app: (before app ready). standard: a real
 * origin (app://crm), relative URLs and 'self' in the CSP; secure: a secure context (Notification);
 * supportFetchAPI + corsEnabled: Vite's <script type="module" crossorigin> loads; codeCache: V8 caches
 * the scripts. Not bypassCSP, not allowServiceWorkers, not stream.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: true,
  codeCache: true,
} as const

export type AppPathResolution = { ok: true; path: string } | { ok: false; status: 400 | 404 }

/**
 * The file under rendererDir that an app:// request URL names, or why not: 404 for another host or
 * scheme, or a path that leaves the folder; 400 for bad percent-encoding. Each segment is decoded
 * on its own, so an encoded slash or backslash (%2f, %5c) or an encoded dot segment cannot climb out,
 * and the result is checked to lie inside rendererDir whatever the segments were.
 */
export function resolveAppPath(rendererDir: string, requestUrl: string): AppPathResolution {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return { ok: false, status: 400 }
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password) return { ok: false, status: 404 }
  const segments: string[] = []
  for (const raw of url.pathname.split('/')) {
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      return { ok: false, status: 400 }
    }
    if (segment === '') continue
    if (segment === '.' || segment === '..' || /[/\\\0]/.test(segment) || /^[a-z]:/i.test(segment)) return { ok: false, status: 404 }
    segments.push(segment)
  }
  const root = resolve(rendererDir)
  const path = resolve(root, ...(segments.length === 0 ? ['index.html'] : segments))
  return isInside(root, path) ? { ok: true, path } : { ok: false, status: 404 }
}

/** path is root itself's descendant (not root, not a sibling such as renderer-old/). */
function isInside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)
}

const HEADERS = {
  'content-security-policy': RENDERER_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
} as const

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' } })
}

/** protocol.handle's answer for app:: the file with its content type, or a short 400/404/405. */
export async function serveAppRequest(rendererDir: string, request: Pick<Request, 'url' | 'method'>): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed')
  const resolved = resolveAppPath(rendererDir, request.url)
  if (!resolved.ok) return plain(resolved.status, resolved.status === 400 ? 'Bad request' : 'Not found')
  try {
    // A folder, something missing, or a symlink that leads out of the folder is a 404.
    const [root, real] = await Promise.all([realpath(rendererDir), realpath(resolved.path)])
    if (!isInside(root, real)) return plain(404, 'Not found')
    if (!(await stat(real)).isFile()) return plain(404, 'Not found')
    const body = request.method === 'HEAD' ? null : await readFile(resolved.path)
    return new Response(body, { status: 200, headers: { ...HEADERS, 'content-type': contentTypeOf(resolved.path) } })
  } catch {
    return plain(404, 'Not found')
  }
}
