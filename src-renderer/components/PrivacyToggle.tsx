/**
 * "Private to me" on a contact or deal page, shown only while this computer syncs with a team
 * (alone, everything is private anyway). Private: the server sends the record, its history, deals
 * and follow-ups to this member's devices only, and the others' computers remove it; sharing it
 * again brings it back to them whole. The toast's Undo flips it back.
 */
import type { SyncSetPrivateInput } from '../../src-shared/model/sync'
import { crm } from '../lib/crm'
import { useSyncStatus } from '../stores/sync'
import { showError, showUndo } from '../stores/toasts'
import { Icon } from './Icons'

interface Props {
  table: SyncSetPrivateInput['table']
  id: string
  privateTo: string | null
  /** The record's name, for the toast. */
  name: string
}

export function PrivacyToggle({ table, id, privateTo, name }: Props) {
  const status = useSyncStatus()
  const me = status?.connection?.memberId
  if (!me) return null
  const mine = privateTo === me
  const what = table === 'contacts' ? 'its history, deals and follow-ups' : 'its history and follow-ups'
  const set = (value: boolean) => crm.invoke('sync.setPrivate', { table, id, private: value })
  const toggle = async () => {
    try {
      await set(!mine)
      showUndo(
        mine ? `${name} is shared with your team again` : `Only you see ${name} now, with ${what}`,
        () => set(mine),
        mine ? `${name} is private to you again` : `${name} is shared again`,
      )
    } catch (e) {
      showError(e)
    }
  }
  return (
    <button
      type="button"
      className={`button button-small${mine ? ' button-pressed' : ''}`}
      aria-pressed={mine}
      onClick={toggle}
      title={mine ? `Private to you: teammates do not see it. Click to share it with the team.` : `Make it private: only you will see it, with ${what}.`}
    >
      <Icon name="lock" size={14} /> {mine ? 'Private to you' : 'Make private'}
    </button>
  )
}
