/**
 * Shared by every renderer test: window.crm backed by a fresh real core per test (realCrm.ts), fresh
 * stores, DOM cleanup, and the element sizes jsdom does not compute (the virtualized lists need a
 * viewport height).
 */
import { cleanup, configure } from '@testing-library/react'
import { afterAll, afterEach, beforeEach } from 'vitest'
import { resetStores } from '../../src-renderer/stores/registry'
import { RealCrm, removeTemplate, seeder, type Seed } from './realCrm'

// findBy*/waitFor wait on a real core in another module graph: 1 s (the default) is too short on a
// busy 2-core machine. A longer wait is a guard only, no test asserts how long anything takes.
configure({ asyncUtilTimeout: 10_000 })

export const VIEWPORT_HEIGHT = 600

Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
  configurable: true,
  get(this: HTMLElement) {
    return this.classList.contains('vlist') ? VIEWPORT_HEIGHT : 0
  },
})
Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
  configurable: true,
  get(this: HTMLElement) {
    return this.classList.contains('vlist') ? 1000 : 0
  },
})

// jsdom has no ResizeObserver; recharts' ResponsiveContainer wants one (charts keep their initial size)
if (typeof globalThis.ResizeObserver === 'undefined') {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver
}

/** This test's window.crm: the real core behind a recorder of what the UI sent. */
export let crm: RealCrm
/** Seeds this test's core through its own commands. */
export let seed: Seed

beforeEach(() => {
  resetStores()
  // existing tests start on the contacts list; the start-page choice has its own test
  location.hash = '#/contacts'
  crm = new RealCrm().install()
  seed = seeder(crm)
})

afterEach(async () => {
  cleanup()
  await crm.close()
})

afterAll(() => removeTemplate())
