import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        // Real work on a real database (sample data, imports, jobs): a busy 2-core machine may take
        // several times the 5 s default, and a timeout is a guard, never a measurement.
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', pool: 'forks', testTimeout: 30_000 },
      },
      {
        plugins: [react()],
        // Each test runs the real core (better-sqlite3 is a native module: forks, as the unit project).
        // Some tests wait for real work (sample data is a job of many chunks): time enough on a busy machine.
        test: { name: 'renderer', include: ['tests/renderer/**/*.test.tsx'], environment: 'jsdom', pool: 'forks', testTimeout: 30_000 },
      },
      {
        // The sync server (src-server) against PGlite in memory AND a private PostgreSQL cluster that
        // globalSetup starts (initdb in a temp folder) and stops; DATABASE_URL set: that server instead.
        test: {
          name: 'server',
          include: ['tests/server/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          globalSetup: ['tests/server/global-setup.ts'],
        },
      },
    ],
  },
})
