/** What the renderer sees of sync: the connection, its state, and the inputs of the sync commands. */
import { z } from 'zod'
import type { Role } from '../sync-protocol'

/**
 * off: not connected to a server (the app works alone). synced: nothing waiting. waiting: local
 * changes not yet on the server (`pending`). syncing: a push or pull is running. offline: the
 * server cannot be reached (changes keep waiting, retried). paused: a pull would delete most local
 * contacts and waits for the user (sync.resolvePause). error: the server refused (signed out
 * elsewhere, removed from the workspace, clock ahead...): `error` says what to do.
 */
export type SyncState = 'off' | 'synced' | 'waiting' | 'syncing' | 'offline' | 'paused' | 'error'

export interface SyncConnection {
  server: string
  workspaceId: string
  workspaceName: string
  memberId: string
  role: Role
  accountEmail: string
  accountName: string
}

export interface SyncStatus {
  state: SyncState
  /** This device's changes not yet on the server (counted in change-log entries). */
  pending: number
  connection: SyncConnection | null
  /** When the last push and pull both finished without error (ms UTC). */
  lastSyncedAt: number | null
  /** state 'error' or 'offline': the reason, written for a person, and what to do next. */
  error: { message: string; action: string } | null
  /** state 'paused': the pull would delete `deletes` of the `contacts` live contacts on this device. */
  paused: { deletes: number; contacts: number } | null
  /** state 'off' after a member was removed from the workspace: its records were taken off this computer. */
  removed: SyncRemoved | null
}

export interface SyncRemoved {
  workspaceName: string
  /** When this computer took the records off (ms UTC). */
  at: number
  /** Rows taken off. */
  records: number
  /** This device's changes that had not reached the server, gone with them. */
  unsent: number
}

const server = z
  .string()
  .trim()
  .min(1, 'Server address is required')
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value)
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password
    } catch {
      return false
    }
  }, 'Server address must be an http:// or https:// address, like https://crm.example.com')

/** Remove a member from the workspace (owner or admin): their devices take the workspace's records off. */
export const syncRemoveMemberInput = z.strictObject({ memberId: z.string().min(1).max(64) })
export type SyncRemoveMemberInput = z.infer<typeof syncRemoveMemberInput>

/** Make a contact or deal private to me (with what belongs to it), or share it with the team again. */
export const syncSetPrivateInput = z.strictObject({
  table: z.enum(['contacts', 'deals']),
  id: z.string().min(1).max(64),
  private: z.boolean(),
})
export type SyncSetPrivateInput = z.infer<typeof syncSetPrivateInput>

/** Connect this device: create an account and a workspace, join one with an invite code, or sign in to one. */
export const syncConnectInput = z.discriminatedUnion('mode', [
  z.strictObject({
    mode: z.literal('create'),
    server,
    email: z.email().max(254),
    password: z.string().min(8, 'Password must be at least 8 characters').max(1024),
    name: z.string().trim().min(1, 'Your name is required').max(120),
    workspaceName: z.string().trim().min(1, 'Workspace name is required').max(120),
  }),
  z.strictObject({
    mode: z.literal('join'),
    server,
    inviteCode: z.string().trim().min(6, 'Invite code is too short').max(128),
    email: z.email().max(254),
    password: z.string().min(8, 'Password must be at least 8 characters').max(1024),
    /** Needed when the email has no account yet (one is created). */
    name: z.string().trim().max(120).optional(),
  }),
  z.strictObject({
    mode: z.literal('signIn'),
    server,
    email: z.email().max(254),
    password: z.string().min(1, 'Password is required').max(1024),
    /** Which of the account's workspaces; the first when omitted. */
    workspaceId: z.string().max(64).optional(),
  }),
])
export type SyncConnectInput = z.input<typeof syncConnectInput>

export const syncResolvePauseInput = z.strictObject({ apply: z.boolean() })
export const syncInviteInput = z.strictObject({ role: z.enum(['admin', 'member']).default('member') })
export const syncSignOutInput = z.strictObject({ force: z.boolean().default(false) }).optional()
