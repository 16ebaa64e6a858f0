/** The rules commands of the contract (src-shared/api/rules.ts), each to its service call. */
import type { rulesCommands } from '../../../../src-shared/api/rules'
import type { HandlersOf } from '../handlers-of'
import type { RulesService } from './rules'

export function rulesHandlers(s: { rules: RulesService }): HandlersOf<typeof rulesCommands> {
  return {
    'rules.list': () => s.rules.list(),
    'rules.update': (i) => s.rules.update(i),
  }
}
