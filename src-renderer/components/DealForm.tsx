/**
 * Create or edit a deal, in a dialog. The value is typed as an amount in the user's terms
 * ("1,500.50") and sent as integer minor units of the chosen currency.
 */
import { useEffect, useRef, useState } from 'react'
import type { Deal } from '../../src-shared/model/deal'
import { crm, toAppError } from '../lib/crm'
import { minorToAmountText, parseAmount } from '../lib/format'
import { useSaveForm } from '../lib/useSaveForm'
import { useDealDetail } from '../stores/dealDetail'
import { usePipelines } from '../stores/pipelines'
import { replaceRecord } from '../stores/recordDetail'
import { navigate, useRoute } from '../stores/route'
import { defaultCurrency, useSettings } from '../stores/settings'
import { showToast } from '../stores/toasts'
import type { DealFormTarget, DealPrefill } from '../stores/ui'
import { CompanyPicker, type PickedCompany } from './CompanyPicker'
import { ContactPicker, type PickedContact } from './ContactPicker'
import { CurrencyInput } from './CurrencyInput'
import { Dialog } from './Dialog'
import { ErrorSummary, Field, invalidProps } from './Field'
import { FormFooter } from './FormFooter'

export const dealFieldId = (path: string) => `deal-${path.replace(/\./g, '-')}`

interface DealDraft {
  title: string
  amount: string
  currency: string
  pipelineId: string
  stageId: string
  contact: PickedContact | null
  company: PickedCompany | null
  owner: string
  expectedClose: string
  notes: string
}

function draftFor(deal: Deal | undefined, prefill: DealPrefill | undefined): DealDraft {
  if (deal) {
    return {
      title: deal.title,
      amount: deal.valueMinor ? minorToAmountText(deal.valueMinor, deal.currency) : '',
      currency: deal.currency,
      pipelineId: deal.pipelineId,
      stageId: deal.stageId,
      contact: deal.contactId ? { id: deal.contactId, name: deal.contactName ?? '' } : null,
      company: deal.companyId ? { id: deal.companyId, name: deal.companyName ?? '' } : null,
      owner: deal.owner ?? '',
      expectedClose: deal.expectedClose ?? '',
      notes: deal.notes,
    }
  }
  const pipelines = usePipelines.getState().data ?? []
  const pipeline = pipelines.find((p) => p.id === prefill?.pipelineId) ?? pipelines[0]
  return {
    title: '',
    amount: '',
    // the dialog opens the form once the settings are known (DealFormDialog)
    currency: defaultCurrency() ?? '',
    pipelineId: pipeline?.id ?? '',
    stageId: prefill?.stageId ?? pipeline?.stages[0]?.id ?? '',
    contact: prefill?.contact ?? null,
    company: prefill?.company ?? null,
    owner: '',
    expectedClose: '',
    notes: '',
  }
}

/** Turns what is typed into the amount field into `valueMinor`, or a message next to the field. */
export function amountToMinor(amount: string, currency: string): { valueMinor?: number; problem?: string } {
  const parsed = parseAmount(amount, currency)
  return parsed.ok ? { valueMinor: parsed.minor } : { problem: parsed.error }
}

export function DealForm({ deal, prefill, onSaved, onCancel }: { deal?: Deal; prefill?: DealPrefill; onSaved: (d: Deal) => void; onCancel: () => void }) {
  const pipelines = usePipelines((s) => s.data) ?? []
  const [draft, setDraft] = useState<DealDraft>(() => draftFor(deal, prefill))
  const formRef = useRef<HTMLFormElement>(null)
  const set = <K extends keyof DealDraft>(key: K, value: DealDraft[K]) => setDraft((d) => ({ ...d, [key]: value }))
  const pipeline = pipelines.find((p) => p.id === draft.pipelineId)

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus()
  }, [])

  const { error, problems, saving, submit, onKeyDown } = useSaveForm<Deal>({
    prepare: () => {
      const { valueMinor, problem } = amountToMinor(draft.amount, draft.currency)
      if (problem) return { problems: { valueMinor: problem }, save: () => Promise.reject() }
      const fields = {
        title: draft.title.trim(),
        valueMinor,
        currency: draft.currency,
        contactId: draft.contact?.id ?? null,
        companyId: draft.company?.id ?? null,
        owner: draft.owner.trim() || null,
        expectedClose: draft.expectedClose || null,
        notes: draft.notes,
      }
      return {
        save: () =>
          deal
            ? crm.invoke('deals.update', { id: deal.id, patch: fields })
            : crm.invoke('deals.create', { ...fields, pipelineId: draft.pipelineId || undefined, stageId: draft.stageId || undefined }),
      }
    },
    onSaved,
    fieldId: dealFieldId,
  })

  return (
    <form ref={formRef} className="deal-form" onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-label={deal ? 'Edit deal' : 'New deal'}>
      <div className="form-scroll">
        {error && <ErrorSummary message={error.message} problems={problems} fieldId={dealFieldId} />}
        <div className="form-grid">
          <Field id={dealFieldId('title')} label="Title" error={problems.title} className="span-2">
            <input id={dealFieldId('title')} className="input" value={draft.title} placeholder="e.g. 40 seats for Acme" data-autofocus onChange={(e) => set('title', e.target.value)} {...invalidProps(dealFieldId('title'), problems.title)} />
          </Field>
          <Field id={dealFieldId('valueMinor')} label="Value" error={problems.valueMinor ?? problems.currency}>
            <div className="money-input">
              <input
                id={dealFieldId('valueMinor')}
                className="input"
                inputMode="decimal"
                value={draft.amount}
                placeholder="0.00"
                onChange={(e) => set('amount', e.target.value)}
                {...invalidProps(dealFieldId('valueMinor'), problems.valueMinor)}
              />
              <CurrencyInput id={dealFieldId('currency')} value={draft.currency} onChange={(c) => set('currency', c)} compact />
            </div>
          </Field>
          <Field id={dealFieldId('expectedClose')} label="Expected close" error={problems.expectedClose}>
            <input id={dealFieldId('expectedClose')} className="input" type="date" value={draft.expectedClose} onChange={(e) => set('expectedClose', e.target.value)} {...invalidProps(dealFieldId('expectedClose'), problems.expectedClose)} />
          </Field>
          {!deal && (
            <>
              <Field id={dealFieldId('pipelineId')} label="Pipeline" error={problems.pipelineId}>
                <select
                  id={dealFieldId('pipelineId')}
                  className="input"
                  value={draft.pipelineId}
                  onChange={(e) => {
                    const next = pipelines.find((p) => p.id === e.target.value)
                    setDraft((d) => ({ ...d, pipelineId: e.target.value, stageId: next?.stages[0]?.id ?? '' }))
                  }}
                >
                  {pipelines.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id={dealFieldId('stageId')} label="Stage" error={problems.stageId}>
                <select id={dealFieldId('stageId')} className="input" value={draft.stageId} onChange={(e) => set('stageId', e.target.value)}>
                  {(pipeline?.stages ?? []).map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name} · {s.probability}%
                    </option>
                  ))}
                </select>
              </Field>
            </>
          )}
          <Field id={dealFieldId('contactId')} label="Contact" error={problems.contactId}>
            <ContactPicker
              id={dealFieldId('contactId')}
              value={draft.contact}
              onChange={(c) =>
                setDraft((d) => ({ ...d, contact: c, company: d.company ?? (c?.companyId ? { id: c.companyId, name: c.companyName ?? '' } : null) }))
              }
              invalid={invalidProps(dealFieldId('contactId'), problems.contactId)}
            />
          </Field>
          <Field id={dealFieldId('companyId')} label="Company" error={problems.companyId}>
            <CompanyPicker id={dealFieldId('companyId')} value={draft.company} onChange={(c) => set('company', c)} invalid={invalidProps(dealFieldId('companyId'), problems.companyId)} />
          </Field>
          <Field id={dealFieldId('owner')} label="Owner" error={problems.owner}>
            <input id={dealFieldId('owner')} className="input" value={draft.owner} placeholder="Who works this deal" onChange={(e) => set('owner', e.target.value)} {...invalidProps(dealFieldId('owner'), problems.owner)} />
          </Field>
          <Field id={dealFieldId('notes')} label="Notes" error={problems.notes} className="span-2">
            <textarea id={dealFieldId('notes')} className="input textarea" rows={3} value={draft.notes} onChange={(e) => set('notes', e.target.value)} />
          </Field>
        </div>
      </div>
      <FormFooter saving={saving} onCancel={onCancel} saveLabel={deal ? 'Save changes' : 'Create deal'} />
    </form>
  )
}

export function DealFormDialog({ target, onClose }: { target: DealFormTarget; onClose: () => void }) {
  const editId = target.mode === 'edit' ? target.id : null
  const [deal, setDeal] = useState<Deal | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const pipelines = usePipelines((s) => s.data)
  // a new deal starts in the default currency: the form waits for it rather than guess one
  const settings = useSettings((s) => (editId ? true : s.data ? true : s.error ? s.error.message : false))

  useEffect(() => {
    if (!usePipelines.getState().data) void usePipelines.getState().load()
    // a new deal starts in the default currency
    if (!useSettings.getState().data) void useSettings.getState().load()
    if (editId) crm.invoke('deals.get', { id: editId }).then(setDeal, (e) => setLoadError(toAppError(e).message))
  }, [editId])

  const onSaved = (saved: Deal) => {
    onClose()
    if (editId) {
      replaceRecord(useDealDetail, saved)
      showToast('Changes saved')
    } else {
      showToast(`Added deal “${saved.title}”`)
      // From the board the new card simply appears; from a contact or company page, stay there.
      if (useRoute.getState().route.name === 'deal') navigate({ name: 'deal', id: saved.id })
    }
  }

  return (
    <Dialog title={editId ? 'Edit deal' : 'New deal'} onClose={onClose} size="lg" closeOnBackdrop={false} className="dialog-form">
      {loadError || typeof settings === 'string' ? (
        <p className="form-load-error" role="alert">
          {loadError ?? settings}
        </p>
      ) : (editId && !deal) || !pipelines || !settings ? (
        <p className="muted loading-text">Loading…</p>
      ) : (
        <DealForm deal={deal ?? undefined} prefill={target.mode === 'create' ? target.prefill : undefined} onSaved={onSaved} onCancel={onClose} />
      )}
    </Dialog>
  )
}
