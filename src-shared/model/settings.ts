import { z } from 'zod'
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
})

export interface Settings {
  defaultCurrency: string
  quietHoursStart: string | null
  quietHoursEnd: string | null
  keepRunningInTray: boolean
  openAtLogin: boolean
}
