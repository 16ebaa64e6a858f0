/** The sync commands of the contract (src-shared/api/sync.ts), each to the engine (core/sync). */
import type { syncCommands } from '../../../../src-shared/api/sync'
import type { SyncEngine } from '../../sync/engine'
import type { HandlersOf } from '../handlers-of'

export function syncHandlers(s: { sync: SyncEngine }): HandlersOf<typeof syncCommands> {
  return {
    'sync.status': () => s.sync.status(),
    'sync.connect': (i) => s.sync.connect(i),
    'sync.now': () => s.sync.now(),
    'sync.signOut': (i) => s.sync.signOut(i?.force ?? false),
    'sync.resolvePause': (i) => s.sync.resolvePause(i.apply),
    'sync.invite': (i) => s.sync.invite(i.role),
    'sync.members': () => s.sync.members(),
    'sync.removeMember': (i) => s.sync.removeMember(i.memberId),
    'sync.setPrivate': (i) => s.sync.setPrivate(i),
  }
}
