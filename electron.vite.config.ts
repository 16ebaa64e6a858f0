import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

// Pure-JS dependencies are bundled into main (some ship ESM only); only native better-sqlite3 and
// electron-updater stay external, to be loaded from node_modules of the packaged app.
const bundled = ['@faker-js/faker', 'date-fns', 'drizzle-orm', 'eventsource-parser', 'fractional-indexing', 'ical.js', 'libphonenumber-js', 'papaparse', 'uuid', 'zod']

export default defineConfig({
  main: {
    build: {
      externalizeDeps: { exclude: bundled },
      // core-worker: core's thread (src-main/core/worker/entry.ts), started by the main process
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/electron/main.ts'), 'core-worker': resolve(__dirname, 'src-main/core/worker/entry.ts') },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can only require 'electron': bundle everything into one CJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/electron/preload.ts') },
        output: { format: 'cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    base: './',
    build: {
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
    plugins: [
      react(),
      {
        // Dev server only: React Fast Refresh injects an inline preamble script. Builds keep the strict CSP.
        name: 'dev-csp-allows-refresh-preamble',
        apply: 'serve',
        transformIndexHtml: (html: string) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
      },
    ],
  },
})
