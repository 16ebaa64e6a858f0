import type { z } from 'zod'
import { AppError } from '../../../../src-shared/errors'
import type { Page } from '../../../../src-shared/model/common'
import { companyFields, companyListInput, type Company, type CompanySize, type CompanySummary } from '../../../../src-shared/model/company'
import { addressColumns, addressFromRow, type AddressRow } from '../address'
import { forEachId, requireActive, type ServiceContext } from '../context'

type CompanyFields = z.output<typeof companyFields>

interface CompanyRow extends AddressRow {
  id: string
  name: string
  domain: string | null
  industry: string | null
  size: CompanySize | null
  phone: string | null
  notes: string
  contact_count: number
  created_at: number
  updated_at: number
  deleted_at: number | null
}

const CONTACT_COUNT = '(SELECT count(*) FROM contacts p WHERE p.company_id = co.id AND p.deleted_at IS NULL) AS contact_count'

export function createCompaniesService(ctx: ServiceContext) {
  const { q, repo } = ctx

  function list(input: z.output<typeof companyListInput>): Page<CompanySummary> {
    const where = ['co.deleted_at IS NULL']
    const params: unknown[] = []
    if (input.query) {
      where.push("co.name LIKE ? ESCAPE '\\'")
      params.push(`${input.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    }
    const whereSql = where.join(' AND ')
    const order = input.sort === 'created' ? 'co.created_at' : 'co.name COLLATE NOCASE'
    const dir = input.direction === 'desc' ? 'DESC' : 'ASC'
    const rows = q.all<CompanyRow>(
      `SELECT co.*, ${CONTACT_COUNT} FROM companies co WHERE ${whereSql} ORDER BY ${order} ${dir}, co.id ${dir} LIMIT ? OFFSET ?`,
      ...params,
      input.limit,
      input.offset,
    )
    const total = q.one<{ n: number }>(`SELECT count(*) AS n FROM companies co WHERE ${whereSql}`, ...params)!.n
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        domain: r.domain,
        industry: r.industry,
        contactCount: r.contact_count,
        createdAt: r.created_at,
      })),
    }
  }

  function get(id: string): Company {
    const r = q.one<CompanyRow>(`SELECT co.*, ${CONTACT_COUNT} FROM companies co WHERE co.id = ?`, id)
    if (!r) throw new AppError('NOT_FOUND', 'This company was not found. It may have been removed; go back to the list.', { id })
    if (r.deleted_at !== null) throw new AppError('NOT_FOUND', 'This company was deleted. Undo the delete to see it again.', { id })
    return {
      id: r.id,
      name: r.name,
      domain: r.domain,
      industry: r.industry,
      size: r.size,
      address: addressFromRow(r),
      phone: r.phone,
      notes: r.notes,
      contactCount: r.contact_count,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      deletedAt: r.deleted_at,
    }
  }

  function columns(f: CompanyFields) {
    return {
      name: f.name,
      domain: f.domain,
      industry: f.industry,
      size: f.size,
      phone: f.phone,
      notes: f.notes,
      ...addressColumns(f.address),
    }
  }

  return {
    list,
    get,
    create(input: CompanyFields): Company {
      const id = repo.write((w) => w.insert('companies', { ...columns(input), notes: input.notes ?? '' }))
      return get(id)
    },
    update({ id, patch }: { id: string; patch: CompanyFields }): Company {
      requireActive(ctx, 'companies', id, 'The company')
      repo.write((w) => w.update('companies', id, columns(patch)))
      return get(id)
    },
    remove: (ids: string[]) => forEachId(ctx, 'companies', ids, 'A company', (id) => repo.write((w) => w.softDelete('companies', id))),
    restore: (ids: string[]) => forEachId(ctx, 'companies', ids, 'A company', (id) => repo.write((w) => w.restore('companies', id))),
  }
}

export type CompaniesService = ReturnType<typeof createCompaniesService>
