/**
 * CSV import, assembled: prepare() parses the file's text once (parse.ts) and keeps it in memory
 * under a session id; start() checks the mapping and runs a dry run or the real import (job.ts),
 * whose chunks writer.ts writes; get, list, cancel and undo read or act on the runs and the
 * `imports` table (record.ts).
 */
import { v7 as uuidv7 } from 'uuid'
import type { Events } from '../../../../src-shared/api'
import { AppError } from '../../../../src-shared/errors'
import type { ImportJob, ImportOptions, ImportPreview, ImportUndoResult } from '../../../../src-shared/model/import'
import type { JobRunner } from '../../jobs/runner'
import type { ServiceContext } from '../context'
import { assertNoImportRunning, cancelImport, getImport, listImports, openImportRuns, startImport, undoImport, type ImportHooks } from './job'
import { checkMapping, detectDelimiter, parseCsv, previewOf, type CsvFile } from './parse'
import { readCustomFieldDefs } from './writer'

export type { ImportHooks } from './job'

/** Files kept loaded (the wizard may step back and re-read one with another delimiter). */
const MAX_SESSIONS = 3

type Emit = (event: 'import.progress', payload: Events['import.progress']) => void

export interface PrepareInput {
  fileName?: string
  text?: string
  encoding?: string
  sessionId?: string
  delimiter?: string
  hasHeader?: boolean
}

export interface ImportsService {
  prepare(input: PrepareInput): ImportPreview
  start(options: ImportOptions): ImportJob
  get(id: string): ImportJob
  cancel(id: string): Promise<ImportJob>
  undo(id: string): Promise<ImportUndoResult>
  list(): ImportJob[]
}

export function createImportsService(ctx: ServiceContext, emit: Emit, runner: JobRunner, hooks?: ImportHooks): ImportsService {
  const runs = openImportRuns(ctx, emit, runner, hooks)
  const files = new Map<string, CsvFile>()

  /** A new file (text given), or the loaded one read again with another delimiter or header choice. */
  function prepare(input: PrepareInput): ImportPreview {
    const previous = input.sessionId ? files.get(input.sessionId) : undefined
    if (input.sessionId && !previous && input.text === undefined) {
      throw new AppError('NOT_FOUND', 'The file is no longer loaded; pick it again.')
    }
    const text = input.text ?? previous!.text
    const delimiter = input.delimiter ?? detectDelimiter(text)
    const file: CsvFile = {
      id: previous?.id && input.text === undefined ? previous.id : uuidv7(),
      fileName: input.fileName ?? previous?.fileName ?? 'import.csv',
      encoding: input.encoding ?? previous?.encoding ?? 'utf-8',
      text,
      ...parseCsv(text, delimiter, input.hasHeader),
    }
    files.delete(file.id) // most recent last: the oldest is dropped first
    files.set(file.id, file)
    while (files.size > MAX_SESSIONS) files.delete(files.keys().next().value!)
    return previewOf(file, file.hasHeader ? readCustomFieldDefs(ctx.q) : [])
  }

  function start(options: ImportOptions): ImportJob {
    assertNoImportRunning(runs)
    const file = files.get(options.sessionId)
    if (!file) throw new AppError('NOT_FOUND', 'The file is no longer loaded; pick it again.')
    checkMapping(options.mapping, file.headers)
    return startImport(runs, file, options)
  }

  return {
    prepare,
    start,
    get: (id) => getImport(runs, id),
    cancel: (id) => cancelImport(runs, id),
    undo: (id) => undoImport(runs, id),
    list: () => listImports(runs),
  }
}
