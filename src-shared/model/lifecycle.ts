/** A contact's lifecycle stage: its own module so the contact and filter models both use it without a cycle. */
import { z } from 'zod'

export const LIFECYCLE_STAGES = ['lead', 'prospect', 'customer', 'former_customer'] as const
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number]
export const LIFECYCLE_LABELS: Record<LifecycleStage, string> = {
  lead: 'Lead',
  prospect: 'Prospect',
  customer: 'Customer',
  former_customer: 'Former customer',
}
export const lifecycleStage = z.enum(LIFECYCLE_STAGES, {
  error: `Lifecycle stage must be one of: ${LIFECYCLE_STAGES.join(', ')}`,
})
