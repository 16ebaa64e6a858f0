/**
 * Hybrid logical clock. Timestamps are fixed-width strings that sort lexically in causal order:
 * 12 hex digits of wall-clock ms (48 bits), 4 hex digits of counter (16 bits), then the node id.
 */
export const MAX_DRIFT_MS = 5 * 60 * 1000

export interface HlcParts {
  ms: number
  counter: number
  node: string
}

export function formatHlc({ ms, counter, node }: HlcParts): string {
  return `${ms.toString(16).padStart(12, '0')}-${counter.toString(16).padStart(4, '0')}-${node}`
}

export function parseHlc(value: string): HlcParts {
  const match = /^([0-9a-f]{12})-([0-9a-f]{4})-(.+)$/.exec(value)
  if (!match) throw new Error(`Not an HLC timestamp: ${value}`)
  return { ms: parseInt(match[1], 16), counter: parseInt(match[2], 16), node: match[3] }
}

export class HybridLogicalClock {
  private ms = 0
  private counter = 0

  constructor(
    private readonly node: string,
    private readonly wallClock: () => number,
    last?: string,
  ) {
    if (last) {
      const parts = parseHlc(last)
      this.ms = parts.ms
      this.counter = parts.counter
    }
  }

  /** A timestamp for a local event: later than every timestamp this clock has made or seen. */
  now(): string {
    const wall = this.wallClock()
    if (wall > this.ms) this.set(wall, 0)
    else this.set(this.ms, this.counter + 1)
    return this.current()
  }

  /** Merge a remote timestamp; refuses clocks too far ahead so one bad peer cannot drag us. */
  receive(remote: string): string {
    const parts = parseHlc(remote)
    const wall = this.wallClock()
    if (parts.ms - wall > MAX_DRIFT_MS) {
      throw new Error(`Remote clock is more than ${MAX_DRIFT_MS / 60000} minutes ahead: ${remote}`)
    }
    const ms = Math.max(this.ms, parts.ms, wall)
    if (ms === this.ms && ms === parts.ms) this.set(ms, Math.max(this.counter, parts.counter) + 1)
    else if (ms === this.ms) this.set(ms, this.counter + 1)
    else if (ms === parts.ms) this.set(ms, parts.counter + 1)
    else this.set(ms, 0)
    return this.current()
  }

  private set(ms: number, counter: number): void {
    // 65,536 events in one millisecond: borrow the next millisecond rather than overflow.
    if (counter > 0xffff) {
      this.ms = ms + 1
      this.counter = 0
    } else {
      this.ms = ms
      this.counter = counter
    }
  }

  private current(): string {
    return formatHlc({ ms: this.ms, counter: this.counter, node: this.node })
  }
}
