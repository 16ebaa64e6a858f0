/** Settings: reminders and rules, pipelines and currency, tags, custom fields, and where the data lives. */
import { useEffect, useState } from 'react'
import type { AppInfo } from '../../src-shared/api'
import { Icon } from '../components/Icons'
import { crm, toAppError } from '../lib/crm'
import { pluralize } from '../lib/format'
import { useDataChanged } from '../lib/useDataChanged'
import { BackupsSection } from './settings/BackupsSection'
import { DataSection } from './settings/DataSection'
import { CurrencySection } from './settings/CurrencySection'
import { CustomFieldsSection } from './settings/CustomFieldsSection'
import { PipelinesSection } from './settings/PipelinesSection'
import { RemindersSection } from './settings/RemindersSection'
import { TagsSection } from './settings/TagsSection'

function AboutSection() {
  const [info, setInfo] = useState<AppInfo | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = () => crm.invoke('app.info').then(setInfo, (e) => setError(toAppError(e).message))
  useEffect(() => {
    void load()
  }, [])
  useDataChanged(['contacts', 'companies'], () => void load())

  return (
    <section className="settings-card" aria-labelledby="about-heading">
      <header className="settings-card-header">
        <h2 id="about-heading">Data and version</h2>
        <p className="muted">Everything is stored on this computer, in one folder. Back it up like any other folder.</p>
      </header>
      {error && <p className="inline-error">{error}</p>}
      {info && (
        <dl className="detail-list about-list">
          <div className="detail-item">
            <dt>Data folder</dt>
            <dd>
              <code className="path" title={info.dataDir}>
                <Icon name="folder" size={14} /> {info.dataDir}
              </code>
            </dd>
          </div>
          <div className="detail-item">
            <dt>Records</dt>
            <dd>
              {pluralize(info.contactCount, 'contact')} · {pluralize(info.companyCount, 'company', 'companies')}
            </dd>
          </div>
          <div className="detail-item">
            <dt>Version</dt>
            <dd>{info.version}</dd>
          </div>
        </dl>
      )}
    </section>
  )
}

export function SettingsView() {
  return (
    <div className="view view-settings">
      <header className="view-header">
        <div className="view-title-row">
          <h1 className="view-title">Settings</h1>
        </div>
      </header>
      <div className="settings-stack">
        <RemindersSection />
        <PipelinesSection />
        <CurrencySection />
        <TagsSection />
        <CustomFieldsSection />
        <BackupsSection />
        <DataSection />
        <AboutSection />
      </div>
    </div>
  )
}
