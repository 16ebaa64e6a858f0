/**
 * Saved views of the contacts list: rows like any synced record (written through the repository,
 * so they sync and undo), and their live counts. A view keeps its filter as JSON; a stored filter
 * is parsed again on read, so a view saved by a newer version or broken by hand is shown with no
 * conditions and flagged instead of failing the sidebar.
 */
import { AppError } from '../../../../src-shared/errors'
import { contactFilter, EMPTY_FILTER, type ContactFilter } from '../../../../src-shared/model/contact-filter'
import type { ContactSort } from '../../../../src-shared/model/contact'
import type { SavedView, ViewCount } from '../../../../src-shared/model/saved-view'
import type { ContactsService } from '../contacts/contacts'
import { forEachId, requireActive, type ServiceContext } from '../context'
import { nextTurn } from '../../clock'

interface ViewRow {
  id: string
  name: string
  filter: string
  sort: ContactSort
  direction: 'asc' | 'desc'
  created_at: number
  updated_at: number
  deleted_at: number | null
}

function parseFilter(json: string): ContactFilter {
  try {
    const parsed = contactFilter.safeParse(JSON.parse(json))
    return parsed.success ? parsed.data : EMPTY_FILTER
  } catch {
    return EMPTY_FILTER
  }
}

const toView = (r: ViewRow): SavedView => ({
  id: r.id,
  name: r.name,
  filter: parseFilter(r.filter),
  sort: r.sort,
  direction: r.direction,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
})

export function createSavedViewsService(ctx: ServiceContext, deps: { contacts: ContactsService }) {
  const { q, repo } = ctx
  const live = () => q.all<ViewRow>('SELECT * FROM saved_views WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE, id')

  function get(id: string): SavedView {
    const r = q.one<ViewRow>('SELECT * FROM saved_views WHERE id = ? AND deleted_at IS NULL', id)
    if (!r) throw new AppError('NOT_FOUND', 'This view was not found; it may have been deleted.', { id })
    return toView(r)
  }

  return {
    list: (): SavedView[] => live().map(toView),
    get,
    create(input: { name: string; filter: ContactFilter; sort: ContactSort; direction: 'asc' | 'desc' }): SavedView {
      const id = repo.write((w) => w.insert('saved_views', { ...input, filter: JSON.stringify(input.filter) }))
      return get(id)
    },
    update(input: { id: string; name?: string; filter?: ContactFilter; sort?: ContactSort; direction?: 'asc' | 'desc' }): SavedView {
      requireActive(ctx, 'saved_views', input.id, 'The view')
      repo.write((w) =>
        w.update('saved_views', input.id, {
          name: input.name,
          filter: input.filter ? JSON.stringify(input.filter) : undefined,
          sort: input.sort,
          direction: input.direction,
        }),
      )
      return get(input.id)
    },
    remove: (ids: string[]) => forEachId(ctx, 'saved_views', ids, 'A view', (id) => repo.write((w) => w.softDelete('saved_views', id))),
    restore: (ids: string[]) => forEachId(ctx, 'saved_views', ids, 'A view', (id) => repo.write((w) => w.restore('saved_views', id))),
    /**
     * How many contacts each view selects now (totals are cached until the data changes). One view
     * at a time with a turn of the event loop between: after a write every count is recomputed
     * (30-60 ms each at 100k), and other commands answer in between instead of waiting for all.
     */
    async counts(): Promise<ViewCount[]> {
      const out: ViewCount[] = []
      for (const r of live()) {
        await nextTurn()
        out.push({ id: r.id, count: deps.contacts.count({ filter: parseFilter(r.filter) }) })
      }
      return out
    },
  }
}

export type SavedViewsService = ReturnType<typeof createSavedViewsService>
