/**
 * "Make private" on the contact and deal pages, on the REAL core and the REAL sync server (child
 * process, PGlite): absent while sync is off, then a toggle whose state is core's, with Undo.
 */
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App } from '../../src-renderer/App'
import { startSyncServer, type SyncServer } from '../e2e/sync-harness'
import { seed } from './setup'

async function openPage(hash: string, heading: string) {
  location.hash = hash
  const user = userEvent.setup()
  render(<App />)
  await screen.findByRole('heading', { name: heading })
  return user
}

describe('private records in the UI', () => {
  let server: SyncServer
  beforeAll(async () => {
    server = await startSyncServer()
  }, 90_000)
  afterAll(async () => {
    await server?.close()
  })

  it('offers nothing while this computer does not sync with a team', async () => {
    const contact = await seed.ok('contacts.create', { firstName: 'Solo', lastName: 'Client' })
    await openPage(`#/contacts/${contact.id}`, 'Solo Client')
    await screen.findByRole('button', { name: /Edit/ })
    expect(screen.queryByRole('button', { name: /Make private|Private to you/ })).toBeNull()
  })

  it('makes a contact and a deal private to me and shares them again with Undo, as core says', async () => {
    await seed.ok('sync.connect', { mode: 'create', server: server.url, email: 'ana@shop.example', password: 'correct horse battery', name: 'Ana', workspaceName: 'Shop' })
    const contact = await seed.ok('contacts.create', { firstName: 'Secret', lastName: 'Client' })
    const user = await openPage(`#/contacts/${contact.id}`, 'Secret Client')

    const toggle = await screen.findByRole('button', { name: 'Make private' })
    expect(toggle.getAttribute('aria-pressed')).toBe('false')
    await user.click(toggle)
    const on = await screen.findByRole('button', { name: 'Private to you' })
    expect(on.getAttribute('aria-pressed')).toBe('true')
    const me = (await seed.ok('sync.status')).connection!.memberId
    expect((await seed.ok('contacts.get', { id: contact.id })).privateTo).toBe(me)
    // the contact's history says it in words
    await screen.findByText('made it private', { exact: false })
    const toast = await screen.findByText('Only you see Secret Client now, with its history, deals and follow-ups')
    await user.click(within(toast.closest('[role="status"], .toast') as HTMLElement).getByRole('button', { name: 'Undo' }))
    await screen.findByRole('button', { name: 'Make private' })
    await waitFor(async () => expect((await seed.ok('contacts.get', { id: contact.id })).privateTo).toBeNull())

    const [pipeline] = await seed.ok('pipelines.list')
    const deal = await seed.ok('deals.create', { title: 'Quiet deal', pipelineId: pipeline.id, stageId: pipeline.stages[0].id })
    location.hash = `#/deals/${deal.id}`
    await screen.findByRole('heading', { name: 'Quiet deal' })
    await user.click(await screen.findByRole('button', { name: 'Make private' }))
    await screen.findByRole('button', { name: 'Private to you' })
    expect((await seed.ok('deals.get', { id: deal.id })).privateTo).toBe(me)
  })
})
