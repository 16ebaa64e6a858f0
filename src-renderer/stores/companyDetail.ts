/** The company shown on its page, and its people. */
import { createQuery } from './query'

/** People listed on a company page; more than this shows a count and a link to the filtered list. */
export const PEOPLE_LIMIT = 500

export const useCompanyDetail = createQuery('companies.get')

/** The company's people, by name: give it companyPeopleInput(id). */
export const useCompanyPeople = createQuery('contacts.list')

export const companyPeopleInput = (companyId: string) => ({ companyId, sort: 'name', direction: 'asc', limit: PEOPLE_LIMIT }) as const
