/** The contact shown on its page. */
import { createQuery } from './query'

export const useContactDetail = createQuery('contacts.get')
