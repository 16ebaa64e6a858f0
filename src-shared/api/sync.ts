/** The contract of team sync (core/sync): connect to a server, see the state, sync now, sign out. */
import { type SyncStatus, syncConnectInput, syncInviteInput, syncRemoveMemberInput, syncResolvePauseInput, syncSetPrivateInput, syncSignOutInput } from '../model/sync'
import type { Invite, Member } from '../sync-protocol'
import { command, none, type CommandMap } from './command'

export const syncCommands = {
  /** The state for the sidebar and Settings → Sync (also pushed as the `sync.status` event when it changes). */
  'sync.status': command<SyncStatus>()(none),
  /** Creates an account and a workspace, joins one with an invite code, or signs in; then syncs. Errors say what failed (address, password, code). */
  'sync.connect': command<SyncStatus>()(syncConnectInput),
  /** Pushes and pulls now (also while offline: then answers with state 'offline' and the reason). */
  'sync.now': command<SyncStatus>()(none),
  /**
   * Signs this device out: first pushes every waiting change; if that fails it signs out only with
   * force: true, and says how many changes stay local. Local data always stays.
   */
  'sync.signOut': command<{ signedOut: boolean; unsynced: number; status: SyncStatus }>()(syncSignOutInput),
  /** A pull that would delete most local contacts waits: apply it, or keep local rows (sync stays paused). */
  'sync.resolvePause': command<SyncStatus>()(syncResolvePauseInput),
  /** A one-time invite code for a teammate (owner or admin). */
  'sync.invite': command<Invite>()(syncInviteInput),
  /** The workspace's members (cached locally, refreshed on each sync). */
  'sync.members': command<{ members: Member[] }>()(none),
  /**
   * Removes a member (owner or admin; only an owner removes an owner, never the last one): the
   * server refuses them at once, and their devices take the workspace's records off (sync/leave.ts).
   */
  'sync.removeMember': command<{ members: Member[] }>()(syncRemoveMemberInput),
  /**
   * Makes a contact or deal private to me: the server then sends it, its history, deals and tasks
   * to my devices only, and the others remove it; `private: false` shares it with the team again.
   * Needs a connection (the member is who it is private to).
   */
  'sync.setPrivate': command<{ privateTo: string | null }>()(syncSetPrivateInput),
} satisfies CommandMap
