/**
 * What a record page (contact, deal, company) lists beside its history: its open follow-ups and
 * its deals. One record page is shown at a time, so each is one query.
 */
import type { DealCard } from '../../src-shared/model/deal'
import type { Task } from '../../src-shared/model/task'
import { createQuery } from './query'

/** Follow-ups listed on a record page; more show a count and point to the Today view. */
export const FOLLOW_UPS_LIMIT = 100
/** Deals listed on a contact or company page. */
export const DEALS_LIMIT = 100

/** The record's open follow-ups, soonest first (give it followUpsInput(subject)). */
export const useRecordFollowUps = createQuery('tasks.list', {
  select: (page): { tasks: Task[]; total: number } => ({ tasks: [...page.items].sort((a, b) => a.dueAt - b.dueAt), total: page.total }),
})
export const followUpsInput = (subject: { contactId: string } | { dealId: string } | { companyId: string }) => ({ ...subject, done: false, limit: FOLLOW_UPS_LIMIT })

const STATUS_RANK = { open: 0, won: 1, lost: 2 }

/** The contact's or company's deals, open ones first (give it dealsInput(filter)). */
export const useRecordDeals = createQuery('deals.list', {
  select: (page): { deals: DealCard[]; total: number } => ({ deals: [...page.items].sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status]), total: page.total }),
})
export const dealsInput = (filter: { contactId: string } | { companyId: string }) => ({ ...filter, sort: 'updated', direction: 'desc', limit: DEALS_LIMIT }) as const

/** Change-log entries per page of a contact's "Changes" (the newest transactions; Show older pages on). */
export const HISTORY_PAGE = 30

/** A contact's record history: who changed what, newest first (contacts.history). */
export const useRecordHistory = createQuery('contacts.history')
