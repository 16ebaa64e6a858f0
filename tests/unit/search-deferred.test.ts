/**
 * The contact search index kept by bulk writes with the triggers paused (migration 0014,
 * db/search-index.ts): after an import, its undo, a channel soft-delete or a chunk that fails, the
 * index holds exactly what a from-scratch rebuild would (compared term by term through fts5vocab),
 * and the pause flag is never left set. Also: insertMany's rows and change log stay those of insert().
 */
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { HybridLogicalClock } from '../../src-shared/hlc'
import type { SearchResults } from '../../src-shared/model/search'
import { openDatabase } from '../../src-main/core/db/open'
import { Repository } from '../../src-main/core/db/repository'
import { deferContactIndex, REBUILD_COMPANIES, REBUILD_CONTACTS } from '../../src-main/core/db/search-index'
import { Statements } from '../../src-main/core/db/statements'
import { fakeClock, MIGRATIONS, openCore, tempDir, waitImportDone as waitDone } from './helpers'

type Ok = ReturnType<typeof openCore>['ok']

/** Every (term, row, column, offset) of search_contacts and search_companies. */
function indexEntries(db: Database.Database): { contacts: string[]; companies: string[] } {
  const read = (table: string) => {
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab_${table} USING fts5vocab(main, ${table}, instance)`)
    return (db.prepare(`SELECT term, doc, col, offset FROM temp.vocab_${table}`).all() as { term: string; doc: number; col: string; offset: number }[])
      .map((r) => `${r.term}|${r.doc}|${r.col}|${r.offset}`)
      .sort()
  }
  return { contacts: read('search_contacts'), companies: read('search_companies') }
}

/**
 * The index of the database in dataDir as the app keeps it, and as a rebuild from the rows makes
 * it (on a copy); plus whether the pause flag is set.
 */
function compareWithRebuild(dataDir: string) {
  const live = new Database(join(dataDir, 'crm.db'))
  const copyFile = join(tempDir(), 'copy.db')
  let kept: ReturnType<typeof indexEntries>
  let flags: number
  try {
    kept = indexEntries(live)
    flags = live.prepare('SELECT count(*) FROM search_deferred').pluck().get() as number
    live.exec(`VACUUM INTO '${copyFile}'`) // same rowids: the tables have rowids VACUUM INTO keeps
  } finally {
    live.close()
  }
  const copy = new Database(copyFile)
  try {
    copy.exec("INSERT INTO search_contacts (search_contacts) VALUES ('delete-all')")
    copy.exec("INSERT INTO search_companies (search_companies) VALUES ('delete-all')")
    copy.exec(REBUILD_CONTACTS)
    copy.exec(REBUILD_COMPANIES)
    return { kept, rebuilt: indexEntries(copy), flags }
  } finally {
    copy.close()
  }
}

async function importText(ok: Ok, text: string, onMatch = 'update') {
  const p = await ok('imports.prepare', { fileName: 'test.csv', text })
  const started = await ok('imports.start', { sessionId: p.sessionId, mapping: p.guess, onMatch })
  return waitDone(ok, started.id)
}

const search = (ok: Ok, text: string) => ok('search.query', { text }) as Promise<SearchResults>
const names = (r: SearchResults) => r.contacts.map((c) => c.title).sort()

const CSV = [
  'First Name,Last Name,Email,Email 2,Phone,Company,Job Title',
  'Zelda,Quorn,zelda@quornworks.example,,+1 (555) 010-2000,Quornworks,Smelter',
  'Yannick,Brisket,yb@brisket.example,y.brisket@second.example,+44 20 7946 0958,Brisket & Sons,',
  'Xavi,Plumtree,,,0049-30-1234567,Quornworks,Fitter',
  'Ann,Again,ann@example.com,ann.second@example.com,+1 555 777 8888,Newco,',
  'Wanda,Tussock,wanda@tussock.example,,,,',
].join('\n')

describe('contact search index written by bulk writes', () => {
  test('an import (new contacts and an updated one, several chunks) is indexed exactly as the triggers would, and its undo leaves nothing', async () => {
    const { ok, dataDir } = openCore({ importHooks: { chunkSize: 2 } })
    const ann = await ok('contacts.create', { firstName: 'Ann', lastName: 'Again', emails: [{ value: 'ann@example.com' }] })
    const job = await importText(ok, CSV)
    expect(job).toMatchObject({ status: 'done', created: 4, updated: 1 })

    const after = compareWithRebuild(dataDir)
    expect(after.flags).toBe(0)
    expect(after.kept.contacts.length).toBeGreaterThan(0)
    expect(after.kept).toEqual(after.rebuilt)

    // by email fragment, phone digits (as typed, digits only, last 7), company name, job title
    expect(names(await search(ok, 'quornworks'))).toEqual(['Xavi Plumtree', 'Zelda Quorn'])
    expect(names(await search(ok, 'y.brisket@second'))).toEqual(['Yannick Brisket'])
    expect(names(await search(ok, '5550102000'))).toEqual(['Zelda Quorn'])
    expect(names(await search(ok, '9460958'))).toEqual(['Yannick Brisket'])
    expect(names(await search(ok, '301234567'))).toEqual(['Xavi Plumtree'])
    expect(names(await search(ok, 'smelter'))).toEqual(['Zelda Quorn'])
    expect((await search(ok, 'brisket')).companies.map((c) => c.title)).toEqual(['Brisket & Sons'])
    // the updated contact got its new email and phone into the index (through the triggers)
    expect(names(await search(ok, 'ann.second'))).toEqual(['Ann Again'])
    expect(names(await search(ok, '5557778888'))).toEqual(['Ann Again'])

    await ok('imports.undo', { id: job.id })
    const undone = compareWithRebuild(dataDir)
    expect(undone.flags).toBe(0)
    expect(undone.kept).toEqual(undone.rebuilt)
    expect(names(await search(ok, 'quornworks'))).toEqual([])
    expect(names(await search(ok, '9460958'))).toEqual([])
    expect((await search(ok, 'brisket')).companies).toEqual([])
    expect(names(await search(ok, 'ann.second'))).toEqual([])
    expect(names(await search(ok, 'ann@example.com'))).toEqual(['Ann Again'])
    expect((await ok('contacts.get', { id: ann.id })).emails.map((e) => e.value)).toEqual(['ann@example.com'])
  })

  test('a chunk that fails halfway leaves neither its rows, nor index entries, nor the flag', async () => {
    const { ok, dataDir } = openCore({
      importHooks: {
        chunkSize: 2,
        insideChunk(i) {
          if (i === 1) throw new Error('disk unplugged')
        },
      },
    })
    const job = await importText(ok, CSV, 'create')
    expect(job).toMatchObject({ status: 'failed', created: 2 })
    const state = compareWithRebuild(dataDir)
    expect(state.flags).toBe(0)
    expect(state.kept).toEqual(state.rebuilt)
    expect(names(await search(ok, 'quorn'))).toEqual(['Zelda Quorn'])
    expect(names(await search(ok, 'plumtree'))).toEqual([]) // the failed chunk's contact
    // later writes go through the triggers again
    await ok('contacts.create', { firstName: 'Vera', lastName: 'Later', emails: [{ value: 'vera@later.example' }] })
    expect(names(await search(ok, 'later.example'))).toEqual(['Vera Later'])
  })

  test('a throw while the triggers are paused rolls back rows, index and flag; nothing is left paused', () => {
    const dir = tempDir()
    const { sqlite } = openDatabase({ file: join(dir, 'crm.db'), migrationsFolder: MIGRATIONS })
    const clock = fakeClock()
    const repo = new Repository(sqlite, clock, new HybridLogicalClock('dev1', clock.now), 'dev1', () => {})
    const q = new Statements(sqlite)
    const count = (sql: string) => sqlite.prepare(sql).pluck().get() as number
    try {
      expect(() => deferContactIndex(q, () => ({}))).toThrow(/inside a transaction/)
      expect(() =>
        repo.write((w) =>
          deferContactIndex(q, () => {
            const index = w.insertMany('contacts', [{ firstName: 'Ulla', lastName: 'Gone', lifecycleStage: 'lead', notes: '' }])
            w.insertMany('contact_channels', [{ contactId: index[0], kind: 'email', value: 'ulla@gone.example', isPrimary: 1, position: 0 }])
            expect(count('SELECT count(*) FROM search_deferred')).toBe(1)
            throw new Error('halfway')
          }),
        ),
      ).toThrow('halfway')
      expect(count('SELECT count(*) FROM contacts') + count('SELECT count(*) FROM contact_channels') + count('SELECT count(*) FROM change_log')).toBe(0)
      expect(count('SELECT count(*) FROM search_contacts')).toBe(0)
      expect(count('SELECT count(*) FROM search_deferred')).toBe(0)

      // a caller that catches the throw inside its transaction: the flag is cleared all the same
      repo.write((w) => {
        try {
          deferContactIndex(q, () => {
            throw new Error('caught')
          })
        } catch {
          // carry on
        }
        expect(count('SELECT count(*) FROM search_deferred')).toBe(0)
        w.insert('contacts', { firstName: 'Tove', lastName: 'Kept', lifecycleStage: 'lead', notes: '' })
      })
      expect(count("SELECT count(*) FROM search_contacts WHERE search_contacts MATCH 'tove'")).toBe(1)
    } finally {
      sqlite.close()
    }
  })

  test('soft-deleting many channels re-indexes each contact once, as the triggers would; the contacts deleted with them are simply gone', async () => {
    const { ok, dataDir } = openCore()
    const made: { id: string }[] = []
    for (let i = 0; i < 6; i++) {
      made.push(
        await ok('contacts.create', {
          firstName: `Sam${i}`,
          lastName: 'Channel',
          emails: [{ value: `sam${i}@one.example` }, { value: `sam${i}@two.example` }],
          phones: [{ value: `+1 555 000 00${i}${i}` }],
        }),
      )
    }
    const { sqlite } = openDatabase({ file: join(dataDir, 'crm.db'), migrationsFolder: MIGRATIONS })
    try {
      const clock = fakeClock()
      const repo = new Repository(sqlite, clock, new HybridLogicalClock('dev2', clock.now), 'dev2', () => {})
      const channelIds = (contactId: string, kind: string) =>
        sqlite.prepare('SELECT id FROM contact_channels WHERE contact_id = ? AND kind = ?').pluck().all(contactId, kind) as string[]
      const before = sqlite.prepare("SELECT count(*) FROM change_log WHERE column_name = 'deleted_at'").pluck().get() as number
      repo.write((w) => {
        // the second email of contacts 0-2, every channel of 3-5; contacts 4 and 5 deleted too
        const ids = [0, 1, 2].map((i) => channelIds(made[i].id, 'email')[1])
        for (const i of [3, 4, 5]) ids.push(...channelIds(made[i].id, 'email'), ...channelIds(made[i].id, 'phone'))
        expect(w.softDeleteMany('contact_channels', ids)).toBe(12)
        expect(w.softDeleteMany('contacts', [made[4].id, made[5].id])).toBe(2)
      })
      expect(sqlite.prepare("SELECT count(*) FROM change_log WHERE column_name = 'deleted_at'").pluck().get()).toBe(before + 14)
      expect(sqlite.prepare('SELECT count(*) FROM search_deferred').pluck().get()).toBe(0)
    } finally {
      sqlite.close()
    }
    const state = compareWithRebuild(dataDir)
    expect(state.kept).toEqual(state.rebuilt)
    expect(names(await search(ok, 'two.example'))).toEqual([])
    expect(names(await search(ok, 'one.example'))).toEqual(['Sam0 Channel', 'Sam1 Channel', 'Sam2 Channel'])
    expect(names(await search(ok, 'sam3'))).toEqual(['Sam3 Channel'])
    expect(names(await search(ok, 'sam4'))).toEqual([])
  })

  test('insertMany writes the rows and change log insert() writes (nulls, undefined, booleans, given ids, mixed columns)', () => {
    const open = () => {
      const { sqlite } = openDatabase({ file: join(tempDir(), 'crm.db'), migrationsFolder: MIGRATIONS })
      const clock = fakeClock()
      return { sqlite, repo: new Repository(sqlite, clock, new HybridLogicalClock('dev1', clock.now), 'dev1', () => {}) }
    }
    const one = open()
    const many = open()
    const contacts = [
      { id: 'c-1', firstName: 'A', lastName: 'One', jobTitle: null, lifecycleStage: 'lead', notes: '', owner: undefined },
      { id: 'c-2', firstName: 'B', lastName: 'Two', jobTitle: 'CEO', lifecycleStage: 'customer', notes: 'n', birthday: '1990-01-02' },
      { id: 'c-3', deletedAt: 5, firstName: 'C', lastName: 'Three', lifecycleStage: 'lead', notes: '' },
      { id: 'c-4', firstName: 'D', lastName: 'Four', jobTitle: null, lifecycleStage: 'lead', notes: '', owner: undefined },
    ]
    const channels = Array.from({ length: 150 }, (_, i) => ({ id: `ch-${i}`, contactId: 'c-1', kind: 'email', value: `a${i}@x.example`, isPrimary: i === 0, position: i }))
    try {
      one.repo.write((w) => {
        for (const c of contacts) w.insert('contacts', c)
        for (const c of channels) w.insert('contact_channels', c)
      })
      many.repo.write((w) => {
        expect(w.insertMany('contacts', contacts)).toEqual(['c-1', 'c-2', 'c-3', 'c-4'])
        w.insertMany('contact_channels', channels)
      })
      for (const sql of [
        'SELECT table_name, row_id, column_name, value FROM change_log ORDER BY hlc',
        'SELECT * FROM contacts ORDER BY id',
        'SELECT * FROM contact_channels ORDER BY id',
      ]) {
        expect(many.sqlite.prepare(sql).all()).toEqual(one.sqlite.prepare(sql).all())
      }
    } finally {
      one.sqlite.close()
      many.sqlite.close()
    }
  })
})
