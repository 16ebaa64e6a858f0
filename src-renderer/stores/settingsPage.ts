/** What the Settings page reads besides the settings themselves: the follow-up rules, what each export would write, the app's data folder and version. */
import { createQuery } from './query'

export const useRules = createQuery('rules.list')

/** How many live records each export would write. */
export const useExportCounts = createQuery('exports.counts')

/** The data folder, the version, how many contacts and companies there are. */
export const useAppInfo = createQuery('app.info')
