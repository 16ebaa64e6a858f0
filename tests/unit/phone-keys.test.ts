/**
 * One phone in two formats is one phone (issue 14, item 3): the phone key (E.164 + extension, the
 * workspace's phoneRegion setting) as import matching, the duplicate scan and merge use it, on a
 * real core and SQLite file. The pairs are the issue's own (Faker's en_US formats).
 */
import { describe, expect, test } from 'vitest'
import type { DuplicateList } from '../../src-shared/model/duplicate'
import { phoneKey } from '../../src-main/core/formats/phone'
import { openCore, readDb, waitImportDone } from './helpers'

type Ok = ReturnType<typeof openCore>['ok']

const PAIRS = [
  ['001-604-858-6371', '(604) 858-6371'],
  ['+1-160-747-3624x8230', '(160) 747-3624 ext. 8230'],
] as const

async function importCsv(ok: Ok, text: string, onMatch: 'skip' | 'update' | 'create' = 'skip') {
  const p = await ok('imports.prepare', { fileName: 'phones.csv', text })
  const started = await ok('imports.start', { sessionId: p.sessionId, mapping: p.guess, onMatch })
  return waitImportDone(ok, started.id)
}

function phonesOf(dataDir: string) {
  return readDb(dataDir, (db) =>
    db
      .prepare(
        `SELECT c.first_name AS name, ch.value FROM contact_channels ch JOIN contacts c ON c.id = ch.contact_id
         WHERE ch.kind = 'phone' AND ch.deleted_at IS NULL AND c.deleted_at IS NULL ORDER BY c.first_name, ch.position`,
      )
      .all() as { name: string; value: string }[],
  )
}

const pairOf = (list: DuplicateList, a: string, b: string) => list.pairs.find((p) => [p.a.id, p.b.id].sort().join() === [a, b].sort().join())

describe('the phone key', () => {
  test('the issue pairs meet: "001" is read as the international prefix, the extension is kept', () => {
    for (const region of ['US', 'CA', 'DE', 'GB']) expect(phoneKey('001-604-858-6371', region)).toBe('+16048586371')
    expect(phoneKey('001-604-858-6371', null)).toBe('+16048586371')
    expect(phoneKey('(604) 858-6371', 'US')).toBe('+16048586371')
    expect(phoneKey('+1-160-747-3624x8230', null)).toBe('+11607473624;ext=8230')
    expect(phoneKey('(160) 747-3624 ext. 8230', 'US')).toBe('+11607473624;ext=8230')
    expect(phoneKey('160.747.3624x823', 'US')).toBe('+11607473624;ext=823')
    // a desk line and its extension are two phones
    expect(phoneKey('(160) 747-3624', 'US')).toBe('+11607473624')
  })

  test('a national number without a region only meets the very same digits', () => {
    expect(phoneKey('(604) 858-6371', null)).toBe('digits:6048586371')
    expect(phoneKey('604.858.6371', null)).toBe('digits:6048586371')
    expect(phoneKey('604 858 6371 x12', null)).toBe('digits:6048586371;ext=12')
    // in Germany "(604) 858-6371" is a German number, not +1 604
    expect(phoneKey('(604) 858-6371', 'DE')).not.toBe('+16048586371')
  })

  test('Unicode digits, letters, a lone +, empty and 40 digits: no crash and no false key', () => {
    expect(phoneKey('٦٠٤٨٥٨٦٣٧١', 'US')).toBe('+16048586371') // Arabic-Indic digits are digits
    expect(phoneKey('６０４８５８６３７１', 'US')).toBe('+16048586371') // full-width too
    for (const junk of ['', '   ', '+', '++', 'abc', 'call me', 'x12', '12', '1'.repeat(40), '+'.padEnd(41, '9'), '٦٠٤']) {
      for (const region of ['US', null]) expect(phoneKey(junk, region)).toBeNull()
    }
  })
})

describe('import, duplicate scan and merge use it', () => {
  test('a CSV with both forms of each number makes one contact each (region from the setting)', async () => {
    const { ok, dataDir } = openCore()
    await ok('settings.update', { phoneRegion: 'US' })
    const csv = ['Name,Phone', `Ann Lee,${PAIRS[0][0]}`, `Ann L.,${PAIRS[0][1]}`, `Bo Chan,${PAIRS[1][0]}`, `B. Chan,"${PAIRS[1][1]}"`, 'Cy Desk,(160) 747-3624'].join('\n')
    const job = await importCsv(ok, csv)
    expect(job.status).toBe('done')
    // Cy's number is Bo's line without the extension: another desk, another contact
    expect({ created: job.created, skipped: job.skipped }).toEqual({ created: 3, skipped: 2 })
    expect(phonesOf(dataDir).map((p) => `${p.name}: ${p.value}`)).toEqual(['Ann: 001-604-858-6371', 'Bo: +1-160-747-3624x8230', 'Cy: (160) 747-3624'])

    // a second file, updating: the other forms match the existing contacts and add no phone
    const again = await importCsv(ok, `Name,Phone\nAnn Lee,${PAIRS[0][1]}\nBo Chan,"${PAIRS[1][1]}"`, 'update')
    expect({ created: again.created, updated: again.updated }).toEqual({ created: 0, updated: 2 })
    expect(phonesOf(dataDir)).toHaveLength(3)

    // numbers sharing the last 6 digits are still other numbers; Arabic-Indic digits are refused by
    // the contact's phone check (ASCII digits only) with the reason, not matched
    const more = await importCsv(ok, 'Name,Phone\nZed Tail,(605) 858-6371\nYu Tail,(604) 558-6371\nAnn Arabic,٠٠١٦٠٤٨٥٨٦٣٧١')
    expect({ created: more.created, skipped: more.skipped }).toEqual({ created: 2, skipped: 0 })
    expect(more.rejections.map((r) => [r.row, r.reason])).toEqual([[4, expect.stringMatching(/^Phone may hold digits/)]])
  })

  test('the phoneRegion setting decides how national numbers are read', async () => {
    const { ok } = openCore()
    expect((await ok('settings.get', {})).phoneRegion).toBeNull()
    await ok('settings.update', { phoneRegion: 'DE' })
    expect((await ok('settings.get', {})).phoneRegion).toBe('DE')
    // read as a German number, "(604) 858-6371" is not +1 604 858 6371
    const job = await importCsv(ok, `Name,Phone\nAnn Lee,${PAIRS[0][0]}\nAnn L.,${PAIRS[0][1]}`)
    expect(job.created).toBe(2)
    const de = await ok('duplicates.list', { region: 'US' })
    expect(de.checked.region).toBe('DE') // the setting wins over the window's guess
    expect(de.pairs.filter((p) => p.reasons.some((r) => r.kind === 'phone'))).toEqual([])
    // changing it re-reads every stored number: the next scan pairs them
    await ok('settings.update', { phoneRegion: 'US' })
    const us = await ok('duplicates.list', {})
    expect(us.checked.region).toBe('US')
    expect(us.pairs.map((p) => p.reasons.map((r) => r.label))).toEqual([['same phone +1 604 858 6371']])
    // back to none: the window's guess is used
    await ok('settings.update', { phoneRegion: null })
    expect((await ok('duplicates.list', { region: 'CA' })).checked.region).toBe('CA')
    await expect(ok('settings.update', { phoneRegion: 'usa' })).rejects.toThrow(/two-letter/)
  })

  test('the duplicate scan suggests both pairs, and a desk line with its extension, but not two extensions', async () => {
    const { ok } = openCore()
    const c = async (firstName: string, phone: string) => ok('contacts.create', { firstName, lastName: 'X', phones: [{ value: phone }] })
    const a1 = await c('A1', PAIRS[0][0])
    const a2 = await c('A2', PAIRS[0][1])
    const b1 = await c('B1', PAIRS[1][0])
    const b2 = await c('B2', PAIRS[1][1])
    const desk = await c('Desk', '(160) 747-3624')
    const other = await c('Other', '(160) 747-3624 x9')
    const junk1 = await c('J1', '1'.repeat(40))
    const junk2 = await c('J2', '1'.repeat(40))
    const list = await ok('duplicates.list', { region: 'US' })
    expect(pairOf(list, a1.id, a2.id)?.reasons.map((r) => r.label)).toEqual(['same phone +1 604 858 6371'])
    expect(pairOf(list, b1.id, b2.id)?.reasons.map((r) => r.value)).toEqual(['+11607473624;ext=8230'])
    // (160 is no area code in use, so the metadata formats it only in part)
    expect(pairOf(list, b1.id, b2.id)?.reasons[0].label).toMatch(/^same phone \+1 .*3624 ext\. 8230$/)
    // the line without an extension may be the same person as any of its extensions
    expect(pairOf(list, desk.id, b1.id)).toBeDefined()
    expect(pairOf(list, desk.id, other.id)).toBeDefined()
    // two different extensions are two desks
    expect(pairOf(list, b1.id, other.id)).toBeUndefined()
    expect(pairOf(list, b2.id, other.id)).toBeUndefined()
    // 40 digits is no phone
    expect(pairOf(list, junk1.id, junk2.id)).toBeUndefined()
    expect(list.total).toBe(5) // A1–A2, B1–B2, Desk with B1, B2 and Other
  })

  test('merge keeps one phone of each pair with its extension, and a desk line beside its extension', async () => {
    const { ok } = openCore()
    await ok('settings.update', { phoneRegion: 'US' })
    const keep = await ok('contacts.create', { firstName: 'Bo', lastName: 'Chan', phones: [{ value: PAIRS[1][0] }, { value: PAIRS[0][0] }] })
    const dupe = await ok('contacts.create', {
      firstName: 'B.',
      lastName: 'Chan',
      phones: [{ value: PAIRS[1][1] }, { value: PAIRS[0][1] }, { value: '(160) 747-3624' }],
    })
    const result = await ok('duplicates.merge', { survivorId: keep.id, otherId: dupe.id, picks: {}, customFieldPicks: {} })
    expect(result.survivor.phones.map((p) => p.value)).toEqual(['+1-160-747-3624x8230', '001-604-858-6371', '(160) 747-3624'])
    expect(result.moved.channels).toBe(1)
  })
})
