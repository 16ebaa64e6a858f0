/** Phone, email and name keys for matching (import, duplicate scan, merge): pure. */
import { parseIncompletePhoneNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'

/** Same key as the SQL lower(trim(value)) the duplicate finder groups by (ASCII case folding). */
export function emailKey(email: string): string {
  return email.trim().replace(/[A-Z]/g, (c) => c.toLowerCase())
}

/**
 * The number in E.164 ("+442079460958"), or null when it cannot be read: a number without a +
 * (or the 00 international prefix) needs a region; an extension ("x12") is not part of it.
 */
export function toE164(value: string, region?: string | null): string | null {
  return readPhone(value.trim(), region ?? null)?.number ?? null
}

/**
 * THE phone key: what import matching, the duplicate scan and merge's channel union compare.
 * `number` is the E.164 form, or "digits:<6 to 15 digits>" when no region reads it (only the very
 * same digits match then); `ext` the extension, kept: "x8230" and "ext. 8230" are one extension.
 * null for what is no phone at all (no digits, too few, 40 digits of garbage).
 */
export interface PhoneKeyParts {
  number: string
  ext: string | null
}

export function phoneKeyParts(value: string, region: string | null): PhoneKeyParts | null {
  const text = value.trim()
  if (!text) return null
  const parsed = readPhone(text, region)
  if (parsed) return { number: parsed.number, ext: parsed.ext ?? null }
  const cut = EXTENSION.exec(text)
  const digits = (cut ? text.slice(0, cut.index) : text).replace(/\D/g, '')
  if (digits.length < 6 || digits.length > 15) return null // E.164 holds at most 15 digits
  return { number: `digits:${digits}`, ext: cut?.[1] ?? null }
}

/** "+16048586371", "+11607473624;ext=8230" (RFC 3966's spelling of the extension), or null. */
export function phoneKey(value: string, region: string | null): string | null {
  const parts = phoneKeyParts(value, region)
  return parts && (parts.ext ? `${parts.number};ext=${parts.ext}` : parts.number)
}

/**
 * A cheap blocking key for phoneKey: the last 6 digits before any extension. Two numbers with one
 * phoneKey share it (the country code and trunk prefix are at the front), so matching parses
 * only the few numbers that share a tail (libphonenumber takes ~0.1 ms a number). Non-ASCII
 * digits (rare) are read by parsing.
 */
export function phoneTail(value: string, region: string | null): string {
  if (!ASCII.test(value)) return (phoneKeyParts(value, region)?.number ?? '').replace(/\D/g, '').slice(-6)
  const cut = EXTENSION.exec(value)
  return (cut ? value.slice(0, cut.index) : value).replace(/\D/g, '').slice(-6)
}

const EXTENSION = /\s*(?:;\s*ext=|ext(?:ension)?\.?|x|#)\s*(\d{1,10})\s*$/i
/** "00" then a country code: the international prefix of most of the world ("001-604-…" is +1 604 …). */
const IDD_00 = /^00[1-9]/
/** Up to the second digit, in any script: what "+" replaces. */
const TWO_DIGITS = /^[^\p{Nd}]*\p{Nd}[^\p{Nd}]*\p{Nd}/u

/**
 * Parsed by libphonenumber with the region (numbers with + need none); a possible length is
 * enough (isPossible, not isValid: test data and old files hold numbers outside today's plans).
 * A leading 00 the region's own rules do not read (the US dials 011) is read as "+".
 */
function readPhone(text: string, region: string | null) {
  const options = region ? { defaultCountry: region as CountryCode } : undefined
  if (text.startsWith('+') || region) {
    const parsed = parsePhoneNumberFromString(text, options)
    if (parsed?.isPossible()) return parsed
  }
  if (IDD_00.test(parseIncompletePhoneNumber(text))) {
    const parsed = parsePhoneNumberFromString(`+${text.replace(TWO_DIGITS, '')}`)
    if (parsed?.isPossible()) return parsed
  }
  return null
}

/** "+44 20 7946 0958" for people; the E.164 text when the metadata cannot format it. */
export function formatE164(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164
}

/** The region of this computer's locale ("en-GB" → "GB"), or null: the guess when no region is set. */
export function localeRegion(): string | null {
  try {
    const region = new Intl.Locale(Intl.DateTimeFormat().resolvedOptions().locale).maximize().region
    return region && /^[A-Z]{2}$/.test(region) ? region : null
  } catch {
    return null
  }
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
