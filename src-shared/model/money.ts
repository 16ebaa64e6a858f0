import { z } from 'zod'

/** ISO 4217 codes the runtime knows (the same list in Node and Chromium). */
const KNOWN = new Set(Intl.supportedValuesOf('currency'))

export const currencyCode = z
  .string({ error: 'Currency must be a code like EUR' })
  .trim()
  .toUpperCase()
  .refine((c) => KNOWN.has(c), { error: (iss) => `"${String(iss.input)}" is not a currency code we know; use one like EUR, USD or GBP` })

/**
 * Money as integer minor units (cents): never floats. At most 10^12 (ten billion at two decimals)
 * per deal, so a sum over thousands of deals stays an exact integer in a double.
 */
export const MAX_MINOR = 1_000_000_000_000
export const minorUnits = (label: string) =>
  z
    .number({ error: `${label} must be a number` })
    .int(`${label} must be whole cents (minor units), e.g. 150000 for 1,500.00`)
    .min(0, `${label} cannot be negative`)
    .max(MAX_MINOR, `${label} is too large`)

// Making an Intl.NumberFormat costs far more than formatting with one: one per locale and currency.
const formats = new Map<string, Intl.NumberFormat>()
function numberFormat(locale: string | undefined, currency: string): Intl.NumberFormat {
  const key = `${locale ?? ''}\u0000${currency}`
  let format = formats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency })
    formats.set(key, format)
  }
  return format
}

/** Digits after the decimal point for a currency (JPY 0, EUR 2, KWD 3). */
export function currencyDigits(currency: string): number {
  return numberFormat('en', currency).resolvedOptions().maximumFractionDigits ?? 2
}

/** Formats minor units in the user's locale with the currency, e.g. 150000 EUR → "€1,500.00". */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  return numberFormat(locale, currency).format(minor / 10 ** currencyDigits(currency))
}

/** An amount per currency: several currencies are reported side by side, never added together. */
export interface MoneyTotal {
  currency: string
  /** Sum of values, minor units. */
  value: number
  /** Sum of value × stage probability, minor units, rounded. */
  weighted: number
}
