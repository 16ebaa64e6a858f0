/**
 * The sidebar's sync line (above the shortcuts help): nothing while this computer syncs with no
 * server; otherwise an icon and "Synced" / "3 changes waiting" / "Syncing…" / "Offline — 3 waiting"
 * / "Sync error" / "Sync paused" / "Sync: removed", the whole reason in its title. It opens
 * Settings → Sync.
 */
import type { SyncState, SyncStatus as Status } from '../../src-shared/model/sync'
import { formatRelative, pluralize } from '../lib/format'
import { useSync, useSyncStatus } from '../stores/sync'
import { Icon, type IconName } from './Icons'
import './sync-status.css'

const ICON: Record<Exclude<SyncState, 'off'>, IconName> = {
  synced: 'check',
  waiting: 'clock',
  syncing: 'repeat',
  offline: 'lost',
  error: 'alert',
  paused: 'flag',
}

/** The short words for the sidebar. */
export function syncStatusLabel(status: Status): string {
  switch (status.state) {
    case 'off':
      return status.removed ? 'Sync: removed' : 'Sync is off'
    case 'synced':
      return 'Synced'
    case 'waiting':
      return `${pluralize(status.pending, 'change')} waiting`
    case 'syncing':
      return 'Syncing…'
    case 'offline':
      return status.pending > 0 ? `Offline — ${status.pending.toLocaleString('en-US')} waiting` : 'Offline'
    case 'error':
      return 'Sync error'
    case 'paused':
      return 'Sync paused'
  }
}

/** The whole reason, for the title (a tooltip) and screen readers. */
export function syncStatusReason(status: Status, now = new Date()): string {
  const workspace = status.connection ? `"${status.connection.workspaceName}"` : 'the workspace'
  const last = status.lastSyncedAt ? ` Last synced ${formatRelative(status.lastSyncedAt, now)}.` : ''
  const waiting = status.pending > 0 ? ` ${pluralize(status.pending, 'change')} of this computer waiting to be sent.` : ''
  switch (status.state) {
    case 'off':
      return status.removed
        ? `You were removed from "${status.removed.workspaceName}": its records were taken off this computer. Settings → Sync says more.`
        : 'This computer does not sync with a server. Set it up in Settings → Sync.'
    case 'synced':
      return `Everything is synced with ${workspace}.${last}`
    case 'waiting':
      return `${pluralize(status.pending, 'change')} of this computer not yet on the server; they are sent in a moment.${last}`
    case 'syncing':
      return `Syncing with ${workspace}…${waiting}`
    case 'offline':
    case 'error':
      return `${status.error?.message ?? 'Sync stopped.'} ${status.error?.action ?? ''}`.trim() + waiting
    case 'paused':
      return status.paused
        ? `Sync paused: it would delete ${status.paused.deletes.toLocaleString('en-US')} of your ${status.paused.contacts.toLocaleString('en-US')} contacts. Decide in Settings → Sync.`
        : 'Sync paused: decide in Settings → Sync.'
  }
}

export function SyncStatus() {
  const status = useSyncStatus()
  const requestReveal = useSync((s) => s.requestReveal)
  // off: nothing, unless this computer was removed from its workspace (its records went: say why)
  if (!status || (status.state === 'off' && !status.removed)) return null
  const label = syncStatusLabel(status)
  return (
    <a
      href="#/settings"
      className={`nav-item sync-status sync-status-${status.state}`}
      title={syncStatusReason(status)}
      onClick={() => requestReveal()}
      data-testid="sync-status"
      data-state={status.state}
    >
      <Icon name={status.state === 'off' ? 'alert' : ICON[status.state]} className={status.state === 'syncing' ? 'sync-spin' : undefined} />
      {status.state !== 'off' && <span className="sr-only">Sync: </span>}
      <span className="nav-label">{label}</span>
    </a>
  )
}
