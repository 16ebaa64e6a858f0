/** The contract of companies. */
import { type Page, byId, byIds } from '../model/common'
import { type Company, type CompanySummary, companyCreateInput, companyListInput, companyUpdateInput } from '../model/company'
import { command, type Count, type CommandMap } from './command'

export const companiesCommands = {
  'companies.list': command<Page<CompanySummary>>()(companyListInput, { reads: ['companies', 'contacts'] }),
  'companies.get': command<Company>()(byId, { reads: ['companies', 'contacts', 'contact_channels'] }),
  'companies.create': command<Company>()(companyCreateInput),
  'companies.update': command<Company>()(companyUpdateInput),
  'companies.delete': command<Count>()(byIds),
  'companies.restore': command<Count>()(byIds),
} satisfies CommandMap
