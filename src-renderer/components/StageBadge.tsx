import { LIFECYCLE_LABELS, type LifecycleStage } from '../../src-shared/model/contact'

export function StageBadge({ stage }: { stage: LifecycleStage }) {
  return <span className={`stage-badge stage-${stage}`}>{LIFECYCLE_LABELS[stage]}</span>
}
