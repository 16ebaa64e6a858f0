/**
 * Settings → Sync and the sidebar's sync line, on the REAL core (realCrm.ts) and, where it talks to
 * a server, the REAL sync server (src-server/main.ts as a child on PGlite in a temp folder: PGlite's
 * WebAssembly build does not start inside jsdom). Nothing is mocked.
 */
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App } from '../../src-renderer/App'
import { startSyncServer, type SyncServer } from '../e2e/sync-harness'
import { crm, seed } from './setup'

/** A loopback port nothing listens on (opened, then closed again). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

async function openSettings() {
  location.hash = '#/settings'
  const user = userEvent.setup()
  render(<App />)
  const section = await screen.findByTestId('sync-section')
  // the form is there once core answered sync.status
  await within(section).findByLabelText('Server address')
  return { user, section }
}

describe('Settings → Sync, not connected', () => {
  it('says what sync is, offers the three ways in, and shows no sidebar line while sync is off', async () => {
    const { user, section } = await openSettings()
    expect(section.textContent).toContain('Share this CRM with your team through a sync server; it keeps working offline')
    expect(crm.resultsOf('sync.status')[0]?.state).toBe('off')
    expect(screen.queryByTestId('sync-status')).toBeNull()

    const modes = within(section).getByRole('radiogroup', { name: 'What do you want to do?' })
    expect(within(modes).getByRole('radio', { name: 'Create a workspace' }).getAttribute('aria-checked')).toBe('true')
    for (const label of ['Your name', 'Email', 'Password', 'Workspace name']) expect(within(section).getByLabelText(label, { exact: false })).toBeTruthy()
    expect(within(section).queryByLabelText('Invite code')).toBeNull()

    await user.click(within(modes).getByRole('radio', { name: 'Join with an invite code' }))
    expect(within(section).getByLabelText('Invite code')).toBeTruthy()
    expect(within(section).queryByLabelText('Workspace name')).toBeNull()

    // arrows move the choice, as in any radio group
    await user.keyboard('{ArrowRight}')
    expect(within(modes).getByRole('radio', { name: 'Sign in' }).getAttribute('aria-checked')).toBe('true')
    expect(within(section).queryByLabelText('Invite code')).toBeNull()
    expect(within(section).queryByLabelText('Your name', { exact: false })).toBeNull()
  })

  it('puts core’s validation errors under their fields, connects nothing and writes nothing', async () => {
    const { user, section } = await openSettings()
    await user.type(within(section).getByLabelText('Server address'), 'ftp://crm.example.com')
    await user.type(within(section).getByLabelText('Email'), 'not-an-email')
    await user.type(within(section).getByLabelText('Password'), 'short')
    await user.click(within(section).getByRole('button', { name: 'Create workspace and connect' }))

    const server = within(section).getByLabelText('Server address')
    await waitFor(() => expect(server.getAttribute('aria-invalid')).toBe('true'))
    expect(section.textContent).toContain('Server address must be an http:// or https:// address')
    expect(section.textContent).toContain('Password must be at least 8 characters')
    expect(section.textContent).toContain('Your name is required')
    expect(section.textContent).toContain('Workspace name is required')
    expect(within(section).getByLabelText('Email').getAttribute('aria-invalid')).toBe('true')
    expect(document.activeElement).toBe(server) // the first field in error
    expect(crm.calls.filter((c) => c.name === 'sync.connect').every((c) => c.result && !c.result.ok)).toBe(true)
    expect((await seed.ok('sync.status')).state).toBe('off')

    // typing in a field clears its error
    await user.type(within(section).getByLabelText('Password'), 'and more')
    expect(within(section).getByLabelText('Password').getAttribute('aria-invalid')).not.toBe('true')
  })

  it('an unreachable server says to check the address, and stays off', async () => {
    const port = await closedPort()
    const { user, section } = await openSettings()
    await user.type(within(section).getByLabelText('Server address'), `http://127.0.0.1:${port}`)
    await user.type(within(section).getByLabelText('Your name', { exact: false }), 'Ana Ruiz')
    await user.type(within(section).getByLabelText('Email'), 'ana@shop.example')
    await user.type(within(section).getByLabelText('Password'), 'correct horse battery')
    await user.type(within(section).getByLabelText('Workspace name'), 'The Shop')
    await user.click(within(section).getByRole('button', { name: 'Create workspace and connect' }))

    const error = await within(section).findByTestId('sync-connect-error')
    expect(error.textContent).toContain('Check the address and the network')
    expect(crm.calls.find((c) => c.name === 'sync.connect')?.result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } })
    expect(within(section).getByRole('button', { name: 'Create workspace and connect' })).toHaveProperty('disabled', false)
    expect((await seed.ok('sync.status')).state).toBe('off')
    expect(screen.queryByTestId('sync-status')).toBeNull()
  })
})

describe('Settings → Sync with the real server', () => {
  let server: SyncServer
  beforeAll(async () => {
    server = await startSyncServer()
  }, 90_000)
  afterAll(async () => {
    await server?.close()
  })

  it('creates a workspace, shows it connected, syncs now, makes an invite code, lists the members and signs out after a confirmation', async () => {
    const { user, section } = await openSettings()
    await user.type(within(section).getByLabelText('Server address'), server.url)
    await user.type(within(section).getByLabelText('Your name', { exact: false }), 'Ana Ruiz')
    await user.type(within(section).getByLabelText('Email'), 'ana@shop.example')
    await user.type(within(section).getByLabelText('Password'), 'correct horse battery')
    await user.type(within(section).getByLabelText('Workspace name'), 'The Shop')
    await user.click(within(section).getByRole('button', { name: 'Create workspace and connect' }))

    // connected: the workspace, who I am, the server, the state in words
    expect((await within(section).findByTestId('sync-workspace')).textContent).toBe('The Shop')
    expect(within(section).getByTestId('sync-you').textContent).toContain('Ana Ruiz · ana@shop.example')
    expect(within(section).getByTestId('sync-you').textContent).toContain('Owner')
    expect(section.textContent).toContain(server.url)
    await waitFor(() => expect(within(section).getByTestId('sync-state').textContent).toBe('Synced: nothing waiting'))
    expect(within(section).getByTestId('sync-last').textContent).toMatch(/^Last synced /)
    const members = await within(section).findByTestId('sync-members')
    expect(members.textContent).toContain('Ana Ruiz (you)')

    // the sidebar has its line now, live from the sync.status event; it leads to Settings → Sync
    const line = await screen.findByTestId('sync-status')
    await waitFor(() => expect(line.textContent).toContain('Synced'))
    expect(line.getAttribute('title')).toContain('Everything is synced with "The Shop"')
    expect(line.getAttribute('href')).toBe('#/settings')

    // a change on this computer goes out by itself; Sync now runs a cycle and answers synced
    await seed.contact({ firstName: 'Grace', lastName: 'Hopper' })
    await user.click(within(section).getByRole('button', { name: 'Sync now' }))
    await waitFor(() => expect(crm.resultsOf('sync.now').at(-1)?.state).toBe('synced'))
    await waitFor(() => expect(within(section).getByTestId('sync-state').textContent).toBe('Synced: nothing waiting'))
    expect((await seed.ok('sync.status')).pending).toBe(0)

    // an invite code, with Copy and when it expires
    await user.click(within(section).getByRole('button', { name: 'Invite a teammate' }))
    const dialog = await screen.findByRole('dialog', { name: 'Invite a teammate' })
    await user.click(within(dialog).getByRole('button', { name: 'Make an invite code' }))
    const code = await within(dialog).findByTestId('invite-code')
    const made = crm.resultsOf('sync.invite')[0]
    expect(code.textContent).toBe(made.code)
    expect(made.code.length).toBeGreaterThanOrEqual(6)
    expect(within(dialog).getByRole('button', { name: 'Copy' })).toBeTruthy()
    expect(within(dialog).getByTestId('invite-expires').textContent).toMatch(/^Expires in /)
    await user.click(within(dialog).getByRole('button', { name: 'Done' }))
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Invite a teammate' })).toBeNull())

    // sign out asks first and says the data stays
    await user.click(within(section).getByRole('button', { name: 'Sign out…' }))
    const confirm = await screen.findByRole('dialog', { name: 'Sign out of “The Shop”?' })
    expect(confirm.textContent).toContain('Your data stays on this computer; changes not yet on the server are sent first.')
    await user.click(within(confirm).getByRole('button', { name: 'Sign out' }))
    await within(section).findByLabelText('Server address')
    expect(crm.resultsOf('sync.signOut')[0]).toMatchObject({ signedOut: true, unsynced: 0 })
    await waitFor(() => expect(screen.queryByTestId('sync-status')).toBeNull())
    // the contact is still here
    expect((await seed.ok('contacts.list', {})).items.map((c) => c.firstName)).toContain('Grace')
  })

  it('joining with a code no invite has says so in one line, and stays off', async () => {
    const { user, section } = await openSettings()
    await user.type(within(section).getByLabelText('Server address'), server.url)
    await user.click(within(section).getByRole('radio', { name: 'Join with an invite code' }))
    await user.type(within(section).getByLabelText('Invite code'), 'ZZZZ-ZZZZ-ZZZZ')
    await user.type(within(section).getByLabelText('Email'), 'cy@shop.example')
    await user.type(within(section).getByLabelText('Password'), 'correct horse battery')
    await user.type(within(section).getByLabelText('Your name (for a new account)'), 'Cy Park')
    await user.click(within(section).getByRole('button', { name: 'Join and connect' }))
    const error = await within(section).findByTestId('sync-connect-error')
    expect(error.textContent).toContain('No invite has this code')
    expect((await seed.ok('sync.status')).state).toBe('off')
    expect(within(section).getByLabelText('Invite code')).toHaveProperty('value', 'ZZZZ-ZZZZ-ZZZZ') // what was typed stays, to correct it
  })

  it('a server that went away: offline in the sidebar and the section, and signing out asks again before leaving changes unsent', async () => {
    const { user, section } = await openSettings()
    await user.type(within(section).getByLabelText('Server address'), server.url)
    await user.type(within(section).getByLabelText('Your name', { exact: false }), 'Bo Chen')
    await user.type(within(section).getByLabelText('Email'), 'bo@shop.example')
    await user.type(within(section).getByLabelText('Password'), 'correct horse battery')
    await user.type(within(section).getByLabelText('Workspace name'), 'Bo’s Bikes')
    await user.click(within(section).getByRole('button', { name: 'Create workspace and connect' }))
    await within(section).findByTestId('sync-workspace')
    await waitFor(() => expect(within(section).getByTestId('sync-state').textContent).toBe('Synced: nothing waiting'))

    await server.stop()
    try {
      await seed.contact({ firstName: 'Linus', lastName: 'Offline' })
      const line = await screen.findByTestId('sync-status')
      await waitFor(() => expect(line.getAttribute('data-state')).toBe('offline'))
      expect(line.textContent).toMatch(/^Sync: Offline — \d+ waiting$/)
      expect(line.getAttribute('title')).toContain('go to the server once it answers')
      expect(within(section).getByTestId('sync-problem').textContent).toContain('go to the server once it answers')
      expect(within(section).getByTestId('sync-state').textContent).toMatch(/^Offline: \d+ changes? waiting$/)

      await user.click(within(section).getByRole('button', { name: 'Sign out…' }))
      await user.click(within(await screen.findByRole('dialog', { name: 'Sign out of “Bo’s Bikes”?' })).getByRole('button', { name: 'Sign out' }))
      const second = await screen.findByRole('dialog', { name: 'Changes could not be sent' })
      const unsent = crm.resultsOf('sync.signOut')[0]
      expect(unsent.signedOut).toBe(false)
      expect(second.textContent).toContain(`${unsent.unsynced} change`)
      // Cancel keeps it connected
      await user.click(within(second).getByRole('button', { name: 'Cancel' }))
      expect(within(section).getByTestId('sync-workspace').textContent).toBe('Bo’s Bikes')

      await user.click(within(section).getByRole('button', { name: 'Sign out…' }))
      await user.click(within(await screen.findByRole('dialog', { name: 'Sign out of “Bo’s Bikes”?' })).getByRole('button', { name: 'Sign out' }))
      await user.click(within(await screen.findByRole('dialog', { name: 'Changes could not be sent' })).getByRole('button', { name: 'Sign out anyway' }))
      await within(section).findByLabelText('Server address')
      expect(crm.callsOf('sync.signOut').at(-1)).toEqual({ force: true })
      expect(crm.resultsOf('sync.signOut').at(-1)?.signedOut).toBe(true)
      expect((await seed.ok('contacts.list', {})).items.map((c) => c.firstName)).toContain('Linus')
    } finally {
      await server.start()
    }
  })
})
