/**
 * What both hosts of the renderer (the Electron app:// protocol and the browser host) send with its
 * files: one CSP and one table of content types, so the two cannot drift apart.
 */

/**
 * src-renderer/index.html's meta CSP (a test holds them equal) plus frame-ancestors, which only a
 * header can carry: no page may frame the app.
 */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** The build output's file types; anything else is served as application/octet-stream (with nosniff). */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

export function contentTypeOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.')
  const slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'))
  const extension = dot > slash ? fileName.slice(dot).toLowerCase() : ''
  return CONTENT_TYPES[extension] ?? 'application/octet-stream'
}
