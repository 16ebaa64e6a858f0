/**
 * Settings → Reminders: quiet hours, desktop notifications, and what the desktop app does when its
 * window closes or the computer starts.
 */
import { useEffect, useState } from 'react'
import type { Settings } from '../../../src-shared/model/settings'
import { Field } from '../../components/Field'
import { Icon } from '../../components/Icons'
import { crm, fieldProblems, toAppError } from '../../lib/crm'
import { formatTime } from '../../lib/format'
import { desktopNotificationPermission, desktopNotificationsSupported, requestDesktopNotifications } from '../../lib/desktopNotifications'
import { useQuery } from '../../stores/query'
import { useSettings } from '../../stores/settings'
import { showToast } from '../../stores/toasts'
import { RulesList } from './RulesList'

/** "22:00" as the user's clock shows it ("10:00 PM" in en-US). */
function clockTime(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number)
  return formatTime(new Date(2000, 0, 1, h, m).getTime())
}

type Patch = Partial<Pick<Settings, 'quietHoursStart' | 'quietHoursEnd' | 'keepRunningInTray' | 'openAtLogin'>>

async function saveSettings(patch: Patch): Promise<Settings> {
  const settings = await crm.invoke('settings.update', patch)
  useSettings.getState().setData(settings)
  return settings
}

function QuietHours({ settings }: { settings: Settings }) {
  const [start, setStart] = useState(settings.quietHoursStart ?? '')
  const [end, setEnd] = useState(settings.quietHoursEnd ?? '')
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    setStart(settings.quietHoursStart ?? '')
    setEnd(settings.quietHoursEnd ?? '')
  }, [settings.quietHoursStart, settings.quietHoursEnd])

  const save = async (nextStart: string, nextEnd: string) => {
    setStart(nextStart)
    setEnd(nextEnd)
    if (Boolean(nextStart) !== Boolean(nextEnd)) return setError(null) // waits for the other time
    if (nextStart === (settings.quietHoursStart ?? '') && nextEnd === (settings.quietHoursEnd ?? '')) return
    if (nextStart && nextStart === nextEnd) return setError('Start and end must differ')
    try {
      await saveSettings({ quietHoursStart: nextStart || null, quietHoursEnd: nextEnd || null })
      setError(null)
      showToast(nextStart ? `Quiet hours: ${clockTime(nextStart)} – ${clockTime(nextEnd)}` : 'Quiet hours off')
    } catch (e) {
      const p = fieldProblems(e)
      setError(p.quietHoursStart ?? p.quietHoursEnd ?? toAppError(e).message)
    }
  }

  const off = !start && !end
  const half = Boolean(start) !== Boolean(end)
  const status = off ? 'Off' : half ? 'Set both times, or clear both to turn quiet hours off.' : `Reminders due between ${clockTime(start)} and ${clockTime(end)} wait until ${clockTime(end)}.`

  return (
    <div className="settings-block" data-testid="quiet-hours">
      <h3 className="settings-block-title">Quiet hours</h3>
      <div className="quiet-hours-row">
        <Field id="quiet-start" label="From">
          <input id="quiet-start" type="time" className="input input-time" value={start} onChange={(e) => void save(e.target.value, end)} />
        </Field>
        <Field id="quiet-end" label="Until">
          <input id="quiet-end" type="time" className="input input-time" value={end} onChange={(e) => void save(start, e.target.value)} />
        </Field>
        {!off && (
          <button type="button" className="button button-ghost button-small quiet-off" onClick={() => void save('', '')}>
            Turn off
          </button>
        )}
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : (
        <p className={`field-hint ${off ? 'quiet-status-off' : ''}`} data-testid="quiet-status">
          {status}
        </p>
      )}
    </div>
  )
}

function DesktopToggle({ id, label, hint, checked, onChange }: { id: string; label: string; hint: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="settings-toggle">
      <label className="switch-label" htmlFor={id}>
        <input id={id} type="checkbox" role="switch" className="switch" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={`${id}-hint`} />
        {label}
      </label>
      <p className="field-hint" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  )
}

function DesktopNotifications() {
  const [permission, setPermission] = useState(desktopNotificationPermission)
  if (!desktopNotificationsSupported()) return null
  const ask = async () => setPermission(await requestDesktopNotifications())
  return (
    <div className="settings-toggle" data-testid="desktop-notifications">
      <div className="notification-permission">
        <span>
          <Icon name="bell" size={14} /> System notifications
        </span>
        {permission === 'granted' ? (
          <span className="pill pill-on">On</span>
        ) : permission === 'denied' ? (
          <span className="pill">Blocked</span>
        ) : (
          <button type="button" className="button button-small" onClick={() => void ask()}>
            Enable desktop notifications
          </button>
        )}
      </div>
      <p className="field-hint">
        {permission === 'denied'
          ? 'Notifications are blocked for this app; allow them in your browser or system settings. Reminders still show inside the app.'
          : 'Reminders always show inside the app; with this on they also appear as system notifications while the window is in the background.'}
      </p>
    </div>
  )
}

export function RemindersSection() {
  const settings = useQuery(useSettings).data

  const toggle = (key: 'keepRunningInTray' | 'openAtLogin', message: (on: boolean) => string) => async (on: boolean) => {
    try {
      await saveSettings({ [key]: on })
      showToast(message(on))
    } catch (e) {
      showToast(toAppError(e).message, 'error')
    }
  }

  return (
    <section className="settings-card" aria-labelledby="reminders-heading" data-testid="reminders-section">
      <header className="settings-card-header">
        <h2 id="reminders-heading">Reminders</h2>
        <p className="muted">Follow-up reminders go off at their time, even after the computer slept or the app was closed for a while.</p>
      </header>
      {settings && (
        <div className="settings-blocks">
          <QuietHours settings={settings} />
          <div className="settings-block">
            <h3 className="settings-block-title">Notifications and the desktop app</h3>
            <DesktopNotifications />
            <DesktopToggle
              id="keep-running-in-tray"
              label="Keep running in the tray when the window is closed"
              hint="So reminders still go off after you close the window. Only in the desktop app."
              checked={settings.keepRunningInTray}
              onChange={(v) => void toggle('keepRunningInTray', (on) => (on ? 'Keeps running in the tray' : 'Quits when the window closes'))(v)}
            />
            <DesktopToggle
              id="open-at-login"
              label="Open at login"
              hint="Starts quietly in the tray when you sign in to your computer. Only in the desktop app."
              checked={settings.openAtLogin}
              onChange={(v) => void toggle('openAtLogin', (on) => (on ? 'Opens at login' : 'Does not open at login'))(v)}
            />
          </div>
          <RulesList />
        </div>
      )}
    </section>
  )
}
