/** The companies commands of the contract (src-shared/api/companies.ts), each to its service call. */
import type { companiesCommands } from '../../../../src-shared/api/companies'
import type { HandlersOf } from '../handlers-of'
import type { CompaniesService } from './companies'

export function companiesHandlers(s: { companies: CompaniesService }): HandlersOf<typeof companiesCommands> {
  return {
    'companies.list': (i) => s.companies.list(i),
    'companies.get': (i) => s.companies.get(i.id),
    'companies.create': (i) => s.companies.create(i),
    'companies.update': (i) => s.companies.update(i),
    'companies.delete': (i) => s.companies.remove(i.ids),
    'companies.restore': (i) => s.companies.restore(i.ids),
  }
}
