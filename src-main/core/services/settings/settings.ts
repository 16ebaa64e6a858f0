/** Workspace settings: one synced row per key (id = key), the value as JSON. */
import type { Settings } from '../../../../src-shared/model/settings'
import type { Reader } from '../../db/access'
import { localeRegion } from '../../formats/phone'
import type { ServiceContext } from '../context'

export const DEFAULT_SETTINGS: Settings = {
  defaultCurrency: 'USD',
  quietHoursStart: null,
  quietHoursEnd: null,
  keepRunningInTray: true,
  openAtLogin: false,
  phoneRegion: null,
}

/**
 * The region phone numbers without a +country are read in (import matching, the duplicate scan,
 * merge): the workspace's setting, else the guess given (the window's language), else this
 * computer's locale; null when none names a country (then only +numbers and 00 numbers are read).
 */
export function phoneRegionOf(q: Reader, guess?: string | null): string | null {
  const row = q.one<{ value: string }>("SELECT value FROM settings WHERE id = 'phoneRegion' AND deleted_at IS NULL")
  const stored = row ? (JSON.parse(row.value) as unknown) : null
  if (typeof stored === 'string' && /^[A-Z]{2}$/.test(stored)) return stored
  return guess ?? localeRegion()
}

export function createSettingsService(ctx: ServiceContext) {
  const { q, repo } = ctx

  function get(): Settings {
    const rows = q.all<{ id: string; value: string }>('SELECT id, value FROM settings WHERE deleted_at IS NULL')
    const stored = Object.fromEntries(rows.map((r) => [r.id, JSON.parse(r.value) as unknown]))
    return { ...DEFAULT_SETTINGS, ...stored } as Settings
  }

  return {
    get,
    update(patch: Partial<Settings>): Settings {
      repo.write((w) => {
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined) continue
          const exists = q.one('SELECT 1 FROM settings WHERE id = ?', key)
          if (exists) w.update('settings', key, { value: JSON.stringify(value), deletedAt: null })
          else w.insert('settings', { id: key, value: JSON.stringify(value) })
        }
      })
      return get()
    },
  }
}

export type SettingsService = ReturnType<typeof createSettingsService>
