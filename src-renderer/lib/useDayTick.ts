/** Runs `onTick` every minute and right at local midnight (when "today" becomes another day). */
import { useEffect, useRef } from 'react'
import { msUntilMidnight } from './dueDates'

export function useDayTick(onTick: () => void, everyMs = 60_000): void {
  const ref = useRef(onTick)
  ref.current = onTick
  useEffect(() => {
    const interval = setInterval(() => ref.current(), everyMs)
    let midnight: ReturnType<typeof setTimeout>
    const armMidnight = () => {
      // a little after midnight, so the new day window is unambiguous
      midnight = setTimeout(() => {
        ref.current()
        armMidnight()
      }, msUntilMidnight() + 500)
    }
    armMidnight()
    return () => {
      clearInterval(interval)
      clearTimeout(midnight)
    }
  }, [everyMs])
}
