/**
 * The command palette (Ctrl/Cmd+K): open or not, and whether it is asking for a contact to log a
 * call for. The results themselves live in the palette component (they die with it).
 */
import { defineStore } from './registry'

export type PaletteMode = 'all' | 'logCall'

interface PaletteState {
  open: boolean
  mode: PaletteMode
  openPalette: (mode?: PaletteMode) => void
  closePalette: () => void
  setMode: (mode: PaletteMode) => void
}

export const usePalette = defineStore<PaletteState>((set) => ({
  open: false,
  mode: 'all',
  openPalette: (mode = 'all') => set({ open: true, mode }),
  closePalette: () => set({ open: false, mode: 'all' }),
  setMode: (mode) => set({ mode }),
}))
