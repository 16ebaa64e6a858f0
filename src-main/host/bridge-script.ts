/**
 * The window.crm the browser host injects: the same CrmBridge as the Electron preload, spoken over
 * HTTP (invoke) and server-sent events (on). Plain ES2020 source, served as a same-origin script so
 * the renderer's CSP (script-src 'self') needs no exception.
 */
export function bridgeScript(token: string): string {
  return `(() => {
  'use strict';
  const token = ${JSON.stringify(token)};
  const listeners = new Map();
  let source = null;
  const unreachable = { ok: false, error: { code: 'INTERNAL', message: 'The CRM host is not reachable. Is "npm run serve" still running? Restart it and reload this page.' } };
  function subscribe(event) {
    if (!source) source = new EventSource('./__crm/events?token=' + encodeURIComponent(token));
    source.addEventListener(event, (message) => {
      const payload = JSON.parse(message.data);
      for (const listener of listeners.get(event) || []) listener(payload);
    });
  }
  window.crm = Object.freeze({
    async invoke(name, input) {
      try {
        const response = await fetch('./__crm/invoke', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-crm-token': token },
          body: JSON.stringify({ name, input }),
        });
        return await response.json();
      } catch (error) {
        return unreachable;
      }
    },
    on(event, listener) {
      if (!listeners.has(event)) { listeners.set(event, new Set()); subscribe(event); }
      listeners.get(event).add(listener);
      return () => listeners.get(event).delete(listener);
    },
  });
})();
`
}
