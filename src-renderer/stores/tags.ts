/** All tags with their colours and counts, by name: used by chips, pickers, filters and Settings. */
import type { Tag } from '../../src-shared/model/tag'
import { createQuery } from './query'

export const useTags = createQuery('tags.list', { select: (tags): Tag[] => [...tags].sort((a, b) => a.name.localeCompare(b.name)) })
