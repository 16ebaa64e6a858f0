/**
 * Settings → Pipelines: add, rename and delete pipelines; add, edit (name, win probability, rotting
 * days), reorder and delete stages. Deleting a stage that holds deals asks where they go.
 */
import { useEffect, useState, type FormEvent } from 'react'
import type { Pipeline, Stage } from '../../../src-shared/model/deal'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { Dialog } from '../../components/Dialog'
import { Field } from '../../components/Field'
import { Icon } from '../../components/Icons'
import { crm, toAppError } from '../../lib/crm'
import { pluralize } from '../../lib/format'
import { usePipelines } from '../../stores/pipelines'
import { showError, showToast } from '../../stores/toasts'

const reload = () => usePipelines.getState().load()

/** "" → null; anything else a whole number (core validates the range). */
const numberOrNull = (text: string) => (text.trim() === '' ? null : Number(text))

function StageRow({ stage, index, count, onMove, onDelete }: { stage: Stage; index: number; count: number; onMove: (delta: -1 | 1) => void; onDelete: () => void }) {
  const [name, setName] = useState(stage.name)
  const [probability, setProbability] = useState(String(stage.probability))
  const [rotting, setRotting] = useState(stage.rottingDays === null ? '' : String(stage.rottingDays))
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    setName(stage.name)
    setProbability(String(stage.probability))
    setRotting(stage.rottingDays === null ? '' : String(stage.rottingDays))
  }, [stage.name, stage.probability, stage.rottingDays])

  const save = async () => {
    const patch: { name?: string; probability?: number; rottingDays?: number | null } = {}
    if (name !== stage.name) patch.name = name
    if (probability !== String(stage.probability)) patch.probability = Number(probability)
    const rd = numberOrNull(rotting)
    if (rd !== stage.rottingDays) patch.rottingDays = rd
    if (Object.keys(patch).length === 0) return
    try {
      await crm.invoke('stages.update', { id: stage.id, ...patch })
      setError(null)
      await reload()
    } catch (e) {
      setError(toAppError(e).message)
    }
  }
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault()
      void save()
    }
  }
  const label = `stage ${stage.name}`

  return (
    <li className="stage-row" data-testid="stage-row">
      <span className="stage-order">
        <button type="button" className="icon-button" aria-label={`Move ${label} up`} disabled={index === 0} onClick={() => onMove(-1)}>
          <Icon name="arrowUp" size={14} />
        </button>
        <button type="button" className="icon-button" aria-label={`Move ${label} down`} disabled={index === count - 1} onClick={() => onMove(1)}>
          <Icon name="arrowDown" size={14} />
        </button>
      </span>
      <input className="input input-compact stage-name" aria-label="Stage name" value={name} onChange={(e) => setName(e.target.value)} onBlur={() => void save()} onKeyDown={onKey} />
      <label className="stage-number">
        <input className="input input-compact" aria-label={`Win probability of ${label}`} inputMode="numeric" value={probability} onChange={(e) => setProbability(e.target.value)} onBlur={() => void save()} onKeyDown={onKey} />
        <span className="muted">%</span>
      </label>
      <label className="stage-number">
        <span className="muted">rots after</span>
        <input className="input input-compact" aria-label={`Rotting days of ${label}`} inputMode="numeric" placeholder="—" value={rotting} onChange={(e) => setRotting(e.target.value)} onBlur={() => void save()} onKeyDown={onKey} />
        <span className="muted">days</span>
      </label>
      <button type="button" className="icon-button stage-delete" aria-label={`Delete ${label}`} title="Delete stage" disabled={count === 1} onClick={onDelete}>
        <Icon name="trash" size={14} />
      </button>
      {error && <p className="field-error stage-error">{error}</p>}
    </li>
  )
}

/** "Move its 12 deals to: [stage]": then the stage is deleted. */
function MoveDealsDialog({ pipeline, stage, dealCount, onClose }: { pipeline: Pipeline; stage: Stage; dealCount: number; onClose: () => void }) {
  const others = pipeline.stages.filter((s) => s.id !== stage.id)
  const [target, setTarget] = useState(others[0]?.id ?? '')
  const [busy, setBusy] = useState(false)
  const confirm = async () => {
    setBusy(true)
    try {
      await crm.invoke('stages.delete', { id: stage.id, moveDealsTo: target })
      await reload()
      showToast(`Deleted stage “${stage.name}”; moved ${pluralize(dealCount, 'deal')}`)
      onClose()
    } catch (e) {
      showError(e)
      setBusy(false)
    }
  }
  return (
    <Dialog
      title={`Delete stage “${stage.name}”?`}
      onClose={onClose}
      size="sm"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button-danger" onClick={() => void confirm()} disabled={busy || !target}>
            {busy ? 'Working…' : 'Move deals and delete'}
          </button>
        </>
      }
    >
      <Field id="move-deals-to" label={`Move its ${pluralize(dealCount, 'deal')} to:`}>
        <select id="move-deals-to" className="input" value={target} onChange={(e) => setTarget(e.target.value)} data-autofocus>
          {others.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </Field>
    </Dialog>
  )
}

function PipelineCard({ pipeline, onDelete }: { pipeline: Pipeline; onDelete: () => void }) {
  const [name, setName] = useState(pipeline.name)
  const [nameError, setNameError] = useState<string | null>(null)
  const [newStage, setNewStage] = useState('')
  const [stageError, setStageError] = useState<string | null>(null)
  const [moving, setMoving] = useState<{ stage: Stage; dealCount: number } | null>(null)
  useEffect(() => setName(pipeline.name), [pipeline.name])

  const rename = async () => {
    if (name === pipeline.name) return
    try {
      await crm.invoke('pipelines.update', { id: pipeline.id, name })
      setNameError(null)
      await reload()
    } catch (e) {
      setNameError(toAppError(e).message)
    }
  }
  const addStage = async (e: FormEvent) => {
    e.preventDefault()
    try {
      await crm.invoke('stages.create', { pipelineId: pipeline.id, name: newStage })
      setNewStage('')
      setStageError(null)
      await reload()
    } catch (err) {
      setStageError(toAppError(err).message)
    }
  }
  const move = async (index: number, delta: -1 | 1) => {
    const ids = pipeline.stages.map((s) => s.id)
    ;[ids[index], ids[index + delta]] = [ids[index + delta], ids[index]]
    try {
      await crm.invoke('stages.reorder', { pipelineId: pipeline.id, stageIds: ids })
      await reload()
    } catch (e) {
      showError(e)
    }
  }
  const removeStage = async (stage: Stage) => {
    try {
      await crm.invoke('stages.delete', { id: stage.id })
      await reload()
      showToast(`Deleted stage “${stage.name}”`)
    } catch (e) {
      const error = toAppError(e)
      const dealCount = (error.details as { dealCount?: number } | undefined)?.dealCount
      if (error.code === 'CONFLICT' && dealCount) setMoving({ stage, dealCount })
      else showError(error)
    }
  }

  return (
    <li className="pipeline-card" data-testid="pipeline-card">
      <div className="pipeline-card-header">
        <input
          className="input pipeline-name-input"
          aria-label="Pipeline name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => void rename()}
          onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), void rename())}
          aria-invalid={nameError ? true : undefined}
        />
        <span className="settings-meta">{pluralize(pipeline.stages.length, 'stage')}</span>
        <button type="button" className="button button-small button-danger-ghost" onClick={onDelete} aria-label={`Delete pipeline ${pipeline.name}`}>
          <Icon name="trash" size={14} /> Delete
        </button>
      </div>
      {nameError && <p className="field-error">{nameError}</p>}
      <ol className="stage-list" aria-label={`Stages of ${pipeline.name}`}>
        {pipeline.stages.map((s, i) => (
          <StageRow key={s.id} stage={s} index={i} count={pipeline.stages.length} onMove={(d) => void move(i, d)} onDelete={() => void removeStage(s)} />
        ))}
      </ol>
      <form className="settings-create stage-create" onSubmit={addStage}>
        <input className="input input-compact" aria-label={`New stage in ${pipeline.name}`} placeholder="New stage name" value={newStage} onChange={(e) => setNewStage(e.target.value)} />
        <button type="submit" className="button button-small">
          <Icon name="plus" size={14} /> Add stage
        </button>
        {stageError && <p className="field-error settings-create-error">{stageError}</p>}
      </form>
      {moving && <MoveDealsDialog pipeline={pipeline} stage={moving.stage} dealCount={moving.dealCount} onClose={() => setMoving(null)} />}
    </li>
  )
}

export function PipelinesSection() {
  const pipelines = usePipelines((s) => s.data)
  const loadError = usePipelines((s) => s.error?.message)
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [deleting, setDeleting] = useState<Pipeline | null>(null)

  useEffect(() => {
    void reload()
  }, [])

  const create = async (e: FormEvent) => {
    e.preventDefault()
    try {
      const p = await crm.invoke('pipelines.create', { name })
      setName('')
      setError(null)
      await reload()
      showToast(`Created pipeline “${p.name}”`)
    } catch (err) {
      setError(toAppError(err).message)
    }
  }

  return (
    <section className="settings-card" aria-labelledby="pipelines-heading" data-testid="pipelines-section">
      <header className="settings-card-header">
        <h2 id="pipelines-heading">Pipelines</h2>
        <p className="muted">Each pipeline has its own stages. Win probability weights the board totals; a deal idle longer than “rots after” is marked.</p>
      </header>
      <form className="settings-create" onSubmit={create}>
        <label className="sr-only" htmlFor="new-pipeline-name">
          New pipeline name
        </label>
        <input id="new-pipeline-name" className="input" placeholder="New pipeline, e.g. Partnerships" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={error ? true : undefined} />
        <button type="submit" className="button button-primary button-small">
          <Icon name="plus" size={14} /> Add pipeline
        </button>
        {error && <p className="field-error settings-create-error">{error}</p>}
      </form>
      {loadError && <p className="inline-error">{loadError}</p>}
      <ul className="pipeline-list">
        {(pipelines ?? []).map((p) => (
          <PipelineCard key={p.id} pipeline={p} onDelete={() => setDeleting(p)} />
        ))}
      </ul>
      {deleting && (
        <ConfirmDialog
          title={`Delete pipeline “${deleting.name}”?`}
          message="Its stages go with it. A pipeline that still holds deals cannot be deleted: move or close them first."
          confirmLabel="Delete pipeline"
          onConfirm={async () => {
            await crm.invoke('pipelines.delete', { ids: [deleting.id] })
            await reload()
            showToast(`Deleted pipeline “${deleting.name}”`)
          }}
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  )
}
