/**
 * A list too long to load at once: rows are fetched in pages of 100 by offset as they scroll into
 * view, and kept by page. Used by the contacts and companies lists.
 */
import type { StoreApi, UseBoundStore } from 'zustand'
import type { Page } from '../../src-shared/model/common'
import { toAppError } from '../lib/crm'
import { defineStore } from './registry'

export const PAGE_SIZE = 100

export interface PagedListState<T, Q> {
  query: Q
  /** null until the first page arrived. */
  total: number | null
  pages: Record<number, T[]>
  error: string | null
  /** Changes whenever the query changes, so views can reset scroll and selection. */
  generation: number
  setQuery: (patch: Partial<Q>) => void
  /** Loads the pages holding rows start..end (inclusive) that are not loaded yet. */
  ensureRange: (start: number, end: number) => void
  /** Refetches what is on screen (after data.changed, or when the view opens again). */
  refresh: () => Promise<void>
  itemAt: (index: number) => T | undefined
}

/** Every row loaded so far, in order. */
export function loadedItems<T>(pages: Record<number, T[]>): T[] {
  return Object.keys(pages)
    .map(Number)
    .sort((a, b) => a - b)
    .flatMap((p) => pages[p])
}

export type PagedListStore<T, Q> = UseBoundStore<StoreApi<PagedListState<T, Q>>>

export function createPagedListStore<T, Q>(
  fetchPage: (query: Q, offset: number, limit: number) => Promise<Page<T>>,
  initialQuery: Q,
): PagedListStore<T, Q> {
  let inFlight = new Set<number>()
  let visible: [number, number] = [0, PAGE_SIZE - 1]
  /** Bumped by a reset, which puts `generation` back to 0: answers to requests made before it are dropped. */
  let epoch = 0

  return defineStore<PagedListState<T, Q>>((set, get) => {
    const load = async (pageNo: number, generation: number) => {
      if (inFlight.has(pageNo)) return
      inFlight.add(pageNo)
      const flight = inFlight
      const mine = epoch
      const current = () => mine === epoch && get().generation === generation
      try {
        const page = await fetchPage(get().query, pageNo * PAGE_SIZE, PAGE_SIZE)
        if (!current()) return
        set((s) => ({ pages: { ...s.pages, [pageNo]: page.items }, total: page.total, error: null }))
      } catch (error) {
        if (current()) set({ error: toAppError(error).message })
      } finally {
        flight.delete(pageNo)
      }
    }

    const pagesFor = (start: number, end: number) => {
      const first = Math.floor(Math.max(0, start) / PAGE_SIZE)
      const last = Math.floor(Math.max(0, end) / PAGE_SIZE)
      const out: number[] = []
      for (let p = first; p <= last; p++) out.push(p)
      return out
    }

    /** Starts a new generation: answers to older requests are dropped. */
    const nextGeneration = (keepPages: number[]) => {
      inFlight = new Set()
      const { pages, generation } = get()
      const kept: Record<number, T[]> = {}
      for (const p of keepPages) if (pages[p]) kept[p] = pages[p]
      set({ pages: kept, generation: generation + 1 })
      return generation + 1
    }

    return {
      query: initialQuery,
      total: null,
      pages: {},
      error: null,
      generation: 0,

      setQuery: (patch) => {
        set((s) => ({ query: { ...s.query, ...patch }, total: null }))
        visible = [0, PAGE_SIZE - 1]
        const generation = nextGeneration([])
        void load(0, generation)
      },

      ensureRange: (start, end) => {
        visible = [start, end]
        const { pages, generation, total } = get()
        for (const p of pagesFor(start, end)) {
          if (pages[p] || (total !== null && p * PAGE_SIZE >= total && p > 0)) continue
          void load(p, generation)
        }
      },

      refresh: async () => {
        const wanted = pagesFor(visible[0], visible[1])
        const generation = nextGeneration(wanted)
        await Promise.all(wanted.map((p) => load(p, generation)))
      },

      itemAt: (index) => get().pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE],
    }
  }, () => {
    epoch++
    inFlight = new Set()
    visible = [0, PAGE_SIZE - 1]
  })
}
