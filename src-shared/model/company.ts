import { z } from 'zod'
import { addressInput, type Address } from './address'
import { optionalText, page, sortDirection, text, recordId, type Timestamps } from './common'

export const COMPANY_SIZES = ['1-10', '11-50', '51-200', '201-1000', '1001-5000', '5000+'] as const
export type CompanySize = (typeof COMPANY_SIZES)[number]

const domain = z
  .string({ error: 'Domain must be text' })
  .trim()
  .toLowerCase()
  .max(253, 'Domain is too long')
  .transform((d) => d.replace(/^https?:\/\//, '').replace(/\/.*$/, ''))
  .pipe(z.union([z.literal(''), z.string().regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'Domain must look like example.com')]))
  .transform((d) => (d === '' ? null : d))

export const companyFields = z.strictObject({
  name: text('Company name', 200).optional(),
  domain: domain.nullable().optional(),
  industry: optionalText('Industry', 100).optional(),
  size: z.enum(COMPANY_SIZES, { error: `Size must be one of: ${COMPANY_SIZES.join(', ')}` }).nullable().optional(),
  address: addressInput.optional(),
  phone: optionalText('Phone', 40).optional(),
  notes: text('Notes', 100_000).optional(),
})

export const companyCreateInput = companyFields.refine((c) => Boolean(c.name), {
  message: 'Enter the company name',
  path: ['name'],
})
export const companyUpdateInput = z.strictObject({
  id: recordId,
  patch: companyFields.refine((c) => c.name === undefined || c.name !== '', {
    message: 'The company name cannot be empty',
    path: ['name'],
  }),
})

export const companyListInput = z.strictObject({
  /** Name prefix, for pickers. */
  query: z.string().trim().max(200).optional(),
  sort: z.enum(['name', 'created']).default('name'),
  direction: sortDirection.default('asc'),
  ...page,
})

export interface CompanySummary {
  id: string
  name: string
  domain: string | null
  industry: string | null
  contactCount: number
  createdAt: number
}

export interface Company extends Timestamps {
  id: string
  name: string
  domain: string | null
  industry: string | null
  size: CompanySize | null
  address: Address
  phone: string | null
  notes: string
  contactCount: number
}
