/**
 * Settings → Sync. Not connected: what sync is, the server address, and Create a workspace / Join
 * with an invite code / Sign in with that mode's fields; core's errors go under their fields
 * (details.problems[].path) or in one line that says what to do. Connected: the workspace, you, the
 * server, the state in words with what waits, when it last synced, Sync now, an invite code for a
 * teammate (owner, admin), the members, and Sign out (after a confirmation; a second one when
 * changes could not be sent). A paused pull asks before deleting contacts; an error or an offline
 * server says why and what to do.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { SyncConnectInput, SyncStatus } from '../../../src-shared/model/sync'
import type { Member, Role } from '../../../src-shared/sync-protocol'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { Dialog } from '../../components/Dialog'
import { EmptyState } from '../../components/EmptyState'
import { Field, invalidProps } from '../../components/Field'
import { Icon } from '../../components/Icons'
import { InlineError } from '../../components/InlineError'
import { syncStatusLabel } from '../../components/SyncStatus'
import { fieldProblems, toAppError } from '../../lib/crm'
import { formatExact, formatRelative, pluralize } from '../../lib/format'
import { useDayTick } from '../../lib/useDayTick'
import { useQuery } from '../../stores/query'
import { useSync, useSyncMembers, useSyncStatus } from '../../stores/sync'
import { showError, showToast } from '../../stores/toasts'
import './sync.css'

type Mode = SyncConnectInput['mode']
const MODES: { mode: Mode; label: string }[] = [
  { mode: 'create', label: 'Create a workspace' },
  { mode: 'join', label: 'Join with an invite code' },
  { mode: 'signIn', label: 'Sign in' },
]
const ROLE_LABEL: Record<Role, string> = { owner: 'Owner', admin: 'Admin', member: 'Member' }

type FieldName = 'server' | 'email' | 'password' | 'name' | 'workspaceName' | 'inviteCode'
type Draft = Record<FieldName, string>
const EMPTY: Draft = { server: '', email: '', password: '', name: '', workspaceName: '', inviteCode: '' }
/** The fields each mode shows, in order after the server address. */
const FIELDS: Record<Mode, FieldName[]> = {
  create: ['name', 'email', 'password', 'workspaceName'],
  join: ['inviteCode', 'email', 'password', 'name'],
  signIn: ['email', 'password'],
}

function inputFor(mode: Mode, d: Draft): SyncConnectInput {
  const server = d.server.trim()
  if (mode === 'create') return { mode, server, email: d.email.trim(), password: d.password, name: d.name, workspaceName: d.workspaceName }
  if (mode === 'join') return { mode, server, inviteCode: d.inviteCode, email: d.email.trim(), password: d.password, ...(d.name.trim() ? { name: d.name } : {}) }
  return { mode, server, email: d.email.trim(), password: d.password }
}

const fieldId = (base: string, name: FieldName) => `${base}-${name}`

/** The segmented choice of what to do; a radio group (arrows move the choice). */
function ModeChoice({ mode, onChange, labelledBy }: { mode: Mode; onChange: (m: Mode) => void; labelledBy: string }) {
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, current: Mode) => {
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0
    if (!step) return
    e.preventDefault()
    const index = MODES.findIndex((m) => m.mode === current)
    const next = MODES[(index + step + MODES.length) % MODES.length].mode
    onChange(next)
    const group = e.currentTarget.parentElement
    requestAnimationFrame(() => group?.querySelector<HTMLElement>('[aria-checked="true"]')?.focus())
  }
  return (
    <div className="segmented sync-modes" role="radiogroup" aria-labelledby={labelledBy}>
      {MODES.map((m) => (
        <button
          key={m.mode}
          type="button"
          role="radio"
          aria-checked={mode === m.mode}
          tabIndex={mode === m.mode ? 0 : -1}
          className={`segment ${mode === m.mode ? 'is-selected' : ''}`}
          onClick={() => onChange(m.mode)}
          onKeyDown={(e) => onKeyDown(e, m.mode)}
        >
          {m.label}
        </button>
      ))}
    </div>
  )
}

/** `initialMode` join: after a removal, coming back is by a new invite. */
function ConnectForm({ initialMode = 'create' }: { initialMode?: Mode }) {
  const base = useId()
  const connecting = useSync((s) => s.connecting)
  const [mode, setMode] = useState<Mode>(initialMode)
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [problems, setProblems] = useState<Record<string, string>>({})
  const [message, setMessage] = useState<string | null>(null)

  const set = (name: FieldName, value: string) => {
    setDraft((d) => ({ ...d, [name]: value }))
    if (problems[name]) setProblems(({ [name]: _gone, ...rest }) => rest)
  }
  const choose = (next: Mode) => {
    setMode(next)
    setProblems({})
    setMessage(null)
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (connecting) return
    setProblems({})
    setMessage(null)
    try {
      const status = await useSync.getState().connect(inputFor(mode, draft))
      showToast(status.connection ? `Connected to “${status.connection.workspaceName}”` : 'Connected')
    } catch (error) {
      const appError = toAppError(error)
      const shown: FieldName[] = ['server', ...FIELDS[mode]] // in the form's order
      const all = fieldProblems(appError)
      const found = Object.fromEntries(Object.entries(all).filter(([path]) => (shown as string[]).includes(path)))
      setProblems(found)
      // what no field shows is said in one line (unreachable server, a used invite, an email taken)
      if (Object.keys(found).length === 0) setMessage(appError.message)
      const first = shown.find((name) => found[name])
      if (first) document.getElementById(fieldId(base, first))?.focus()
    }
  }

  const field = (name: FieldName) => {
    const id = fieldId(base, name)
    const error = problems[name]
    const common = { id, className: 'input', value: draft[name], disabled: connecting, onChange: (e: { target: { value: string } }) => set(name, e.target.value), ...invalidProps(id, error) }
    switch (name) {
      case 'name':
        return (
          <Field key={name} id={id} label={mode === 'join' ? 'Your name (for a new account)' : 'Your name'} error={error} hint={mode === 'join' ? 'Needed only when this email has no account on the server yet; teammates see it beside your changes.' : 'Teammates see it beside your changes.'}>
            <input {...common} autoComplete="name" maxLength={120} />
          </Field>
        )
      case 'email':
        return (
          <Field key={name} id={id} label="Email" error={error}>
            <input {...common} type="email" autoComplete="email" spellCheck={false} maxLength={254} />
          </Field>
        )
      case 'password':
        return (
          <Field key={name} id={id} label="Password" error={error} hint={mode === 'signIn' ? undefined : 'At least 8 characters. It signs you in on the server; it is not stored on this computer.'}>
            <input {...common} type="password" autoComplete={mode === 'create' ? 'new-password' : 'current-password'} maxLength={1024} />
          </Field>
        )
      case 'workspaceName':
        return (
          <Field key={name} id={id} label="Workspace name" error={error} hint="Your shop or team, as everyone who joins will see it.">
            <input {...common} maxLength={120} placeholder="Acme Shop" />
          </Field>
        )
      case 'inviteCode':
        return (
          <Field key={name} id={id} label="Invite code" error={error} hint="The one-time code a teammate made in their Settings → Sync.">
            <input {...common} autoComplete="off" spellCheck={false} maxLength={128} placeholder="7KQ4-M2XD-9PRT" className="input sync-code-input" />
          </Field>
        )
      case 'server':
        return null
    }
  }

  const serverId = fieldId(base, 'server')
  return (
    <form className="sync-form" onSubmit={submit} noValidate aria-label="Connect to a sync server">
      <Field id={serverId} label="Server address" error={problems.server} hint="The address whoever runs the sync server gave you, like https://crm.example.com or http://192.168.1.20:8787.">
        <input
          id={serverId}
          className="input"
          value={draft.server}
          onChange={(e) => set('server', e.target.value)}
          disabled={connecting}
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          placeholder="https://crm.example.com"
          maxLength={2000}
          {...invalidProps(serverId, problems.server)}
        />
      </Field>
      <div className="field">
        <span className="field-label" id={`${base}-mode`}>
          What do you want to do?
        </span>
        <ModeChoice mode={mode} onChange={choose} labelledBy={`${base}-mode`} />
      </div>
      <div className="sync-fields">{FIELDS[mode].map(field)}</div>
      {message && (
        <p className="inline-error sync-connect-error" role="alert" data-testid="sync-connect-error">
          <Icon name="alert" size={14} /> {message}
        </p>
      )}
      <div className="sync-actions">
        <button type="submit" className="button button-primary" disabled={connecting} aria-busy={connecting}>
          {connecting ? (
            <>
              <span className="spinner" aria-hidden="true" /> Connecting…
            </>
          ) : mode === 'create' ? (
            'Create workspace and connect'
          ) : mode === 'join' ? (
            'Join and connect'
          ) : (
            'Sign in and connect'
          )}
        </button>
        <span className="settings-meta">Everything already on this computer is sent to the workspace once connected.</span>
      </div>
    </form>
  )
}

/** "This sync would delete D of your C contacts": apply the deletions, or keep them (restored for everyone). */
function PausedBanner({ paused }: { paused: NonNullable<SyncStatus['paused']> }) {
  const [busy, setBusy] = useState<'apply' | 'keep' | null>(null)
  const decide = async (apply: boolean) => {
    setBusy(apply ? 'apply' : 'keep')
    try {
      await useSync.getState().resolvePause(apply)
      showToast(apply ? 'The deletions were applied.' : 'Your contacts are kept, and put back for everyone in the workspace.')
    } catch (error) {
      showError(error)
    } finally {
      setBusy(null)
    }
  }
  return (
    <div className="sync-banner sync-banner-warning" role="alert" data-testid="sync-paused">
      <Icon name="alert" size={18} />
      <div className="sync-banner-main">
        <strong>
          This sync would delete {paused.deletes.toLocaleString('en-US')} of your {pluralize(paused.contacts, 'contact')}
        </strong>
        <p>
          Someone in the workspace deleted them, or their device was reset. Sync is paused until you decide: apply the deletions here too, or keep your contacts
          (they are put back for everyone).
        </p>
        <div className="sync-banner-actions">
          <button type="button" className="button button-danger" onClick={() => void decide(true)} disabled={busy !== null}>
            {busy === 'apply' ? 'Applying…' : 'Apply the deletions'}
          </button>
          <button type="button" className="button button-primary" onClick={() => void decide(false)} disabled={busy !== null}>
            {busy === 'keep' ? 'Keeping…' : 'Keep my contacts'}
          </button>
        </div>
      </div>
    </div>
  )
}

/** An error or an unreachable server: what happened and what to do. */
function ProblemBanner({ status }: { status: SyncStatus }) {
  if (!status.error) return null
  const offline = status.state === 'offline'
  return (
    <div className={`sync-banner ${offline ? 'sync-banner-offline' : 'sync-banner-error'}`} role={offline ? 'status' : 'alert'} data-testid="sync-problem">
      <Icon name={offline ? 'lost' : 'alert'} size={18} />
      <div className="sync-banner-main">
        <strong>{status.error.message}</strong>
        <p>{status.error.action}</p>
      </div>
    </div>
  )
}

/** The state in words, with what is waiting. */
function stateWords(status: SyncStatus): string {
  switch (status.state) {
    case 'synced':
      return 'Synced: nothing waiting'
    case 'waiting':
      return `${pluralize(status.pending, 'change')} waiting`
    case 'syncing':
      return status.pending > 0 ? `Syncing… (${pluralize(status.pending, 'change')} waiting)` : 'Syncing…'
    case 'offline':
      return status.pending > 0 ? `Offline: ${pluralize(status.pending, 'change')} waiting` : 'Offline: nothing waiting'
    case 'error':
      return status.pending > 0 ? `Stopped: ${pluralize(status.pending, 'change')} waiting` : 'Stopped'
    case 'paused':
      return 'Paused: waiting for your decision'
    default:
      return syncStatusLabel(status)
  }
}

/** The one-time code for a teammate: made on demand, shown with Copy and when it expires. */
function InviteDialog({ workspace, canInviteAdmin, onClose }: { workspace: string; canInviteAdmin: boolean; onClose: () => void }) {
  const [role, setRole] = useState<'member' | 'admin'>('member')
  const [invite, setInvite] = useState<{ code: string; expiresAt: number; role: Role } | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [copied, setCopied] = useState(false)
  const roleId = useId()

  const create = async () => {
    setBusy(true)
    setError(null)
    try {
      setInvite(await useSync.getState().invite(role))
      void useSyncMembers.getState().refresh()
    } catch (e) {
      setError(toAppError(e).message)
    } finally {
      setBusy(false)
    }
  }
  const copy = async () => {
    if (!invite) return
    try {
      await navigator.clipboard.writeText(invite.code)
      setCopied(true)
    } catch {
      setError('Copying is not allowed here. Select the code and copy it by hand.')
    }
  }

  return (
    <Dialog
      title="Invite a teammate"
      onClose={onClose}
      size="md"
      footer={
        invite ? (
          <button type="button" className="button button-primary" onClick={onClose}>
            Done
          </button>
        ) : (
          <>
            <button type="button" className="button" onClick={onClose} disabled={busy}>
              Cancel
            </button>
            <button type="button" className="button button-primary" onClick={() => void create()} disabled={busy} data-autofocus>
              {busy ? 'Making a code…' : 'Make an invite code'}
            </button>
          </>
        )
      }
    >
      {!invite ? (
        <div className="sync-invite">
          <p>
            A one-time code lets one teammate join “{workspace}”: they type it in their Settings → Sync, under Join with an invite code, with this server’s address.
          </p>
          {canInviteAdmin && (
            <Field id={roleId} label="They join as">
              <select id={roleId} className="input" value={role} onChange={(e) => setRole(e.target.value as 'member' | 'admin')} disabled={busy}>
                <option value="member">Member: works with the data</option>
                <option value="admin">Admin: also invites others</option>
              </select>
            </Field>
          )}
        </div>
      ) : (
        <div className="sync-invite" data-testid="sync-invite">
          <p>Give this code to your teammate. It works once{invite.role === 'admin' ? ', for an admin' : ''}:</p>
          <div className="sync-invite-code">
            <code data-testid="invite-code" aria-label="Invite code">
              {invite.code}
            </code>
            <button type="button" className="button button-small" onClick={() => void copy()} data-autofocus>
              <Icon name={copied ? 'check' : 'link'} size={14} /> {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
          <p className="settings-meta" data-testid="invite-expires">
            Expires <time title={formatExact(invite.expiresAt)}>{formatRelative(invite.expiresAt)}</time> ({formatExact(invite.expiresAt)}). It is not shown again; make
            another one any time.
          </p>
        </div>
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  )
}

/** Removed from the workspace (sync/leave.ts): what went, and how to come back. */
function RemovedBanner({ removed }: { removed: NonNullable<SyncStatus['removed']> }) {
  return (
    <div className="sync-banner sync-banner-error" role="status" data-testid="sync-removed">
      <Icon name="alert" size={18} />
      <div className="sync-banner-main">
        <strong>You were removed from “{removed.workspaceName}”</strong>
        <p>
          Its {pluralize(removed.records, 'record')} {removed.records === 1 ? 'was' : 'were'} taken off this computer <time title={formatExact(removed.at)}>{formatRelative(removed.at)}</time>
          {removed.unsent > 0 ? `, with ${pluralize(removed.unsent, 'change')} made here that had not reached the server` : ''}. To come back, ask an owner or
          admin of the workspace for a new invite and join below; everything comes back.
        </p>
      </div>
    </div>
  )
}

function Members({ memberId, role, workspace }: { memberId: string; role: Role; workspace: string }) {
  const { data: members, error, loading, refresh } = useQuery(useSyncMembers)
  const [removing, setRemoving] = useState<Member | null>(null)
  // owners remove anyone but themselves here (leaving is Sign out's business); admins remove admins and members
  const mayRemove = (m: Member) => m.id !== memberId && (role === 'owner' || (role === 'admin' && m.role !== 'owner'))
  const lastSyncedAt = useSync((s) => s.status?.lastSyncedAt)
  // someone joined or left: the list is read again after each sync
  useEffect(() => {
    if (lastSyncedAt) void refresh()
  }, [lastSyncedAt, refresh])
  const current = (members ?? []).filter((m) => m.removedAt === null)
  return (
    <div className="sync-members">
      <h3 className="sync-subheading">Members{members ? ` (${current.length})` : ''}</h3>
      {error && !members && <InlineError message={error.message} onRetry={() => void refresh()} />}
      {members && current.length === 0 && (
        <EmptyState icon="users" title="No members known yet">
          {loading ? 'Reading the list from the server…' : 'The list comes from the server once it answers.'}
        </EmptyState>
      )}
      {current.length > 0 && (
        <ul className="settings-list" aria-label="Members of the workspace" data-testid="sync-members">
          {current.map((m) => (
            <li key={m.id} className="settings-row sync-member">
              <Icon name="users" size={16} />
              <span className="sync-member-main">
                <span className="settings-name">
                  {m.name || m.email}
                  {m.id === memberId && <span className="settings-meta"> (you)</span>}
                </span>
                <span className="settings-meta sync-member-email">{m.email}</span>
              </span>
              <span className={`pill sync-role sync-role-${m.role}`}>{ROLE_LABEL[m.role]}</span>
              {mayRemove(m) && (
                <button type="button" className="button button-small button-ghost" onClick={() => setRemoving(m)} aria-label={`Remove ${m.name || m.email}`}>
                  Remove…
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing.name || removing.email} from “${workspace}”?`}
          message={
            <>
              <p>They can no longer sync, and the workspace's records are taken off their computers the next time those connect.</p>
              <p className="muted">What they already sent stays with the team. To bring them back, invite them again.</p>
            </>
          }
          confirmLabel="Remove"
          onConfirm={async () => {
            await useSync.getState().removeMember(removing.id)
            showToast(`${removing.name || removing.email} was removed from “${workspace}”.`)
          }}
          onClose={() => setRemoving(null)}
        />
      )}
    </div>
  )
}

function Connected({ status }: { status: SyncStatus }) {
  const connection = status.connection!
  const syncingNow = useSync((s) => s.syncingNow)
  const [, setTick] = useState(0)
  useDayTick(() => setTick((t) => t + 1)) // "Last synced 2 minutes ago" moves on
  const [inviting, setInviting] = useState(false)
  const [confirmSignOut, setConfirmSignOut] = useState(false)
  const [unsent, setUnsent] = useState<{ count: number; reason: string | null } | null>(null)

  const syncNow = async () => {
    try {
      const after = await useSync.getState().syncNow()
      if (after.state === 'synced') showToast('Synced')
      void useSyncMembers.getState().refresh()
    } catch (error) {
      showError(error)
    }
  }

  const signedOut = (workspace: string) => showToast(`Signed out of “${workspace}”. Your data stays on this computer.`)
  const signOut = async () => {
    const answer = await useSync.getState().signOut(false)
    if (answer.signedOut) signedOut(connection.workspaceName)
    else setUnsent({ count: answer.unsynced, reason: answer.status.error?.message ?? null })
  }
  const forceSignOut = async () => {
    await useSync.getState().signOut(true)
    signedOut(connection.workspaceName)
  }

  const canInvite = connection.role === 'owner' || connection.role === 'admin'
  return (
    <>
      {status.paused && <PausedBanner paused={status.paused} />}
      {(status.state === 'error' || status.state === 'offline') && <ProblemBanner status={status} />}
      <dl className="detail-list sync-facts">
        <div className="detail-item">
          <dt>Workspace</dt>
          <dd data-testid="sync-workspace">{connection.workspaceName}</dd>
        </div>
        <div className="detail-item">
          <dt>You</dt>
          <dd data-testid="sync-you">
            {connection.accountName} · {connection.accountEmail} <span className={`pill sync-role sync-role-${connection.role}`}>{ROLE_LABEL[connection.role]}</span>
          </dd>
        </div>
        <div className="detail-item">
          <dt>Server</dt>
          <dd>
            <code className="path" title={connection.server}>
              {connection.server}
            </code>
          </dd>
        </div>
        <div className="detail-item">
          <dt>Status</dt>
          <dd>
            <span className={`sync-state sync-state-${status.state}`} data-testid="sync-state">
              {stateWords(status)}
            </span>
            <span className="settings-meta sync-last" data-testid="sync-last">
              {status.lastSyncedAt ? (
                <>
                  Last synced <time title={formatExact(status.lastSyncedAt)}>{formatRelative(status.lastSyncedAt)}</time>
                </>
              ) : (
                'Not synced yet'
              )}
            </span>
          </dd>
        </div>
      </dl>
      <div className="sync-actions">
        <button type="button" className="button button-primary" onClick={() => void syncNow()} disabled={syncingNow || status.state === 'paused'} aria-busy={syncingNow}>
          {syncingNow ? <span className="spinner" aria-hidden="true" /> : <Icon name="repeat" size={14} />} {syncingNow ? 'Syncing…' : 'Sync now'}
        </button>
        {canInvite && (
          <button type="button" className="button" onClick={() => setInviting(true)}>
            <Icon name="plus" size={14} /> Invite a teammate
          </button>
        )}
        <button type="button" className="button button-ghost sync-sign-out" onClick={() => setConfirmSignOut(true)}>
          Sign out…
        </button>
      </div>
      <Members memberId={connection.memberId} role={connection.role} workspace={connection.workspaceName} />
      {inviting && <InviteDialog workspace={connection.workspaceName} canInviteAdmin={canInvite} onClose={() => setInviting(false)} />}
      {confirmSignOut && (
        <ConfirmDialog
          title={`Sign out of “${connection.workspaceName}”?`}
          message={
            <>
              <p>Your data stays on this computer; changes not yet on the server are sent first.</p>
              <p className="muted">This computer then stops syncing until you sign in again. It can only sign in to this same workspace.</p>
            </>
          }
          confirmLabel="Sign out"
          danger={false}
          onConfirm={signOut}
          onClose={() => setConfirmSignOut(false)}
        />
      )}
      {unsent && (
        <ConfirmDialog
          title="Changes could not be sent"
          message={
            <>
              <p>
                <strong>{pluralize(unsent.count, 'change')} could not be sent</strong> to the server{unsent.reason ? ` (${unsent.reason.replace(/\.$/, '')})` : ''}.
              </p>
              <p>
                They stay on this computer and are sent when you sign in to “{connection.workspaceName}” again. Until then teammates do not see them.
              </p>
            </>
          }
          confirmLabel="Sign out anyway"
          onConfirm={forceSignOut}
          onClose={() => setUnsent(null)}
        />
      )}
    </>
  )
}

export function SyncSection() {
  const status = useSyncStatus()
  const loadError = useSync((s) => s.loadError)
  const revealPending = useSync((s) => s.revealPending)
  const heading = useRef<HTMLHeadingElement>(null)
  const section = useRef<HTMLElement>(null)
  const loaded = status !== null

  // the sidebar's status was clicked: once the section has its content, bring it into view and
  // focus its heading (the sections above load too: the browser's scroll anchoring keeps it there)
  useEffect(() => {
    if (!revealPending || !loaded || !heading.current || !useSync.getState().takeReveal()) return
    // the card, not its heading, at the top: the heading keeps the card's padding above it
    section.current?.scrollIntoView?.({ block: 'start' })
    heading.current.focus({ preventScroll: true })
  }, [revealPending, loaded])

  return (
    <section ref={section} className="settings-card sync-section" aria-labelledby="sync-heading" data-testid="sync-section" id="sync">
      <header className="settings-card-header">
        <h2 id="sync-heading" ref={heading} tabIndex={-1}>
          Sync
        </h2>
        <p className="muted">Share this CRM with your team through a sync server; it keeps working offline, and changes go both ways once the server answers.</p>
      </header>
      {loadError && !status && <InlineError message={loadError.message} onRetry={() => void useSync.getState().load()} />}
      {status && !status.connection && status.removed && <RemovedBanner removed={status.removed} />}
      {status && (status.connection ? <Connected status={status} /> : <ConnectForm initialMode={status.removed ? 'join' : 'create'} />)}
    </section>
  )
}
