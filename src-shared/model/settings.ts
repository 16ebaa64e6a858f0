import { z } from 'zod'
import { phoneRegion } from './duplicate'
import { currencyCode } from './money'
import { timeOfDay } from './task'

export const settingsUpdateInput = z.strictObject({
  defaultCurrency: currencyCode.optional(),
  /** Reminders due between start and end (local time, may cross midnight) wait until the end. */
  quietHoursStart: timeOfDay.optional(),
  quietHoursEnd: timeOfDay.optional(),
  /** Closing the window keeps the app in the tray so reminders still fire. */
  keepRunningInTray: z.boolean().optional(),
  openAtLogin: z.boolean().optional(),
  /** ISO 3166-1 alpha-2 region phone numbers without +country are read in; null: guessed from the locale. */
  phoneRegion: phoneRegion.nullable().optional(),
})

export interface Settings {
  defaultCurrency: string
  quietHoursStart: string | null
  quietHoursEnd: string | null
  keepRunningInTray: boolean
  openAtLogin: boolean
  phoneRegion: string | null
}
