/** Phone and email normalisation for duplicate detection: pure, shared by core and the renderer. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'

/** Same key as the SQL lower(trim(value)) the duplicate finder groups by (ASCII case folding). */
export function emailKey(email: string): string {
  return email.trim().replace(/[A-Z]/g, (c) => c.toLowerCase())
}

/**
 * The number in E.164 ("+442079460958"), or null when it cannot be read: a number without a +
 * needs a region; an extension ("x12") is ignored, so a desk line and its extension match.
 */
export function toE164(value: string, region?: string | null): string | null {
  const trimmed = value.trim()
  if (!trimmed.startsWith('+') && !region) return null
  const parsed = parsePhoneNumberFromString(trimmed, region ? { defaultCountry: region as CountryCode } : undefined)
  if (!parsed || !parsed.isPossible()) return null
  return parsed.number
}

/** "+44 20 7946 0958" for people; the E.164 text when the metadata cannot format it. */
export function formatE164(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164
}

/** Digits only, without an extension: what SQL's phone tail key is cut from. */
export function phoneDigits(value: string): string {
  const cut = value.search(/x|ext/i)
  return (cut >= 0 ? value.slice(0, cut) : value).replace(/\D/g, '')
}

const ASCII = /^[\x00-\x7f]*$/
const NOT_ALNUM = /[^a-z0-9]+/

/**
 * A name as the finder compares it: diacritics, case, punctuation and word order removed
 * ("Lovelace, Adá" → "ada lovelace").
 */
export function nameKey(first: string, last: string): string {
  const full = `${first} ${last}`
  // fast path for plain ASCII (most names): NFKD and mark removal change nothing there, and the
  // Unicode letter/number classes are exactly [a-z0-9] after lower-casing: the same key, cheaper
  if (ASCII.test(full)) return full.toLowerCase().split(NOT_ALNUM).filter(Boolean).sort().join(' ')
  return full
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .sort()
    .join(' ')
}

/** Levenshtein distance, giving up (returning max + 1) once it exceeds max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
      cur.push(v)
      if (v < rowMin) rowMin = v
    }
    if (rowMin > max) return max + 1
    prev = cur
  }
  return prev[b.length]
}
