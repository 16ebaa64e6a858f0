/**
 * Settings → Backups: back up now, the list of backups (newest first), restore one after a
 * confirmation that says what happens, restore from any file by its path, show the data folder,
 * and "Also copy backups to" a second folder (native picker in the desktop app, a typed path in the browser).
 */
import { useId, useState, type FormEvent } from 'react'
import type { BackupCopyStatus, BackupFile, BackupKind } from '../../../src-shared/model/backup'
import { Dialog } from '../../components/Dialog'
import { EmptyState } from '../../components/EmptyState'
import { Field } from '../../components/Field'
import { Icon } from '../../components/Icons'
import { crm, toAppError } from '../../lib/crm'
import { formatExact, formatRelative } from '../../lib/format'
import { useBackupStatus, useBackups } from '../../stores/backups'
import { useQuery } from '../../stores/query'
import { showError, showToast } from '../../stores/toasts'
import '../../styles/backups.css'

const KIND_LABEL: Record<BackupKind, string> = { manual: 'Manual', auto: 'Automatic', safety: 'Before restore' }

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

function BackupRow({ backup, onRestore }: { backup: BackupFile; onRestore: () => void }) {
  return (
    <li className="settings-row backup-row" data-testid="backup-row">
      <Icon name={backup.kind === 'safety' ? 'history' : 'download'} size={16} />
      <div className="backup-main">
        <span className="settings-name" title={backup.path}>
          {formatExact(backup.createdAt)}
        </span>
        <span className="settings-meta backup-file" title={backup.path}>
          {backup.fileName}
        </span>
      </div>
      <span className={`pill backup-kind backup-kind-${backup.kind}`}>{KIND_LABEL[backup.kind]}</span>
      <span className="settings-meta backup-size">{formatSize(backup.sizeBytes)}</span>
      <span className="settings-row-actions">
        <button type="button" className="button button-small" onClick={onRestore} aria-label={`Restore the backup from ${formatExact(backup.createdAt)}`}>
          <Icon name="reopen" size={14} /> Restore…
        </button>
      </span>
    </li>
  )
}

/** Confirms a restore; without a backup from the list it asks for the file's full path first. */
function RestoreDialog({ backup, backupDir, onClose }: { backup: BackupFile | null; backupDir: string; onClose: () => void }) {
  const restore = useBackups((s) => s.restore)
  const [path, setPath] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const pathId = useId()

  const submit = async (e?: FormEvent) => {
    e?.preventDefault()
    const target = backup?.path ?? path.trim()
    if (!target) {
      setError('Give the full path of a backup file.')
      return
    }
    setBusy(true)
    setError(null)
    try {
      const result = await restore(target)
      const safety = result.safetyCopy.split(/[\\/]/).pop()
      const migrated = result.migrationsApplied > 0 ? ' It was updated to this version of the app.' : ''
      showToast(`Restored ${backup ? `the backup from ${formatExact(backup.createdAt)}` : target.split(/[\\/]/).pop()}.${migrated} Your previous data is kept as ${safety}.`)
      onClose()
    } catch (err) {
      setError(toAppError(err).message)
      setBusy(false)
    }
  }

  const when = backup ? formatExact(backup.createdAt) : null
  return (
    <Dialog
      title={backup ? 'Restore this backup?' : 'Restore from a file'}
      onClose={busy ? () => {} : onClose}
      size="md"
      closeOnBackdrop={!busy}
      footer={
        <>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" form="restore-form" className="button button-danger" disabled={busy} data-autofocus={backup ? true : undefined}>
            {busy ? (
              <>
                <span className="spinner" aria-hidden="true" /> Restoring…
              </>
            ) : (
              'Replace my data and restore'
            )}
          </button>
        </>
      }
    >
      <form id="restore-form" className="restore-form" onSubmit={submit}>
        {!backup && (
          <Field id={pathId} label="Backup file" hint={`The full path of a .db backup file. The app's own backups are in ${backupDir}`}>
            <input
              id={pathId}
              className="input"
              value={path}
              onChange={(e) => setPath(e.target.value)}
              placeholder={`${backupDir}/…`}
              spellCheck={false}
              autoFocus
              disabled={busy}
            />
          </Field>
        )}
        <div className="confirm-message restore-explain">
          <p>
            {when ? (
              <>
                All data in the app is replaced by the backup from <strong>{when}</strong>. Anything added or changed since then will not be in the app.
              </>
            ) : (
              <>All data in the app is replaced by the data in this file. Anything added or changed since it was made will not be in the app.</>
            )}
          </p>
          <p>
            <Icon name="info" size={14} /> Your current data is not deleted: it is kept as a safety copy in the data folder and appears in the list of backups, so you can
            restore it again.
          </p>
          <p className="muted">The file is checked first; a damaged file or one that is not from this app is refused and nothing changes.</p>
        </div>
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  )
}

/** Asks for the folder's path where there is no native picker (browser host); core validates it. */
function CopyFolderDialog({ current, onClose }: { current: string | null; onClose: () => void }) {
  const setCopyFolder = useBackups((s) => s.setCopyFolder)
  const [path, setPath] = useState(current ?? '')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const pathId = useId()
  const submit = async (e?: FormEvent) => {
    e?.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const copy = await setCopyFolder(path.trim())
      showToast(`Backups will also be copied to ${copy?.folder ?? path.trim()}`)
      onClose()
    } catch (err) {
      setError(toAppError(err).message)
      setBusy(false)
    }
  }
  return (
    <Dialog
      title="Copy backups to another folder"
      onClose={busy ? () => {} : onClose}
      size="md"
      closeOnBackdrop={!busy}
      footer={
        <>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" form="copy-folder-form" className="button button-primary" disabled={busy}>
            Use this folder
          </button>
        </>
      }
    >
      <form id="copy-folder-form" className="restore-form" onSubmit={submit}>
        <Field id={pathId} label="Folder" hint="The full path of a folder on another drive: a USB drive, a network drive or a synced folder (Dropbox, OneDrive…).">
          <input
            id={pathId}
            className="input"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/media/usb/CRM backups"
            spellCheck={false}
            autoFocus
            disabled={busy}
            aria-invalid={error ? true : undefined}
          />
        </Field>
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  )
}

/** "Also copy backups to": the second folder, when the last copy was made there, and what is wrong with it. */
function CopyFolder({ copy, onType }: { copy: BackupCopyStatus | null; onType: () => void }) {
  const { pickCopyFolder, setCopyFolder } = useBackups.getState()
  const choose = async () => {
    try {
      const picked = await pickCopyFolder()
      if (!picked.picker) return onType()
      if (!picked.path) return // cancelled
      const set = await setCopyFolder(picked.path)
      showToast(`Backups will also be copied to ${set?.folder ?? picked.path}`)
    } catch (error) {
      showError(error)
    }
  }
  const stop = async () => {
    try {
      await setCopyFolder(null)
      showToast(`Backups are no longer copied to ${copy?.folder}. The copies already there are kept.`)
    } catch (error) {
      showError(error)
    }
  }
  if (!copy) {
    return (
      <div className="backup-copy" data-testid="backup-copy">
        <div className="backup-copy-main">
          <span className="settings-name">Also copy backups to another drive</span>
          <span className="settings-meta">If this computer’s disk fails, a copy on a USB drive or in a synced folder keeps your data.</span>
        </div>
        <button type="button" className="button button-small" onClick={() => void choose()}>
          <Icon name="folder" size={14} /> Choose folder…
        </button>
      </div>
    )
  }
  return (
    <div className="backup-copy" data-testid="backup-copy">
      <div className="backup-copy-main">
        <span className="settings-name">
          Also copy backups to:{' '}
          <code className="path" title={copy.folder}>
            {copy.folder}
          </code>
        </span>
        <span className="settings-meta" data-testid="last-copy">
          {copy.lastCopyAt ? (
            <>
              Last copy there: <time title={formatExact(copy.lastCopyAt)}>{formatRelative(copy.lastCopyAt)}</time>
            </>
          ) : (
            'No copy there yet: the next backup is copied there (or back up now).'
          )}
        </span>
      </div>
      <span className="settings-row-actions">
        <button type="button" className="button button-small" onClick={() => void choose()}>
          Change…
        </button>
        <button type="button" className="button button-small button-ghost" onClick={() => void stop()}>
          Stop copying
        </button>
      </span>
      {copy.problem && (
        <p className="backup-copy-problem" role="alert" data-testid="copy-problem">
          <Icon name="alert" size={14} /> {copy.problem}
        </p>
      )}
    </div>
  )
}

function DataFolder({ path, onClose }: { path: string; onClose: () => void }) {
  const [copied, setCopied] = useState(false)
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(path)
      setCopied(true)
    } catch {
      showError(new Error('Copying is not allowed here. Select the path and copy it by hand.'))
    }
  }
  return (
    <div className="backup-folder" data-testid="data-folder">
      <span className="settings-meta">Data folder</span>
      <code className="path" title={path}>
        <Icon name="folder" size={14} /> {path}
      </code>
      <button type="button" className="button button-small" onClick={() => void copy()}>
        <Icon name={copied ? 'check' : 'link'} size={14} /> {copied ? 'Copied' : 'Copy'}
      </button>
      <button type="button" className="button button-small button-ghost" onClick={onClose} aria-label="Hide the data folder path">
        <Icon name="close" size={14} />
      </button>
    </div>
  )
}

export function BackupsSection() {
  const { data: status, error: loadError } = useQuery(useBackupStatus)
  const creating = useBackups((s) => s.creating)
  const [restoring, setRestoring] = useState<BackupFile | 'file' | null>(null)
  const [folder, setFolder] = useState<string | null>(null)
  const [typingCopyFolder, setTypingCopyFolder] = useState(false)

  const backUpNow = async () => {
    try {
      const file = await useBackups.getState().create()
      showToast(`Backed up to ${file.fileName}`)
    } catch (error) {
      showError(error)
    }
  }

  const showFolder = async () => {
    try {
      const result = await crm.invoke('app.showDataFolder')
      setFolder(result.opened ? null : result.path)
    } catch (error) {
      showError(error)
    }
  }

  const backups = status?.backups ?? []
  return (
    <section className="settings-card" aria-labelledby="backups-heading" data-testid="backups-section">
      <header className="settings-card-header">
        <h2 id="backups-heading">Backups</h2>
        <p className="muted">
          A backup is one file with all your data. The app makes one every day by itself and keeps the last 7 days and 4 weeks; back up now before big changes,
          and have them copied to another drive.
        </p>
      </header>
      <div className="backup-toolbar">
        <button type="button" className="button button-primary" onClick={() => void backUpNow()} disabled={creating} aria-busy={creating}>
          {creating ? <span className="spinner" aria-hidden="true" /> : <Icon name="download" size={14} />} {creating ? 'Backing up…' : 'Back up now'}
        </button>
        <button type="button" className="button" onClick={() => setRestoring('file')} disabled={!status}>
          <Icon name="reopen" size={14} /> Restore from file…
        </button>
        <button type="button" className="button button-ghost" onClick={() => void showFolder()}>
          <Icon name="folder" size={14} /> Show data folder
        </button>
        {status && (
          <span className="settings-meta backup-last" data-testid="last-backup">
            {status.lastBackupAt ? (
              <>
                Last backup <time title={formatExact(status.lastBackupAt)}>{formatRelative(status.lastBackupAt)}</time>
              </>
            ) : (
              'No backup yet'
            )}
          </span>
        )}
      </div>
      {folder && <DataFolder path={folder} onClose={() => setFolder(null)} />}
      {status && <CopyFolder copy={status.copy} onType={() => setTypingCopyFolder(true)} />}
      {typingCopyFolder && <CopyFolderDialog current={status?.copy?.folder ?? null} onClose={() => setTypingCopyFolder(false)} />}
      {loadError && (
        <p className="inline-error">
          {loadError.message}{' '}
          <button type="button" className="button button-small" onClick={() => void useBackupStatus.getState().load()}>
            Try again
          </button>
        </p>
      )}
      {status && backups.length === 0 && (
        <EmptyState icon="history" title="No backups yet">
          Back up now to save everything in one file. Automatic daily backups start once there is data to keep.
        </EmptyState>
      )}
      {backups.length > 0 && (
        <ul className="settings-list backup-list" aria-label="Backups, newest first">
          {backups.map((b) => (
            <BackupRow key={b.path} backup={b} onRestore={() => setRestoring(b)} />
          ))}
        </ul>
      )}
      {restoring && status && (
        <RestoreDialog backup={restoring === 'file' ? null : restoring} backupDir={status.backupDir} onClose={() => setRestoring(null)} />
      )}
    </section>
  )
}
