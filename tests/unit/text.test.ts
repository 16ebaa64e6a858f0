import { describe, expect, it } from 'vitest'
import { cutToLength, graphemes, initials, truncate } from '../../src-shared/text'

/** A lone UTF-16 surrogate: what a cut through an emoji leaves, shown as "�". */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

const FAMILY = '👨‍👩‍👧'
const FLAG = '🇮🇱'
const THUMB_DARK = '👍🏿'
const E_ACUTE = 'e\u0301'

describe('graphemes', () => {
  it('keeps ZWJ families, flags, skin tones and combining marks whole', () => {
    expect(graphemes(`a${FAMILY}b`)).toEqual(['a', FAMILY, 'b'])
    expect(graphemes(`${FLAG}${FLAG}`)).toEqual([FLAG, FLAG])
    expect(graphemes(`${THUMB_DARK}!`)).toEqual([THUMB_DARK, '!'])
    expect(graphemes(`caf${E_ACUTE}`)).toEqual(['c', 'a', 'f', E_ACUTE])
  })
  it('splits Hebrew, Arabic and CJK into their letters', () => {
    expect(graphemes('שרה')).toEqual(['ש', 'ר', 'ה'])
    expect(graphemes('سلام')).toHaveLength(4)
    expect(graphemes('東京都')).toEqual(['東', '京', '都'])
    expect(graphemes('')).toEqual([])
  })
})

describe('truncate', () => {
  it('cuts by grapheme and adds an ellipsis only when something was cut', () => {
    expect(truncate('Hello world', 5)).toBe('Hello…')
    expect(truncate('Hello', 5)).toBe('Hello')
    expect(truncate(`ab${FAMILY}cd`, 3)).toBe(`ab${FAMILY}…`)
    expect(truncate(`${FLAG}${FLAG}${FLAG}`, 2)).toBe(`${FLAG}${FLAG}…`)
    expect(truncate(`x${THUMB_DARK}y`, 2)).toBe(`x${THUMB_DARK}…`)
    expect(truncate(`caf${E_ACUTE}s`, 4)).toBe(`caf${E_ACUTE}…`)
  })
  it('never leaves half a character, whatever the length', () => {
    const text = `שרה ${FAMILY} ${FLAG}${THUMB_DARK} caf${E_ACUTE} 東京`
    for (let max = 0; max <= graphemes(text).length + 1; max++) {
      const cut = truncate(text, max)
      expect(cut).not.toMatch(LONE_SURROGATE)
      expect(text.startsWith(cut.replace(/…$/, '').trimEnd())).toBe(true)
    }
  })
  it('drops the space before the ellipsis', () => {
    expect(truncate('Ada Lovelace', 4)).toBe('Ada…')
  })
})

describe('cutToLength', () => {
  it('fits a UTF-16 limit without splitting a grapheme', () => {
    expect(cutToLength('abcdef', 4)).toBe('abcd')
    expect(cutToLength(`ab${FAMILY}`, 4)).toBe('ab') // the family is 8 code units
    expect(cutToLength(`a${FLAG}b`, 5)).toBe(`a${FLAG}`)
    expect(cutToLength(`a${FLAG}b`, 4)).toBe("a")
    expect(cutToLength(`a${E_ACUTE}`, 2)).toBe('a')
    expect(cutToLength('short', 40)).toBe('short')
  })
})

describe('initials', () => {
  it('takes the first letters of the first and last words', () => {
    expect(initials('Ada Lovelace')).toBe('AL')
    expect(initials('ada king lovelace')).toBe('AL')
    expect(initials('Cher')).toBe('C')
    expect(initials('  ')).toBe('?')
  })
  it('skips emoji-only words when there are letter words', () => {
    expect(initials('שרה כהן 🌟')).toBe('שכ')
    expect(initials('🌟 Ada Lovelace')).toBe('AL')
    expect(initials(`Ada ${FAMILY}`)).toBe('A')
  })
  it('gives an emoji-only name its emoji, whole', () => {
    expect(initials('🌟')).toBe('🌟')
    expect(initials(`${FAMILY} ${FLAG}`)).toBe(FAMILY)
    expect(initials(FLAG)).toBe(FLAG)
  })
  it('handles RTL, CJK, accents and punctuation', () => {
    expect(initials('محمد علي')).toBe('مع')
    expect(initials('毛泽东')).toBe('毛')
    expect(initials(`${E_ACUTE}mile Zola`)).toBe(`${E_ACUTE.toUpperCase()}Z`)
    expect(initials('(Ada) "Lovelace"')).toBe('AL')
  })
})
