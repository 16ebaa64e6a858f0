/**
 * Private records on the server (src-server/visibility.ts): a contact or deal private to a member
 * goes to that member only, with what belongs to it; the op that hides it reaches the others as a
 * remove; a record shared again is fetched whole through POST …/rows.
 */
import { describe, expect, it } from 'vitest'
import { formatHlc } from '../../src-shared/hlc'
import { REMOVE_COLUMN, type PulledOp, type PushOp } from '../../src-shared/sync-protocol'
import { count, DATABASES, expectError, testApp } from './helpers'

function device(id: string) {
  let seq = 0
  let ms = Date.now() - 60_000
  return {
    id,
    op(table: string, rowId: string, column: string, value: unknown): PushOp {
      seq++
      ms++
      return { clientSeq: seq, hlc: formatHlc({ ms, counter: 0, node: id }), schemaVersion: 1, txId: `tx-${id}-${seq}`, table, rowId, column, value: JSON.stringify(value) }
    },
    /** Forgets the last n ops (they were refused: the next push numbers them again). */
    undo(n: number) {
      seq -= n
    },
  }
}

const rowsOf = (ops: PulledOp[]) => ops.map((op) => `${op.table}:${op.rowId}:${op.column}`)

describe.each(DATABASES)('private records (%s)', (kind) => {
  it('sends a private contact and what belongs to it to its member only, removes it elsewhere, and shares it again whole', async () => {
    const app = await testApp(kind)
    const ana = await app.signUp('Ana')
    const ws = await app.workspace(ana.token, 'Shop')
    const ben = await app.join(ana.token, ws.id, 'member', 'Ben')
    const a = device('anadevice1')
    const b = device('bendevice1')
    const pushOk = async (token: string, dev: ReturnType<typeof device>, ops: PushOp[]) => {
      const answer = await app.push(token, ws.id, dev.id, ops)
      expect(answer.status, JSON.stringify(answer.body)).toBe(200)
      return answer.body
    }
    const pullAll = async (token: string, after = 0): Promise<{ ops: PulledOp[]; next: number; head: number }> => {
      const ops: PulledOp[] = []
      let cursor = after
      let last = { next: after, head: 0 }
      for (;;) {
        const page = await app.pull(token, ws.id, { after: cursor, limit: 2 })
        expect(page.status, JSON.stringify(page.body)).toBe(200)
        ops.push(...page.body.ops)
        last = page.body
        cursor = page.body.next
        if (cursor >= page.body.head) return { next: last.next, head: last.head, ops }
      }
    }

    await pushOk(ana.token, a, [
      a.op('contacts', 'c1', '*', { first_name: 'Private' }),
      a.op('activities', 'a1', '*', { contact_id: 'c1', kind: 'call' }),
      a.op('deals', 'd1', '*', { title: 'Big deal', contact_id: 'c1' }),
      a.op('activities', 'a2', '*', { deal_id: 'd1', kind: 'note' }),
      a.op('contacts', 'c2', '*', { first_name: 'Public' }),
    ])
    const before = await pullAll(ben.token)
    expect(before.ops).toHaveLength(5)

    // Ana makes c1 private: Ben's next pull holds only its remove; a pull from the start holds none of it
    await pushOk(ana.token, a, [a.op('contacts', 'c1', 'private_to', ws.memberId)])
    const after = await pullAll(ben.token, before.next)
    expect(rowsOf(after.ops)).toEqual([`contacts:c1:${REMOVE_COLUMN}`])
    expect(after.next).toBe(6)
    const fromStart = await pullAll(ben.token)
    expect(rowsOf(fromStart.ops)).toEqual(['contacts:c2:*', `contacts:c1:${REMOVE_COLUMN}`])
    // a page whose every op is hidden comes back empty, with the cursor past them
    const hiddenPage = await app.pull(ben.token, ws.id, { after: 0, limit: 4 })
    expect(hiddenPage.body).toMatchObject({ ops: [], next: 4 })
    expect((await pullAll(ana.token)).ops).toHaveLength(6)

    // Ben's offline edit of c1 is kept (never lost) and reaches Ana, not Ben's other devices
    await pushOk(ben.token, b, [b.op('contacts', 'c1', 'first_name', 'Edited offline')])
    expect(rowsOf((await pullAll(ana.token, 6)).ops)).toEqual(['contacts:c1:first_name'])
    expect((await pullAll(ben.token, 6)).ops).toEqual([])

    // nobody makes a record private to someone else
    const opsBefore = await count(app, 'ops')
    const other = await app.push(ben.token, ws.id, b.id, [b.op('contacts', 'c2', 'private_to', ws.memberId)])
    expectError(other, 400, 'VALIDATION')
    expect(other.body.error.message).toContain('private to yourself')
    b.undo(1)
    expect(await count(app, 'ops')).toBe(opsBefore)

    // the deal moves to the public contact: Ben sees the move, and asks for the deal's whole history
    await pushOk(ana.token, a, [a.op('deals', 'd1', 'contact_id', 'c2')])
    expect(rowsOf((await pullAll(ben.token, 7)).ops)).toEqual(['deals:d1:contact_id'])
    const deal = await app.call('POST', `/v1/workspaces/${ws.id}/rows`, { token: ben.token, body: { rows: [{ table: 'deals', rowId: 'd1' }] } })
    expect(deal.status, JSON.stringify(deal.body)).toBe(200)
    expect(rowsOf(deal.body.ops)).toEqual(['deals:d1:*', 'activities:a2:*', 'deals:d1:contact_id'])

    // Ana shares c1 again: Ben gets the op, then c1's whole history (his own edit too), without the deal that left it
    await pushOk(ana.token, a, [a.op('contacts', 'c1', 'private_to', null)])
    expect(rowsOf((await pullAll(ben.token, 8)).ops)).toEqual(['contacts:c1:private_to'])
    const shared = await app.call('POST', `/v1/workspaces/${ws.id}/rows`, { token: ben.token, body: { rows: [{ table: 'contacts', rowId: 'c1' }] } })
    expect(rowsOf(shared.body.ops)).toEqual(['contacts:c1:*', 'activities:a1:*', 'contacts:c1:private_to', 'contacts:c1:first_name', 'contacts:c1:private_to'])
  })

  it('keeps the latest privacy by HLC whatever order the ops arrive in, and refuses bad row requests', async () => {
    const app = await testApp(kind)
    const ana = await app.signUp('Ana')
    const ws = await app.workspace(ana.token, 'Shop')
    const ben = await app.join(ana.token, ws.id, 'member', 'Ben')
    const a1 = device('anadevice1')
    const a2 = device('anadevice2')
    const insert = a1.op('contacts', 'c1', '*', { first_name: 'X', private_to: ws.memberId })
    const share = a1.op('contacts', 'c1', 'private_to', null)
    // a second device of Ana's made it private again, later by HLC, but pushes after the share
    const again = { ...a2.op('contacts', 'c1', 'private_to', ws.memberId), hlc: formatHlc({ ms: Date.now(), counter: 0, node: a2.id }) }
    expect((await app.push(ana.token, ws.id, a2.id, [again])).status).toBe(200)
    expect((await app.push(ana.token, ws.id, a1.id, [insert, share])).status).toBe(200)
    const page = await app.pull(ben.token, ws.id, {})
    expect(page.body.ops.map((op: PulledOp) => op.column)).toEqual([REMOVE_COLUMN, REMOVE_COLUMN])

    for (const body of [{}, { rows: [] }, { rows: [{ table: 'contacts' }] }, { rows: Array.from({ length: 101 }, (_, i) => ({ table: 'contacts', rowId: `r${i}` })) }]) {
      expectError(await app.call('POST', `/v1/workspaces/${ws.id}/rows`, { token: ben.token, body }), 400, 'VALIDATION')
    }
    const stranger = await app.signUp('Cleo')
    expectError(await app.call('POST', `/v1/workspaces/${ws.id}/rows`, { token: stranger.token, body: { rows: [{ table: 'contacts', rowId: 'c1' }] } }), 403, 'FORBIDDEN')
    expectError(await app.call('POST', `/v1/workspaces/${ws.id}/rows`, { body: { rows: [{ table: 'contacts', rowId: 'c1' }] } }), 401, 'UNAUTHENTICATED')
  })
})
