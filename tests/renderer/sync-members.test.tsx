/**
 * Settings → Sync, members: removing a teammate (with a confirmation), and being removed (what
 * went off this computer and how to come back), on the REAL core and the REAL sync server (a child
 * process); the teammate on the other side is a plain HTTP client of the same server.
 */
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Invite, SessionAnswer, WorkspaceSummary } from '../../src-shared/sync-protocol'
import { App } from '../../src-renderer/App'
import { startSyncServer, type SyncServer } from '../e2e/sync-harness'
import { seed } from './setup'

const PASSWORD = 'correct horse battery'
let server: SyncServer
beforeAll(async () => {
  server = await startSyncServer()
}, 90_000)
afterAll(async () => {
  await server?.close()
})

let accounts = 0
async function api<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const response = await fetch(server.url + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const answer = await response.json()
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`)
  return answer as T
}
/** A teammate on another computer: an account of its own on the same server. */
async function teammate(name: string) {
  const email = `${name.toLowerCase()}.${process.pid}.${accounts++}@shop.example`
  const session = await api<SessionAnswer>('POST', '/v1/accounts', undefined, { email, password: PASSWORD, name })
  return { email, token: session.token }
}

async function openSettings() {
  location.hash = '#/settings'
  const user = userEvent.setup()
  render(<App />)
  const section = await screen.findByTestId('sync-section')
  await within(section).findByRole('heading', { name: 'Sync' })
  return { user, section }
}

describe('Settings → Sync, members', () => {
  it('an owner removes a teammate after a confirmation; Cancel keeps them; nobody removes themselves there', async () => {
    await seed.ok('sync.connect', { mode: 'create', server: server.url, email: `ana.${process.pid}@shop.example`, password: PASSWORD, name: 'Ana', workspaceName: 'The Shop' })
    const ben = await teammate('Ben')
    const invite = await seed.ok('sync.invite', { role: 'member' })
    await api<WorkspaceSummary>('POST', '/v1/invites/accept', ben.token, { code: invite.code })

    const { user, section } = await openSettings()
    const members = await within(section).findByTestId('sync-members')
    await waitFor(() => expect(members.textContent).toContain('Ben'))
    expect(within(members).queryByRole('button', { name: 'Remove Ana' })).toBeNull()

    await user.click(within(members).getByRole('button', { name: 'Remove Ben' }))
    let dialog = await screen.findByRole('dialog', { name: /Remove Ben from “The Shop”\?/ })
    expect(dialog.textContent).toContain("the workspace's records are taken off their computers")
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect((await seed.ok('sync.members')).members.filter((m) => m.removedAt === null)).toHaveLength(2)

    await user.click(within(members).getByRole('button', { name: 'Remove Ben' }))
    dialog = await screen.findByRole('dialog', { name: /Remove Ben/ })
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }))
    await waitFor(() => expect(within(section).getByTestId('sync-members').textContent).not.toContain('Ben'))
    expect(document.body.textContent).toContain('Ben was removed from “The Shop”.')
    // the server refuses Ben at once
    const refused = await fetch(`${server.url}/v1/workspaces/${(await seed.ok('sync.status')).connection!.workspaceId}/ops`, { headers: { authorization: `Bearer ${ben.token}` } })
    expect(refused.status).toBe(403)
  })

  it('removed from the workspace: the records go, the section and the sidebar say why and how to come back', async () => {
    const ana = await teammate('Ana')
    const ws = await api<WorkspaceSummary>('POST', '/v1/workspaces', ana.token, { name: 'Corner Shop' })
    const invite = await api<Invite>('POST', `/v1/workspaces/${ws.id}/invites`, ana.token, { role: 'member' })
    await seed.contact({ firstName: 'Grace', lastName: 'Hopper' })
    await seed.ok('sync.connect', { mode: 'join', server: server.url, inviteCode: invite.code, email: `ben.${process.pid}.${accounts++}@shop.example`, password: PASSWORD, name: 'Ben' })
    await waitFor(async () => expect((await seed.ok('sync.status')).state).toBe('synced'))
    const me = (await seed.ok('sync.status')).connection!.memberId

    const { section } = await openSettings()
    await within(section).findByTestId('sync-workspace')
    await api('DELETE', `/v1/workspaces/${ws.id}/members/${me}`, ana.token)
    await seed.ok('sync.now')

    const banner = await within(section).findByTestId('sync-removed')
    expect(banner.textContent).toContain('You were removed from “Corner Shop”')
    expect(banner.textContent).toMatch(/Its \d+ records were taken off this computer/)
    expect(banner.textContent).toContain('ask an owner or admin of the workspace for a new invite')
    // the form to join again, on Join
    expect(within(section).getByRole('radio', { name: 'Join with an invite code' }).getAttribute('aria-checked')).toBe('true')
    expect(within(section).getByLabelText('Invite code')).toBeTruthy()
    const line = await screen.findByTestId('sync-status')
    expect(line.textContent).toContain('Sync: removed')
    expect(line.getAttribute('title')).toContain('its records were taken off this computer')
    expect((await seed.ok('contacts.list', { limit: 10 })).items).toHaveLength(0)
  })
})
