/** The workspace settings: the default currency of new deals, quiet hours, what the desktop app does at start and close. */
import { createQuery } from './query'

export const useSettings = createQuery('settings.get')

/** The default currency until settings arrived. */
export const FALLBACK_CURRENCY = 'EUR'
export const defaultCurrency = () => useSettings.getState().data?.defaultCurrency ?? FALLBACK_CURRENCY
