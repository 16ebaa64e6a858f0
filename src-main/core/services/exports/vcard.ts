/**
 * vCard import and export. Parsing and mapping are pure (core/formats/vcard.ts); this module resolves
 * each card's organisation and categories to companies and tags (found by name, created when
 * missing) and writes through the contacts, companies and tags services. The import is a write
 * job (jobs/runner.ts): the file is parsed first (pure), then the cards are written in chunks of
 * ≤ 20 ms, one repository transaction each, with progress (cards done / total) and Cancel; other
 * commands answer between chunks. A cancelled or failed import is reverted by the runner, so an
 * import is still in whole or not at all. Undo is the renderer deleting (soft) the ids the result
 * lists.
 */
import { AppError } from '../../../../src-shared/errors'
import type { Contact } from '../../../../src-shared/model/contact'
import type { ContactExportFilter, ExportFile, VcardImportResult, VcardVersion } from '../../../../src-shared/model/export'
import { TAG_COLORS } from '../../../../src-shared/model/tag'
import { contactsToVcard, parseVcards } from '../../formats/vcard'
import { writeInChunks, type JobRunner } from '../../jobs/runner'
import type { createCompaniesService } from '../companies/companies'
import type { ContactsService } from '../contacts/contacts'
import type { ServiceContext } from '../context'
import type { createTagsService } from '../tags/tags'

export interface VcardDeps {
  contacts: ContactsService
  companies: ReturnType<typeof createCompaniesService>
  tags: ReturnType<typeof createTagsService>
  jobs: JobRunner
}

const PAGE = 500
/** Cards per time check in a chunk: one card is well under a millisecond. */
const CARDS_PER_SLICE = 10

/** Every live contact the filter selects, in the list's order, read whole (channels, tags, company). */
export function contactsFor(contacts: ContactsService, filter: ContactExportFilter | undefined): Contact[] {
  const query = filter ?? { sort: 'name' as const, direction: 'asc' as const }
  const out: Contact[] = []
  for (let offset = 0; ; offset += PAGE) {
    const page = contacts.list({ ...query, offset, limit: PAGE })
    for (const item of page.items) out.push(contacts.get(item.id))
    if (page.items.length < PAGE) return out
  }
}

export function createVcardService(ctx: ServiceContext, deps: VcardDeps) {
  const { q } = ctx

  async function importText({ text, fileName }: { text: string; fileName?: string }): Promise<VcardImportResult> {
    if (!text.trim()) {
      throw new AppError('VALIDATION', 'This file is empty. Pick a .vcf file exported from your address book or phone.')
    }
    const cards = parseVcards(text)
    if (cards.length === 0) {
      throw new AppError(
        'VALIDATION',
        'No contacts found in this file: a vCard file has cards starting with BEGIN:VCARD. Check that you picked a .vcf file (a CSV file goes through Import CSV).',
      )
    }

    const result: VcardImportResult = { cards: cards.length, created: 0, contactIds: [], companyIds: [], tagIds: [], rejected: [], warnings: [] }
    // Companies and tags found or made by an earlier chunk are reused by the later ones.
    const companyByName = new Map<string, string>()
    const tagByName = new Map<string, string>()
    let nextColor = q.one<{ n: number }>('SELECT count(*) AS n FROM tags WHERE deleted_at IS NULL')!.n

    const companyId = (name: string): string => {
      const key = name.toLowerCase()
      const known = companyByName.get(key)
      if (known) return known
      const found = q.one<{ id: string }>(
        'SELECT id FROM companies WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL ORDER BY created_at LIMIT 1',
        name,
      )
      const id = found?.id ?? deps.companies.create({ name }).id
      if (!found) result.companyIds.push(id)
      companyByName.set(key, id)
      return id
    }
    const tagId = (name: string): string => {
      const key = name.toLowerCase()
      const known = tagByName.get(key)
      if (known) return known
      const found = q.one<{ id: string }>('SELECT id FROM tags WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL', name)
      const id = found?.id ?? deps.tags.create({ name, color: TAG_COLORS[nextColor++ % TAG_COLORS.length] }).id
      if (!found) result.tagIds.push(id)
      tagByName.set(key, id)
      return id
    }
    const writeCard = (card: (typeof cards)[number]) => {
      if (!card.ok) {
        result.rejected.push({ index: card.index, ...(card.name ? { name: card.name } : {}), reason: card.reason })
        return
      }
      // the card was checked in full before (mapCard): nothing below is expected to refuse it
      const contact = deps.contacts.create({
        ...card.fields,
        companyId: card.contact.companyName ? companyId(card.contact.companyName) : null,
        tagIds: card.contact.tagNames.map(tagId),
      })
      result.contactIds.push(contact.id)
      for (const message of card.warnings) result.warnings.push({ index: card.index, name: card.name, message })
    }

    const title = `Importing ${cards.length.toLocaleString('en-US')} card${cards.length === 1 ? '' : 's'}${fileName ? ` from ${fileName}` : ''}`
    await deps.jobs.run({ kind: 'vcard.import', title, total: cards.length, writes: true }, (job) =>
      writeInChunks(
        job,
        cards,
        (_w, slice) => {
          for (const card of slice) writeCard(card)
          return slice.length
        },
        CARDS_PER_SLICE,
      ),
    )
    result.created = result.contactIds.length
    return result
  }

  function exportContacts({ version, filter }: { version: VcardVersion; filter?: ContactExportFilter }): ExportFile {
    const contacts = contactsFor(deps.contacts, filter)
    return { text: contactsToVcard(contacts, version), count: contacts.length }
  }

  return { importText, exportContacts }
}

export type VcardService = ReturnType<typeof createVcardService>
