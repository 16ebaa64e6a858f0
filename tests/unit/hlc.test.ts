import { describe, expect, test } from 'vitest'
import { formatHlc, HybridLogicalClock, MAX_DRIFT_MS, parseHlc } from '../../src-shared/hlc'

describe('hybrid logical clock', () => {
  test('timestamps are fixed width and round-trip', () => {
    const s = formatHlc({ ms: 1_700_000_000_000, counter: 7, node: 'abcd' })
    expect(s).toBe('018bcfe56800-0007-abcd')
    expect(parseHlc(s)).toEqual({ ms: 1_700_000_000_000, counter: 7, node: 'abcd' })
  })

  test('strictly increasing even when the wall clock stands still or goes back', () => {
    let wall = 1000
    const clock = new HybridLogicalClock('n1', () => wall)
    const seen = [clock.now(), clock.now()]
    wall = 500 // the user fixed their clock
    seen.push(clock.now())
    wall = 2000
    seen.push(clock.now())
    expect([...seen].sort()).toEqual(seen)
    expect(new Set(seen).size).toBe(seen.length)
    expect(parseHlc(seen[2])).toMatchObject({ ms: 1000, counter: 2 })
    expect(parseHlc(seen[3])).toMatchObject({ ms: 2000, counter: 0 })
  })

  test('resumes after the last persisted timestamp', () => {
    const clock = new HybridLogicalClock('n1', () => 10, formatHlc({ ms: 50, counter: 3, node: 'n1' }))
    expect(clock.now()).toBe(formatHlc({ ms: 50, counter: 4, node: 'n1' }))
  })

  test('counter overflow borrows the next millisecond instead of wrapping', () => {
    const clock = new HybridLogicalClock('n1', () => 10, formatHlc({ ms: 10, counter: 0xffff, node: 'n1' }))
    expect(parseHlc(clock.now())).toMatchObject({ ms: 11, counter: 0 })
  })

  test('receive moves past a remote timestamp and refuses clocks far ahead', () => {
    const clock = new HybridLogicalClock('local', () => 1000)
    const merged = clock.receive(formatHlc({ ms: 5000, counter: 9, node: 'remote' }))
    expect(parseHlc(merged)).toMatchObject({ ms: 5000, counter: 10, node: 'local' })
    expect(clock.now() > merged).toBe(true)
    expect(() => clock.receive(formatHlc({ ms: 1000 + MAX_DRIFT_MS + 1, counter: 0, node: 'r' }))).toThrow(/ahead/)
  })

  test('rejects malformed timestamps', () => {
    expect(() => parseHlc('not-a-clock')).toThrow()
  })
})
