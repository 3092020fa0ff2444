import { useCallback, useEffect, useState } from 'preact/hooks';
import type { DamagedReportSummary, ReportSummary } from '../../lib/messaging/reports-protocol';
import { backgroundSettingsClient, type SettingsClient } from '../../lib/messaging/settings-client';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings-schema';
import { backgroundReportsClient, type ReportsClient } from '../../lib/messaging/reports-client';
import { plural } from '../shared/format';
import { ReportImport } from '../shared/ReportImport';
import { CachedReports } from './CachedReports';
import { DeleteAllData } from './DeleteAllData';
import { PrivacyNotice } from './PrivacyNotice';
import { SettingsForm } from './SettingsForm';
import './options.css';
import { errorMessage } from '../../lib/error-message';

export interface OptionsAppProps {
  /** Where reports live; the background unless a test gives another. */
  client?: ReportsClient;
  /** Where settings live; the background unless a test gives another. */
  settingsClient?: SettingsClient;
}

/** Options: Mailbox Report import, freshness, settings and "Delete cached data". */
export function OptionsApp({ client = backgroundReportsClient, settingsClient = backgroundSettingsClient }: OptionsAppProps) {
  const [reports, setReports] = useState<ReportSummary[]>([]);
  const [damaged, setDamaged] = useState<DamagedReportSummary[]>([]);
  const [listError, setListError] = useState<string>();
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [notice, setNotice] = useState<string>();

  const refresh = useCallback(async () => {
    try {
      const list = await client.list();
      setReports(list.reports);
      setDamaged(list.damaged);
      setListError(undefined);
    } catch (error) {
      setListError(`CSV Guard could not read its cached reports: ${errorMessage(error)}`);
    }
  }, [client]);

  useEffect(() => {
    void refresh();
    void settingsClient.load().then(setSettings);
  }, [refresh, settingsClient]);

  async function deleteOne(orgId: string, label: string) {
    try {
      await client.deleteReport(orgId);
      setNotice(`Deleted the cached report for “${label}”.`);
    } catch (error) {
      setNotice(`The report for “${label}” was not deleted: ${errorMessage(error)}`);
    }
    await refresh();
  }

  async function deleteAll(): Promise<string> {
    const counts = await client.deleteAll();
    await refresh();
    return `Deleted ${plural(counts.reports, 'report', 'reports')}, ${plural(counts.mailboxes, 'mailbox', 'mailboxes')} and ${plural(counts.submissions, 'upload history record', 'upload history records')}.`;
  }

  return (
    <main class="options">
      <h1>CSV Guard settings</h1>
      <ReportImport client={client} existing={reports} onImported={() => void refresh()} />
      {listError && <p role="alert">{listError}</p>}
      {notice && <p role="status">{notice}</p>}
      <CachedReports
        reports={reports}
        damaged={damaged}
        staleReportDays={settings.staleReportDays}
        onDelete={(id, label) => void deleteOne(id, label)}
      />
      <SettingsForm
        client={settingsClient}
        onSaved={(saved) => {
          setSettings(saved);
          void refresh();
        }}
      />
      <PrivacyNotice retentionDays={settings.retentionDays} />
      <DeleteAllData reports={reports} onConfirm={deleteAll} />
    </main>
  );
}
