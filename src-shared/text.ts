/**
 * Shortening text people wrote (names, subjects, snippets, file names, CSV cells) by what a reader
 * sees as one character, a grapheme: a UTF-16 cut can split an emoji, a flag, a skin tone or a
 * letter and its accent, and shows "�". Every place that shortens user text goes through here.
 */

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** The user-perceived characters of `s`: "👨‍👩‍👧", "🇮🇱", "é" (e + ◌́) are one each. */
export function graphemes(s: string): string[] {
  return Array.from(segmenter.segment(s), (part) => part.segment)
}

export const ELLIPSIS = '…'

/** At most `max` graphemes of `s`, then "…" when something was cut ("Hello wo…"). */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s // never more graphemes than UTF-16 units
  let out = ''
  let count = 0
  // Walks only as far as needed: a 1 MB cell is not split into a million strings to keep 80.
  for (const { segment } of segmenter.segment(s)) {
    if (count === Math.max(0, max)) return out.trimEnd() + ELLIPSIS
    out += segment
    count++
  }
  return s
}

/**
 * The longest start of `s` whose UTF-16 length is at most `maxLength`, cut between graphemes:
 * for limits counted in code units (a schema's `.max(40)`), never leaving half a character.
 */
export function cutToLength(s: string, maxLength: number): string {
  if (s.length <= maxLength) return s
  let out = ''
  for (const { segment } of segmenter.segment(s)) {
    if (out.length + segment.length > maxLength) break
    out += segment
  }
  return out
}

const LETTER = /[\p{L}\p{N}]/u

/** The first grapheme of a word that holds a letter or digit ("(Ada)" → "A"), upper-cased. */
function firstLetter(word: string): string {
  const g = graphemes(word).find((part) => LETTER.test(part)) ?? ''
  return g.toLocaleUpperCase()
}

/**
 * Avatar initials: the first letter of the first and last words ("Ada Lovelace" → "AL",
 * "שרה כהן 🌟" → "שכ"); words that are only emoji or symbols count only when there is no other
 * word, and then the name's first grapheme is shown ("🌟" → "🌟"). "?" when there is no name.
 */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean)
  if (words.length === 0) return '?'
  const lettered = words.filter((w) => LETTER.test(w))
  if (lettered.length === 0) return graphemes(words[0])[0] ?? '?'
  const first = firstLetter(lettered[0])
  const last = lettered.length > 1 ? firstLetter(lettered[lettered.length - 1]) : ''
  return first + last
}
