/** What became of the board's pipeline: won and lost in the strip's period, per currency (deals.outcomes). */
import { createQuery } from './query'

export const useDealOutcomes = createQuery('deals.outcomes')
