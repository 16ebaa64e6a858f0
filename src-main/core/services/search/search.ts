/**
 * Global search for the command palette, over the FTS5 tables of migration 0010 (derived data kept
 * by SQL triggers; this service only reads).
 *
 * - User text is never FTS5 syntax: it is split on white space, each word that holds a letter or a
 *   digit becomes a quoted phrase with a prefix star ("zoe"*), so quotes, brackets, NEAR, AND, -x,
 *   * and ^ are plain text. At most 8 words of at most 64 characters are used. Control characters
 *   and lone surrogates are word breaks (NOT_TEXT).
 * - Bounded on every keystroke: a single 1-character word does not touch FTS5 at all; it walks the
 *   contacts_name and companies_name indexes (names starting with that letter, 5 rows, no deals, no
 *   notes). With longer words around, 1-character words are left out (no 1-character prefix index
 *   exists, and "d"* would merge every term starting with d). 2- and 3-character prefixes are served
 *   by the tables' prefix indexes (prefix = '2 3'): one doclist, not a merge of every term.
 * - Contacts, companies and deals: ranked by bm25 with column weights (name above company, title,
 *   emails, phones). Notes (1M rows in the bench): the newest NOTE_CANDIDATES matches by rowid (FTS5
 *   walks its doclist backwards and stops), ranked by bm25 among those, so a common prefix never
 *   ranks every matching note. Contacts, companies and deals do the same (RANK_WINDOW newest
 *   matches) for 2-letter prefixes and several words; a lone 3+ letter word ranks every match.
 * - Notes take one FTS5 statement: the candidates come with their bm25 and snippet() from the same
 *   walk, are ranked here, and the best few get their details in one statement (json_each of rowids).
 *   Not one FTS5 statement per hit: each set the query up again (for a long prefix, a copy of its
 *   doclists), and FTS5 ignores a `rowid = ?` bound from JS (a REAL), so every hit had gotten the
 *   first matching note's snippet.
 * - A prefix longer than the prefix indexes ("call"*) makes FTS5 copy the doclists of every term it
 *   starts into memory, for the match and again for bm25's document count (30-50 ms for a word in a
 *   third of 1M notes). So a notes word of 4+ letters that starts exactly one index term (two
 *   fts5vocab seeks tell) is matched as that term: the same rows, hits, bm25 and snippet, read
 *   lazily. A word that starts several terms stays a prefix: an OR of its terms would be fast too,
 *   but bm25 would weigh each term on its own and reorder the notes.
 * - What is left is bm25's document count of each word (its IDF) over all notes: about 8 ms per word
 *   found in a third of 1M notes, most of a two-word query.
 */
import { fold } from '../../../../src-shared/fold'
import type { NoteHit, SearchHit, SearchResults } from '../../../../src-shared/model/search'
import { graphemes } from '../../../../src-shared/text'
import type { ServiceContext } from '../context'

const MAX_WORDS = 8
const MAX_WORD = 64
const DEFAULT_LIMIT = 5
const NOTE_CANDIDATES = 200
const RANK_WINDOW = 300

const EMPTY = (): SearchResults => ({ contacts: [], companies: [], deals: [], notes: [] })

/**
 * Control characters and lone surrogates separate words, as a space does: a NUL inside a quoted
 * phrase ends FTS5's MATCH string early (SQLite: "unterminated string"), and a lone surrogate
 * cannot be written as UTF-8 at all.
 */
const NOT_TEXT = /[\p{Cc}\p{Cs}]/gu

/** Words of the user's text that can match something: those with a letter or digit. */
export function searchWords(text: string): string[] {
  return text
    .slice(0, MAX_WORDS * (MAX_WORD + 1) * 4) // a cut surrogate becomes a word break below
    .replace(NOT_TEXT, ' ')
    .normalize('NFC')
    .split(/\s+/u)
    .map((w) => graphemes(w).slice(0, MAX_WORD).join(''))
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, MAX_WORDS)
}

const letters = (w: string) => [...w.replace(/[^\p{L}\p{N}]/gu, '')].length

const quote = (text: string) => `"${text.replace(/"/g, '""')}"`

/** Each word a quoted prefix phrase; every word must match (implicit AND). */
export function matchExpression(words: string[]): string {
  return words.map((w) => `${quote(w)}*`).join(' ')
}

/**
 * The one index term a word is, when that is certain: letters and digits of ASCII, Latin-1 and
 * Latin Extended-A, where dropping the NFD marks and lower-casing is exactly what the tokenizer
 * (unicode61 remove_diacritics 2) does ("Zoë" → "zoe"; checked against FTS5 in the unit tests).
 * Null for anything else (ß, ø, other scripts, punctuation inside): such a word stays a prefix.
 */
export function indexTerm(word: string): string | null {
  if (!/^[0-9A-Za-z\u00C0-\u017F]+$/u.test(word)) return null
  const term = fold(word)
  return /^[a-z0-9]+$/.test(term) ? term : null
}

const NAME = "ltrim(c.first_name || ' ' || c.last_name)"
const COMPANY_OF = 'LEFT JOIN companies co ON co.id = c.company_id AND co.deleted_at IS NULL'
const EMAIL_OF = `(SELECT ch.value FROM contact_channels ch WHERE ch.contact_id = c.id AND ch.kind = 'email' AND ch.deleted_at IS NULL
  ORDER BY ch.is_primary DESC, ch.position LIMIT 1)`

interface ContactRow {
  id: string
  name: string
  job_title: string | null
  company_name: string | null
  email: string | null
}
interface CompanyRow {
  id: string
  name: string
  domain: string | null
}
interface DealRow {
  id: string
  title: string
  stage_name: string | null
  contact_name: string | null
  company_name: string | null
}

interface NoteRow {
  r: number
  id: string
  type: string
  subject: string | null
  occurred_at: number
  deal_id: string | null
  contact_id: string | null
  contact_name: string | null
  company_id: string | null
  company_name: string | null
}

const TYPE_LABEL: Record<string, string> = { note: 'Note', call: 'Call', email: 'Email', meeting: 'Meeting' }

export function createSearchService({ q, local }: ServiceContext) {
  const contactHit = (r: ContactRow): SearchHit => ({
    id: r.id,
    title: r.name || r.email || '(no name)',
    subtitle: [r.job_title, r.company_name].filter(Boolean).join(' · ') || r.email || null,
  })
  const companyHit = (r: CompanyRow): SearchHit => ({ id: r.id, title: r.name, subtitle: r.domain })
  const dealHit = (r: DealRow): SearchHit => ({
    id: r.id,
    title: r.title,
    subtitle: [r.stage_name, r.company_name ?? r.contact_name].filter(Boolean).join(' · ') || null,
  })

  /** One letter: names starting with it, through the name indexes (bounded, no FTS5). */
  function byInitial(letter: string, limit: number): SearchResults {
    const from = letter.toLowerCase()
    const to = String.fromCodePoint(from.codePointAt(0)! + 1)
    const contacts = q.all<ContactRow>(
      `SELECT c.id, ${NAME} AS name, c.job_title, co.name AS company_name, ${EMAIL_OF} AS email
       FROM contacts c ${COMPANY_OF}
       WHERE c.deleted_at IS NULL AND ${NAME} COLLATE NOCASE >= ? AND ${NAME} COLLATE NOCASE < ?
       ORDER BY ${NAME} COLLATE NOCASE, c.id LIMIT ?`,
      from,
      to,
      limit,
    )
    const companies = q.all<CompanyRow>(
      `SELECT id, name, domain FROM companies
       WHERE deleted_at IS NULL AND name COLLATE NOCASE >= ? AND name COLLATE NOCASE < ?
       ORDER BY name COLLATE NOCASE, id LIMIT ?`,
      from,
      to,
      limit,
    )
    return { ...EMPTY(), contacts: contacts.map(contactHit), companies: companies.map(companyHit) }
  }

  /**
   * The first two index terms of the notes that start with `term`: fts5vocab 'instance' rows, one
   * seek each (`>= term || char(1)` lands past every instance of the term, no walk through its doclist).
   */
  let vocabulary = false
  function noteTermsStartingWith(term: string): string[] {
    if (!vocabulary) {
      // a temp table of this connection, not schema: a view of the index that holds no data
      local.run('CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_notes_terms USING fts5vocab(main, search_notes, instance)')
      vocabulary = true
    }
    const from = (t: string) => q.one<{ term: string }>('SELECT term FROM temp.search_notes_terms WHERE term >= ? LIMIT 1', t)?.term
    const terms: string[] = []
    for (let t = from(term); t !== undefined && t.startsWith(term) && terms.length < 2; t = from(`${t}\u0001`)) terms.push(t)
    return terms
  }

  /**
   * The notes' MATCH: a word of 4+ letters (longer than the prefix indexes) that starts exactly one
   * index term becomes that term (see the top). Null when a word starts no term: nothing can match.
   */
  function notesMatch(words: string[]): string | null {
    const parts: string[] = []
    for (const w of words) {
      const term = letters(w) > 3 ? indexTerm(w) : null
      const terms = term === null ? null : noteTermsStartingWith(term)
      if (terms?.length === 0) return null
      parts.push(terms?.length === 1 ? quote(terms[0]) : matchExpression([w]))
    }
    return parts.join(' ')
  }

  function notes(words: string[], limit: number): NoteHit[] {
    const match = notesMatch(words)
    if (match === null) return []
    // rank and snippet from the same walk: no second MATCH per hit (see the top)
    const candidates = q.all<{ r: number; score: number; snippet: string | null }>(
      `SELECT rowid AS r, bm25(search_notes, 2.0, 1.0) AS score, snippet(search_notes, -1, char(2), char(3), '…', 14) AS snippet
       FROM search_notes WHERE search_notes MATCH ? ORDER BY rowid DESC LIMIT ${NOTE_CANDIDATES}`,
      match,
    )
    candidates.sort((a, b) => a.score - b.score || b.r - a.r)
    const hits: NoteHit[] = []
    // details of the best ones in one statement; another round only if some had to be left out
    for (let from = 0; hits.length < limit && from < candidates.length; ) {
      const batch = candidates.slice(from, (from += limit - hits.length))
      const rows = q.all<NoteRow>(
        `SELECT a.rowid AS r, a.id, a.type, a.subject, a.occurred_at, a.deal_id, c.id AS contact_id, ${NAME} AS contact_name,
                co.id AS company_id, co.name AS company_name
         FROM json_each(?) j JOIN activities a ON a.rowid = j.value
         LEFT JOIN contacts c ON c.id = a.contact_id AND c.deleted_at IS NULL
         LEFT JOIN companies co ON co.id = a.company_id AND co.deleted_at IS NULL
         WHERE a.deleted_at IS NULL`,
        JSON.stringify(batch.map((c) => c.r)),
      )
      const details = new Map(rows.map((a) => [a.r, a]))
      for (const { r, snippet } of batch) {
        const a = details.get(r)
        // an entry of a deleted contact or company has nowhere to open: left out
        if (!a || (!a.contact_id && !a.company_id && !a.deal_id)) continue
        const contact = a.contact_id ? { id: a.contact_id, name: a.contact_name || '(no name)' } : null
        const company = a.company_id ? { id: a.company_id, name: a.company_name ?? '' } : null
        hits.push({
          id: a.id,
          type: a.type,
          title: a.subject || TYPE_LABEL[a.type] || 'Note',
          subtitle: contact?.name ?? company?.name ?? null,
          snippet: (snippet ?? '').replace(/\s+/g, ' ').trim(),
          occurredAt: a.occurred_at,
          contact,
          company,
          dealId: a.deal_id,
        })
      }
    }
    return hits
  }

  function query({ text, limit = DEFAULT_LIMIT }: { text: string; limit?: number }): SearchResults {
    const all = searchWords(text)
    if (all.length === 0) return EMPTY()
    const words = all.filter((w) => letters(w) >= 2)
    if (words.length === 0) {
      const initial = [...all[0].replace(/[^\p{L}\p{N}]/gu, '')][0]
      return initial ? byInitial(initial, limit) : EMPTY()
    }
    const match = matchExpression(words)
    // Short prefixes and several words match many rows: rank only the newest RANK_WINDOW matches
    // (FTS5 walks the doclist backwards and stops), as for notes; 3+ letters alone rank them all.
    const windowed = words.length > 1 || Math.max(...words.map(letters)) < 3
    const ranked = (table: string, weights: string) =>
      windowed
        ? `SELECT r, score FROM (SELECT rowid AS r, bm25(${table}${weights}) AS score FROM ${table} WHERE ${table} MATCH ?
             ORDER BY rowid DESC LIMIT ${RANK_WINDOW}) ORDER BY score LIMIT ?`
        : `SELECT rowid AS r, bm25(${table}${weights}) AS score FROM ${table} WHERE ${table} MATCH ? ORDER BY score LIMIT ?`
    const contacts = q.all<ContactRow>(
      `SELECT c.id, ${NAME} AS name, c.job_title, co.name AS company_name, ${EMAIL_OF} AS email
       FROM (${ranked('search_contacts', ', 10.0, 2.0, 3.0, 2.0, 1.0')}) s
       JOIN contacts c ON c.rowid = s.r ${COMPANY_OF}
       WHERE c.deleted_at IS NULL ORDER BY s.score`,
      match,
      limit,
    )
    const companies = q.all<CompanyRow>(
      `SELECT co.id, co.name, co.domain
       FROM (${ranked('search_companies', ', 10.0, 3.0')}) s
       JOIN companies co ON co.rowid = s.r WHERE co.deleted_at IS NULL ORDER BY s.score`,
      match,
      limit,
    )
    const deals = q.all<DealRow>(
      `SELECT d.id, d.title, st.name AS stage_name, ${NAME} AS contact_name, co.name AS company_name
       FROM (${ranked('search_deals', '')}) s
       JOIN deals d ON d.rowid = s.r
       LEFT JOIN stages st ON st.id = d.stage_id
       LEFT JOIN contacts c ON c.id = d.contact_id AND c.deleted_at IS NULL
       LEFT JOIN companies co ON co.id = d.company_id AND co.deleted_at IS NULL
       WHERE d.deleted_at IS NULL ORDER BY s.score`,
      match,
      limit,
    )
    return {
      contacts: contacts.map(contactHit),
      companies: companies.map(companyHit),
      deals: deals.map(dealHit),
      notes: notes(words, limit),
    }
  }

  return { query }
}

export type SearchService = ReturnType<typeof createSearchService>
