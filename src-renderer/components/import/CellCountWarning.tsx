/**
 * The lines of the file whose cell count is not the header's, before anything is imported: how
 * many, which ones (line, cells, problem, the line itself) and what to do with them.
 */
import type { CellCountCheck, MismatchedLines } from '../../../src-shared/model/import'
import { Icon } from '../Icons'

const n = (v: number) => v.toLocaleString('en-US')
const plural = (count: number, one: string, many: string) => `${n(count)} ${count === 1 ? one : many}`

function problemOf(found: number, expected: number): string {
  return found < expected ? `${plural(expected - found, 'cell', 'cells')} missing` : `${plural(found - expected, 'cell', 'cells')} too many`
}

export function CellCountWarning({
  check,
  hasHeader,
  choice,
  onChoice,
}: {
  check: CellCountCheck
  hasHeader: boolean
  choice: MismatchedLines
  onChoice: (choice: MismatchedLines) => void
}) {
  if (check.mismatched === 0) return null
  const { expected, mismatched, lines } = check
  const options: Array<[MismatchedLines, string, string]> = [
    ['skip', 'Skip these lines', 'They are listed with the rejected rows after the import, to fix and import again.'],
    ['import', 'Import them anyway', `Missing cells are read as empty; cells after column ${n(expected)} are dropped.`],
  ]
  return (
    <section className="settings-card import-cells" data-testid="cell-count-warning" aria-labelledby="cell-count-heading">
      <h2 className="import-h2 import-cells-title" id="cell-count-heading">
        <Icon name="alert" size={15} />
        {plural(mismatched, "line doesn't", "lines don't")} match the {plural(expected, 'column', 'columns')}
      </h2>
      <p className="muted">
        {hasHeader ? `The header has ${plural(expected, 'cell', 'cells')}` : `Most lines have ${plural(expected, 'cell', 'cells')}`}; these lines have more or
        fewer, often a comma that should have been quoted or a line cut short.
      </p>
      <details className="import-cells-details" open={mismatched <= 5}>
        <summary>{mismatched <= 5 ? 'The lines' : `Show the ${plural(mismatched, 'line', 'lines')}`}</summary>
        <div className="import-table-wrap">
          <table className="import-table import-cells-table" data-testid="cell-count-lines">
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Cells</th>
                <th scope="col">Problem</th>
                <th scope="col">The line in the file</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.line}>
                  <td className="import-row-number">{n(l.line)}</td>
                  <td className="import-row-number">{n(l.found)}</td>
                  <td className="import-cells-problem">{problemOf(l.found, expected)}</td>
                  <td>
                    <code className="import-cells-excerpt" title={l.excerpt}>
                      {l.excerpt}
                    </code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {mismatched > lines.length && <p className="muted">The first {n(lines.length)} are shown.</p>}
      </details>
      <div className="import-match import-cells-choice" role="radiogroup" aria-label="Lines that don't match the columns">
        {options.map(([value, title, text]) => (
          <label key={value} className={`import-match-option ${choice === value ? 'is-selected' : ''}`}>
            <input type="radio" name="mismatchedLines" value={value} checked={choice === value} onChange={() => onChoice(value)} />
            <span>
              <strong>{title}</strong>
              <span className="muted">{text}</span>
            </span>
          </label>
        ))}
      </div>
    </section>
  )
}
