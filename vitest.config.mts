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
        test: { name: 'renderer', include: ['tests/renderer/**/*.test.tsx'], environment: 'jsdom' },
      },
    ],
  },
})
