/** The contract of CSV import. */
import { type ImportJob, type ImportPreview, type ImportUndoResult, importIdInput, importOptions, importPrepareInput, importUndoInput } from '../model/import'
import { command, none, type CommandMap } from './command'

export const importsCommands = {
  /** Parses the file's text once (delimiter and header row detected unless given); sessionId re-reads it with other options. */
  'imports.prepare': command<ImportPreview>()(importPrepareInput),
  /** Starts a dry run or the import as a job (chunks, progress as import.progress); returns at once. CONFLICT while one runs. */
  'imports.start': command<ImportJob>()(importOptions),
  'imports.get': command<ImportJob>()(importIdInput),
  /** Stops after the current chunk and reverts what the import wrote: nothing of it is left. */
  'imports.cancel': command<ImportJob>()(importIdInput),
  /** Past imports, newest first (with Undo where it applies). */
  'imports.list': command<ImportJob[]>()(none),
  /** Reverts every chunk of the import (revertTransactions): created rows tombstoned, updated fields put back. */
  'imports.undo': command<ImportUndoResult>()(importUndoInput),
} satisfies CommandMap
