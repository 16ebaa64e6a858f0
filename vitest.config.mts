import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', pool: 'forks' },
      },
      {
        plugins: [react()],
        // Each test runs the real core (better-sqlite3 is a native module: forks, as the unit project).
        // Some tests wait for real work (sample data is a job of many chunks): time enough on a busy machine.
        test: { name: 'renderer', include: ['tests/renderer/**/*.test.tsx'], environment: 'jsdom', pool: 'forks', testTimeout: 30_000 },
      },
    ],
  },
})
