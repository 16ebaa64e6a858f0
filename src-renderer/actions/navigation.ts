/** Going somewhere in the app from outside a link: a notification's route, Settings at Import & export. */
import { navigate, parseHash } from '../stores/route'

/** Opens an app route such as "#/contacts/<id>" or "#/today". */
export function openRoute(route: string): void {
  navigate(parseHash(route.startsWith('#') ? route : `#${route}`))
}

/** Opens Settings at Import & export (from the contacts list's menu or its first-run screen). */
export function openDataSettings(): void {
  navigate({ name: 'settings' })
  const scroll = (tries: number) => {
    const el = document.getElementById('settings-data')
    if (el) el.scrollIntoView({ block: 'start' })
    else if (tries > 0) setTimeout(() => scroll(tries - 1), 50)
  }
  setTimeout(() => scroll(20), 0)
}
