import { z } from 'zod'
import { optionalText } from './common'

export const addressInput = z.strictObject({
  street: optionalText('Street', 500).optional(),
  city: optionalText('City', 200).optional(),
  region: optionalText('Region', 200).optional(),
  postalCode: optionalText('Postal code', 40).optional(),
  country: optionalText('Country', 200).optional(),
})

export interface Address {
  street: string | null
  city: string | null
  region: string | null
  postalCode: string | null
  country: string | null
}

export const EMPTY_ADDRESS: Address = { street: null, city: null, region: null, postalCode: null, country: null }
