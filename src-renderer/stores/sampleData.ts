/** Is sample data here, how much would "Remove sample data" remove, which of it would stay (Settings → Import & export). */
import { createQuery } from './query'

export const useSampleDataStatus = createQuery('sampleData.status')
