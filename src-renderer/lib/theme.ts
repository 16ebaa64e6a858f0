/**
 * Light / Dark / System: a property of this computer, not of the workspace (teammates sharing a
 * workspace must not flip each other's theme), so it lives in localStorage, not in settings.
 * <html data-theme="light|dark"> is always the theme in effect; theme.css keys off it, and
 * `color-scheme` makes native controls and scrollbars follow.
 */
export const THEME_CHOICES = ['light', 'dark', 'system'] as const
export type ThemeChoice = (typeof THEME_CHOICES)[number]
export type ResolvedTheme = 'light' | 'dark'
export const THEME_LABEL: Record<ThemeChoice, string> = { light: 'Light', dark: 'Dark', system: 'System' }

const STORAGE_KEY = 'crm.theme'
const DARK_QUERY = '(prefers-color-scheme: dark)'

export function readThemeChoice(): ThemeChoice {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    return (THEME_CHOICES as readonly string[]).includes(saved ?? '') ? (saved as ThemeChoice) : 'system'
  } catch {
    return 'system' // storage refused (privacy mode): follow the system
  }
}

export function saveThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY)
    else localStorage.setItem(STORAGE_KEY, choice)
  } catch {
    // not kept across restarts, still applied now
  }
}

export function systemTheme(): ResolvedTheme {
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches ? 'dark' : 'light'
}

export function resolveTheme(choice: ThemeChoice): ResolvedTheme {
  return choice === 'system' ? systemTheme() : choice
}

/** Sets <html data-theme> (and color-scheme); returns what is in effect. */
export function applyTheme(choice: ThemeChoice): ResolvedTheme {
  const resolved = resolveTheme(choice)
  const root = document.documentElement
  root.dataset.theme = resolved
  root.style.colorScheme = resolved
  return resolved
}

/** Calls `onChange` when the system switches between light and dark. */
export function onSystemThemeChange(onChange: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => {}
  const query = matchMedia(DARK_QUERY)
  query.addEventListener?.('change', onChange)
  return () => query.removeEventListener?.('change', onChange)
}
