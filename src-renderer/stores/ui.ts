/** Which app-wide dialogs are open: the contact and company forms, and the shortcuts help. */
import { create } from 'zustand'

export type FormTarget = { mode: 'create'; prefill?: { companyId?: string } } | { mode: 'edit'; id: string }

interface UiState {
  contactForm: FormTarget | null
  companyForm: FormTarget | null
  shortcutsHelp: boolean
  openContactForm: (target: FormTarget) => void
  openCompanyForm: (target: FormTarget) => void
  closeForms: () => void
  setShortcutsHelp: (open: boolean) => void
}

export const useUi = create<UiState>((set) => ({
  contactForm: null,
  companyForm: null,
  shortcutsHelp: false,
  openContactForm: (target) => set({ contactForm: target, companyForm: null }),
  openCompanyForm: (target) => set({ companyForm: target, contactForm: null }),
  closeForms: () => set({ contactForm: null, companyForm: null }),
  setShortcutsHelp: (open) => set({ shortcutsHelp: open }),
}))
