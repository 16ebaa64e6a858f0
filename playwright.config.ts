import { defineConfig } from '@playwright/test'
import { findChromium } from './scripts/ensure-test-tools.mjs'

// Debian's Chromium (apt-get install chromium); Playwright never downloads a browser here.
// CHROMIUM_PATH (npm test sets it), else the same search as npm test: /usr/bin/chromium, then
// chromium-browser / chromium on PATH. Only npm test installs one; here a missing one is named once.
const found = findChromium()
if (!found && !process.env.TEST_WORKER_INDEX) {
  console.error(
    process.env.CHROMIUM_PATH
      ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file: the e2e specs will fail to launch it`
      : 'Chromium not found: run `sudo apt-get install chromium` or set CHROMIUM_PATH=/path/to/chromium (e2e specs will fail)',
  )
}
export const CHROMIUM = found ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results/artifacts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'e2e',
      testMatch: 'e2e/**/*.spec.ts',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: CHROMIUM,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        },
      },
    },
    { name: 'electron', testMatch: 'electron/**/*.spec.ts' },
  ],
})
