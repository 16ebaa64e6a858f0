/** The generated CSV of the import benches: names, one or two emails, a phone, one of 3,000 companies, a tag. */
import Papa from 'papaparse'

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Eva', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kaya', 'Luis', 'Mia', 'Noah', 'Olga', 'Pablo']
const LAST = ['Müller', 'Smith', 'García', 'Rossi', 'Nowak', 'Dubois', 'Tanaka', 'Okafor', 'Jensen', 'Silva', 'Kowalski', 'Novak']
export const IMPORT_HEADERS = ['First Name', 'Last Name', 'E-mail 1 - Value', 'E-mail 2 - Value', 'Phone 1 - Value', 'Company', 'Labels']

export function importRows(rows: number): string[][] {
  const data: string[][] = []
  for (let i = 0; i < rows; i++) {
    data.push([
      FIRST[i % FIRST.length],
      `${LAST[(i * 7) % LAST.length]}${i}`,
      `person${i}@example.com`,
      i % 3 === 0 ? `p${i}@work.example.org` : '',
      `+1 555 ${String(i).padStart(7, '0')}`,
      `Company ${(i * 7919) % 3000}`,
      'Imported',
    ])
  }
  return data
}

export const importCsv = (data: string[][]) => Papa.unparse({ fields: IMPORT_HEADERS, data })
