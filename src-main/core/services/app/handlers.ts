/** The app commands of the contract (src-shared/api/app.ts): what the app is, how it runs, sample data. */
import type { appCommands } from '../../../../src-shared/api/app'
import type { Reader } from '../../db/access'
import type { JobRunner } from '../../jobs/runner'
import type { HandlersOf } from '../handlers-of'
import { removeSampleData, sampleDataStatus } from './sample-removal'

export interface AppDeps {
  db: Reader
  info: { version: string; dataDir: string }
  /** The longest write transaction (ms); reset starts the measure again. */
  longestWrite(reset: boolean): number
  loadSampleData(): ReturnType<HandlersOf<typeof appCommands>['sampleData.load']>
  jobs: JobRunner
}

export function appHandlers(s: AppDeps): HandlersOf<typeof appCommands> {
  const count = (table: 'contacts' | 'companies') => s.db.one<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE deleted_at IS NULL`)!.n
  return {
    'app.diagnostics': (i) => ({ longestWriteMs: s.longestWrite(i?.reset ?? false) }),
    'app.info': () => ({ ...s.info, contactCount: count('contacts'), companyCount: count('companies') }),
    'sampleData.load': () => s.loadSampleData(),
    'sampleData.status': () => sampleDataStatus(s.db),
    'sampleData.remove': () => removeSampleData(s.db, s.jobs),
  }
}
