/** One contact: header, follow-ups and keep-in-touch, details, and the whole history as a timeline. */
import type { CustomField } from '../../src-shared/model/custom-field'
import type { Contact } from '../../src-shared/model/contact'
import { Avatar } from '../components/Avatar'
import { ChangeHistorySection } from '../components/ChangeHistorySection'
import { DealsSection } from '../components/DealsSection'
import { DetailList, ExternalLink, type DetailItem } from '../components/DetailList'
import { BackToList, DetailPlaceholder } from '../components/DetailPlaceholder'
import { Icon } from '../components/Icons'
import { Kbd } from '../components/Kbd'
import { KeepInTouchControl } from '../components/KeepInTouchControl'
import { PrivacyToggle } from '../components/PrivacyToggle'
import { FollowUpsSection } from '../components/tasks/FollowUpsSection'
import { StageBadge } from '../components/StageBadge'
import { TagList } from '../components/TagChip'
import { TimelinePanel } from '../components/Timeline'
import { crm } from '../lib/crm'
import { formatCalendarDate, formatDate, formatExact, formatRelative, joinParts, nameOrPlaceholder } from '../lib/format'
import { ariaKeys, comboLabel, useShortcuts } from '../lib/shortcuts'
import { useContactDetail } from '../stores/contactDetail'
import { useCustomFields } from '../stores/customFields'
import { useQuery } from '../stores/query'
import { recordStatus } from '../stores/recordDetail'
import { navigate } from '../stores/route'
import { showError, showUndo } from '../stores/toasts'
import { useUi } from '../stores/ui'

function customValue(field: CustomField, value: unknown) {
  if (value === null || value === undefined || value === '') return null
  if (field.type === 'checkbox') return value ? 'Yes' : 'No'
  if (field.type === 'date' && typeof value === 'string') return formatCalendarDate(value)
  if (field.type === 'url' && typeof value === 'string') return <ExternalLink href={value}>{value}</ExternalLink>
  return String(value)
}

function contactDetails(c: Contact, fields: CustomField[]): DetailItem[] {
  return [
    {
      label: c.emails.length > 1 ? 'Emails' : 'Email',
      value: c.emails.length ? (
        <ul className="plain-list">
          {c.emails.map((e) => (
            <li key={e.value}>
              <a href={`mailto:${e.value}`}>{e.value}</a>
              {e.label && <span className="muted"> · {e.label}</span>}
              {e.primary && c.emails.length > 1 && <span className="pill">Primary</span>}
            </li>
          ))}
        </ul>
      ) : null,
    },
    {
      label: c.phones.length > 1 ? 'Phones' : 'Phone',
      value: c.phones.length ? (
        <ul className="plain-list">
          {c.phones.map((p) => (
            <li key={p.value}>
              {p.value}
              {p.label && <span className="muted"> · {p.label}</span>}
            </li>
          ))}
        </ul>
      ) : null,
    },
    { label: 'Owner', value: c.owner },
    { label: 'Lead source', value: c.leadSource },
    { label: 'Birthday', value: c.birthday ? formatCalendarDate(c.birthday) : null },
    { label: 'Address', value: joinParts([c.address.street, joinParts([c.address.postalCode, c.address.city], ' '), c.address.region, c.address.country]) || null },
    {
      label: 'Profiles',
      value: c.socialProfiles.length ? (
        <ul className="plain-list">
          {c.socialProfiles.map((p) => (
            <li key={p.value}>
              <ExternalLink href={p.value}>{p.label || p.value.replace(/^https?:\/\/(www\.)?/, '')}</ExternalLink>
            </li>
          ))}
        </ul>
      ) : null,
    },
    ...fields.map((f) => ({ label: f.label, value: customValue(f, c.customFields[f.id]) })),
    { label: 'Added', value: <span title={formatExact(c.createdAt)}>{formatDate(c.createdAt)}</span> },
  ]
}

export function ContactDetailView({ id }: { id: string }) {
  const query = useQuery(useContactDetail, { id })
  const { data: contact } = query
  const status = recordStatus(query)
  const fields = useQuery(useCustomFields).data ?? []
  const openContactForm = useUi((s) => s.openContactForm)

  const edit = () => openContactForm({ mode: 'edit', id })
  useShortcuts({ 'mod+e': edit }, status === 'ready')

  const remove = async () => {
    if (!contact) return
    try {
      await crm.invoke('contacts.delete', { ids: [contact.id] })
      navigate({ name: 'contacts' })
      const name = nameOrPlaceholder(contact.displayName)
      showUndo(`Deleted ${name}`, () => crm.invoke('contacts.restore', { ids: [contact.id] }), `Restored ${name}`)
    } catch (e) {
      showError(e)
    }
  }

  const list = { href: '#/contacts', label: 'Contacts' }
  const back = <BackToList list={list} />

  if (status === 'missing' || !contact) {
    return <DetailPlaceholder list={list} noun="contact" icon="users" status={status} error={query.error?.message} />
  }

  const name = nameOrPlaceholder(contact.displayName)
  return (
    <div className="view view-detail">
      <div className="detail-topbar">
        {back}
        <span className="breadcrumb-sep">/</span>
        <span className="breadcrumb-current">{name}</span>
        <div className="toolbar-spacer" />
        <PrivacyToggle table="contacts" id={contact.id} privateTo={contact.privateTo} name={name} />
        <button type="button" className="button button-small" onClick={edit} title={`Edit (${comboLabel('mod+e')})`} aria-keyshortcuts={ariaKeys('mod+e')}>
          <Icon name="edit" size={14} /> Edit <Kbd combo="mod+e" />
        </button>
        <button type="button" className="button button-small button-danger-ghost" onClick={remove}>
          <Icon name="trash" size={14} /> Delete
        </button>
      </div>

      <div className="detail-layout">
        <aside className="detail-side">
          <div className="record-header">
            <Avatar name={name} size={48} />
            <div className="record-heading">
              <h1 className="record-name" title={name}>
                {name}
              </h1>
              <p className="record-sub">
                {contact.jobTitle && <span>{contact.jobTitle}</span>}
                {contact.jobTitle && contact.companyId && <span className="muted"> at </span>}
                {contact.companyId && <a href={`#/companies/${contact.companyId}`}>{contact.companyName}</a>}
              </p>
            </div>
          </div>
          <div className="record-badges">
            <StageBadge stage={contact.lifecycleStage} />
            <TagList tags={contact.tags} />
          </div>
          <p className="last-contacted">
            <span className="muted">Last contacted </span>
            {contact.lastContactedAt ? <time title={formatExact(contact.lastContactedAt)}>{formatRelative(contact.lastContactedAt)}</time> : <span>never</span>}
          </p>
          <FollowUpsSection
            subject={{ contactId: contact.id }}
            prefill={{ contact: { id: contact.id, name }, company: contact.companyId ? { id: contact.companyId, name: contact.companyName ?? '' } : undefined }}
          >
            <KeepInTouchControl contact={contact} />
          </FollowUpsSection>
          <DetailList items={contactDetails(contact, fields)} />
          {contact.notes && (
            <div className="record-notes">
              <h2 className="side-heading">Notes</h2>
              <p className="prewrap">{contact.notes}</p>
            </div>
          )}
          <DealsSection
            filter={{ contactId: contact.id }}
            prefill={{ contact: { id: contact.id, name }, company: contact.companyId ? { id: contact.companyId, name: contact.companyName ?? '' } : undefined }}
          />
          <ChangeHistorySection contactId={contact.id} />
        </aside>
        <div className="detail-main">
          <TimelinePanel subject={{ contactId: contact.id }} />
        </div>
      </div>
    </div>
  )
}
