/**
 * The contacts' search index (search_contacts, migration 0010) written from TypeScript, for bulk
 * writes: the SQL triggers re-index a contact on every contact insert and on every channel insert or
 * update (an imported contact with two emails and a phone: four times), which was most of a CSV
 * import's time. A bulk writer pauses those triggers (migration 0014: a row in search_deferred) and
 * indexes the contacts it wrote in one statement at the end, in the same transaction:
 *
 *   deferContactIndex(q, () => { ...insert contacts and channels...; return { index: newIds } })
 *
 * A throw rolls the transaction back (the flag, the rows and the index together), and the flag is
 * cleared before deferContactIndex returns or throws, so later writes in the transaction are
 * indexed by the triggers again. The row text is exactly what the triggers write (same SELECT).
 * The repository's softDeleteMany of channels pauses the triggers the same way and re-indexes the
 * contacts concerned once, when its transaction ends (an undo deletes the contacts too, often in
 * the same transaction: those are not re-indexed at all).
 */
import { AppError } from '../../../src-shared/errors'
import type { Statements } from './statements'

/** One contact's index row: the triggers' SELECT (drizzle/0010_search.sql), for every contact c kept by `where`. */
const contactRows = (where: string) => `INSERT INTO search_contacts (rowid, name, job_title, company, emails, phones)
  SELECT c.rowid, c.first_name || ' ' || c.last_name, coalesce(c.job_title, ''), coalesce(co.name, ''),
    coalesce((SELECT group_concat(ch.value, ' ') FROM contact_channels ch
              WHERE ch.contact_id = c.id AND ch.kind = 'email' AND ch.deleted_at IS NULL), ''),
    coalesce((SELECT group_concat(p.value || ' ' || p.d || ' ' || substr(p.d, -10) || ' ' || substr(p.d, -9) || ' ' || substr(p.d, -7), ' ')
              FROM (SELECT ch.value, replace(replace(replace(replace(replace(replace(ch.value, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', '') AS d
                    FROM contact_channels ch WHERE ch.contact_id = c.id AND ch.kind = 'phone' AND ch.deleted_at IS NULL) p), '')
  FROM contacts c LEFT JOIN companies co ON co.id = c.company_id AND co.deleted_at IS NULL
  WHERE ${where} AND c.deleted_at IS NULL`

const IDS = 'c.id IN (SELECT value FROM json_each(?))'

/** The index of every live contact and company, from scratch (0010's last statements; tests and the bench). */
export const REBUILD_CONTACTS = contactRows('1')
export const REBUILD_COMPANIES = "INSERT INTO search_companies (rowid, name, domain) SELECT rowid, name, coalesce(domain, '') FROM companies WHERE deleted_at IS NULL"

export interface Deferred {
  /** Contacts written while paused that have no index row yet (inserted): indexed. */
  index?: Iterable<string>
  /** Contacts that had an index row and whose indexed text may have changed: re-indexed. */
  reindex?: Iterable<string>
}

/**
 * Runs fn with the contact search triggers paused, then (re)indexes the contacts it names, and
 * resumes the triggers. Must run inside a transaction (the repository's write).
 */
export function deferContactIndex<T extends Deferred>(q: Statements, fn: () => T): T {
  return pauseContactIndex(q, () => {
    const result = fn()
    if (result.reindex) reindexContacts(q, result.reindex)
    if (result.index) indexContacts(q, result.index)
    return result
  })
}

/**
 * Runs fn with the contact search triggers paused, and nothing more: the caller (re)indexes what
 * fn wrote before its transaction commits. Nested calls join the outer pause.
 */
export function pauseContactIndex<T>(q: Statements, fn: () => T): T {
  if (!q.sqlite.inTransaction) throw new AppError('INTERNAL', 'The search index can only be deferred inside a transaction.')
  const paused = q.get('INSERT OR IGNORE INTO search_deferred (id) VALUES (1)').run().changes === 1
  let done = false
  try {
    const result = fn()
    done = true
    return result
  } finally {
    if (paused) {
      try {
        q.get('DELETE FROM search_deferred').run()
      } catch (error) {
        if (done) throw error // else the transaction is failing anyway: its rollback clears the flag
      }
    }
  }
}

/** Indexes the live contacts among ids, which have no index row (inserted while paused). */
export function indexContacts(q: Statements, ids: Iterable<string>): void {
  const list = [...ids]
  if (list.length > 0) q.get(contactRows(IDS)).run(JSON.stringify(list))
}

/** Re-indexes the contacts among ids from their current rows (a deleted contact ends with none). */
export function reindexContacts(q: Statements, ids: Iterable<string>): void {
  const list = [...ids]
  if (list.length === 0) return
  const json = JSON.stringify(list)
  // only live contacts have an index row: the triggers index live contacts only
  q.get('DELETE FROM search_contacts WHERE rowid IN (SELECT rowid FROM contacts WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL)').run(json)
  q.get(contactRows(IDS)).run(json)
}
