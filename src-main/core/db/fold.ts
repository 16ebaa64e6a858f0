/**
 * Text as filters compare it: lower case, accents stripped ("José" → "jose"). Registered as the SQL
 * function crm_fold on every connection (db/open.ts); parameters compared with it are folded here.
 */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}
