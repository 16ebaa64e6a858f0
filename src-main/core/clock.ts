/** Time comes in from outside so tests (and the scheduler) can move it. */
export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

/** One turn of the event loop: long work pauses here so commands and I/O waiting meanwhile run. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

export interface Logger {
  info(message: string, ...args: unknown[]): void
  warn(message: string, ...args: unknown[]): void
  error(message: string, ...args: unknown[]): void
}
