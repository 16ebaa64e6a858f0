/** Which app-wide dialogs are open: the contact, company, deal and follow-up forms, and the shortcuts help. */
import { defineStore } from './registry'

export type FormTarget = { mode: 'create'; prefill?: { companyId?: string } } | { mode: 'edit'; id: string }

/** What a new deal starts with (from a board column, a contact page or a company page). */
export interface DealPrefill {
  pipelineId?: string
  stageId?: string
  contact?: { id: string; name: string }
  company?: { id: string; name: string }
}
export type DealFormTarget = { mode: 'create'; prefill?: DealPrefill } | { mode: 'edit'; id: string }

/** What a new follow-up starts with (from a record page's quick-add "More options", or the Today view). */
export interface TaskPrefill {
  title?: string
  dueAt?: number
  contact?: { id: string; name: string }
  company?: { id: string; name: string }
  deal?: { id: string; title: string }
}
export type TaskFormTarget = { mode: 'create'; prefill?: TaskPrefill } | { mode: 'edit'; id: string }

/** A deal waiting for its lost reason. */
export interface LostPrompt {
  id: string
  title: string
  onLost?: () => void
}

interface UiState {
  contactForm: FormTarget | null
  companyForm: FormTarget | null
  dealForm: DealFormTarget | null
  taskForm: TaskFormTarget | null
  lostPrompt: LostPrompt | null
  shortcutsHelp: boolean
  openContactForm: (target: FormTarget) => void
  openCompanyForm: (target: FormTarget) => void
  openDealForm: (target: DealFormTarget) => void
  openTaskForm: (target: TaskFormTarget) => void
  askLostReason: (prompt: LostPrompt | null) => void
  closeForms: () => void
  setShortcutsHelp: (open: boolean) => void
}

export const useUi = defineStore<UiState>((set) => ({
  contactForm: null,
  companyForm: null,
  dealForm: null,
  taskForm: null,
  lostPrompt: null,
  shortcutsHelp: false,
  openContactForm: (target) => set({ contactForm: target, companyForm: null, dealForm: null, taskForm: null }),
  openCompanyForm: (target) => set({ companyForm: target, contactForm: null, dealForm: null, taskForm: null }),
  openDealForm: (target) => set({ dealForm: target, contactForm: null, companyForm: null, taskForm: null }),
  openTaskForm: (target) => set({ taskForm: target, contactForm: null, companyForm: null, dealForm: null }),
  askLostReason: (lostPrompt) => set({ lostPrompt }),
  closeForms: () => set({ contactForm: null, companyForm: null, dealForm: null, taskForm: null }),
  setShortcutsHelp: (open) => set({ shortcutsHelp: open }),
}))
