/** The theme chosen on this computer (lib/theme.ts keeps it) and the one in effect. */
import { applyTheme, onSystemThemeChange, readThemeChoice, resolveTheme, saveThemeChoice, type ResolvedTheme, type ThemeChoice } from '../lib/theme'
import { defineStore } from './registry'

interface ThemeState {
  choice: ThemeChoice
  /** What is shown: the choice, or the system's when the choice is System. */
  resolved: ResolvedTheme
  setChoice: (choice: ThemeChoice) => void
}

export const useTheme = defineStore<ThemeState>((set) => {
  const choice = readThemeChoice()
  return {
    choice,
    resolved: resolveTheme(choice),
    setChoice: (next) => {
      saveThemeChoice(next)
      set({ choice: next, resolved: applyTheme(next) })
    },
  }
})

/**
 * Applies the saved theme now (main.tsx calls it before React's first render, so there is no
 * flash of the other theme) and follows the system while the choice is System.
 */
export function startTheme(): () => void {
  const sync = () => {
    const { choice } = useTheme.getState()
    useTheme.setState({ resolved: applyTheme(choice) })
  }
  useTheme.setState({ choice: readThemeChoice() })
  sync()
  return onSystemThemeChange(sync)
}
