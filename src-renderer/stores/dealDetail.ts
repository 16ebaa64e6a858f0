/** The deal shown on its page. */
import { createQuery } from './query'

export const useDealDetail = createQuery('deals.get')
