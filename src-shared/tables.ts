/**
 * The names of the tables `data.changed` can report: the synced tables of core's schema (the type
 * checker holds core/db/schema.ts to exactly this list). A read command's `reads` and a renderer
 * query's refresh use these names, so a typo or a missing table is a type error, not a stale view.
 */
export const SYNCED_TABLE_NAMES = [
  'companies',
  'contacts',
  'contact_channels',
  'activities',
  'tags',
  'contact_tags',
  'custom_fields',
  'contact_field_values',
  'settings',
  'pipelines',
  'stages',
  'deals',
  'tasks',
  'rules',
  'deal_stage_visits',
  'duplicate_dismissals',
  'saved_views',
] as const

export type TableName = (typeof SYNCED_TABLE_NAMES)[number]

export function isTableName(name: string): name is TableName {
  return (SYNCED_TABLE_NAMES as readonly string[]).includes(name)
}
