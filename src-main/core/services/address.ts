/** The five address columns shared by contacts and companies, to and from the API's Address. */
import type { Address } from '../../../src-shared/model/address'

export interface AddressRow {
  address_street: string | null
  address_city: string | null
  address_region: string | null
  address_postal_code: string | null
  address_country: string | null
}

export function addressFromRow(r: AddressRow): Address {
  return {
    street: r.address_street,
    city: r.address_city,
    region: r.address_region,
    postalCode: r.address_postal_code,
    country: r.address_country,
  }
}

/** schema.ts property names; undefined fields stay undefined so an update leaves them alone. */
export function addressColumns(a: Partial<Address> | undefined) {
  return {
    addressStreet: a?.street,
    addressCity: a?.city,
    addressRegion: a?.region,
    addressPostalCode: a?.postalCode,
    addressCountry: a?.country,
  }
}
