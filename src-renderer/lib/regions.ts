/** Countries and regions by ISO 3166-1 alpha-2 code, named in the UI's language (Intl.DisplayNames). */

/**
 * The regions whose phone numbers core can read (libphonenumber-js getCountries(), whose metadata
 * the renderer does not bundle): the choices of the phone-region setting.
 */
const PHONE_REGIONS = (
  'AC AD AE AF AG AI AL AM AO AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS ' +
  'BT BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG ' +
  'EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GT GU GW GY HK HN HR HT ' +
  'HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR ' +
  'LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF ' +
  'NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD ' +
  'SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TA TC TD TG TH TJ TK TL TM TN TO TR TT TV TW ' +
  'TZ UA UG US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
).split(' ')

let cached: { locale: string; list: { code: string; name: string }[] } | null = null

/** The phone regions, named in the UI's language and sorted by name. */
export function regionList(locale = typeof navigator === 'undefined' ? 'en' : navigator.language): { code: string; name: string }[] {
  if (cached?.locale === locale) return cached.list
  const list = PHONE_REGIONS.map((code) => ({ code, name: regionName(code, locale) }))
  list.sort((x, y) => x.name.localeCompare(y.name, locale))
  cached = { locale, list }
  return list
}

/** The region of the UI's language ("en-GB" → "GB"), or null: what is guessed when no region is set. */
export function localeRegion(language = typeof navigator === 'undefined' ? 'en-US' : navigator.language): string | null {
  try {
    const region = new Intl.Locale(language).maximize().region
    return region && /^[A-Z]{2}$/.test(region) ? region : null
  } catch {
    return null
  }
}

export function regionName(code: string, locale = typeof navigator === 'undefined' ? 'en' : navigator.language): string {
  try {
    return new Intl.DisplayNames([locale, 'en'], { type: 'region', fallback: 'code' }).of(code) ?? code
  } catch {
    return code
  }
}
