/**
 * Create or edit a contact, in a dialog. Errors from core appear next to their field and in a
 * summary at the top; what the user typed stays put.
 */
import { useEffect, useRef, useState } from 'react'
import { LIFECYCLE_LABELS, LIFECYCLE_STAGES, type Contact, type LifecycleStage } from '../../src-shared/model/contact'
import type { CustomField } from '../../src-shared/model/custom-field'
import { draftFromContact, draftToInput, emptyDraft, type ContactDraft } from '../lib/contactDraft'
import { crm, toAppError } from '../lib/crm'
import { useSaveForm } from '../lib/useSaveForm'
import { useContactDetail } from '../stores/contactDetail'
import { replaceRecord } from '../stores/recordDetail'
import { useCustomFields } from '../stores/customFields'
import { navigate } from '../stores/route'
import { showToast } from '../stores/toasts'
import type { FormTarget } from '../stores/ui'
import { AddressFields } from './AddressFields'
import { ChannelRows } from './ChannelRows'
import { CompanyPicker } from './CompanyPicker'
import { CustomFieldInput } from './CustomFieldInput'
import { Dialog } from './Dialog'
import { ErrorSummary, Field, invalidProps } from './Field'
import { TagPicker } from './TagPicker'
import { EmailDuplicateWarning } from './duplicates/EmailWarning'
import './duplicates/duplicates.css'
import { FormFooter } from './FormFooter'

export const contactFieldId = (path: string) => `contact-${path.replace(/\./g, '-')}`

export interface ContactFormProps {
  /** The contact being edited; absent when creating. */
  contact?: Contact
  fields: CustomField[]
  initial: ContactDraft
  onSaved: (contact: Contact) => void
  onCancel: () => void
}

/** The form itself (no loading): rendered by ContactFormDialog, and directly by tests. */
export function ContactForm({ contact, fields, initial, onSaved, onCancel }: ContactFormProps) {
  const [draft, setDraft] = useState<ContactDraft>(initial)
  const formRef = useRef<HTMLFormElement>(null)

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus()
  }, [])
  const set = <K extends keyof ContactDraft>(key: K, value: ContactDraft[K]) => setDraft((d) => ({ ...d, [key]: value }))

  const { error, problems, saving, submit, onKeyDown } = useSaveForm<Contact>({
    prepare: () => {
      const { input, localProblems, toFormPath } = draftToInput(draft, fields, Boolean(contact))
      return {
        problems: localProblems,
        toFormPath,
        save: () => (contact ? crm.invoke('contacts.update', { id: contact.id, patch: input }) : crm.invoke('contacts.create', input)),
      }
    },
    onSaved,
    fieldId: contactFieldId,
  })

  const text = (path: keyof ContactDraft & string, label: string, extra?: { placeholder?: string; autoFocus?: boolean; className?: string }) => {
    const id = contactFieldId(path)
    return (
      <Field id={id} label={label} error={problems[path]} className={extra?.className}>
        <input
          id={id}
          className="input"
          value={draft[path] as string}
          placeholder={extra?.placeholder}
          data-autofocus={extra?.autoFocus ? true : undefined}
          onChange={(e) => set(path, e.target.value as never)}
          {...invalidProps(id, problems[path])}
        />
      </Field>
    )
  }

  return (
    <form ref={formRef} className="contact-form" onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-label={contact ? 'Edit contact' : 'New contact'}>
      <div className="form-scroll">
        {error && <ErrorSummary message={error.message} problems={problems} fieldId={contactFieldId} />}

        <section className="form-section">
          <div className="form-grid">
            {text('firstName', 'First name', { autoFocus: true })}
            {text('lastName', 'Last name')}
            {text('jobTitle', 'Job title', { placeholder: 'e.g. Head of Operations' })}
            <Field id={contactFieldId('companyId')} label="Company" error={problems.companyId}>
              <CompanyPicker
                id={contactFieldId('companyId')}
                value={draft.company}
                onChange={(c) => set('company', c)}
                invalid={invalidProps(contactFieldId('companyId'), problems.companyId)}
              />
            </Field>
            <Field id={contactFieldId('lifecycleStage')} label="Lifecycle stage" error={problems.lifecycleStage}>
              <select
                id={contactFieldId('lifecycleStage')}
                className="input"
                value={draft.lifecycleStage}
                onChange={(e) => set('lifecycleStage', e.target.value as LifecycleStage)}
              >
                {LIFECYCLE_STAGES.map((s) => (
                  <option key={s} value={s}>
                    {LIFECYCLE_LABELS[s]}
                  </option>
                ))}
              </select>
            </Field>
            {text('owner', 'Owner', { placeholder: 'Who looks after this contact' })}
            {text('leadSource', 'Lead source', { placeholder: 'e.g. Referral, Website' })}
            <Field id={contactFieldId('birthday')} label="Birthday" error={problems.birthday}>
              <input
                id={contactFieldId('birthday')}
                className="input"
                type="date"
                value={draft.birthday}
                onChange={(e) => set('birthday', e.target.value)}
                {...invalidProps(contactFieldId('birthday'), problems.birthday)}
              />
            </Field>
          </div>
        </section>

        <section className="form-section">
          <h3 className="form-section-title">Contact details</h3>
          <ChannelRows
            path="emails"
            legend="Emails"
            noun="Email"
            inputType="email"
            placeholder="name@example.com"
            labelSuggestions={['Work', 'Personal', 'Other']}
            rows={draft.emails}
            onChange={(rows) => set('emails', rows)}
            errors={problems}
            fieldId={contactFieldId}
            withPrimary
          />
          <EmailDuplicateWarning emails={draft.emails.map((e) => e.value)} excludeId={contact?.id} />
          <ChannelRows
            path="phones"
            legend="Phones"
            noun="Phone"
            inputType="tel"
            placeholder="+1 555 010 2030"
            labelSuggestions={['Mobile', 'Work', 'Home', 'Other']}
            rows={draft.phones}
            onChange={(rows) => set('phones', rows)}
            errors={problems}
            fieldId={contactFieldId}
          />
          <ChannelRows
            path="socialProfiles"
            legend="Social profiles"
            noun="Profile link"
            inputType="url"
            placeholder="https://www.linkedin.com/in/…"
            labelSuggestions={['LinkedIn', 'X', 'GitHub', 'Website']}
            rows={draft.socialProfiles}
            onChange={(rows) => set('socialProfiles', rows)}
            errors={problems}
            fieldId={contactFieldId}
          />
        </section>

        <section className="form-section">
          <Field id={contactFieldId('tagIds')} label="Tags" error={problems.tagIds}>
            <TagPicker id={contactFieldId('tagIds')} value={draft.tagIds} onChange={(ids) => set('tagIds', ids)} />
          </Field>
        </section>

        <section className="form-section">
          <h3 className="form-section-title">Address</h3>
          <AddressFields value={draft.address} onChange={(a) => set('address', a)} errors={problems} fieldId={contactFieldId} />
        </section>

        {fields.length > 0 && (
          <section className="form-section">
            <h3 className="form-section-title">Custom fields</h3>
            <div className="form-grid">
              {fields.map((f) => {
                const path = `customFields.${f.id}`
                return (
                  <CustomFieldInput
                    key={f.id}
                    field={f}
                    id={contactFieldId(path)}
                    value={draft.customFields[f.id]}
                    error={problems[path]}
                    onChange={(v) => set('customFields', { ...draft.customFields, [f.id]: v })}
                  />
                )
              })}
            </div>
          </section>
        )}

        <section className="form-section">
          <Field id={contactFieldId('notes')} label="Notes" error={problems.notes}>
            <textarea
              id={contactFieldId('notes')}
              className="input textarea"
              rows={4}
              value={draft.notes}
              onChange={(e) => set('notes', e.target.value)}
              {...invalidProps(contactFieldId('notes'), problems.notes)}
            />
          </Field>
        </section>
      </div>
      <FormFooter saving={saving} onCancel={onCancel} saveLabel={contact ? 'Save changes' : 'Create contact'} />
    </form>
  )
}

/** The dialog around the form: loads the contact (when editing) and the custom fields first. */
export function ContactFormDialog({ target, onClose }: { target: FormTarget; onClose: () => void }) {
  const fields = useCustomFields((s) => s.data)
  const loadFields = useCustomFields((s) => s.load)
  const [contact, setContact] = useState<Contact | null>(null)
  const [company, setCompany] = useState<{ id: string; name: string } | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const editId = target.mode === 'edit' ? target.id : null
  const prefillCompanyId = target.mode === 'create' ? target.prefill?.companyId : undefined

  useEffect(() => {
    void loadFields()
  }, [loadFields])

  useEffect(() => {
    if (editId) {
      crm.invoke('contacts.get', { id: editId }).then(setContact, (e) => setLoadError(toAppError(e).message))
    }
  }, [editId])

  useEffect(() => {
    if (prefillCompanyId) {
      crm.invoke('companies.get', { id: prefillCompanyId }).then(
        (c) => setCompany({ id: c.id, name: c.name }),
        (e) => setLoadError(toAppError(e).message),
      )
    }
  }, [prefillCompanyId])

  const ready = fields !== null && (!editId || contact !== null) && (!prefillCompanyId || company !== null)

  const onSaved = (saved: Contact) => {
    onClose()
    if (editId) {
      replaceRecord(useContactDetail, saved)
      showToast('Changes saved')
    } else {
      showToast(`Added ${saved.displayName || 'the contact'}`)
      if (!prefillCompanyId) navigate({ name: 'contact', id: saved.id })
    }
  }

  return (
    <Dialog title={editId ? 'Edit contact' : 'New contact'} onClose={onClose} size="lg" closeOnBackdrop={false} className="dialog-form">
      {loadError ? (
        <p className="form-load-error" role="alert">
          {loadError}
        </p>
      ) : !ready ? (
        <p className="muted loading-text">Loading…</p>
      ) : (
        <ContactForm
          contact={contact ?? undefined}
          fields={fields ?? []}
          initial={contact ? draftFromContact(contact, fields ?? []) : emptyDraft({ company })}
          onSaved={onSaved}
          onCancel={onClose}
        />
      )}
    </Dialog>
  )
}
