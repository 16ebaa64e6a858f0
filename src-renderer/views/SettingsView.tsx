/** Settings: reminders and rules, pipelines and currency, tags, custom fields, where the data lives, and this computer's theme. */
import { Icon } from '../components/Icons'
import { pluralize } from '../lib/format'
import { useQuery } from '../stores/query'
import { useAppInfo } from '../stores/settingsPage'
import { AppearanceSection } from './settings/AppearanceSection'
import { BackupsSection } from './settings/BackupsSection'
import { DataSection } from './settings/DataSection'
import { CurrencySection } from './settings/CurrencySection'
import { CustomFieldsSection } from './settings/CustomFieldsSection'
import { PipelinesSection } from './settings/PipelinesSection'
import { RemindersSection } from './settings/RemindersSection'
import { SyncSection } from './settings/SyncSection'
import { TagsSection } from './settings/TagsSection'

function AboutSection() {
  const { data: info, error } = useQuery(useAppInfo)

  return (
    <section className="settings-card" aria-labelledby="about-heading">
      <header className="settings-card-header">
        <h2 id="about-heading">Data and version</h2>
        <p className="muted">Everything is stored on this computer, in one folder. Back it up like any other folder.</p>
      </header>
      {error && <p className="inline-error">{error.message}</p>}
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
        <SyncSection />
        <BackupsSection />
        <DataSection />
        <AppearanceSection />
        <AboutSection />
      </div>
    </div>
  )
}
