/** Street, city, region, postal code, country: shared by the contact and company forms. */
import type { Address } from '../../src-shared/model/address'
import { ADDRESS_KEYS, type AddressDraft } from '../lib/contactDraft'
import { Field, invalidProps } from './Field'

const LABELS: Record<keyof Address, string> = {
  street: 'Street',
  city: 'City',
  region: 'Region / state',
  postalCode: 'Postal code',
  country: 'Country',
}

export function AddressFields({ value, onChange, errors, fieldId }: { value: AddressDraft; onChange: (a: AddressDraft) => void; errors: Record<string, string>; fieldId: (path: string) => string }) {
  return (
    <div className="form-grid address-grid">
      {ADDRESS_KEYS.map((key) => {
        const path = `address.${key}`
        const id = fieldId(path)
        return (
          <Field key={key} id={id} label={LABELS[key]} error={errors[path]} className={key === 'street' ? 'span-2' : undefined}>
            <input id={id} className="input" value={value[key]} onChange={(e) => onChange({ ...value, [key]: e.target.value })} {...invalidProps(id, errors[path])} />
          </Field>
        )
      })}
    </div>
  )
}

export const emptyAddressDraft = (): AddressDraft => ({ street: '', city: '', region: '', postalCode: '', country: '' })

export function addressToDraft(a: Address): AddressDraft {
  return { street: a.street ?? '', city: a.city ?? '', region: a.region ?? '', postalCode: a.postalCode ?? '', country: a.country ?? '' }
}

export function addressToInput(a: AddressDraft): Record<keyof Address, string | null> {
  return Object.fromEntries(ADDRESS_KEYS.map((k) => [k, a[k].trim() === '' ? null : a[k]])) as Record<keyof Address, string | null>
}
