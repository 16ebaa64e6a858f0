/** One deal (#/deals/<id>): value, stage path, status actions, details, and its own timeline. */
import type { Deal } from '../../src-shared/model/deal'
import { BackToList, DetailPlaceholder } from '../components/DetailPlaceholder'
import { DealStatusBadge } from '../components/DealStatusBadge'
import { DetailList } from '../components/DetailList'
import { Icon } from '../components/Icons'
import { Kbd } from '../components/Kbd'
import { PrivacyToggle } from '../components/PrivacyToggle'
import { FollowUpsSection } from '../components/tasks/FollowUpsSection'
import { TimelinePanel } from '../components/Timeline'
import { crm } from '../lib/crm'
import { askLostReason, deleteDeal, reopenDeal, winDeal } from '../actions/deals'
import { formatCalendarDate, formatDate, formatExact, money, pluralize } from '../lib/format'
import { ariaKeys, comboLabel, useShortcuts } from '../lib/shortcuts'
import { useDealDetail } from '../stores/dealDetail'
import { usePipelines } from '../stores/pipelines'
import { useQuery } from '../stores/query'
import { recordStatus } from '../stores/recordDetail'
import { navigate } from '../stores/route'
import { showError } from '../stores/toasts'
import { useUi } from '../stores/ui'

/** The pipeline's stages as a path; clicking one moves the deal there. */
function StagePath({ deal }: { deal: Deal }) {
  const pipeline = usePipelines((s) => s.data?.find((p) => p.id === deal.pipelineId))
  if (!pipeline) return null
  const current = pipeline.stages.findIndex((s) => s.id === deal.stageId)
  const move = async (stageId: string) => {
    try {
      await crm.invoke('deals.move', { id: deal.id, stageId })
      void useDealDetail.getState().refresh()
    } catch (e) {
      showError(e)
    }
  }
  return (
    <ol className="stage-path" aria-label={`Stages of ${pipeline.name}`}>
      {pipeline.stages.map((s, i) => (
        <li key={s.id} className={`stage-step ${i < current ? 'is-done' : ''} ${i === current ? 'is-current' : ''}`}>
          <button
            type="button"
            disabled={deal.status !== 'open' || i === current}
            aria-current={i === current ? 'step' : undefined}
            title={i === current ? `In ${s.name} for ${pluralize(deal.daysInStage, 'day')}` : `Move to ${s.name} (${s.probability}%)`}
            onClick={() => void move(s.id)}
          >
            {s.name}
          </button>
        </li>
      ))}
    </ol>
  )
}

export function DealDetailView({ id }: { id: string }) {
  const query = useQuery(useDealDetail, { id })
  const { data: deal, refresh: reload } = query
  const status = recordStatus(query)
  const openDealForm = useUi((s) => s.openDealForm)

  // the stage path
  useQuery(usePipelines)

  const edit = () => openDealForm({ mode: 'edit', id })
  useShortcuts({ 'mod+e': edit }, status === 'ready')

  const list = { href: '#/pipeline', label: 'Pipeline' }
  if (status === 'missing' || !deal) return <DetailPlaceholder list={list} noun="deal" icon="pipeline" status={status} error={query.error?.message} />

  const run = (action: () => Promise<unknown>) => () => void action().then(() => reload(), showError)
  const remove = async () => {
    try {
      await deleteDeal(deal)
      navigate({ name: 'pipeline' })
    } catch (e) {
      showError(e)
    }
  }

  return (
    <div className="view view-detail">
      <div className="detail-topbar">
        <BackToList list={list} />
        <span className="breadcrumb-sep">/</span>
        <span className="breadcrumb-current">{deal.title}</span>
        <div className="toolbar-spacer" />
        <PrivacyToggle table="deals" id={deal.id} privateTo={deal.privateTo} name={deal.title} />
        {deal.status === 'open' ? (
          <>
            <button type="button" className="button button-small button-won" onClick={run(() => winDeal(deal))}>
              <Icon name="trophy" size={14} /> Mark won
            </button>
            <button type="button" className="button button-small button-lost" onClick={() => askLostReason(deal, () => void reload())}>
              <Icon name="lost" size={14} /> Mark lost
            </button>
          </>
        ) : (
          <button type="button" className="button button-small" onClick={run(() => reopenDeal(deal))}>
            <Icon name="reopen" size={14} /> Reopen
          </button>
        )}
        <button type="button" className="button button-small" onClick={edit} title={`Edit (${comboLabel('mod+e')})`} aria-keyshortcuts={ariaKeys('mod+e')}>
          <Icon name="edit" size={14} /> Edit <Kbd combo="mod+e" />
        </button>
        <button type="button" className="button button-small button-danger-ghost" onClick={() => void remove()}>
          <Icon name="trash" size={14} /> Delete
        </button>
      </div>

      <div className="detail-layout">
        <aside className="detail-side">
          <div className="record-heading">
            <h1 className="record-name" title={deal.title}>
              {deal.title}
            </h1>
            <p className="deal-value" data-testid="deal-value">
              {money(deal.valueMinor, deal.currency)}
            </p>
          </div>
          <div className="record-badges">
            <DealStatusBadge status={deal.status} rotting={deal.rotting} />
            <span className="muted">
              {deal.stageName}
              {deal.status === 'open' && ` · ${pluralize(deal.daysInStage, 'day')} in stage`}
            </span>
          </div>
          {deal.status === 'lost' && deal.lostReason && (
            <p className="lost-reason" data-testid="lost-reason">
              <span className="muted">Lost: </span>
              {deal.lostReason}
            </p>
          )}
          <StagePath deal={deal} />
          <FollowUpsSection
            subject={{ dealId: deal.id }}
            alsoLink={deal.contactId ? { contactId: deal.contactId } : undefined}
            prefill={{
              deal: { id: deal.id, title: deal.title },
              contact: deal.contactId ? { id: deal.contactId, name: deal.contactName ?? '' } : undefined,
              company: deal.companyId ? { id: deal.companyId, name: deal.companyName ?? '' } : undefined,
            }}
          />
          <DetailList
            items={[
              { label: 'Contact', value: deal.contactId ? <a href={`#/contacts/${deal.contactId}`}>{deal.contactName}</a> : null },
              { label: 'Company', value: deal.companyId ? <a href={`#/companies/${deal.companyId}`}>{deal.companyName}</a> : null },
              { label: 'Owner', value: deal.owner },
              { label: 'Expected close', value: deal.expectedClose ? formatCalendarDate(deal.expectedClose) : null },
              { label: deal.status === 'won' ? 'Won' : 'Lost', value: deal.closedAt && deal.status !== 'open' ? <span title={formatExact(deal.closedAt)}>{formatDate(deal.closedAt)}</span> : null },
              { label: 'Added', value: <span title={formatExact(deal.createdAt)}>{formatDate(deal.createdAt)}</span> },
            ]}
          />
          {deal.notes && (
            <div className="record-notes">
              <h2 className="side-heading">Notes</h2>
              <p className="prewrap">{deal.notes}</p>
            </div>
          )}
        </aside>
        <div className="detail-main">
          <TimelinePanel subject={{ dealId: deal.id }} dealContactId={deal.contactId} />
        </div>
      </div>
    </div>
  )
}
