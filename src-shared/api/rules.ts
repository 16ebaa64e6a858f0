/** The contract of follow-up rules. */
import { type Rule, ruleUpdateInput } from '../model/task'
import { command, none, type CommandMap } from './command'

export const rulesCommands = {
  'rules.list': command<Rule[]>()(none, { reads: ['rules'] }),
  'rules.update': command<Rule>()(ruleUpdateInput),
} satisfies CommandMap
