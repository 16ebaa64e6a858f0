/** The contract of settings. */
import { type Settings, settingsUpdateInput } from '../model/settings'
import { command, none, type CommandMap } from './command'

export const settingsCommands = {
  'settings.get': command<Settings>()(none, { reads: ['settings'] }),
  'settings.update': command<Settings>()(settingsUpdateInput),
} satisfies CommandMap
