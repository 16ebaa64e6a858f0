/** One company: its details, its people, and the combined history of the company and its people. */
import { Avatar } from '../components/Avatar'
import { DealsSection } from '../components/DealsSection'
import { DetailList, ExternalLink } from '../components/DetailList'
import { BackToList, DetailPlaceholder } from '../components/DetailPlaceholder'
import { Icon } from '../components/Icons'
import { Kbd } from '../components/Kbd'
import { FollowUpsSection } from '../components/tasks/FollowUpsSection'
import { StageBadge } from '../components/StageBadge'
import { TimelinePanel } from '../components/Timeline'
import { crm } from '../lib/crm'
import { formatDate, formatExact, joinParts, nameOrPlaceholder, pluralize } from '../lib/format'
import { ariaKeys, comboLabel, useShortcuts } from '../lib/shortcuts'
import { companyPeopleInput, useCompanyDetail, useCompanyPeople } from '../stores/companyDetail'
import { useQuery } from '../stores/query'
import { recordStatus } from '../stores/recordDetail'
import { navigate } from '../stores/route'
import { showError, showUndo } from '../stores/toasts'
import { useUi } from '../stores/ui'


export function CompanyDetailView({ id }: { id: string }) {
  const companyQuery = useQuery(useCompanyDetail, { id })
  const peopleQuery = useQuery(useCompanyPeople, companyPeopleInput(id))
  const company = companyQuery.data
  const people = peopleQuery.data?.items ?? []
  const peopleTotal = peopleQuery.data?.total ?? 0
  // the page shows once the company and its people are both in
  const status = recordStatus(companyQuery) === 'ready' ? recordStatus(peopleQuery) : recordStatus(companyQuery)
  const error = (companyQuery.error ?? peopleQuery.error)?.message
  const { openCompanyForm, openContactForm } = useUi()

  const edit = () => openCompanyForm({ mode: 'edit', id })
  useShortcuts({ 'mod+e': edit }, status === 'ready')

  const remove = async () => {
    if (!company) return
    try {
      await crm.invoke('companies.delete', { ids: [company.id] })
      navigate({ name: 'companies' })
      showUndo(`Deleted ${company.name}`, () => crm.invoke('companies.restore', { ids: [company.id] }), `Restored ${company.name}`)
    } catch (e) {
      showError(e)
    }
  }

  const list = { href: '#/companies', label: 'Companies' }
  const back = <BackToList list={list} />

  if (status !== 'ready' || !company) {
    return <DetailPlaceholder list={list} noun="company" icon="building" status={status} error={error} />
  }

  const a = company.address
  return (
    <div className="view view-detail">
      <div className="detail-topbar">
        {back}
        <span className="breadcrumb-sep">/</span>
        <span className="breadcrumb-current">{company.name}</span>
        <div className="toolbar-spacer" />
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
            <Avatar name={company.name} size={48} square />
            <div className="record-heading">
              <h1 className="record-name" title={company.name}>
                {company.name}
              </h1>
              <p className="record-sub">{joinParts([company.industry, company.size ? `${company.size} people` : null], ' · ')}</p>
            </div>
          </div>
          <FollowUpsSection subject={{ companyId: company.id }} prefill={{ company: { id: company.id, name: company.name } }} />
          <DetailList
            items={[
              { label: 'Domain', value: company.domain ? <ExternalLink href={company.domain}>{company.domain}</ExternalLink> : null },
              { label: 'Industry', value: company.industry },
              { label: 'Size', value: company.size ? `${company.size} people` : null },
              { label: 'Phone', value: company.phone },
              { label: 'Address', value: joinParts([a.street, joinParts([a.postalCode, a.city], ' '), a.region, a.country]) || null },
              { label: 'Added', value: <span title={formatExact(company.createdAt)}>{formatDate(company.createdAt)}</span> },
            ]}
          />
          {company.notes && (
            <div className="record-notes">
              <h2 className="side-heading">Notes</h2>
              <p className="prewrap">{company.notes}</p>
            </div>
          )}

          <div className="people-section">
            <div className="side-heading-row">
              <h2 className="side-heading">People · {peopleTotal.toLocaleString('en-US')}</h2>
              <button type="button" className="button button-ghost button-small" onClick={() => openContactForm({ mode: 'create', prefill: { companyId: company.id } })}>
                <Icon name="plus" size={14} /> Add person
              </button>
            </div>
            {people.length === 0 ? (
              <p className="muted">No people at {company.name} yet.</p>
            ) : (
              <ul className="people-list">
                {people.map((p) => (
                  <li key={p.id}>
                    <a href={`#/contacts/${p.id}`} className="person-link">
                      <Avatar name={nameOrPlaceholder(p.displayName)} size={24} />
                      <span className="person-text">
                        <span className="person-name">{nameOrPlaceholder(p.displayName)}</span>
                        {p.jobTitle && <span className="person-title">{p.jobTitle}</span>}
                      </span>
                      <StageBadge stage={p.lifecycleStage} />
                    </a>
                  </li>
                ))}
              </ul>
            )}
            {peopleTotal > people.length && <p className="muted">and {pluralize(peopleTotal - people.length, 'more person', 'more people')}</p>}
          </div>
          <DealsSection filter={{ companyId: company.id }} prefill={{ company: { id: company.id, name: company.name } }} />
        </aside>
        <div className="detail-main">
          <TimelinePanel subject={{ companyId: company.id }} people={people.map((p) => ({ id: p.id, name: nameOrPlaceholder(p.displayName) }))} />
        </div>
      </div>
    </div>
  )
}
