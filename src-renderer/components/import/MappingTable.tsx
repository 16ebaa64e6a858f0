/** Step 2: each column of the file with its first values, and where it goes. */
import { IMPORT_FIELDS, IMPORT_FIELD_LABELS, type ImportPreview, type ImportTarget } from '../../../src-shared/model/import'
import type { CustomField } from '../../../src-shared/model/custom-field'

export function MappingTable({
  preview,
  mapping,
  customFields,
  onChange,
}: {
  preview: ImportPreview
  mapping: ImportTarget[]
  customFields: CustomField[]
  onChange: (column: number, target: ImportTarget) => void
}) {
  const samples = (i: number) =>
    preview.rows
      .map((r) => r[i])
      .filter((v) => v && v.trim())
      .slice(0, 3)
  return (
    <div className="import-table-wrap">
      <table className="import-table" data-testid="import-mapping">
        <thead>
          <tr>
            <th scope="col">Column in the file</th>
            <th scope="col">First values</th>
            <th scope="col">Import as</th>
          </tr>
        </thead>
        <tbody>
          {preview.headers.map((header, i) => (
            <tr key={i} className={mapping[i] === 'ignore' ? 'is-ignored' : undefined}>
              <th scope="row" className="import-col-name">
                {header}
              </th>
              <td className="import-samples">
                {samples(i).map((v, k) => (
                  <span key={k} className="import-sample" title={v}>
                    {v}
                  </span>
                ))}
                {samples(i).length === 0 && <span className="muted">empty</span>}
              </td>
              <td>
                <select
                  className="input input-compact"
                  aria-label={`Import ${header} as`}
                  value={mapping[i] ?? 'ignore'}
                  onChange={(e) => onChange(i, e.target.value as ImportTarget)}
                >
                  {IMPORT_FIELDS.map((f) => (
                    <option key={f} value={f}>
                      {IMPORT_FIELD_LABELS[f]}
                    </option>
                  ))}
                  {customFields.length > 0 && (
                    <optgroup label="Custom fields">
                      {customFields.map((f) => (
                        <option key={f.id} value={`custom:${f.id}`}>
                          {f.label}
                        </option>
                      ))}
                    </optgroup>
                  )}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The first rows as the file has them, after the delimiter and header choice. */
export function PreviewTable({ preview }: { preview: ImportPreview }) {
  return (
    <div className="import-table-wrap import-preview">
      <table className="import-table" data-testid="import-preview">
        <thead>
          <tr>
            {preview.headers.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.slice(0, 5).map((r, k) => (
            <tr key={k}>
              {r.map((c, i) => (
                <td key={i} title={c}>
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
