/** The longest this thread's event loop was blocked: a ticker every `everyMs` notes the longest gap. */
export function stallTicker(everyMs: number) {
  let longest = 0
  let last = performance.now()
  const timer = setInterval(() => {
    const now = performance.now()
    longest = Math.max(longest, now - last)
    last = now
  }, everyMs)
  return {
    /** The longest gap so far, and start again. */
    take() {
      const value = longest
      longest = 0
      return value
    },
    /** The longest gap, and the ticker stops. */
    stop() {
      clearInterval(timer)
      return longest
    },
  }
}
