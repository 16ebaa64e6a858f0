/**
 * The `imports` table (local, not synced): one row per real import, with the txId of every chunk
 * it committed, written in that chunk's own transaction. It is what survives a restart: the
 * counts, the status, and the transactions Undo reverts.
 */
import type { ImportJob, ImportStatus } from '../../../../src-shared/model/import'
import type { LocalWriter, Reader } from '../../db/access'

export interface ImportRecord {
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

type Counts = Pick<ImportJob, 'created' | 'updated' | 'skipped' | 'rejected'>

/** A run that was going when the process stopped: its committed chunks stay, and can be undone. */
export function markInterrupted(local: LocalWriter, now: number): void {
  local.run("UPDATE imports SET status = 'interrupted', finished_at = ? WHERE status = 'running'", now)
}

export function insertRecord(local: LocalWriter, job: Pick<ImportJob, 'id' | 'fileName' | 'createdAt' | 'total'>): void {
  local.run('INSERT INTO imports (id, file_name, created_at, status, total_rows) VALUES (?, ?, ?, ?, ?)', job.id, job.fileName, job.createdAt, 'running', job.total)
}

/** Inside the chunk's transaction: its txId and the counts so far, committed with its rows or not at all. */
export function recordChunk(local: LocalWriter, id: string, txId: string, processed: number, counts: Counts): void {
  local.run(
    `UPDATE imports SET tx_ids = json_insert(tx_ids, '$[#]', ?), processed_rows = ?, created_count = ?, updated_count = ?,
     skipped_count = ?, rejected_count = ? WHERE id = ?`,
    txId,
    processed,
    counts.created,
    counts.updated,
    counts.skipped,
    counts.rejected,
    id,
  )
}

export function recordFinished(local: LocalWriter, id: string, status: ImportStatus, error: string | null, finishedAt: number): void {
  local.run('UPDATE imports SET status = ?, error = ?, finished_at = ? WHERE id = ?', status, error, finishedAt, id)
}

export function recordCancelled(local: LocalWriter, id: string, now: number): void {
  local.run("UPDATE imports SET status = 'cancelled', finished_at = ? WHERE id = ?", now, id)
}

export function recordUndone(local: LocalWriter, id: string, now: number): void {
  local.run("UPDATE imports SET status = 'undone', undone_at = ? WHERE id = ?", now, id)
}

export function readRecord(q: Reader, id: string): ImportRecord | undefined {
  return q.one<ImportRecord>('SELECT * FROM imports WHERE id = ?', id)
}

export function latestRecords(q: Reader): ImportRecord[] {
  return q.all<ImportRecord>('SELECT * FROM imports ORDER BY created_at DESC, id DESC LIMIT 50')
}

export function txIdsOf(record: ImportRecord): string[] {
  return JSON.parse(record.tx_ids) as string[]
}

/** An import as the wizard and the history show it, from its record alone (no rejections kept). */
export function jobOfRecord(row: ImportRecord): ImportJob {
  const txIds = txIdsOf(row)
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
