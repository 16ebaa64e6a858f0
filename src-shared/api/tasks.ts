/** The contract of follow-ups (tasks) and keep-in-touch. */
import { z } from 'zod'
import { type Page, byId, byIds } from '../model/common'
import { type Contact } from '../model/contact'
import { type CompleteResult, type Task, type TodayTasks, dayWindow, keepInTouchInput, taskCreateInput, taskListInput, taskSnoozeInput, taskTodayInput, taskUpdateInput } from '../model/task'
import { command, type Count, type CommandMap } from './command'

export const tasksCommands = {
  'tasks.today': command<TodayTasks>()(taskTodayInput, { reads: ['tasks', 'contacts', 'deals', 'companies'] }),
  /** Sidebar badge: overdue and due today. */
  'tasks.counts': command<{ overdue: number; today: number }>()(z.strictObject(dayWindow), { reads: ['tasks'] }),
  'tasks.list': command<Page<Task>>()(taskListInput, { reads: ['tasks', 'contacts', 'deals', 'companies'] }),
  'tasks.get': command<Task>()(byId, { reads: ['tasks', 'contacts', 'deals', 'companies'] }),
  'tasks.create': command<Task>()(taskCreateInput),
  'tasks.update': command<Task>()(taskUpdateInput),
  'tasks.complete': command<CompleteResult>()(byId),
  'tasks.reopen': command<Task>()(byId),
  'tasks.snooze': command<Task>()(taskSnoozeInput),
  'tasks.delete': command<Count>()(byIds),
  'tasks.restore': command<Count>()(byIds),
  /** Keep in touch with a contact every N days/weeks/months (null stops it). */
  'contacts.keepInTouch': command<Contact>()(keepInTouchInput),
} satisfies CommandMap
