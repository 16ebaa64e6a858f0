/**
 * CSV import. prepare() parses the file's text once (papaparse: delimiter and header row detected)
 * and keeps it in memory under a session id; start() runs a dry run or the real import as a job:
 * chunks of rows, each chunk ONE repository transaction (rows + change log + this import's record
 * of the chunk's txId), the event loop yielded between chunks so other commands keep answering,
 * progress pushed as `import.progress`.
 *
 * Cancel reverts what the committed chunks wrote (a revert job, in chunks too) — the import's rows
 * are visible while it runs, and nothing of it is left live after Cancel. A process killed mid-import
 * leaves whole chunks in or out (each is one transaction, and its txId is recorded in the same
 * transaction); on the next start such an import is marked "interrupted" and can be undone whole.
 */
import Papa from 'papaparse'
import { v7 as uuidv7 } from 'uuid'
import type { Events } from '../../../../src-shared/api'
import {
  convertRow,
  guessMapping,
  looksLikeHeader,
  phoneKey,
  uniqueHeaders,
  type CustomFieldDef,
  type ImportRow,
} from '../../../../src-shared/csv-mapping'
import { AppError } from '../../../../src-shared/errors'
import {
  DELIMITERS,
  type ImportJob,
  type ImportOptions,
  type ImportPreview,
  type ImportStatus,
  type ImportUndoResult,
} from '../../../../src-shared/model/import'
import { TAG_COLORS } from '../../../../src-shared/model/tag'
import type { Writer } from '../../db/repository'
import { CHUNK_BUDGET_MS, type JobRunner } from '../../jobs/runner'
import { addressColumns } from '../address'
import type { ServiceContext } from '../context'
import { writeCustomValues } from '../contacts/custom-field-values'

/** Knobs for tests only: smaller chunks, and a fault injected inside a chunk's transaction. */
export const importTestHooks: { chunkSize?: number; insideChunk?: (chunkIndex: number) => void } = {}

const CHUNK_ROWS = 1000
const MAX_REJECTIONS_KEPT = 5000
const PREVIEW_ROWS = 20
const PREVIEW_CELL = 200
const MAX_SESSIONS = 3

interface Session {
  id: string
  fileName: string
  encoding: string
  text: string
  delimiter: string
  hasHeader: boolean
  headers: string[]
  /** Data rows (empty rows dropped) and their record number in the file (1-based). */
  rows: string[][]
  rowNumbers: number[]
  /** A parse problem on a row (an unclosed quote...): the row is rejected with it. */
  rowErrors: Map<number, string>
}

interface Job extends ImportJob {
  session: Session
  options: ImportOptions
  txIds: string[]
  cancelled: boolean
  /** The chunk loop; Cancel waits for it to stop before reverting. */
  loop?: Promise<void>
}

interface ImportRowDb {
  id: string
  file_name: string
  created_at: number
  finished_at: number | null
  status: ImportStatus
  total_rows: number
  processed_rows: number
  created_count: number
  updated_count: number
  skipped_count: number
  rejected_count: number
  tx_ids: string
  error: string | null
  undone_at: number | null
}

type Emit = (event: 'import.progress', payload: Events['import.progress']) => void

const lower = (s: string) => s.toLowerCase()

export function createImportsService(ctx: ServiceContext, emit: Emit, runner: JobRunner) {
  const { q, local, repo, clock } = ctx
  const sessions = new Map<string, Session>()
  const jobs = new Map<string, Job>()
  let running: Job | null = null
  const undoing = new Set<string>()

  // A run that was going when the process stopped: its committed chunks stay, and can be undone.
  local.run("UPDATE imports SET status = 'interrupted', finished_at = ? WHERE status = 'running'", clock.now())

  // ---- parsing -------------------------------------------------------------------------------

  function parse(text: string, delimiter: string): Papa.ParseResult<string[]> {
    return Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false, header: false })
  }

  /** The delimiter that splits the first rows into the most columns, the same number in each. */
  function detectDelimiter(text: string): string {
    const sample = text.slice(0, 64 * 1024)
    let best: string = ','
    let bestScore = -1
    for (const d of DELIMITERS) {
      const rows = Papa.parse<string[]>(sample, { delimiter: d, preview: 30 }).data.filter((r) => r.some((c) => c.trim() !== ''))
      if (rows.length === 0) continue
      const counts = new Map<number, number>()
      for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1)
      const [mode, freq] = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]
      if (mode <= 1) continue
      const score = (freq / rows.length) * 1000 + mode
      if (score > bestScore) {
        bestScore = score
        best = d
      }
    }
    return best
  }

  function prepare(input: { fileName?: string; text?: string; encoding?: string; sessionId?: string; delimiter?: string; hasHeader?: boolean }): ImportPreview {
    const previous = input.sessionId ? sessions.get(input.sessionId) : undefined
    if (input.sessionId && !previous && input.text === undefined) {
      throw new AppError('NOT_FOUND', 'The file is no longer loaded; pick it again.')
    }
    const text = input.text ?? previous!.text
    const fileName = input.fileName ?? previous?.fileName ?? 'import.csv'
    const encoding = input.encoding ?? previous?.encoding ?? 'utf-8'
    const delimiter = input.delimiter ?? detectDelimiter(text)
    const result = parse(text.replace(/^\ufeff/, ''), delimiter)

    const rowErrors = new Map<number, string>()
    for (const e of result.errors) {
      if (e.row === undefined || e.code === 'UndetectableDelimiter') continue
      if (e.code === 'MissingQuotes') rowErrors.set(e.row, 'A quoted cell is never closed: every line after it was read into this row')
      else if (!rowErrors.has(e.row)) rowErrors.set(e.row, `The row could not be read: ${e.message}`)
    }
    const records = result.data
    let first = records.findIndex((r) => r.some((c) => c.trim() !== ''))
    if (first < 0) first = records.length
    const second = records.slice(first + 1).find((r) => r.some((c) => c.trim() !== ''))
    const hasHeader = input.hasHeader ?? (first < records.length && looksLikeHeader(records[first], second))

    const rows: string[][] = []
    const rowNumbers: number[] = []
    let width = 0
    for (let i = hasHeader ? first + 1 : first; i < records.length; i++) {
      const r = records[i]
      if (!r.some((c) => c.trim() !== '')) continue
      rows.push(r)
      rowNumbers.push(i + 1)
      if (r.length > width) width = r.length
    }
    const headerCells = hasHeader && first < records.length ? records[first] : []
    width = Math.max(width, headerCells.length)
    const headers = uniqueHeaders(Array.from({ length: width }, (_, i) => (hasHeader ? (headerCells[i] ?? '') : '')))
    const errorsByRow = new Map<number, string>()
    for (const [index, message] of rowErrors) errorsByRow.set(index + 1, message)

    const session: Session = {
      id: previous?.id && input.text === undefined ? previous.id : uuidv7(),
      fileName,
      encoding,
      text,
      delimiter,
      hasHeader,
      headers,
      rows,
      rowNumbers,
      rowErrors: errorsByRow,
    }
    sessions.delete(session.id)
    sessions.set(session.id, session)
    while (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value!)

    return {
      sessionId: session.id,
      fileName,
      encoding,
      delimiter,
      hasHeader,
      headers,
      rows: rows.slice(0, PREVIEW_ROWS).map((r) => headers.map((_, i) => clipCell(r[i] ?? ''))),
      rowCount: rows.length,
      guess: hasHeader ? guessMapping(headers, customFieldDefs()) : headers.map(() => 'ignore'),
    }
  }

  function customFieldDefs(): CustomFieldDef[] {
    return q
      .all<{ id: string; label: string; type: CustomFieldDef['type']; options: string }>(
        'SELECT id, label, type, options FROM custom_fields WHERE deleted_at IS NULL ORDER BY position',
      )
      .map((f) => ({ ...f, options: JSON.parse(f.options) as string[] }))
  }

  // ---- jobs ----------------------------------------------------------------------------------

  function snapshot(job: Job): ImportJob {
    const { session: _s, options: _o, txIds: _t, cancelled: _c, loop: _l, ...rest } = job
    return { ...rest, rejections: [...job.rejections] }
  }

  let announcedAt = 0
  function progress(job: Job) {
    // the chunks' data.changed are held while the import runs (repo.hold): views refresh at most every 100 ms
    if (job.status !== 'running' || performance.now() - announcedAt >= 100) {
      announcedAt = performance.now()
      repo.announceHeld()
    }
    const { rejections: _r, ...rest } = snapshot(job)
    emit('import.progress', rest)
  }

  function start(options: ImportOptions): ImportJob {
    if (running) throw new AppError('CONFLICT', 'An import is already running; wait for it to finish or cancel it.')
    const session = sessions.get(options.sessionId)
    if (!session) throw new AppError('NOT_FOUND', 'The file is no longer loaded; pick it again.')
    if (options.mapping.length !== session.headers.length) {
      throw new AppError('VALIDATION', `The mapping has ${options.mapping.length} columns but the file has ${session.headers.length}; reload the file.`)
    }
    if (!options.mapping.some((t) => t === 'firstName' || t === 'lastName' || t === 'fullName')) {
      throw new AppError('VALIDATION', 'Map a column to a name (first, last or full name): a contact needs one.', {
        problems: [{ path: 'mapping', message: 'Map a column to a name' }],
      })
    }
    const job: Job = {
      id: uuidv7(),
      dryRun: options.dryRun,
      fileName: session.fileName,
      status: 'running',
      total: session.rows.length,
      processed: 0,
      created: 0,
      updated: 0,
      skipped: 0,
      rejected: 0,
      companiesCreated: 0,
      rejections: [],
      error: null,
      createdAt: clock.now(),
      finishedAt: null,
      undoneAt: null,
      canUndo: false,
      session,
      options,
      txIds: [],
      cancelled: false,
    }
    if (!job.dryRun) {
      local.run('INSERT INTO imports (id, file_name, created_at, status, total_rows) VALUES (?, ?, ?, ?, ?)', job.id,
        job.fileName,
        job.createdAt,
        'running',
        job.total,
      )
    }
    jobs.set(job.id, job)
    for (const [id, j] of jobs) if (jobs.size > 10 && j.status !== 'running') jobs.delete(id)
    running = job
    job.loop = new Promise<void>((resolve) => setImmediate(() => void run(job).finally(resolve)))
    return snapshot(job)
  }

  async function run(job: Job) {
    const release = repo.hold()
    try {
      const writer = makeChunkWriter(job)
      // Chunks aim at three quarters of the chunk budget (reads wait at most one chunk): start at 100
      // rows, then size them from the measured time, between 20 and CHUNK_ROWS.
      let size = importTestHooks.chunkSize ?? 100
      let chunkIndex = 0
      for (let from = 0, to = 0; from < job.total; from = to) {
        if (job.cancelled || !q.open) return
        to = Math.min(job.total, from + size)
        const t0 = performance.now()
        if (job.dryRun) {
          writer.chunk(null, from, to)
        } else {
          repo.write((w) => {
            writer.chunk(w, from, to)
            importTestHooks.insideChunk?.(chunkIndex)
            local.run(`UPDATE imports SET tx_ids = json_insert(tx_ids, '$[#]', ?), processed_rows = ?, created_count = ?, updated_count = ?,
               skipped_count = ?, rejected_count = ? WHERE id = ?`, w.txId, to, job.created, job.updated, job.skipped, job.rejected, job.id)
            job.txIds.push(w.txId)
          })
        }
        job.processed = to
        chunkIndex++
        if (!importTestHooks.chunkSize) {
          const perRow = (performance.now() - t0) / (to - from)
          size = Math.max(20, Math.min(CHUNK_ROWS, Math.round((CHUNK_BUDGET_MS * 0.75) / Math.max(perRow, 0.001))))
        }
        progress(job)
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
      if (job.cancelled || !q.open) return
      finish(job, 'done', null)
    } catch (error) {
      if (!q.open) return // the app is closing: the record says "running" → "interrupted" on the next start
      const message = error instanceof AppError ? error.message : `The import stopped: ${(error as Error).message}`
      // the failed chunk rolled back as a whole; what the earlier chunks wrote stays and can be undone
      try {
        const row = q.one<ImportRowDb>('SELECT * FROM imports WHERE id = ?', job.id)
        if (row) restoreCounts(job, row)
        finish(job, 'failed', message)
      } catch {
        // nothing more to do
      }
    } finally {
      release()
      if (running === job) running = null
    }
  }

  /** Counts as committed (the in-memory ones may include a chunk that rolled back). */
  function restoreCounts(job: Job, row: ImportRowDb) {
    job.processed = row.processed_rows
    job.created = row.created_count
    job.updated = row.updated_count
    job.skipped = row.skipped_count
    job.rejected = row.rejected_count
    const last = row.processed_rows > 0 ? job.session.rowNumbers[row.processed_rows - 1] : 0
    job.rejections = job.rejections.filter((r) => r.row <= last)
  }

  function finish(job: Job, status: ImportStatus, error: string | null) {
    job.status = status
    job.error = error
    job.finishedAt = clock.now()
    job.canUndo = !job.dryRun && (status === 'done' || status === 'failed') && job.txIds.length > 0
    if (!job.dryRun) {
      local.run('UPDATE imports SET status = ?, error = ?, finished_at = ? WHERE id = ?', status, error, job.finishedAt, job.id)
    }
    if (running === job) running = null
    progress(job)
  }

  function makeChunkWriter(job: Job) {
    const { session, options } = job
    const defs = new Map(customFieldDefs().map((d) => [d.id, d]))
    const match = options.onMatch !== 'create'
    const emails = new Map<string, string>()
    const phones = new Map<string, string>()
    if (match) {
      const rows = q.all<{ contact_id: string; kind: string; value: string }>(
        `SELECT ch.contact_id, ch.kind, ch.value FROM contact_channels ch JOIN contacts c ON c.id = ch.contact_id
         WHERE ch.deleted_at IS NULL AND c.deleted_at IS NULL AND ch.kind IN ('email', 'phone') ORDER BY c.created_at, c.id`,
      )
      for (const r of rows) {
        if (r.kind === 'email') {
          if (!emails.has(lower(r.value))) emails.set(lower(r.value), r.contact_id)
        } else {
          const key = phoneKey(r.value)
          if (key && !phones.has(key)) phones.set(key, r.contact_id)
        }
      }
    }
    const companies = new Map<string, string>()
    for (const c of q.all<{ id: string; name: string }>('SELECT id, name FROM companies WHERE deleted_at IS NULL ORDER BY created_at, id')) {
      if (!companies.has(lower(c.name))) companies.set(lower(c.name), c.id)
    }
    const tags = new Map<string, string>()
    for (const t of q.all<{ id: string; name: string }>('SELECT id, name FROM tags WHERE deleted_at IS NULL ORDER BY created_at, id')) {
      if (!tags.has(lower(t.name))) tags.set(lower(t.name), t.id)
    }
    let tagColor = tags.size
    let dryIds = 0

    const findMatch = (row: ImportRow): string | null => {
      if (!match) return null
      for (const e of row.emails) {
        const id = emails.get(lower(e))
        if (id) return id
      }
      for (const p of row.phones) {
        const key = phoneKey(p)
        const id = key ? phones.get(key) : undefined
        if (id) return id
      }
      return null
    }
    const remember = (row: ImportRow, id: string) => {
      if (!match) return
      for (const e of row.emails) if (!emails.has(lower(e))) emails.set(lower(e), id)
      for (const p of row.phones) {
        const key = phoneKey(p)
        if (key && !phones.has(key)) phones.set(key, id)
      }
    }
    const companyId = (w: Writer | null, name: string | null): string | null | undefined => {
      if (!name) return undefined
      const known = companies.get(lower(name))
      if (known) return known
      let id = `dry-company-${companies.size}`
      if (w) {
        id = nextId()
        pending.companies.push({ id, name, notes: '' }) // written by flush(), before the contacts that name it
      }
      companies.set(lower(name), id)
      job.companiesCreated++
      return id
    }
    const tagId = (w: Writer | null, name: string): string => {
      const known = tags.get(lower(name))
      if (known) return known
      const id = w ? w.insert('tags', { name, color: TAG_COLORS[tagColor++ % TAG_COLORS.length] }) : `dry-tag-${tags.size}`
      tags.set(lower(name), id)
      return id
    }

    // New companies and contacts of a chunk are written together (Writer.insertMany: one statement
    // per ~100 rows), before any update of an existing contact (which may name a new company). The
    // contact search triggers wait while contacts and channels are written: one statement indexes
    // the new contacts at the end (db/search-index.ts), in the chunk's transaction.
    type Values = Record<string, unknown>
    const pending = { companies: [] as Values[], contacts: [] as Values[], channels: [] as Values[], tags: [] as Values[], values: [] as Values[] }
    const flush = (w: Writer) => {
      if (pending.companies.length > 0) w.insertMany('companies', pending.companies)
      pending.companies = []
      if (pending.contacts.length === 0) return // channels, tags and values are only of new contacts
      w.deferContactIndex(() => {
        const index = w.insertMany('contacts', pending.contacts)
        w.insertMany('contact_channels', pending.channels)
        return { index }
      })
      w.insertMany('contact_tags', pending.tags)
      w.insertMany('contact_field_values', pending.values)
      pending.contacts = []
      pending.channels = []
      pending.tags = []
      pending.values = []
    }
    const create = (w: Writer, row: ImportRow, company: string | null | undefined): string => {
      const id = nextId()
      pending.contacts.push({
        id,
        firstName: row.firstName,
        lastName: row.lastName,
        jobTitle: row.jobTitle ?? null,
        companyId: company ?? null,
        leadSource: row.leadSource ?? null,
        lifecycleStage: row.lifecycleStage ?? 'lead',
        owner: row.owner ?? null,
        birthday: row.birthday ?? null,
        notes: row.notes ?? '',
        ...addressColumns(row.address),
      })
      const channel = (kind: string, value: string, isPrimary: number, position: number) =>
        pending.channels.push({ id: nextId(), contactId: id, kind, value, label: null, isPrimary, position })
      row.emails.forEach((value, position) => channel('email', value, position === 0 ? 1 : 0, position))
      row.phones.forEach((value, position) => channel('phone', value, 0, position))
      row.socialProfiles.forEach((value, position) => channel('social', value, 0, position))
      for (const name of row.tagNames) pending.tags.push({ id: nextId(), contactId: id, tagId: tagId(w, name) })
      for (const [fieldId, value] of Object.entries(row.customFields)) {
        pending.values.push({ id: nextId(), contactId: id, fieldId, value: JSON.stringify(value) })
      }
      return id
    }

    /** Fields the file fills replace the contact's; empty cells leave them; new emails, phones and tags are added. */
    const update = (w: Writer, id: string, row: ImportRow, company: string | null | undefined) => {
      const patch: Record<string, unknown> = {
        jobTitle: row.jobTitle ?? undefined,
        companyId: company ?? undefined,
        leadSource: row.leadSource ?? undefined,
        lifecycleStage: row.lifecycleStage,
        owner: row.owner ?? undefined,
        birthday: row.birthday ?? undefined,
        notes: row.notes || undefined,
        ...addressColumns(row.address),
      }
      if (row.firstName) patch.firstName = row.firstName
      if (row.lastName) patch.lastName = row.lastName
      for (const k of Object.keys(patch)) if (patch[k] === null) delete patch[k]
      w.update('contacts', id, patch)

      const existing = q.all<{ kind: string; value: string; position: number }>(
        'SELECT kind, value, position FROM contact_channels WHERE contact_id = ? AND deleted_at IS NULL',
        id,
      )
      const addChannels = (kind: string, values: string[], key: (v: string) => string | null) => {
        const mine = existing.filter((c) => c.kind === kind)
        const have = new Set(mine.map((c) => key(c.value)))
        let position = mine.reduce((m, c) => Math.max(m, c.position + 1), 0)
        for (const value of values) {
          const k = key(value)
          if (k !== null && have.has(k)) continue
          have.add(k)
          const isPrimary = kind === 'email' && mine.length === 0 && position === 0 ? 1 : 0
          w.insert('contact_channels', { contactId: id, kind, value, label: null, isPrimary, position: position++ })
        }
      }
      addChannels('email', row.emails, lower)
      addChannels('phone', row.phones, (v) => phoneKey(v) ?? v)
      addChannels('social', row.socialProfiles, lower)
      for (const name of row.tagNames) {
        const tag = tagId(w, name)
        const link = q.one<{ id: string; deleted_at: number | null }>(
          'SELECT id, deleted_at FROM contact_tags WHERE contact_id = ? AND tag_id = ? ORDER BY deleted_at IS NULL DESC LIMIT 1',
          id,
          tag,
        )
        if (!link) w.insert('contact_tags', { contactId: id, tagId: tag })
        else if (link.deleted_at !== null) w.restore('contact_tags', link.id)
      }
      if (Object.keys(row.customFields).length) writeCustomValues(ctx, w, id, row.customFields)
    }

    const reject = (index: number, reason: string) => {
      job.rejected++
      if (job.rejections.length < MAX_REJECTIONS_KEPT) {
        job.rejections.push({ row: session.rowNumbers[index], reason, cells: session.rows[index].slice(0, 8).map((c) => clipCell(c, 80)) })
      }
    }

    return {
      /** Rows [from, to): written through w, or only counted (dry run: w is null). */
      chunk(w: Writer | null, from: number, to: number) {
        for (let i = from; i < to; i++) {
          const parseError = session.rowErrors.get(session.rowNumbers[i])
          if (parseError) {
            reject(i, parseError)
            continue
          }
          const result = convertRow(session.rows[i], options.mapping, session.headers, defs)
          if (!result.ok) {
            reject(i, result.reason)
            continue
          }
          const row = result.row
          for (const t of options.addTags) if (!row.tagNames.some((x) => lower(x) === lower(t))) row.tagNames.push(t)
          const existing = findMatch(row)
          if (existing && options.onMatch === 'skip') {
            job.skipped++
            continue
          }
          const company = companyId(w, row.companyName)
          if (existing && options.onMatch === 'update') {
            if (w) {
              flush(w) // the match may be a contact made earlier in this chunk
              update(w, existing, row, company)
            }
            else for (const name of row.tagNames) tagId(null, name)
            remember(row, existing)
            job.updated++
            continue
          }
          let id: string
          if (w) id = create(w, row, company)
          else {
            for (const name of row.tagNames) tagId(null, name)
            id = `dry-contact-${dryIds++}`
          }
          remember(row, id)
          job.created++
        }
        if (w) flush(w)
      },
    }
  }

  function get(id: string): ImportJob {
    const job = jobs.get(id)
    if (job) return snapshot(job)
    const row = q.one<ImportRowDb>('SELECT * FROM imports WHERE id = ?', id)
    if (!row) throw new AppError('NOT_FOUND', 'That import was not found.', { id })
    return fromRow(row)
  }

  function fromRow(row: ImportRowDb): ImportJob {
    const txIds = JSON.parse(row.tx_ids) as string[]
    return {
      id: row.id,
      dryRun: false,
      fileName: row.file_name,
      status: row.status,
      total: row.total_rows,
      processed: row.processed_rows,
      created: row.created_count,
      updated: row.updated_count,
      skipped: row.skipped_count,
      rejected: row.rejected_count,
      companiesCreated: 0,
      rejections: [],
      error: row.error,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      undoneAt: row.undone_at,
      canUndo: ['done', 'failed', 'interrupted'].includes(row.status) && txIds.length > 0,
    }
  }

  /**
   * Cancel stops the chunk loop after its current chunk, then reverts what the committed chunks
   * wrote as a revert job (chunks, progress); answers once nothing of the import is left.
   */
  async function cancel(id: string): Promise<ImportJob> {
    const job = jobs.get(id)
    if (!job) throw new AppError('NOT_FOUND', 'That import is not running.', { id })
    if (job.status !== 'running' || job.cancelled) return snapshot(job)
    job.cancelled = true
    await job.loop
    if (!job.dryRun && job.txIds.length > 0) {
      await runner.revertAsJob(job.txIds, `Cancelling the import of ${job.fileName}`, () => {
        local.run("UPDATE imports SET status = 'cancelled', finished_at = ? WHERE id = ?", clock.now(), job.id)
      })
    }
    finish(job, 'cancelled', null)
    return snapshot(job)
  }

  /** Reverts every chunk of the import as a revert job (chunks of ≤ 20 ms, progress in the jobs bar). */
  async function undo(id: string): Promise<ImportUndoResult> {
    const row = q.one<ImportRowDb>('SELECT * FROM imports WHERE id = ?', id)
    if (!row) throw new AppError('NOT_FOUND', 'That import was not found.', { id })
    if (row.status === 'running') throw new AppError('CONFLICT', 'The import is still running: cancel it instead.')
    if (row.status === 'undone' || row.status === 'cancelled') throw new AppError('CONFLICT', 'This import was already undone.')
    if (undoing.has(id)) throw new AppError('CONFLICT', 'This import is being undone already.')
    const txIds = JSON.parse(row.tx_ids) as string[]
    const markUndone = () => local.run("UPDATE imports SET status = 'undone', undone_at = ? WHERE id = ?", clock.now(), id)
    undoing.add(id)
    let result: ImportUndoResult
    try {
      if (txIds.length === 0) {
        markUndone()
        result = { reverted: 0, keptLaterEdits: 0 }
      } else {
        result = await runner.revertAsJob(txIds, `Undoing the import of ${row.file_name}`, markUndone)
      }
    } finally {
      undoing.delete(id)
    }
    const job = jobs.get(id)
    if (job) {
      job.status = 'undone'
      job.undoneAt = clock.now()
      job.canUndo = false
      progress(job)
    }
    return result
  }

  function list(): ImportJob[] {
    return q.all<ImportRowDb>('SELECT * FROM imports ORDER BY created_at DESC, id DESC LIMIT 50').map((r) => {
      const job = jobs.get(r.id)
      return job ? { ...snapshot(job), rejections: [] } : fromRow(r)
    })
  }

  return { prepare, start, get, cancel, undo, list }
}

/**
 * UUIDv7 ids for bulk inserts: the same layout as the uuid package's v7 (ms time, then a counter
 * that keeps ids made in one millisecond in order), with the random bytes drawn from a pool —
 * one getRandomValues call per 4,096 ids instead of one per id, which dominated the import's time.
 */
function makeIdFactory() {
  const pool = new Uint8Array(16 * 4096)
  let at = pool.length
  let msecs = 0
  let seq = 0
  return (): string => {
    if (at >= pool.length) {
      globalThis.crypto.getRandomValues(pool)
      at = 0
    }
    const random = pool.subarray(at, at + 16)
    at += 16
    const now = Date.now()
    if (now > msecs) {
      msecs = now
      seq = ((random[6] << 23) | (random[7] << 15) | (random[8] << 7) | (random[9] >>> 1)) >>> 0
    } else {
      seq = (seq + 1) >>> 0
      if (seq === 0) msecs++
    }
    return uuidv7({ random, msecs, seq })
  }
}
const nextId = makeIdFactory()

function clipCell(value: string, max = PREVIEW_CELL): string {
  return value.length > max ? `${value.slice(0, max)}…` : value
}

export type ImportsService = ReturnType<typeof createImportsService>
