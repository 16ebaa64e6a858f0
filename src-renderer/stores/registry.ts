/**
 * Every store of the renderer is made with defineStore, so resetStores() can put them all back as
 * they started: tests call it before each test, so no test sees what the one before left behind.
 */
import { create, type StateCreator, type StoreApi, type UseBoundStore } from 'zustand'

const resets: Array<() => void> = []

/**
 * zustand's `create`, registered for resetStores(). `onReset` clears what the store keeps outside
 * its state (request counters, timers), so an answer to a request made before a reset is dropped.
 */
export function defineStore<T>(creator: StateCreator<T>, onReset?: () => void): UseBoundStore<StoreApi<T>> {
  const store = create<T>()(creator)
  resets.push(() => {
    onReset?.()
    store.setState(store.getInitialState(), true)
  })
  return store
}

/** Puts every store back to its initial state. */
export function resetStores(): void {
  for (const reset of resets) reset()
}
