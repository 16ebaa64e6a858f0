/**
 * One pair side by side: the user picks the contact that survives and, for each field where the
 * two differ, whose value it keeps. Emails, phones, profiles and tags are kept from both. Each
 * column's title tells the two apart: primary email, company and the day it was added, the ones
 * that differ highlighted ("Record 1" / "Record 2" only when even those are the same).
 */
import { format } from 'date-fns'
import { Fragment, useEffect, useMemo, useState } from 'react'
import type { Contact } from '../../../src-shared/model/contact'
import { LIFECYCLE_LABELS } from '../../../src-shared/model/contact'
import type { CustomFieldValue } from '../../../src-shared/model/custom-field'
import { MERGE_FIELDS, MERGE_FIELD_LABELS, type MergeField, type MergeSide, type PairDetail } from '../../../src-shared/model/duplicate'
import { crm } from '../../lib/crm'
import { joinParts, nameOrPlaceholder, pluralize } from '../../lib/format'
import { useCustomFields } from '../../stores/customFields'
import { navigate } from '../../stores/route'
import { showError, showUndo } from '../../stores/toasts'
import { Avatar } from '../Avatar'
import { Icon } from '../Icons'

type Side = 'a' | 'b'

function fieldText(c: Contact, field: MergeField): string {
  switch (field) {
    case 'companyId':
      return c.companyName ?? ''
    case 'lifecycleStage':
      return LIFECYCLE_LABELS[c.lifecycleStage]
    case 'address':
      return joinParts([c.address.street, c.address.city, c.address.region, c.address.postalCode, c.address.country])
    case 'keepInTouch':
      return c.keepInTouch ? `Every ${pluralize(c.keepInTouch.count, c.keepInTouch.unit)}` : ''
    default:
      return (c[field] as string | null) ?? ''
  }
}

const customText = (v: CustomFieldValue | undefined) => (v === undefined || v === null ? '' : typeof v === 'boolean' ? (v ? 'Yes' : 'No') : String(v))

/** Where no one picked: the survivor's value, or the other's where the survivor has none (what core does too). */
function defaultPick(survivor: Side, values: Record<Side, string>): Side {
  const other: Side = survivor === 'a' ? 'b' : 'a'
  return values[survivor] === '' && values[other] !== '' ? other : survivor
}

/** What tells two same-named contacts apart in a column title. */
const IDENTITY = [
  { key: 'email', label: 'Email', of: (c: Contact) => (c.emails.find((e) => e.primary) ?? c.emails[0])?.value ?? '' },
  { key: 'company', label: 'Company', of: (c: Contact) => c.companyName ?? '' },
  { key: 'added', label: 'Added', of: (c: Contact) => `Added ${format(c.createdAt, 'd MMM yyyy')}` },
] as const

function identityOf(a: Contact, b: Contact) {
  const parts = IDENTITY.map((p) => {
    const values = { a: p.of(a), b: p.of(b) }
    return { key: p.key, label: p.label, values, differs: values.a.trim().toLowerCase() !== values.b.trim().toLowerCase() }
  })
  return { parts, same: parts.every((p) => !p.differs) }
}

function IdentityLine({ side, identity }: { side: Side; identity: ReturnType<typeof identityOf> }) {
  const shown = identity.parts.filter((p) => p.values[side] !== '')
  return (
    <span className="merge-identity" data-testid={`merge-identity-${side}`}>
      {identity.same && <span className="merge-identity-part is-different">Record {side === 'a' ? 1 : 2}</span>}
      {shown.map((p, i) => (
        <Fragment key={p.key}>
          {(i > 0 || identity.same) && (
            <span className="merge-identity-sep" aria-hidden="true">
              ·
            </span>
          )}
          <span className={`merge-identity-part ${p.differs ? 'is-different' : ''}`} title={p.differs ? `${p.label} differs` : `${p.label}: the same on both`}>
            {p.values[side]}
          </span>
        </Fragment>
      ))}
    </span>
  )
}

export function MergeReview({ detail, onDone, onDismiss }: { detail: PairDetail; onDone: () => void; onDismiss: () => void }) {
  const { a, b } = detail
  const fields = useCustomFields((s) => s.data)
  useEffect(() => {
    if (!useCustomFields.getState().data) void useCustomFields.getState().load()
  }, [])
  // the older contact (more history) survives by default
  const [survivor, setSurvivor] = useState<Side>(() => (a.createdAt <= b.createdAt ? 'a' : 'b'))
  const [picks, setPicks] = useState<Partial<Record<string, Side>>>({})
  const [busy, setBusy] = useState(false)
  const contact = { a, b }
  const identity = useMemo(() => identityOf(a, b), [a, b])

  const rows = useMemo(() => {
    const out: { key: string; label: string; values: Record<Side, string>; custom?: string }[] = []
    for (const field of MERGE_FIELDS) {
      const values = { a: fieldText(a, field), b: fieldText(b, field) }
      if (values.a !== values.b) out.push({ key: field, label: MERGE_FIELD_LABELS[field], values })
    }
    for (const f of fields ?? []) {
      const values = { a: customText(a.customFields[f.id]), b: customText(b.customFields[f.id]) }
      if (values.a !== values.b) out.push({ key: `custom:${f.id}`, label: f.label, values, custom: f.id })
    }
    return out
  }, [a, b, fields])

  // the survivor's spelling wins where both have the same value
  const union = (pick: (c: Contact) => string[]) => {
    const out = new Map<string, string>()
    for (const v of [...pick(contact[survivor]), ...pick(contact[survivor === 'a' ? 'b' : 'a'])]) if (!out.has(v.trim().toLowerCase())) out.set(v.trim().toLowerCase(), v)
    return [...out.values()]
  }
  const emails = union((c) => c.emails.map((e) => e.value))
  const phones = union((c) => c.phones.map((p) => p.value))
  const tags = union((c) => c.tags.map((t) => t.name))

  const merge = async () => {
    const survivorContact = contact[survivor]
    const other = contact[survivor === 'a' ? 'b' : 'a']
    const sideOf = (chosen: Side): MergeSide => (chosen === survivor ? 'survivor' : 'other')
    const mergePicks: Partial<Record<MergeField, MergeSide>> = {}
    const customFieldPicks: Record<string, MergeSide> = {}
    for (const row of rows) {
      const chosen = picks[row.key] ?? defaultPick(survivor, row.values)
      if (row.custom) customFieldPicks[row.custom] = sideOf(chosen)
      else mergePicks[row.key as MergeField] = sideOf(chosen)
    }
    setBusy(true)
    try {
      const result = await crm.invoke('duplicates.merge', { survivorId: survivorContact.id, otherId: other.id, picks: mergePicks, customFieldPicks })
      showUndo(
        `Merged ${nameOrPlaceholder(other.displayName)} into ${nameOrPlaceholder(result.survivor.displayName)}`,
        () => crm.invoke('duplicates.undoMerge', { txId: result.txId }),
        'Merge undone: both contacts are back',
      )
      onDone()
      navigate({ name: 'contact', id: survivorContact.id })
    } catch (error) {
      showError(error)
    } finally {
      setBusy(false)
    }
  }

  const counts = (c: Contact) => {
    const n = detail.counts[c.id]
    return n ? joinParts([pluralize(n.activities, 'history entry', 'history entries'), pluralize(n.deals, 'deal'), pluralize(n.tasks, 'follow-up')]) : ''
  }

  return (
    <section className="merge-review" aria-label="Review duplicate pair" data-testid="merge-review">
      <table className="merge-table">
        <thead>
          <tr>
            <th scope="col" className="merge-field-col">
              <span className="sr-only">Field</span>
            </th>
            {(['a', 'b'] as const).map((side) => {
              const c = contact[side]
              return (
                <th scope="col" key={side} className={`merge-side ${survivor === side ? 'is-survivor' : ''}`}>
                  <div className="merge-person">
                    <Avatar name={c.displayName} />
                    <div className="merge-person-text">
                      <a href={`#/contacts/${c.id}`} className="merge-person-name">
                        {nameOrPlaceholder(c.displayName)}
                      </a>
                      <IdentityLine side={side} identity={identity} />
                      <span className="muted merge-counts">{counts(c)}</span>
                    </div>
                  </div>
                  <label className="merge-keep">
                    <input type="radio" name="survivor" checked={survivor === side} onChange={() => setSurvivor(side)} />
                    Keep this contact
                  </label>
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={3} className="muted merge-same">
                Every field is the same on both.
              </td>
            </tr>
          )}
          {rows.map((row) => {
            const chosen = picks[row.key] ?? defaultPick(survivor, row.values)
            return (
              <tr key={row.key} data-testid={`merge-row-${row.key}`}>
                <th scope="row" className="merge-field-col">
                  {row.label}
                </th>
                {(['a', 'b'] as const).map((side) => (
                  <td key={side} className={chosen === side ? 'is-chosen' : ''}>
                    <label className="merge-choice">
                      <input
                        type="radio"
                        name={`pick-${row.key}`}
                        checked={chosen === side}
                        onChange={() => setPicks((p) => ({ ...p, [row.key]: side }))}
                        aria-label={`${row.label}: ${row.values[side] || 'empty'} (${nameOrPlaceholder(contact[side].displayName)})`}
                      />
                      <span className={row.values[side] ? 'merge-value' : 'merge-value muted'}>{row.values[side] || 'Empty'}</span>
                    </label>
                  </td>
                ))}
              </tr>
            )
          })}
          {(
            [
              ['Emails', emails],
              ['Phones', phones],
              ['Tags', tags],
            ] as const
          ).map(([label, values]) =>
            values.length === 0 ? null : (
              <tr key={label} className="merge-union">
                <th scope="row" className="merge-field-col">
                  {label}
                </th>
                <td colSpan={2}>
                  <span className="merge-union-values">{values.join(', ')}</span>
                  <span className="muted merge-union-note"> · kept from both</span>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
      <p className="muted merge-note">
        <Icon name="info" size={13} />{' '}
        {contact.a.displayName === contact.b.displayName
          ? // "of Ada Lovelace move to Ada Lovelace" says nothing: name the roles instead
            'History, deals and follow-ups of the other contact move to the one you keep'
          : `History, deals and follow-ups of ${nameOrPlaceholder(contact[survivor === 'a' ? 'b' : 'a'].displayName)} move to ${nameOrPlaceholder(contact[survivor].displayName)}`}
        ; the other contact goes to the trash. You can undo right after.
      </p>
      <div className="merge-actions">
        <button type="button" className="button button-primary" onClick={merge} disabled={busy} aria-busy={busy}>
          Merge into {nameOrPlaceholder(contact[survivor].displayName)}
        </button>
        <button type="button" className="button" onClick={onDismiss} disabled={busy}>
          Not a duplicate
        </button>
        <a href="#/duplicates" className="button button-ghost">
          Back to all duplicates
        </a>
      </div>
    </section>
  )
}
