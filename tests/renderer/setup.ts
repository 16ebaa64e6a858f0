/**
 * Shared by every renderer test: a fresh fake bridge and fresh stores per test, DOM cleanup, and the
 * element sizes jsdom does not compute (the virtualized lists need a viewport height).
 */
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach } from 'vitest'
import { useBoard } from '../../src-renderer/stores/board'
import { useCompanyList } from '../../src-renderer/stores/companies'
import { useCompanyDetail } from '../../src-renderer/stores/companyDetail'
import { useContactDetail } from '../../src-renderer/stores/contactDetail'
import { useContactList, useContactSelection } from '../../src-renderer/stores/contacts'
import { useCustomFields } from '../../src-renderer/stores/customFields'
import { useDashboard } from '../../src-renderer/stores/dashboard'
import { useDealDetail } from '../../src-renderer/stores/dealDetail'
import { useDealList } from '../../src-renderer/stores/dealList'
import { useJobs } from '../../src-renderer/stores/jobs'
import { useReports } from '../../src-renderer/stores/reports'
import { usePipelines } from '../../src-renderer/stores/pipelines'
import { useReminders } from '../../src-renderer/stores/reminders'
import { useRoute } from '../../src-renderer/stores/route'
import { useTags } from '../../src-renderer/stores/tags'
import { useTaskCounts, useToday } from '../../src-renderer/stores/tasks'
import { useTimeline } from '../../src-renderer/stores/timeline'
import { useToasts } from '../../src-renderer/stores/toasts'
import { useUi } from '../../src-renderer/stores/ui'
import { FakeCrm } from './fakeCrm'

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

interface ResettableStore {
  getState: () => unknown
  setState: (state: never, replace: true) => void
}
const stores: ResettableStore[] = [useBoard, useDealDetail, usePipelines, useCompanyList, useCompanyDetail, useContactDetail, useContactList, useContactSelection, useCustomFields, useRoute, useTags, useTimeline, useToasts, useUi, useToday, useTaskCounts, useReminders, useReports, useDashboard, useDealList, useJobs]
const initial = stores.map((s) => s.getState())

export let fake: FakeCrm

beforeEach(() => {
  stores.forEach((s, i) => s.setState(initial[i] as never, true))
  // existing tests start on the contacts list; the start-page choice has its own test
  location.hash = '#/contacts'
  fake = new FakeCrm().install()
})

afterEach(() => {
  cleanup()
})
