/** The contract of duplicate contacts: find, review, merge, dismiss. */
import { z } from 'zod'
import { type DuplicateList, type EmailMatch, type MergeResult, type PairDetail, duplicateListInput, emailCheckInput, mergeInput, pairInput, phoneRegion, undoMergeInput } from '../model/duplicate'
import { command, type Count, type CommandMap } from './command'

export const duplicatesCommands = {
  /** Pairs of live contacts sharing an email, a phone (phoneKey: E.164 and extension; numbers without + read in the phoneRegion setting, else `region`, the window's guess) or a name at one company. */
  // settings: the phoneRegion setting decides how numbers without a + are read
  'duplicates.list': command<DuplicateList>()(duplicateListInput, { reads: ['contacts', 'contact_channels', 'companies', 'duplicate_dismissals', 'settings'] }),
  'duplicates.count': command<Count>()(z.strictObject({ region: phoneRegion.optional() }), {
    reads: ['contacts', 'contact_channels', 'companies', 'duplicate_dismissals', 'settings'],
  }),
  /** Both contacts of a pair, with how much history, deals and follow-ups each holds. */
  'duplicates.pair': command<PairDetail>()(pairInput, { reads: ['contacts', 'contact_channels', 'companies', 'activities', 'deals', 'tasks', 'contact_tags', 'tags', 'contact_field_values'] }),
  /** ONE transaction: fields as picked, history, deals, tasks, tags, channels, custom values moved; the other tombstoned. */
  'duplicates.merge': command<MergeResult>()(mergeInput),
  /** Reverts the merge's transaction (keeps edits made since). */
  'duplicates.undoMerge': command<{ reverted: number; keptLaterEdits: number }>()(undoMergeInput),
  /** "Not a duplicate": the pair is never suggested again (undismiss brings it back). */
  'duplicates.dismiss': command<Count>()(pairInput),
  'duplicates.undismiss': command<Count>()(pairInput),
  /** Live contacts that already have this email (case-insensitive), for the contact form's warning. */
  'duplicates.checkEmail': command<EmailMatch[]>()(emailCheckInput, { reads: ['contacts', 'contact_channels'] }),
} satisfies CommandMap
