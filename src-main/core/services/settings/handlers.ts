/** The settings commands of the contract (src-shared/api/settings.ts), each to its service call. */
import type { settingsCommands } from '../../../../src-shared/api/settings'
import type { HandlersOf } from '../handlers-of'
import type { SettingsService } from './settings'

export function settingsHandlers(s: { settings: SettingsService }): HandlersOf<typeof settingsCommands> {
  return {
    'settings.get': () => s.settings.get(),
    'settings.update': (i) => s.settings.update(i),
  }
}
