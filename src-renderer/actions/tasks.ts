/**
 * What the follow-up rows, the reminder toasts and the shortcuts do to a task, with their toasts:
 * done (Undo reopens it; a keep-in-touch follow-up names the next one), snooze, delete (Undo restores).
 */
import type { Task } from '../../src-shared/model/task'
import { crm } from '../lib/crm'
import { shortMoment } from '../lib/dueDates'
import { formatExact } from '../lib/format'
import { refreshTaskViews } from '../stores/tasks'
import { showError, showToast, showUndo, useToasts } from '../stores/toasts'

type TaskRef = Pick<Task, 'id' | 'title'>

export async function completeTask(task: TaskRef): Promise<boolean> {
  try {
    const { next } = await crm.invoke('tasks.complete', { id: task.id })
    refreshTaskViews()
    if (next) {
      showToast(`Next follow-up: ${formatExact(next.dueAt)}`)
    } else {
      showUndo(`Done: ${task.title}`, () => crm.invoke('tasks.reopen', { id: task.id }).then(refreshTaskViews), `Reopened “${task.title}”`)
    }
    return true
  } catch (e) {
    showError(e)
    return false
  }
}

export async function reopenTask(task: TaskRef): Promise<boolean> {
  try {
    await crm.invoke('tasks.reopen', { id: task.id })
    refreshTaskViews()
    showToast(`Reopened “${task.title}”`)
    return true
  } catch (e) {
    showError(e)
    return false
  }
}

export async function snoozeTask(task: TaskRef, until: number): Promise<boolean> {
  try {
    await crm.invoke('tasks.snooze', { id: task.id, until })
    refreshTaskViews()
    useToasts.getState().push({ message: `Snoozed until ${shortMoment(until)}`, tone: 'success' })
    return true
  } catch (e) {
    showError(e)
    return false
  }
}

export async function deleteTask(task: TaskRef): Promise<boolean> {
  try {
    await crm.invoke('tasks.delete', { ids: [task.id] })
    refreshTaskViews()
    showUndo(`Deleted “${task.title}”`, () => crm.invoke('tasks.restore', { ids: [task.id] }).then(refreshTaskViews), `Restored “${task.title}”`)
    return true
  } catch (e) {
    showError(e)
    return false
  }
}
