/**
 * The contact form's non-blocking warning: a typed email already belongs to a live contact
 * ("Ada Lovelace already has this email — open contact"). Checked a moment after typing stops.
 */
import { useEffect, useState } from 'react'
import type { EmailMatch } from '../../../src-shared/model/duplicate'
import { crm } from '../../lib/crm'
import { nameOrPlaceholder } from '../../lib/format'
import { navigate } from '../../stores/route'
import { useUi } from '../../stores/ui'
import { Icon } from '../Icons'

const DEBOUNCE_MS = 350
const looksLikeEmail = (v: string) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.trim())

export function EmailDuplicateWarning({ emails, excludeId }: { emails: string[]; excludeId?: string }) {
  const [matches, setMatches] = useState<EmailMatch[]>([])
  const key = emails.filter(looksLikeEmail).map((e) => e.trim().toLowerCase()).join('\n')
  useEffect(() => {
    if (!key) {
      setMatches([])
      return
    }
    let live = true
    const timer = setTimeout(async () => {
      const found = new Map<string, EmailMatch>()
      for (const email of key.split('\n').slice(0, 5)) {
        try {
          for (const m of await crm.invoke('duplicates.checkEmail', { email, excludeId })) if (!found.has(m.id)) found.set(m.id, m)
        } catch {
          // only a hint: a failed check shows nothing
        }
      }
      if (live) setMatches([...found.values()])
    }, DEBOUNCE_MS)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [key, excludeId])

  if (matches.length === 0) return null
  const open = (id: string) => {
    useUi.getState().closeForms()
    navigate({ name: 'contact', id })
  }
  return (
    <div className="email-duplicate-warning" role="status" data-testid="email-duplicate-warning">
      {matches.map((m) => (
        <p key={m.id}>
          <Icon name="alert" size={13} /> {nameOrPlaceholder(m.displayName)} already has {emails.length > 1 ? m.email : 'this email'} —{' '}
          <button type="button" className="link-button" onClick={() => open(m.id)}>
            open contact
          </button>
        </p>
      ))}
    </div>
  )
}
