/** The workspace settings: the default currency of new deals, quiet hours, what the desktop app does at start and close. */
import { createQuery, useQuery } from './query'

export const useSettings = createQuery('settings.get')

/**
 * The workspace's default currency, or null until the settings have arrived: nothing may invent
 * one meanwhile (an amount shown in a made-up currency, or a deal created in it, is wrong data).
 */
export const defaultCurrency = (): string | null => useSettings.getState().data?.defaultCurrency ?? null

/** The same, for a component: loads the settings, keeps them fresh and re-renders when the currency changes. */
export function useDefaultCurrency(): string | null {
  return useQuery(useSettings).data?.defaultCurrency ?? null
}
