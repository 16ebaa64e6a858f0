/**
 * One read command's answer as a store: `createQuery('tasks.counts')` gives data, error and
 * loading, load(input) and refresh(). While a component holds the query (useQuery, useKeepFresh),
 * a data.changed naming one of the tables the command reads (readsOf in the contract) refreshes it.
 *
 * Fetches never pile up: one is in flight and at most one waits behind it (the latest input wins).
 * An answer never overwrites a newer one: answers come back in the order asked, and an answer to an
 * input the screen no longer shows, or older than setData, is dropped.
 */
import { useEffect } from 'react'
import type { StoreApi, UseBoundStore } from 'zustand'
import { readsOf, type CommandInput, type CommandName, type CommandOutput } from '../../src-shared/api'
import type { AppError } from '../../src-shared/errors'
import type { TableName } from '../../src-shared/tables'
import { crm, toAppError } from '../lib/crm'
import { defineStore } from './registry'

export interface QueryState<N extends CommandName, D> {
  /** The last answer (shaped by `select`); null until the first, and again while another input loads. */
  data: D | null
  /** Why the last fetch failed; null once one succeeds. The last data stays (but not for NOT_FOUND). */
  error: AppError | null
  /** A fetch is running or waiting. */
  loading: boolean
  /** The input `data` (or `error`) answers. */
  input: CommandInput<N> | undefined
  /** Asks core; no input: the query's default one. Resolves once this input (or a newer one) is answered. */
  load: (input?: CommandInput<N>) => Promise<void>
  /** Asks again for what was last loaded; nothing before the first load. */
  refresh: () => Promise<void>
  /** Shows an answer got another way (a command returned the saved record); fetches already under way are dropped. */
  setData: (data: D) => void
}

export interface QueryOptions<N extends CommandName, D> {
  /** Shapes core's answer for the views (sorted, indexed). */
  select?: (answer: CommandOutput<N>) => D
  /** The input of load() without one, computed at each fetch (a day window follows the clock). */
  input?: () => CommandInput<N>
  /** Waits this long after data.changed before refreshing, so a burst of changes costs one fetch. */
  refreshDelayMs?: number
}

export type QueryStore<N extends CommandName, D> = UseBoundStore<StoreApi<QueryState<N, D>>> & {
  /** Keeps it fresh until the returned release is called (refreshes once it has been loaded). */
  keepFresh: () => () => void
}

/** The key of load() without an input: the default input may change with the clock, but it asks for the same thing. */
const DEFAULT_INPUT = '(default)'
const NOTHING_SHOWN = '(nothing)'

export function createQuery<N extends CommandName, D = CommandOutput<N>>(name: N, options: QueryOptions<N, D> = {}): QueryStore<N, D> {
  type Input = CommandInput<N> | undefined
  const select = options.select ?? ((answer: CommandOutput<N>) => answer as unknown as D)
  const reads = readsOf(name)

  /** Bumped whenever answers to fetches already started must not land (another input, setData, reset). */
  let generation = 0
  /** The key of the input whose answer is (or will be) on screen. */
  let shownKey = NOTHING_SHOWN
  /** What refresh() asks again; null before the first load. */
  let last: { input: Input } | null = null
  let inFlight: Promise<void> | null = null
  let waiting: { input: Input; done: Promise<void> } | null = null

  const store = defineStore<QueryState<N, D>>(
    (set, get) => {
      const fetchOnce = async (given: Input) => {
        const mine = generation
        const input = given ?? options.input?.()
        try {
          const answer = await crm.invoke(name, input)
          if (mine === generation) set({ data: select(answer), error: null, input })
        } catch (e) {
          if (mine !== generation) return
          const error = toAppError(e)
          // what was asked for is gone (a record deleted elsewhere): none of it stays on screen
          set(error.code === 'NOT_FOUND' ? { data: null, error, input } : { error, input })
        }
      }

      const start = (input: Input): Promise<void> => {
        const running = fetchOnce(input).finally(() => {
          inFlight = null
          if (!waiting) set({ loading: false })
        })
        inFlight = running
        return running
      }

      return {
        data: null,
        error: null,
        loading: false,
        input: undefined,

        load: (input) => {
          const key = input === undefined ? DEFAULT_INPUT : JSON.stringify(input)
          if (key !== shownKey) {
            // another record or filter: what is on screen answers something else
            shownKey = key
            generation++
            set({ data: null, error: null, input: undefined })
          }
          last = { input }
          if (!get().loading) set({ loading: true })
          if (!inFlight && !waiting) return start(input)
          if (waiting) {
            waiting.input = input
            return waiting.done
          }
          const next: { input: Input; done: Promise<void> } = { input, done: Promise.resolve() }
          next.done = inFlight!.then(() => {
            if (waiting !== next) return // dropped by a reset
            waiting = null
            return start(next.input)
          })
          waiting = next
          return next.done
        },

        refresh: () => (last ? get().load(last.input) : Promise.resolve()),

        setData: (data) => {
          generation++
          set({ data, error: null })
        },
      }
    },
    () => {
      generation++
      shownKey = NOTHING_SHOWN
      last = null
      waiting = null
    },
  )

  let holders = 0
  let stopListening: (() => void) | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  const onChanged = ({ tables }: { tables: TableName[] }) => {
    if (!last || !tables.some((t) => reads.includes(t))) return
    if (!options.refreshDelayMs) return void store.getState().refresh()
    clearTimeout(timer)
    timer = setTimeout(() => void store.getState().refresh(), options.refreshDelayMs)
  }

  const keepFresh = () => {
    if (holders++ === 0) stopListening = crm.on('data.changed', onChanged)
    let held = true
    return () => {
      if (!held) return
      held = false
      if (--holders > 0) return
      stopListening?.()
      stopListening = null
      clearTimeout(timer)
    }
  }

  return Object.assign(store, { keepFresh })
}

/** Keeps a query fresh while the component is mounted, without loading it or re-rendering with it. */
export function useKeepFresh<N extends CommandName, D>(query: QueryStore<N, D>): void {
  useEffect(() => query.keepFresh(), [query])
}

/**
 * The query as the component shows it: loaded when the component mounts and when `input` changes
 * (compared by value), kept fresh while it is mounted.
 */
export function useQuery<N extends CommandName, D>(query: QueryStore<N, D>, input?: CommandInput<N>): QueryState<N, D> {
  const key = input === undefined ? DEFAULT_INPUT : JSON.stringify(input)
  useKeepFresh(query)
  useEffect(() => {
    void query.getState().load(input)
    // `key` stands for `input`: a new object with the same values asks for nothing new
  }, [query, key])
  return query()
}
