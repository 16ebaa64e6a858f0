/** Command name → service call. The type makes sure every command of the contract has a handler. */
import type { CommandName, CommandOutput, ParsedInput } from '../../src-shared/api'
import type { Statements } from './db/statements'
import type { createActivitiesService } from './services/activities/activities'
import type { BackupService } from './services/backups/backup'
import type { createCompaniesService } from './services/companies/companies'
import type { ContactsService } from './services/contacts/contacts'
import type { createCustomFieldsService } from './services/custom-fields/custom-fields'
import type { DealsService } from './services/deals/deals'
import type { PipelinesService } from './services/pipelines/pipelines'
import type { ReportsService } from './services/reports/reports'
import type { RulesService } from './services/rules/rules'
import type { TasksService } from './services/tasks/tasks'
import type { createSettingsService } from './services/settings/settings'
import type { createTagsService } from './services/tags/tags'
import type { DuplicatesService } from './services/duplicates/duplicates'
import type { ImportsService } from './services/imports/imports'
// vCard and export
import type { ExportsService } from './services/exports/exports'
import type { VcardService } from './services/exports/vcard'
// search
import type { SearchService } from './services/search/search'
// saved views and bulk actions
import type { ContactBulkService } from './services/contacts/contact-bulk'
import type { SavedViewsService } from './services/views/saved-views'
import type { JobRunner } from './jobs/runner'

export interface Services {
  contacts: ContactsService
  companies: ReturnType<typeof createCompaniesService>
  activities: ReturnType<typeof createActivitiesService>
  tags: ReturnType<typeof createTagsService>
  customFields: ReturnType<typeof createCustomFieldsService>
  settings: ReturnType<typeof createSettingsService>
  pipelines: PipelinesService
  deals: DealsService
  tasks: TasksService
  rules: RulesService
  reports: ReportsService
  duplicates: DuplicatesService
  loadSampleData(): Promise<CommandOutput<'sampleData.load'>>
  backups: BackupService
  imports: ImportsService
  // vCard and export
  vcard: VcardService
  exports: ExportsService
  // search
  search: SearchService
  // saved views and bulk actions
  contactBulk: ContactBulkService
  views: SavedViewsService
  jobs: JobRunner
  /** The longest write transaction (ms); reset starts the measure again. */
  longestWrite(reset: boolean): number
}

/** A handler may return a promise (backups await the online copy); core.invoke awaits it. */
export type Handlers = { [N in CommandName]: (input: ParsedInput<N>) => CommandOutput<N> | Promise<CommandOutput<N>> }

export function createHandlers(s: Services, q: Statements, info: { version: string; dataDir: string }): Handlers {
  const count = (table: string) => q.one<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE deleted_at IS NULL`)!.n
  return {
    'app.diagnostics': (i) => ({ longestWriteMs: s.longestWrite(i?.reset ?? false) }),
    'app.info': () => ({ ...info, contactCount: count('contacts'), companyCount: count('companies') }),
    'sampleData.load': () => s.loadSampleData(),

    'contacts.list': (i) => s.contacts.list(i),
    'contacts.get': (i) => s.contacts.get(i.id),
    'contacts.create': (i) => s.contacts.create(i),
    'contacts.update': (i) => s.contacts.update(i),
    'contacts.delete': (i) => s.contacts.remove(i.ids),
    'contacts.restore': (i) => s.contacts.restore(i.ids),
    'contacts.count': (i) => ({ count: s.contacts.count(i) }),
    'contacts.bulk': (i) => s.contactBulk.apply(i),
    'contacts.bulkUndo': (i) => s.contactBulk.undo(i),

    'jobs.list': () => s.jobs.list(),
    'jobs.cancel': (i) => s.jobs.cancel(i.id),
    'jobs.undo': (i) => s.jobs.undo(i.id),
    'jobs.dismiss': (i) => s.jobs.dismiss(i.id),

    'views.list': () => s.views.list(),
    'views.create': (i) => s.views.create(i),
    'views.update': (i) => s.views.update(i),
    'views.delete': (i) => s.views.remove(i.ids),
    'views.restore': (i) => s.views.restore(i.ids),
    'views.counts': () => s.views.counts(),

    'companies.list': (i) => s.companies.list(i),
    'companies.get': (i) => s.companies.get(i.id),
    'companies.create': (i) => s.companies.create(i),
    'companies.update': (i) => s.companies.update(i),
    'companies.delete': (i) => s.companies.remove(i.ids),
    'companies.restore': (i) => s.companies.restore(i.ids),

    'activities.list': (i) => s.activities.list(i),
    'activities.create': (i) => s.activities.create(i),
    'activities.update': (i) => s.activities.update(i),
    'activities.delete': (i) => s.activities.remove(i.ids),
    'activities.restore': (i) => s.activities.restore(i.ids),

    'tags.list': () => s.tags.list(),
    'tags.create': (i) => s.tags.create(i),
    'tags.update': (i) => s.tags.update(i),
    'tags.delete': (i) => s.tags.remove(i.ids),
    'tags.restore': (i) => s.tags.restore(i.ids),
    'tags.assign': (i) => s.tags.assign(i),
    'tags.unassign': (i) => s.tags.unassign(i),

    'customFields.list': () => s.customFields.list(),
    'customFields.create': (i) => s.customFields.create(i),
    'customFields.update': (i) => s.customFields.update(i),
    'customFields.delete': (i) => s.customFields.remove(i.ids),
    'customFields.restore': (i) => s.customFields.restore(i.ids),

    'settings.get': () => s.settings.get(),
    'settings.update': (i) => s.settings.update(i),

    'pipelines.list': () => s.pipelines.list(),
    'pipelines.create': (i) => s.pipelines.create(i),
    'pipelines.update': (i) => s.pipelines.update(i),
    'pipelines.delete': (i) => s.pipelines.remove(i.ids),
    'stages.create': (i) => s.pipelines.createStage(i),
    'stages.update': (i) => s.pipelines.updateStage(i),
    'stages.reorder': (i) => s.pipelines.reorderStages(i),
    'stages.delete': (i) => s.pipelines.deleteStage(i),

    'deals.board': (i) => s.deals.board(i),
    'deals.list': (i) => s.deals.list(i),
    'deals.get': (i) => s.deals.get(i.id),
    'deals.create': (i) => s.deals.create(i),
    'deals.update': (i) => s.deals.update(i),
    'deals.move': (i) => s.deals.move(i),
    'deals.win': (i) => s.deals.win(i.id),
    'deals.lose': (i) => s.deals.lose(i),
    'deals.reopen': (i) => s.deals.reopen(i.id),
    'deals.delete': (i) => s.deals.remove(i.ids),
    'deals.restore': (i) => s.deals.restore(i.ids),

    'tasks.today': (i) => s.tasks.today(i),
    'tasks.counts': (i) => s.tasks.counts(i),
    'tasks.list': (i) => s.tasks.list(i),
    'tasks.get': (i) => s.tasks.get(i.id),
    'tasks.create': (i) => s.tasks.create(i as Parameters<TasksService['create']>[0]),
    'tasks.update': (i) => s.tasks.update(i),
    'tasks.complete': (i) => s.tasks.complete(i.id),
    'tasks.reopen': (i) => s.tasks.reopen(i.id),
    'tasks.snooze': (i) => s.tasks.snooze(i),
    'tasks.delete': (i) => s.tasks.remove(i.ids),
    'tasks.restore': (i) => s.tasks.restore(i.ids),
    'contacts.keepInTouch': (i) => {
      s.tasks.setKeepInTouch(i)
      return s.contacts.get(i.contactId)
    },

    'rules.list': () => s.rules.list(),
    'rules.update': (i) => s.rules.update(i),

    'reports.dashboard': (i) => s.reports.dashboard(i),
    'reports.leadSources': (i) => s.reports.leadSources(i),
    'reports.winRate': (i) => s.reports.winRate(i),
    'reports.salesCycle': (i) => s.reports.salesCycle(i),
    'reports.funnel': (i) => s.reports.funnel(i),
    'reports.revenue': (i) => s.reports.revenue(i),
    'reports.activity': (i) => s.reports.activity(i),
    'reports.lostReasons': (i) => s.reports.lostReasons(i),

    // duplicates
    'duplicates.list': (i) => s.duplicates.list(i),
    'duplicates.count': (i) => s.duplicates.count(i.region),
    'duplicates.pair': (i) => s.duplicates.pair(i),
    'duplicates.merge': (i) => s.duplicates.merge(i),
    'duplicates.undoMerge': (i) => s.duplicates.undoMerge(i),
    'duplicates.dismiss': (i) => s.duplicates.dismiss(i),
    'duplicates.undismiss': (i) => s.duplicates.undismiss(i),
    'duplicates.checkEmail': (i) => s.duplicates.checkEmail(i),

    // backups
    'backups.status': () => s.backups.status(),
    'backups.create': () => s.backups.create('manual'),
    'backups.restore': (i) => s.backups.restore(i.path),
    'app.showDataFolder': () => s.backups.showFolder(),

    // CSV import
    'imports.prepare': (i) => s.imports.prepare(i),
    'imports.start': (i) => s.imports.start(i),
    'imports.get': (i) => s.imports.get(i.id),
    'imports.cancel': (i) => s.imports.cancel(i.id),
    'imports.list': () => s.imports.list(),
    'imports.undo': (i) => s.imports.undo(i.id),

    // vCard and export
    'vcard.import': (i) => s.vcard.importText(i),
    'vcard.export': (i) => s.vcard.exportContacts(i),
    'exports.csv': (i) => s.exports.csv(i),
    'exports.counts': () => s.exports.counts(),

    // search
    'search.query': (i) => s.search.query(i),
  }
}
