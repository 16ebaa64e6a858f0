/**
 * Where the app's window may go and what it may hand to the system: pure decisions (no electron
 * import) so they are unit-tested with hostile URLs (tests/unit/electron-policy.test.ts); main.ts
 * only wires them to will-navigate, will-frame-navigate, will-redirect and setWindowOpenHandler.
 */

/** The renderer is served from app://crm/ (app-protocol.ts), a standard, secure scheme of our own. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'crm'
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/** Longer links are not something a user clicked in a CRM record; refusing them costs nothing. */
const MAX_EXTERNAL_URL = 2048
/** mailto: may carry these only; others (attach=, …) have let mail clients pick up local files. */
const MAILTO_FIELDS = new Set(['subject', 'body', 'cc', 'bcc'])

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * One of the app's own pages: app://crm/ or app://crm/index.html (any hash: the routes), or in
 * development a page of the electron-vite dev server (ELECTRON_RENDERER_URL). Compared by scheme,
 * host and port, never by prefix: app://crm.evil/, app://crm@evil/ and http://localhost:51730 fail.
 */
export function isAppPage(url: string, devServerUrl?: string): boolean {
  if (!isAppOrigin(url, devServerUrl)) return false
  if (devServerUrl) return true
  const { pathname } = new URL(url)
  return pathname === '/' || pathname === '/index.html'
}

/**
 * The app's origin (any path): what a permission check's requestingOrigin ("app://crm") is held to.
 * In development, the dev server's origin.
 */
export function isAppOrigin(url: string, devServerUrl?: string): boolean {
  const target = parse(url)
  if (!target || target.username || target.password) return false
  if (devServerUrl) {
    const dev = parse(devServerUrl)
    return !!dev && target.protocol === dev.protocol && target.host === dev.host
  }
  return target.protocol === `${APP_SCHEME}:` && target.host === APP_HOST
}

/**
 * The URL to give the system (browser or mail client) for a link the user followed, or null to
 * refuse it. Only http:, https: and mailto: (a CRM's email addresses are meant to be written to);
 * never javascript:, data:, file:, blob:, tel:, our own app: or any other handler's scheme; no user
 * name or password (https://bank.example@evil.example/ is a phishing trick); an http(s) link needs
 * a host. The answer is the parsed URL re-serialized (an IDN host as punycode, so the browser shows
 * the real host), not the raw string.
 */
export function externalTarget(url: string): string | null {
  if (url.length > MAX_EXTERNAL_URL) return null
  const target = parse(url)
  if (!target) return null
  if (target.protocol === 'http:' || target.protocol === 'https:') {
    if (!target.hostname || target.username || target.password) return null
    return target.href
  }
  if (target.protocol === 'mailto:') {
    const address = decodeURIComponentOrNull(target.pathname)
    // One or more plain addresses: no path tricks, no credentials, no header injection.
    if (!address || !/^[^\s/\\@:<>"]+@[^\s/\\@:<>"]+(,[^\s/\\@:<>"]+@[^\s/\\@:<>"]+)*$/.test(address)) return null
    for (const key of target.searchParams.keys()) if (!MAILTO_FIELDS.has(key.toLowerCase())) return null
    return target.href
  }
  return null
}

function decodeURIComponentOrNull(text: string): string | null {
  try {
    return decodeURIComponent(text)
  } catch {
    return null
  }
}

export type NavigationDecision = { allow: true } | { allow: false; openExternally: string | null }

/**
 * A main-frame navigation the page started (a link without target, location = …): our own pages
 * stay in the window; a link out is refused in the window and, when externalTarget accepts it,
 * opened in the system's browser or mail client (the mailto: links of a contact).
 */
export function decideNavigation(url: string, devServerUrl?: string): NavigationDecision {
  if (isAppPage(url, devServerUrl)) return { allow: true }
  return { allow: false, openExternally: externalTarget(url) }
}

/**
 * A redirect or a subframe navigation: never to anything but our own pages, and never handed to
 * the system (the user did not click that URL).
 */
export function allowsInWindowOnly(url: string, devServerUrl?: string): boolean {
  return isAppPage(url, devServerUrl)
}
