import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { App } from '../../src-renderer/App'
import { dayWindow, duePresets, nextMondayAt9, snoozeOptions, tomorrowAt9 } from '../../src-renderer/lib/dueDates'
import { crm, seed } from './setup'

const DAY = 86_400_000

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
    const ada = await seed.contact({ firstName: 'Ada', lastName: 'Lovelace' })
    await seed.task({ title: 'Send the contract', dueAt: dayStart - 3_600_000, contactId: ada.id, priority: 'high' })
    await seed.task({ title: 'Quarterly review', dueAt: dayEnd + 86_400_000 })
    // due today, made by core's Reconnect rule: nobody has been in touch with Grace for 40 days
    await seed.contact({ firstName: 'Grace', lastName: 'Hopper' }, { at: Date.now() - 40 * DAY })
    const reconnect = (await seed.ok('rules.list')).find((r) => r.kind === 'no_interaction')!
    await seed.ok('rules.update', { id: reconnect.id, enabled: true })
    crm.startScheduler() // runs the enabled rules
    location.hash = '#/today'
    render(<App />)
    const overdue = await screen.findByTestId('today-overdue')
    expect(within(overdue).getAllByTestId('task-row').map((r) => r.querySelector('.task-title')?.textContent)).toEqual(['Send the contract'])
    expect(within(overdue).getByRole('link', { name: /Ada Lovelace/ }).getAttribute('href')).toBe(`#/contacts/${ada.id}`)
    expect(within(overdue).getByRole('img', { name: 'High priority' })).toBeTruthy()
    const today = screen.getByTestId('today-today')
    expect(within(today).getByText('Get back in touch with Grace Hopper')).toBeTruthy()
    expect(within(today).getByTestId('rule-tag').textContent).toContain('made by rule Reconnect')
    expect(within(screen.getByTestId('today-upcoming')).getByText('Quarterly review')).toBeTruthy()
    expect(screen.queryByText('Nothing due — enjoy your day')).toBeNull()
    await waitFor(() => expect(screen.getByTestId('today-badge').textContent).toBe('2'))
    expect(crm.callsOf('tasks.today')[0]).toMatchObject({ dayStart, dayEnd })
  })

  it('completing a follow-up calls tasks.complete; it leaves the list and the badge goes down', async () => {
    const task = await seed.task({ title: 'Call Ada', dueAt: dayWindow().dayEnd - 60_000 })
    location.hash = '#/today'
    const user = userEvent.setup()
    render(<App />)
    await waitFor(() => expect(screen.getByTestId('today-badge').textContent).toBe('1'))
    await user.click(await screen.findByRole('checkbox', { name: 'Mark “Call Ada” done' }))
    await waitFor(() => expect(crm.callsOf('tasks.complete')).toEqual([{ id: task.id }]))
    await screen.findByText('Nothing due — enjoy your day')
    await waitFor(() => expect(screen.queryByTestId('today-badge')).toBeNull())
    const toast = await screen.findByTestId('toast')
    expect(toast.textContent).toContain('Done: Call Ada')
    await user.click(within(toast).getByRole('button', { name: 'Undo' }))
    await waitFor(() => expect(crm.callsOf('tasks.reopen')).toEqual([{ id: task.id }]))
  })

  it('a keep-in-touch follow-up names the next one when done', async () => {
    // core schedules the next one a month after the last touch (this completion), at 9:00
    setNow(new Date(2030, 11, 6, 14, 0))
    const since = new Date(2030, 9, 1, 10, 0).getTime()
    const ada = await seed.contact({ firstName: 'Ada', lastName: 'Lovelace' }, { at: since })
    await seed.ok('contacts.keepInTouch', { contactId: ada.id, every: { count: 1, unit: 'month' } }, { at: since }) // due Nov 1: overdue
    const [task] = (await seed.ok('tasks.list', { contactId: ada.id, done: false })).items
    expect(task).toMatchObject({ title: 'Keep in touch with Ada Lovelace', keepInTouch: true })
    location.hash = '#/today'
    const user = userEvent.setup()
    render(<App />)
    await user.click(await screen.findByRole('checkbox', { name: `Mark “${task.title}” done` }))
    await waitFor(() => expect(screen.getAllByTestId('toast').some((t) => t.textContent?.includes('Next follow-up: Jan 6, 2031'))).toBe(true))
  })

  it('the snooze menu sends the moment picked: tomorrow 9:00 local, 10 minutes from now', async () => {
    const now = new Date(2025, 2, 12, 14, 30)
    setNow(now)
    const task = await seed.task({ title: 'Call Ada', dueAt: now.getTime() + 3_600_000 })
    location.hash = '#/today'
    const user = userEvent.setup()
    render(<App />)
    await user.click(await screen.findByRole('button', { name: 'Snooze “Call Ada”' }))
    await user.click(screen.getByRole('menuitem', { name: /Tomorrow morning/ }))
    await waitFor(() => expect(crm.callsOf('tasks.snooze')).toEqual([{ id: task.id, until: new Date(2025, 2, 13, 9, 0).getTime() }]))
    await user.click(screen.getByRole('button', { name: 'Snooze “Call Ada”' }))
    await user.click(screen.getByRole('menuitem', { name: /10 minutes/ }))
    await waitFor(() => expect(crm.callsOf('tasks.snooze')[1]).toEqual({ id: task.id, until: now.getTime() + 10 * 60_000 }))
  })

  it('deleting a follow-up offers Undo via tasks.restore', async () => {
    const task = await seed.task({ title: 'Call Ada', dueAt: dayWindow().dayEnd - 60_000 })
    location.hash = '#/today'
    const user = userEvent.setup()
    render(<App />)
    await user.click(await screen.findByRole('button', { name: 'Delete “Call Ada”' }))
    const toast = await screen.findByTestId('toast')
    expect(toast.textContent).toContain('Deleted “Call Ada”')
    await user.click(within(toast).getByRole('button', { name: 'Undo' }))
    await waitFor(() => expect(crm.callsOf('tasks.restore')).toEqual([{ ids: [task.id] }]))
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
    await waitFor(() => expect(crm.callsOf('tasks.create')).toHaveLength(1))
    const input = crm.callsOf('tasks.create')[0]
    expect(input).toEqual({ title: 'Renew the domain', dueAt: input.dueAt, reminderMinutesBefore: 0 })
    expect(Math.abs(input.dueAt! - tomorrowAt9())).toBeLessThan(1000)
    await screen.findByText('Renew the domain')
  })

  it('the quick-add says what is missing instead of sending an empty title', async () => {
    location.hash = '#/today'
    const user = userEvent.setup()
    render(<App />)
    await user.click(await screen.findByRole('button', { name: 'Add' }))
    expect((await screen.findByRole('alert')).textContent).toBe('Give the follow-up a title')
    expect(crm.callsOf('tasks.create')).toHaveLength(0)
  })
})

describe('Follow-up form', () => {
  it('edits the reminder as N hours before, the priority and the due time', async () => {
    const task = await seed.task({ title: 'Call Ada', dueAt: dayWindow().dayEnd + 3_600_000 })
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
    await waitFor(() => expect(crm.callsOf('tasks.update')).toHaveLength(1))
    expect(crm.callsOf('tasks.update')[0]).toMatchObject({ id: task.id, patch: { title: 'Call Ada', reminderMinutesBefore: 120, priority: 'high' } })
    expect(crm.callsOf('tasks.update')[0].patch.dueAt).toBeUndefined()
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
    expect(crm.callsOf('tasks.create')).toHaveLength(0)
  })
})

describe('Follow-ups on a contact page', () => {
  it('F focuses the quick-add; the follow-up is linked to the contact and listed', async () => {
    const ada = await seed.contact({ firstName: 'Ada', lastName: 'Lovelace' })
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
    await waitFor(() => expect(crm.callsOf('tasks.create')).toHaveLength(1))
    expect(crm.callsOf('tasks.create')[0]).toMatchObject({ title: 'Send the proposal', contactId: ada.id, reminderMinutesBefore: 0 })
    expect(Math.abs(crm.callsOf('tasks.create')[0].dueAt! - nextMondayAt9())).toBeLessThan(1000)
    expect(await within(section).findByText('Send the proposal')).toBeTruthy()
    expect(crm.callsOf('tasks.list')[0]).toMatchObject({ contactId: ada.id, done: false })
    // its own contact is not repeated as a link on the row
    expect(within(section).queryByTestId('task-record')).toBeNull()
  })

  it('keep in touch: on with a count and unit, then off', async () => {
    const ada = await seed.contact()
    location.hash = `#/contacts/${ada.id}`
    const user = userEvent.setup()
    render(<App />)
    const control = await screen.findByTestId('keep-in-touch')
    await user.click(within(control).getByRole('switch', { name: 'Keep in touch' }))
    await waitFor(() => expect(crm.callsOf('contacts.keepInTouch')).toEqual([{ contactId: ada.id, every: { count: 1, unit: 'month' } }]))
    const count = await within(control).findByRole('spinbutton', { name: 'Every how many' })
    await user.clear(count)
    await user.type(count, '2')
    await user.selectOptions(within(control).getByRole('combobox', { name: 'Unit' }), 'week')
    await waitFor(() => expect(crm.callsOf('contacts.keepInTouch').at(-1)).toEqual({ contactId: ada.id, every: { count: 2, unit: 'week' } }))
    expect(control.textContent).toContain('every 2 weeks')
    await user.click(within(control).getByRole('switch', { name: 'Keep in touch' }))
    await waitFor(() => expect(crm.callsOf('contacts.keepInTouch').at(-1)).toEqual({ contactId: ada.id, every: null }))
  })
})

describe('Reminder toasts', () => {
  it('stay on screen; Done completes the follow-up, Open goes to the record', async () => {
    const ada = await seed.contact({ firstName: 'Ada', lastName: 'Lovelace' })
    // due in an hour, reminder an hour before: it goes off now
    const task = await seed.task({ title: 'Call Ada', contactId: ada.id, reminderMinutesBefore: 60 })
    location.hash = '#/today'
    const user = userEvent.setup()
    render(<App />)
    await screen.findByText('Call Ada')
    await act(async () => crm.startScheduler())
    const card = await screen.findByTestId('reminder-toast')
    expect(card.textContent).toContain('Follow up with Ada Lovelace')
    await user.click(within(card).getByRole('button', { name: /Done/ }))
    await waitFor(() => expect(crm.callsOf('tasks.complete')).toEqual([{ id: task.id }]))
    await waitFor(() => expect(screen.queryByTestId('reminder-toast')).toBeNull())

    // more than three at once come as one summary, which opens the Today view
    location.hash = `#/contacts/${ada.id}`
    await screen.findByRole('heading', { name: 'Ada Lovelace' })
    for (const title of ['Send the deck', 'Book the venue', 'Renew the domain', 'Pay the invoice']) await seed.task({ title, reminderMinutesBefore: 60 })
    await act(async () => crm.wake())
    const summary = await screen.findByTestId('reminder-toast')
    expect(summary.textContent).toContain('4 follow-ups are due')
    expect(within(summary).queryByRole('button', { name: /Snooze/ })).toBeNull()
    await user.click(within(summary).getByRole('button', { name: 'Open' }))
    await waitFor(() => expect(location.hash).toBe('#/today'))
    await screen.findByRole('heading', { name: 'Today' })
  })

  it('Snooze 10 min moves the reminder 10 minutes ahead', async () => {
    const now = new Date(2025, 2, 12, 14, 30)
    setNow(now)
    const task = await seed.task({ title: 'Call Ada', reminderMinutesBefore: 60 }) // goes off now
    render(<App />)
    await act(async () => crm.startScheduler())
    await userEvent.setup().click(within(await screen.findByTestId('reminder-toast')).getByRole('button', { name: /Snooze 10 min/ }))
    await waitFor(() => expect(crm.callsOf('tasks.snooze')).toEqual([{ id: task.id, until: now.getTime() + 10 * 60_000 }]))
  })

  it('app.navigate (a native notification clicked) opens its route', async () => {
    vi.spyOn(window, 'focus').mockImplementation(() => {})
    render(<App />)
    act(() => crm.hostEmit('app.navigate', { route: '#/today' }))
    await screen.findByRole('heading', { name: 'Today' })
  })
})

describe('Settings → Reminders', () => {
  it('quiet hours are saved once both times are set; rules switch on and off and take days', async () => {
    // core's two rules (Reconnect with its days, Unstick deals without), Reconnect switched on
    const rule = (await seed.ok('rules.list')).find((r) => r.kind === 'no_interaction')!
    expect(rule.days).toBe(30)
    await seed.ok('rules.update', { id: rule.id, enabled: true })
    location.hash = '#/settings'
    const user = userEvent.setup()
    render(<App />)
    const section = await screen.findByTestId('reminders-section')
    expect((await within(section).findByTestId('quiet-status')).textContent).toBe('Off')
    await user.type(within(section).getByLabelText('From'), '22:00')
    expect(crm.callsOf('settings.update')).toHaveLength(0)
    await user.type(within(section).getByLabelText('Until'), '07:00')
    await waitFor(() => expect(crm.callsOf('settings.update')).toEqual([{ quietHoursStart: '22:00', quietHoursEnd: '07:00' }]))
    expect(within(section).getByTestId('quiet-status').textContent).toContain('wait until 7:00 AM')

    await user.click(within(section).getByRole('switch', { name: 'Keep running in the tray when the window is closed' }))
    await waitFor(() => expect(crm.callsOf('settings.update').at(-1)).toEqual({ keepRunningInTray: false }))

    const rows = await within(section).findAllByTestId('rule-row')
    expect(rows).toHaveLength(2)
    expect(within(rows[1]).queryByRole('spinbutton')).toBeNull()
    const days = within(rows[0]).getByRole('spinbutton')
    await user.clear(days)
    await user.type(days, '45{Enter}')
    await waitFor(() => expect(crm.callsOf('rules.update')).toEqual([{ id: rule.id, days: 45 }]))
    await user.click(within(rows[0]).getByRole('switch'))
    await waitFor(() => expect(crm.callsOf('rules.update').at(-1)).toEqual({ id: rule.id, enabled: false }))
  })
})
