/**
 * Text as searches and filters compare it: lower case, accents stripped ("José" → "jose"). Core
 * registers it as the SQL function crm_fold (src-main/core/db/fold.ts); the palette matches
 * commands with it.
 */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}
