/**
 * The command palette (Ctrl/Cmd+K): one input; search.query as you type (debounced 80 ms, stale
 * answers ignored), results grouped by type, commands matched by name. ↑/↓ move, Enter opens,
 * Shift+Enter on a contact logs a call for it, Esc closes; the mouse works too. Built on the app's
 * Dialog (focus trap, Escape, focus given back).
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import type { NoteHit, SearchHit, SearchResults } from '../../../src-shared/model/search'
import { MATCH_END, MATCH_START } from '../../../src-shared/model/search'
import { crm, toAppError } from '../../lib/crm'
import { navigate, type Route } from '../../stores/route'
import { usePalette, type PaletteMode } from '../../stores/palette'
import { useTimeline } from '../../stores/timeline'
import { useUi } from '../../stores/ui'
import { Dialog } from '../Dialog'
import { Icon, type IconName } from '../Icons'
import { Kbd } from '../Kbd'
import { useViews } from '../../stores/views'
import { useTheme } from '../../stores/theme'
import { THEME_CHOICES, THEME_LABEL } from '../../lib/theme'
import { fold } from '../../../src-shared/fold'
import './palette.css'

interface Item {
  key: string
  group: string
  icon: IconName
  title: string
  subtitle?: string | null
  snippet?: string
  /** Opens it (Enter, click). */
  run: () => void
  /** Shift+Enter (contacts: log a call). */
  secondary?: { label: string; run: () => void }
}

interface Command {
  name: string
  icon: IconName
  /** More words it answers to. */
  also?: string
  run: () => void
}

function logCallFor(contactId: string) {
  navigate({ name: 'contact', id: contactId })
  // The contact page's timeline opens with the call composer ready (open() keeps it for the same subject).
  useTimeline.setState({ subject: { contactId }, filter: null, composer: { type: 'call' } })
}

function commands(close: () => void, setMode: (mode: PaletteMode) => void): Command[] {
  const go = (route: Route) => () => {
    close()
    navigate(route)
  }
  const ui = () => useUi.getState()
  return [
    { name: 'New contact', icon: 'plus', also: 'add create person', run: () => (close(), ui().openContactForm({ mode: 'create' })) },
    { name: 'New company', icon: 'plus', also: 'add create organisation organization', run: () => (close(), ui().openCompanyForm({ mode: 'create' })) },
    { name: 'New deal', icon: 'plus', also: 'add create opportunity', run: () => (close(), ui().openDealForm({ mode: 'create' })) },
    { name: 'Log a call for…', icon: 'call', also: 'phone', run: () => setMode('logCall') },
    { name: 'Go to pipeline', icon: 'pipeline', also: 'board deals open', run: go({ name: 'pipeline' }) },
    { name: 'Go to dashboard', icon: 'dashboard', also: 'home open', run: go({ name: 'dashboard' }) },
    { name: 'Go to reports', icon: 'chart', also: 'open', run: go({ name: 'reports' }) },
    { name: 'Go to today', icon: 'sun', also: 'follow-ups tasks open', run: go({ name: 'today' }) },
    { name: 'Go to contacts', icon: 'users', also: 'people open', run: go({ name: 'contacts' }) },
    { name: 'Go to companies', icon: 'building', also: 'open', run: go({ name: 'companies' }) },
    { name: 'Go to settings', icon: 'settings', also: 'preferences open', run: go({ name: 'settings' }) },
    { name: 'Go to duplicates', icon: 'link', also: 'merge open', run: go({ name: 'duplicates' }) },
    { name: 'Go to import', icon: 'download', also: 'csv vcard open', run: go({ name: 'import' }) },
    ...THEME_CHOICES.map((choice): Command => ({
      name: `Theme: ${THEME_LABEL[choice]}`,
      icon: 'sun',
      also: 'appearance colour color mode night',
      run: () => (close(), useTheme.getState().setChoice(choice)),
    })),
    ...(useViews.getState().data ?? []).map((v): Command => ({ name: `Open view: ${v.name}`, icon: 'filter', also: 'saved smart list', run: go({ name: 'contacts', view: v.id }) })),
  ]
}

/** Every typed word starts a word of the command's name (or its extra words). */
function commandMatches(command: Command, words: string[]): boolean {
  const haystack = fold(`${command.name} ${command.also ?? ''}`).split(/[^\p{L}\p{N}]+/u)
  return words.every((w) => haystack.some((h) => h.startsWith(w)))
}

function Snippet({ text }: { text: string }) {
  const parts: ReactNode[] = []
  let rest = text
  let i = 0
  while (rest.length > 0) {
    const start = rest.indexOf(MATCH_START)
    if (start < 0) {
      parts.push(rest)
      break
    }
    const end = rest.indexOf(MATCH_END, start)
    parts.push(rest.slice(0, start))
    parts.push(<mark key={i++}>{rest.slice(start + 1, end < 0 ? undefined : end)}</mark>)
    rest = end < 0 ? '' : rest.slice(end + 1)
  }
  return <span className="palette-snippet">{parts}</span>
}

const TYPE_ICON: Record<string, IconName> = { note: 'note', call: 'call', email: 'email', meeting: 'meeting' }

export function CommandPalette() {
  const { mode, closePalette, setMode } = usePalette()
  const [text, setText] = useState('')
  const [results, setResults] = useState<SearchResults | null>(null)
  const [searchedFor, setSearchedFor] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [active, setActive] = useState(0)
  const seq = useRef(0)
  const listRef = useRef<HTMLDivElement>(null)
  const listId = useId()

  // search as you type: 80 ms after the last key; an answer to an older text is dropped
  useEffect(() => {
    const mine = ++seq.current
    if (text.trim() === '') {
      setResults(null)
      setSearchedFor('')
      return
    }
    const timer = setTimeout(() => {
      crm
        .invoke('search.query', { text, limit: 5 })
        .then((r) => {
          if (mine !== seq.current) return
          setResults(r)
          setSearchedFor(text)
          setError(null)
        })
        .catch((e) => mine === seq.current && setError(toAppError(e).message))
    }, 80)
    return () => clearTimeout(timer)
  }, [text])

  const items = useMemo<Item[]>(() => {
    const close = closePalette
    const words = fold(text).split(/\s+/).filter(Boolean)
    const out: Item[] = []
    const contactItem = (h: SearchHit): Item => ({
      key: `contact:${h.id}`,
      group: mode === 'logCall' ? 'Log a call for' : 'Contacts',
      icon: mode === 'logCall' ? 'call' : 'users',
      title: h.title,
      subtitle: h.subtitle,
      run: () => {
        close()
        if (mode === 'logCall') logCallFor(h.id)
        else navigate({ name: 'contact', id: h.id })
      },
      secondary: mode === 'logCall' ? undefined : { label: 'Log a call', run: () => (close(), logCallFor(h.id)) },
    })
    if (mode === 'logCall') {
      for (const h of results?.contacts ?? []) out.push(contactItem(h))
      return out
    }
    const cmds = commands(close, (m) => {
      setMode(m)
      setText('')
      setActive(0)
    })
    const matched = words.length === 0 ? cmds : cmds.filter((c) => commandMatches(c, words))
    const commandItems = matched.map<Item>((c) => ({ key: `cmd:${c.name}`, group: 'Commands', icon: c.icon, title: c.name, run: c.run }))
    // typed words that name a command put the commands first; otherwise records first
    const commandsFirst = words.length === 0 || commandItems.length > 0 && (results === null || text !== searchedFor)
    if (commandsFirst) out.push(...commandItems)
    if (results && text === searchedFor) {
      for (const h of results.contacts) out.push(contactItem(h))
      for (const h of results.companies)
        out.push({ key: `company:${h.id}`, group: 'Companies', icon: 'building', title: h.title, subtitle: h.subtitle, run: () => (close(), navigate({ name: 'company', id: h.id })) })
      for (const h of results.deals)
        out.push({ key: `deal:${h.id}`, group: 'Deals', icon: 'pipeline', title: h.title, subtitle: h.subtitle, run: () => (close(), navigate({ name: 'deal', id: h.id })) })
      for (const n of results.notes) out.push(noteItem(n, close))
    }
    if (!commandsFirst) out.push(...commandItems)
    return out
  }, [results, searchedFor, text, mode, closePalette, setMode])

  useEffect(() => setActive(0), [items.length, searchedFor, mode])
  useEffect(() => {
    listRef.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' })
  }, [active])

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      if (items.length === 0) return
      const step = event.key === 'ArrowDown' ? 1 : -1
      setActive((a) => (a + step + items.length) % items.length)
    } else if (event.key === 'Enter') {
      event.preventDefault()
      const item = items[active]
      if (!item) return
      if (event.shiftKey && item.secondary) item.secondary.run()
      else item.run()
    } else if (event.key === 'Backspace' && text === '' && mode !== 'all') {
      setMode('all')
    }
  }

  const searching = text.trim() !== '' && text !== searchedFor && !error
  const current = items[active]
  let lastGroup = ''
  return (
    <Dialog title={mode === 'logCall' ? 'Log a call for a contact' : 'Search and commands'} onClose={closePalette} size="md" className="palette">
      <div className="palette-input-row">
        {mode === 'logCall' ? (
          <Icon name="call" className="palette-input-icon" aria-hidden="true" />
        ) : (
          <svg className="palette-input-icon" width={16} height={16} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" aria-hidden="true">
            <path d="M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14ZM20 20l-4-4" />
          </svg>
        )}
        {mode === 'logCall' && <span className="palette-mode-chip">Log a call for</span>}
        <input
          data-autofocus
          className="palette-input"
          type="text"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={current ? `${listId}-${active}` : undefined}
          aria-label={mode === 'logCall' ? 'Contact to log a call for' : 'Search contacts, companies, deals and notes, or type a command'}
          placeholder={mode === 'logCall' ? 'Type a contact’s name…' : 'Search or type a command…'}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          spellCheck={false}
          autoComplete="off"
        />
        {searching && <span className="palette-busy" aria-hidden="true" />}
      </div>
      <div className="palette-results" id={listId} role="listbox" ref={listRef} aria-label="Results">
        {items.map((item, index) => {
          const header = item.group !== lastGroup ? item.group : null
          lastGroup = item.group
          return (
            <div key={item.key} role="presentation">
              {header && (
                <div className="palette-group" role="presentation">
                  {header}
                </div>
              )}
              <div
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                className="palette-item"
                data-testid="palette-item"
                onMouseMove={() => index !== active && setActive(index)}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => item.run()}
              >
                <Icon name={item.icon} className="palette-item-icon" aria-hidden="true" />
                <span className="palette-item-text">
                  <span className="palette-item-title">{item.title}</span>
                  {item.snippet ? <Snippet text={item.snippet} /> : null}
                  {item.subtitle && <span className="palette-item-subtitle">{item.subtitle}</span>}
                </span>
                {item.secondary && index === active && (
                  <button
                    type="button"
                    tabIndex={-1}
                    className="palette-secondary"
                    onClick={(e) => {
                      e.stopPropagation()
                      item.secondary!.run()
                    }}
                  >
                    {item.secondary.label} <Kbd combo="shift+enter" />
                  </button>
                )}
              </div>
            </div>
          )
        })}
        {error && <div className="palette-empty palette-error">{error}</div>}
        {!error && items.length === 0 && text.trim() !== '' && !searching && (
          <div className="palette-empty" data-testid="palette-empty">
            No matches for “{text.trim()}”
          </div>
        )}
        {!error && mode === 'logCall' && text.trim() === '' && <div className="palette-empty">Type a name to find the contact.</div>}
      </div>
      <div className="palette-hints" aria-hidden="true">
        <span>
          <Kbd combo="arrowup" />
          <Kbd combo="arrowdown" /> move
        </span>
        {current && (
          <span>
            <Kbd combo="enter" /> {mode === 'logCall' ? 'log a call' : 'open'}
          </span>
        )}
        {current?.secondary && (
          <span>
            <Kbd combo="shift+enter" /> {current.secondary.label.toLowerCase()}
          </span>
        )}
        {mode !== 'all' && (
          <span>
            <Kbd combo="backspace" /> back
          </span>
        )}
        <span>
          <Kbd combo="escape" /> close
        </span>
      </div>
    </Dialog>
  )
}

function noteItem(n: NoteHit, close: () => void): Item {
  const where = n.contact?.name ?? n.company?.name ?? null
  return {
    key: `note:${n.id}`,
    group: 'Notes and history',
    icon: TYPE_ICON[n.type] ?? 'note',
    title: n.title,
    subtitle: where ? `${where} · ${new Date(n.occurredAt).toLocaleDateString()}` : new Date(n.occurredAt).toLocaleDateString(),
    snippet: n.snippet,
    run: () => {
      close()
      if (n.contact) navigate({ name: 'contact', id: n.contact.id })
      else if (n.company) navigate({ name: 'company', id: n.company.id })
      else if (n.dealId) navigate({ name: 'deal', id: n.dealId })
    },
  }
}
