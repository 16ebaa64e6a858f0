/** Create or edit a company, in a dialog; errors next to their fields, typed values kept. */
import { useEffect, useRef, useState } from 'react'
import { COMPANY_SIZES, type Company, type CompanySize } from '../../src-shared/model/company'
import { crm, toAppError } from '../lib/crm'
import { useSaveForm } from '../lib/useSaveForm'
import { useCompanyDetail } from '../stores/companyDetail'
import { replaceRecord } from '../stores/recordDetail'
import { navigate } from '../stores/route'
import { showToast } from '../stores/toasts'
import type { FormTarget } from '../stores/ui'
import { AddressFields, addressToDraft, addressToInput, emptyAddressDraft } from './AddressFields'
import { Dialog } from './Dialog'
import { ErrorSummary, Field, invalidProps } from './Field'
import type { AddressDraft } from '../lib/contactDraft'
import { FormFooter } from './FormFooter'

export const companyFieldId = (path: string) => `company-${path.replace(/\./g, '-')}`

interface CompanyDraft {
  name: string
  domain: string
  industry: string
  size: CompanySize | ''
  phone: string
  address: AddressDraft
  notes: string
}

const emptyCompanyDraft = (): CompanyDraft => ({ name: '', domain: '', industry: '', size: '', phone: '', address: emptyAddressDraft(), notes: '' })

const draftFromCompany = (c: Company): CompanyDraft => ({
  name: c.name,
  domain: c.domain ?? '',
  industry: c.industry ?? '',
  size: c.size ?? '',
  phone: c.phone ?? '',
  address: addressToDraft(c.address),
  notes: c.notes,
})

export function CompanyForm({ company, onSaved, onCancel }: { company?: Company; onSaved: (c: Company) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState<CompanyDraft>(() => (company ? draftFromCompany(company) : emptyCompanyDraft()))
  const formRef = useRef<HTMLFormElement>(null)
  const set = <K extends keyof CompanyDraft>(key: K, value: CompanyDraft[K]) => setDraft((d) => ({ ...d, [key]: value }))

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus()
  }, [])

  const { error, problems, saving, submit, onKeyDown } = useSaveForm<Company>({
    prepare: () => {
      const input = {
        name: draft.name,
        domain: draft.domain,
        industry: draft.industry.trim() || null,
        size: draft.size || null,
        phone: draft.phone.trim() || null,
        address: addressToInput(draft.address),
        notes: draft.notes,
      }
      return {
        save: () => (company ? crm.invoke('companies.update', { id: company.id, patch: input }) : crm.invoke('companies.create', input)),
      }
    },
    onSaved,
    fieldId: companyFieldId,
  })

  const text = (key: 'name' | 'domain' | 'industry' | 'phone', label: string, placeholder?: string) => {
    const id = companyFieldId(key)
    return (
      <Field id={id} label={label} error={problems[key]}>
        <input
          id={id}
          className="input"
          value={draft[key]}
          placeholder={placeholder}
          data-autofocus={key === 'name' ? true : undefined}
          onChange={(e) => set(key, e.target.value)}
          {...invalidProps(id, problems[key])}
        />
      </Field>
    )
  }

  return (
    <form ref={formRef} className="company-form" onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-label={company ? 'Edit company' : 'New company'}>
      <div className="form-scroll">
        {error && <ErrorSummary message={error.message} problems={problems} fieldId={companyFieldId} />}
        <section className="form-section">
          <div className="form-grid">
            {text('name', 'Company name')}
            {text('domain', 'Domain', 'example.com')}
            {text('industry', 'Industry', 'e.g. Logistics')}
            <Field id={companyFieldId('size')} label="Size" error={problems.size}>
              <select id={companyFieldId('size')} className="input" value={draft.size} onChange={(e) => set('size', e.target.value as CompanySize | '')}>
                <option value="">—</option>
                {COMPANY_SIZES.map((s) => (
                  <option key={s} value={s}>
                    {s} people
                  </option>
                ))}
              </select>
            </Field>
            {text('phone', 'Phone')}
          </div>
        </section>
        <section className="form-section">
          <h3 className="form-section-title">Address</h3>
          <AddressFields value={draft.address} onChange={(a) => set('address', a)} errors={problems} fieldId={companyFieldId} />
        </section>
        <section className="form-section">
          <Field id={companyFieldId('notes')} label="Notes" error={problems.notes}>
            <textarea id={companyFieldId('notes')} className="input textarea" rows={4} value={draft.notes} onChange={(e) => set('notes', e.target.value)} />
          </Field>
        </section>
      </div>
      <FormFooter saving={saving} onCancel={onCancel} saveLabel={company ? 'Save changes' : 'Create company'} />
    </form>
  )
}

export function CompanyFormDialog({ target, onClose }: { target: FormTarget; onClose: () => void }) {
  const editId = target.mode === 'edit' ? target.id : null
  const [company, setCompany] = useState<Company | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)

  useEffect(() => {
    if (editId) crm.invoke('companies.get', { id: editId }).then(setCompany, (e) => setLoadError(toAppError(e).message))
  }, [editId])

  const onSaved = (saved: Company) => {
    onClose()
    if (editId) {
      replaceRecord(useCompanyDetail, saved)
      showToast('Changes saved')
    } else {
      showToast(`Added ${saved.name}`)
      navigate({ name: 'company', id: saved.id })
    }
  }

  return (
    <Dialog title={editId ? 'Edit company' : 'New company'} onClose={onClose} size="lg" closeOnBackdrop={false} className="dialog-form">
      {loadError ? (
        <p className="form-load-error" role="alert">
          {loadError}
        </p>
      ) : editId && !company ? (
        <p className="muted loading-text">Loading…</p>
      ) : (
        <CompanyForm company={company ?? undefined} onSaved={onSaved} onCancel={onClose} />
      )}
    </Dialog>
  )
}
