/**
 * The browser transport: the window.crm the browser host gives the page, the same CrmBridge the
 * Electron preload (src-main/electron/preload.ts) exposes, spoken over HTTP (invoke) and server-sent
 * events (on). A browser script, not a Node module: the host bundles it once at start (server.ts,
 * esbuild) and serves it same-origin as ./__crm/bridge.js, so the renderer's CSP (script-src 'self')
 * needs no exception. The access token comes from <meta name="crm-token">, which the host writes into
 * index.html ahead of the script.
 */
import type { CrmBridge, Events } from '../../src-shared/api'
import type { AppErrorShape } from '../../src-shared/errors'

const UNREACHABLE: { ok: false; error: AppErrorShape } = {
  ok: false,
  error: {
    code: 'INTERNAL',
    message: 'The CRM host is not reachable. Is "npm run serve" still running? Restart it and reload this page.',
  },
}

function createWebBridge(token: string): CrmBridge {
  // One stream for the page, opened by the first subscriber; each listener is a handler on it.
  let source: EventSource | null = null
  return {
    async invoke(name, input) {
      try {
        const response = await fetch('./__crm/invoke', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-crm-token': token },
          body: JSON.stringify({ name, input }),
        })
        return await response.json()
      } catch {
        return UNREACHABLE
      }
    },
    on(event, listener) {
      const stream = (source ??= new EventSource(`./__crm/events?token=${encodeURIComponent(token)}`))
      const handler = (message: MessageEvent<string>) => listener(JSON.parse(message.data) as Events[typeof event])
      stream.addEventListener(event, handler)
      return () => stream.removeEventListener(event, handler)
    },
  }
}

// Not a module anyone imports (it runs in the page): the one thing it does is put window.crm there.
const pageToken = document.querySelector<HTMLMetaElement>('meta[name="crm-token"]')?.content ?? ''
Object.defineProperty(window, 'crm', { value: Object.freeze(createWebBridge(pageToken)), enumerable: true })
