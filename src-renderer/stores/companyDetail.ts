/** The company shown on its page, with its people. */
import type { Company } from '../../src-shared/model/company'
import type { ContactSummary } from '../../src-shared/model/contact'
import { crm, toAppError } from '../lib/crm'
import type { LoadStatus } from './recordDetail'
import { defineStore } from './registry'

/** People listed on a company page; more than this shows a count and a link to the filtered list. */
export const PEOPLE_LIMIT = 500

interface CompanyDetailState {
  id: string | null
  company: Company | null
  people: ContactSummary[]
  peopleTotal: number
  status: LoadStatus
  error: string | null
  open: (id: string) => void
  reload: () => Promise<void>
  replace: (company: Company) => void
}

let seq = 0

export const useCompanyDetail = defineStore<CompanyDetailState>((set, get) => ({
  id: null,
  company: null,
  people: [],
  peopleTotal: 0,
  status: 'loading',
  error: null,
  open: (id) => {
    if (get().id !== id) set({ id, company: null, people: [], peopleTotal: 0, status: 'loading', error: null })
    void get().reload()
  },
  reload: async () => {
    const id = get().id
    if (!id) return
    const mine = ++seq
    try {
      const [company, people] = await Promise.all([
        crm.invoke('companies.get', { id }),
        crm.invoke('contacts.list', { companyId: id, sort: 'name', direction: 'asc', limit: PEOPLE_LIMIT }),
      ])
      if (mine === seq) set({ company, people: people.items, peopleTotal: people.total, status: 'ready', error: null })
    } catch (e) {
      if (mine !== seq) return
      const error = toAppError(e)
      if (error.code === 'NOT_FOUND') set({ company: null, status: 'missing', error: error.message })
      else set({ status: get().company ? 'ready' : 'error', error: error.message })
    }
  },
  replace: (company) => {
    if (company.id === get().id) set({ company, status: 'ready' })
  },
}))
