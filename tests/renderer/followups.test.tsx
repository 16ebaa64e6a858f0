import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { App } from '../../src-renderer/App'
import { dayWindow, duePresets, nextMondayAt9, snoozeOptions, tomorrowAt9 } from '../../src-renderer/lib/dueDates'
import { fake } from './setup'
import { makeContact, makeRule, makeTask } from './fakeCrm'

afterEach(() => {
  vi.useRealTimers()
})

/** Fakes only Date (timers stay real, so Testing Library and user-event work as usual). */
function setNow(date: Date) {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(date)
}

describe('due presets (local time)', () => {
  it('tomorrow 9:00, next Monday 9:00 and the day window are local wall-clock times', () => {
    const wed = new Date(2025, 2, 12, 14, 30) // Wednesday 14:30 local
    const tomorrow = new Date(tomorrowAt9(wed))
    expect([tomorrow.getFullYear(), tomorrow.getMonth(), tomorrow.getDate(), tomorrow.getHours(), tomorrow.getMinutes()]).toEqual([2025, 2, 13, 9, 0])
    const monday = new Date(nextMondayAt9(wed))
    expect([monday.getDay(), monday.getDate(), monday.getHours()]).toEqual([1, 17, 9])
    // On a Monday, "next Monday" is a week later.
    expect(new Date(nextMondayAt9(new Date(2025, 2, 17, 8, 0))).getDate()).toBe(24)
    const { dayStart, dayEnd } = dayWindow(wed)
    expect(dayStart).toBe(new Date(2025, 2, 12, 0, 0).getTime())
    expect(dayEnd).toBe(new Date(2025, 2, 13, 0, 0).getTime())
  })

  it('offers "Today 17:00" only while it is still ahead', () => {
    expect(duePresets(new Date(2025, 2, 12, 10, 0)).map((p) => p.id)).toEqual(['today', 'tomorrow', 'monday'])
    expect(duePresets(new Date(2025, 2, 12, 18, 0)).map((p) => p.id)).toEqual(['tomorrow', 'monday'])
  })

  it('snooze options: 10 minutes, 1 hour, tomorrow morning, next week', () => {
    const now = new Date(2025, 2, 12, 14, 30)
    const until = Object.fromEntries(snoozeOptions(now).map((o) => [o.id, o.until]))
    expect(until).toEqual({
      '10m': now.getTime() + 10 * 60_000,
      '1h': now.getTime() + 60 * 60_000,
      tomorrow: new Date(2025, 2, 13, 9, 0).getTime(),
      week: new Date(2025, 2, 17, 9, 0).getTime(),
    })
  })
})

describe('Today view', () => {
  it('shows the empty state when nothing is due, with the quick-add', async () => {
    location.hash = '#/today'
    render(<App />)
    expect(await screen.findByText('Nothing due — enjoy your day')).toBeTruthy()
    expect(screen.getByTestId('quick-add-task')).toBeTruthy()
    expect(screen.queryByTestId('today-badge')).toBeNull()
  })

  it('groups overdue, due today and upcoming; the sidebar badge counts overdue + today', async () => {
    const { dayStart, dayEnd } = dayWindow()
    const [ada] = fake.add(fake.contacts, makeContact({ firstName: 'Ada', lastName: 'Lovelace' }))
    fake.add(
      fake.tasks,
      makeTask({ title: 'Send the contract', dueAt: dayStart - 3_600_000, contactId: ada.id, contactName: 'Ada Lovelace', priority: 'high' }),
      makeTask({ title: 'Call Ada', dueAt: dayEnd - 60_000, createdByRule: 'No contact for 30 days' }),
      makeTask({ title: 'Quarterly review', dueAt: dayEnd + 86_400_000 }),
    )
    location.hash = '#/today'
    render(<App />)
    const overdue = await screen.findByTestId('today-overdue')
    expect(within(overdue).getAllByTestId('task-row').map((r) => r.querySelector('.task-title')?.textContent)).toEqual(['Send the contract'])
    expect(within(overdue).getByRole('link', { name: /Ada Lovelace/ }).getAttribute('href')).toBe(`#/contacts/${ada.id}`)
    expect(within(overdue).getByRole('img', { name: 'High priority' })).toBeTruthy()
    const today = screen.getByTestId('today-today')
    expect(within(today).getByText('Call Ada')).toBeTruthy()
    expect(within(today).getByTestId('rule-tag').textContent).toContain('made by rule No contact for 30 days')
    expect(within(screen.getByTestId('today-upcoming')).getByText('Quarterly review')).toBeTruthy()
    expect(screen.queryByText('Nothing due — enjoy your day')).toBeNull()
    await waitFor(() => expect(screen.getByTestId('today-badge').textContent).toBe('2'))
    expect(fake.callsOf('tasks.today')[0]).toMatchObject({ dayStart, dayEnd })
  })

  it('completing a follow-up calls tasks.complete; it leaves the list and the badge goes down', async () => {
    const [task] = fake.add(fake.tasks, makeTask({ title: 'Call Ada', dueAt: dayWindow().dayEnd - 60_000 }))
    location.hash = '#/today'
    const user = userEvent.setup()
    render(<App />)
    await waitFor(() => expect(screen.getByTestId('today-badge').textContent).toBe('1'))
    await user.click(await screen.findByRole('checkbox', { name: 'Mark “Call Ada” done' }))
    await waitFor(() => expect(fake.callsOf('tasks.complete')).toEqual([{ id: task.id }]))
    await screen.findByText('Nothing due — enjoy your day')
    await waitFor(() => expect(screen.queryByTestId('today-badge')).toBeNull())
    const toast = await screen.findByTestId('toast')
    expect(toast.textContent).toContain('Done: Call Ada')
    await user.click(within(toast).getByRole('button', { name: 'Undo' }))
    await waitFor(() => expect(fake.callsOf('tasks.reopen')).toEqual([{ id: task.id }]))
  })

  it('a keep-in-touch follow-up names the next one when done', async () => {
    const [task] = fake.add(fake.tasks, makeTask({ title: 'Keep in touch with Ada', keepInTouch: true, dueAt: dayWindow().dayStart - 1000 }))
    const next = makeTask({ title: 'Keep in touch with Ada', keepInTouch: true, dueAt: new Date(2031, 0, 6, 9, 0).getTime() })
    fake.nextKeepInTouch = next
    location.hash = '#/today'
    const user = userEvent.setup()
    render(<App />)
    await user.click(await screen.findByRole('checkbox', { name: `Mark “${task.title}” done` }))
    await waitFor(() => expect(screen.getAllByTestId('toast').some((t) => t.textContent?.includes('Next follow-up: Jan 6, 2031'))).toBe(true))
  })

  it('the snooze menu sends the moment picked: tomorrow 9:00 local, 10 minutes from now', async () => {
    const now = new Date(2025, 2, 12, 14, 30)
    setNow(now)
    const [task] = fake.add(fake.tasks, makeTask({ title: 'Call Ada', dueAt: now.getTime() + 3_600_000 }))
    location.hash = '#/today'
    const user = userEvent.setup()
    render(<App />)
    await user.click(await screen.findByRole('button', { name: 'Snooze “Call Ada”' }))
    await user.click(screen.getByRole('menuitem', { name: /Tomorrow morning/ }))
    await waitFor(() => expect(fake.callsOf('tasks.snooze')).toEqual([{ id: task.id, until: new Date(2025, 2, 13, 9, 0).getTime() }]))
    await user.click(screen.getByRole('button', { name: 'Snooze “Call Ada”' }))
    await user.click(screen.getByRole('menuitem', { name: /10 minutes/ }))
    await waitFor(() => expect(fake.callsOf('tasks.snooze')[1]).toEqual({ id: task.id, until: now.getTime() + 10 * 60_000 }))
  })

  it('deleting a follow-up offers Undo via tasks.restore', async () => {
    const [task] = fake.add(fake.tasks, makeTask({ title: 'Call Ada', dueAt: dayWindow().dayEnd - 60_000 }))
    location.hash = '#/today'
    const user = userEvent.setup()
    render(<App />)
    await user.click(await screen.findByRole('button', { name: 'Delete “Call Ada”' }))
    const toast = await screen.findByTestId('toast')
    expect(toast.textContent).toContain('Deleted “Call Ada”')
    await user.click(within(toast).getByRole('button', { name: 'Undo' }))
    await waitFor(() => expect(fake.callsOf('tasks.restore')).toEqual([{ ids: [task.id] }]))
    await screen.findByText('Call Ada')
  })

  it('N focuses the quick-add; Enter adds a follow-up due tomorrow 9:00 with the reminder at due', async () => {
    location.hash = '#/today'
    const user = userEvent.setup()
    render(<App />)
    await screen.findByText('Nothing due — enjoy your day')
    await user.keyboard('n')
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Follow-up title' }))
    await user.keyboard('Renew the domain{Enter}')
    await waitFor(() => expect(fake.callsOf('tasks.create')).toHaveLength(1))
    const input = fake.callsOf('tasks.create')[0]
    expect(input).toEqual({ title: 'Renew the domain', dueAt: input.dueAt, reminderMinutesBefore: 0 })
    expect(Math.abs(input.dueAt - tomorrowAt9())).toBeLessThan(1000)
    await screen.findByText('Renew the domain')
  })

  it('the quick-add says what is missing instead of sending an empty title', async () => {
    location.hash = '#/today'
    const user = userEvent.setup()
    render(<App />)
    await user.click(await screen.findByRole('button', { name: 'Add' }))
    expect((await screen.findByRole('alert')).textContent).toBe('Give the follow-up a title')
    expect(fake.callsOf('tasks.create')).toHaveLength(0)
  })
})

describe('Follow-up form', () => {
  it('edits the reminder as N hours before, the priority and the due time', async () => {
    const [task] = fake.add(fake.tasks, makeTask({ title: 'Call Ada', dueAt: dayWindow().dayEnd + 3_600_000 }))
    location.hash = '#/today'
    const user = userEvent.setup()
    render(<App />)
    await user.click(await screen.findByRole('button', { name: 'Edit “Call Ada”' }))
    const dialog = await screen.findByRole('dialog', { name: 'Edit follow-up' })
    expect((within(dialog).getByLabelText('Reminder') as HTMLSelectElement).value).toBe('due')
    await user.selectOptions(within(dialog).getByLabelText('Reminder'), 'before')
    const count = within(dialog).getByRole('spinbutton', { name: 'How many' })
    await user.clear(count)
    await user.type(count, '2')
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Unit' }), 'hours')
    await user.click(within(dialog).getByRole('radio', { name: /High/ }))
    await user.click(within(dialog).getByRole('button', { name: /Save changes/ }))
    await waitFor(() => expect(fake.callsOf('tasks.update')).toHaveLength(1))
    expect(fake.callsOf('tasks.update')[0]).toMatchObject({ id: task.id, patch: { title: 'Call Ada', reminderMinutesBefore: 120, priority: 'high' } })
    expect(fake.callsOf('tasks.update')[0].patch.dueAt).toBeUndefined()
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  })

  it('an empty title stays in the form with its message', async () => {
    location.hash = '#/today'
    const user = userEvent.setup()
    render(<App />)
    await user.click(await screen.findByRole('button', { name: 'More options…' }))
    const dialog = await screen.findByRole('dialog', { name: 'New follow-up' })
    await user.click(within(dialog).getByRole('button', { name: /Add follow-up/ }))
    expect(await within(dialog).findByText('Give the follow-up a title', { selector: '.field-error' })).toBeTruthy()
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Title'))
    expect(fake.callsOf('tasks.create')).toHaveLength(0)
  })
})

describe('Follow-ups on a contact page', () => {
  it('F focuses the quick-add; the follow-up is linked to the contact and listed', async () => {
    const [ada] = fake.add(fake.contacts, makeContact({ firstName: 'Ada', lastName: 'Lovelace' }))
    location.hash = `#/contacts/${ada.id}`
    const user = userEvent.setup()
    render(<App />)
    const section = await screen.findByTestId('followups-section')
    expect(within(section).getByText('No open follow-ups.')).toBeTruthy()
    await user.keyboard('f')
    const title = within(section).getByRole('textbox', { name: 'Follow-up title' })
    expect(document.activeElement).toBe(title)
    await user.keyboard('Send the proposal')
    await user.selectOptions(within(section).getByRole('combobox', { name: 'Due' }), 'monday')
    await user.click(within(section).getByRole('button', { name: 'Add' }))
    await waitFor(() => expect(fake.callsOf('tasks.create')).toHaveLength(1))
    expect(fake.callsOf('tasks.create')[0]).toMatchObject({ title: 'Send the proposal', contactId: ada.id, reminderMinutesBefore: 0 })
    expect(Math.abs(fake.callsOf('tasks.create')[0].dueAt - nextMondayAt9())).toBeLessThan(1000)
    expect(await within(section).findByText('Send the proposal')).toBeTruthy()
    expect(fake.callsOf('tasks.list')[0]).toMatchObject({ contactId: ada.id, done: false })
    // its own contact is not repeated as a link on the row
    expect(within(section).queryByTestId('task-record')).toBeNull()
  })

  it('keep in touch: on with a count and unit, then off', async () => {
    const [ada] = fake.add(fake.contacts, makeContact())
    location.hash = `#/contacts/${ada.id}`
    const user = userEvent.setup()
    render(<App />)
    const control = await screen.findByTestId('keep-in-touch')
    await user.click(within(control).getByRole('switch', { name: 'Keep in touch' }))
    await waitFor(() => expect(fake.callsOf('contacts.keepInTouch')).toEqual([{ contactId: ada.id, every: { count: 1, unit: 'month' } }]))
    const count = await within(control).findByRole('spinbutton', { name: 'Every how many' })
    await user.clear(count)
    await user.type(count, '2')
    await user.selectOptions(within(control).getByRole('combobox', { name: 'Unit' }), 'week')
    await waitFor(() => expect(fake.callsOf('contacts.keepInTouch').at(-1)).toEqual({ contactId: ada.id, every: { count: 2, unit: 'week' } }))
    expect(control.textContent).toContain('every 2 weeks')
    await user.click(within(control).getByRole('switch', { name: 'Keep in touch' }))
    await waitFor(() => expect(fake.callsOf('contacts.keepInTouch').at(-1)).toEqual({ contactId: ada.id, every: null }))
  })
})

describe('Reminder toasts', () => {
  it('stay on screen; Done completes the follow-up, Open goes to the record', async () => {
    const [ada] = fake.add(fake.contacts, makeContact({ firstName: 'Ada', lastName: 'Lovelace' }))
    const [task] = fake.add(fake.tasks, makeTask({ title: 'Call Ada', contactId: ada.id }))
    location.hash = '#/today'
    const user = userEvent.setup()
    render(<App />)
    await screen.findByText('Call Ada')
    act(() => fake.remind({ taskId: task.id, title: 'Call Ada', body: 'Ada Lovelace · due now', route: `#/contacts/${ada.id}` }))
    const card = await screen.findByTestId('reminder-toast')
    expect(card.textContent).toContain('Ada Lovelace · due now')
    await user.click(within(card).getByRole('button', { name: /Done/ }))
    await waitFor(() => expect(fake.callsOf('tasks.complete')).toEqual([{ id: task.id }]))
    await waitFor(() => expect(screen.queryByTestId('reminder-toast')).toBeNull())

    act(() => fake.remind({ taskId: null, title: '3 follow-ups came due', body: 'While the app was closed', route: `#/contacts/${ada.id}` }))
    const summary = await screen.findByTestId('reminder-toast')
    expect(within(summary).queryByRole('button', { name: /Snooze/ })).toBeNull()
    await user.click(within(summary).getByRole('button', { name: 'Open' }))
    await waitFor(() => expect(location.hash).toBe(`#/contacts/${ada.id}`))
    await screen.findByRole('heading', { name: 'Ada Lovelace' })
  })

  it('Snooze 10 min moves the reminder 10 minutes ahead', async () => {
    const now = new Date(2025, 2, 12, 14, 30)
    setNow(now)
    const [task] = fake.add(fake.tasks, makeTask({ title: 'Call Ada' }))
    render(<App />)
    act(() => fake.remind({ taskId: task.id, title: 'Call Ada', body: '', route: '#/today' }))
    await userEvent.setup().click(within(await screen.findByTestId('reminder-toast')).getByRole('button', { name: /Snooze 10 min/ }))
    await waitFor(() => expect(fake.callsOf('tasks.snooze')).toEqual([{ id: task.id, until: now.getTime() + 10 * 60_000 }]))
  })

  it('app.navigate (a native notification clicked) opens its route', async () => {
    vi.spyOn(window, 'focus').mockImplementation(() => {})
    render(<App />)
    act(() => fake.emitEvent('app.navigate', { route: '#/today' }))
    await screen.findByRole('heading', { name: 'Today' })
  })
})

describe('Settings → Reminders', () => {
  it('quiet hours are saved once both times are set; rules switch on and off and take days', async () => {
    const [rule] = fake.add(fake.rules, makeRule({ name: 'Reconnect', days: 30 }))
    fake.add(fake.rules, makeRule({ kind: 'deal_rotting', name: 'Rotting deals', days: null }))
    location.hash = '#/settings'
    const user = userEvent.setup()
    render(<App />)
    const section = await screen.findByTestId('reminders-section')
    expect((await within(section).findByTestId('quiet-status')).textContent).toBe('Off')
    await user.type(within(section).getByLabelText('From'), '22:00')
    expect(fake.callsOf('settings.update')).toHaveLength(0)
    await user.type(within(section).getByLabelText('Until'), '07:00')
    await waitFor(() => expect(fake.callsOf('settings.update')).toEqual([{ quietHoursStart: '22:00', quietHoursEnd: '07:00' }]))
    expect(within(section).getByTestId('quiet-status').textContent).toContain('wait until 7:00 AM')

    await user.click(within(section).getByRole('switch', { name: 'Keep running in the tray when the window is closed' }))
    await waitFor(() => expect(fake.callsOf('settings.update').at(-1)).toEqual({ keepRunningInTray: false }))

    const rows = await within(section).findAllByTestId('rule-row')
    expect(rows).toHaveLength(2)
    expect(within(rows[1]).queryByRole('spinbutton')).toBeNull()
    const days = within(rows[0]).getByRole('spinbutton')
    await user.clear(days)
    await user.type(days, '45{Enter}')
    await waitFor(() => expect(fake.callsOf('rules.update')).toEqual([{ id: rule.id, days: 45 }]))
    await user.click(within(rows[0]).getByRole('switch'))
    await waitFor(() => expect(fake.callsOf('rules.update').at(-1)).toEqual({ id: rule.id, enabled: false }))
  })
})
