import { useEffect, useState } from 'preact/hooks';
import { backgroundSettingsClient, type SettingsClient } from '../../lib/messaging/settings-client';
import type { Settings } from '../../lib/settings-schema';
import { errorMessage } from '../../lib/error-message';

export interface SettingsFormProps {
  onSaved?(settings: Settings): void;
  /** Where settings live: the background unless a test gives another. */
  client?: SettingsClient;
}

type Draft = { batchSize: string; staleReportDays: string; retentionDays: string; fileInput: string; validateButton: string; uploadButton: string };

function toDraft(s: Settings): Draft {
  return {
    batchSize: String(s.batchSize),
    staleReportDays: String(s.staleReportDays),
    retentionDays: String(s.retentionDays),
    fileInput: s.selectors.fileInput ?? '',
    validateButton: s.selectors.validateButton ?? '',
    uploadButton: s.selectors.uploadButton ?? '',
  };
}

const FIELDS: { key: keyof Draft; label: string; hint: string; type: 'number' | 'text'; min?: number; max?: number }[] = [
  {
    key: 'batchSize',
    label: 'Rows per upload file (CSV Guard default)',
    hint: "CSV Guard's own suggestion for splitting big updates. The portal publishes no limit; it only advises several smaller submissions rather than one large one.",
    type: 'number',
    min: 1,
    max: 100_000,
  },
  {
    key: 'staleReportDays',
    label: 'Warn when the Mailbox Report is older than (days)',
    hint: 'Checks add a "report may be out of date" warning after this.',
    type: 'number',
    min: 0,
    max: 365,
  },
  {
    key: 'retentionDays',
    label: 'Delete cached reports and history after (days)',
    hint: 'Automatic deletion, checked every hour.',
    type: 'number',
    min: 1,
    max: 3650,
  },
  {
    key: 'fileInput',
    label: 'File input selector (optional)',
    hint: "Only if CSV Guard cannot find the portal's Browse control by itself, e.g. input[type=file].",
    type: 'text',
  },
  {
    key: 'validateButton',
    label: 'Validate button selector (optional)',
    hint: 'Only if CSV Guard cannot find the Validate button by itself.',
    type: 'text',
  },
  {
    key: 'uploadButton',
    label: 'Upload button selector (optional)',
    hint: 'Only if CSV Guard cannot find the Upload (Create Users) button by itself.',
    type: 'text',
  },
];

/** The admin's settings, saved in the extension's own storage. */
export function SettingsForm({ onSaved, client = backgroundSettingsClient }: SettingsFormProps) {
  const [draft, setDraft] = useState<Draft>();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();

  useEffect(() => {
    void client.load().then((s) => setDraft(toDraft(s)));
  }, [client]);

  if (!draft)
    return (
      <section aria-busy="true">
        <h2>Settings</h2>
        <p>Loading settings…</p>
      </section>
    );

  async function save(event: Event) {
    event.preventDefault();
    if (!draft) return;
    for (const field of FIELDS) {
      if (field.type !== 'number') continue;
      const value = Number(draft[field.key]);
      if (
        draft[field.key].trim() === '' ||
        !Number.isFinite(value) ||
        value < (field.min ?? 0) ||
        value > (field.max ?? Infinity) ||
        (field.key !== 'staleReportDays' && !Number.isInteger(value))
      ) {
        setMessage({ ok: false, text: `“${field.label}” must be a whole number from ${field.min} to ${field.max}. Nothing was saved.` });
        return;
      }
    }
    const selectors = {
      ...(draft.fileInput.trim() ? { fileInput: draft.fileInput.trim() } : {}),
      ...(draft.validateButton.trim() ? { validateButton: draft.validateButton.trim() } : {}),
      ...(draft.uploadButton.trim() ? { uploadButton: draft.uploadButton.trim() } : {}),
    };
    try {
      const saved = await client.save({
        batchSize: Number(draft.batchSize),
        staleReportDays: Number(draft.staleReportDays),
        retentionDays: Number(draft.retentionDays),
        selectors,
      });
      setDraft(toDraft(saved));
      setMessage({ ok: true, text: 'Settings saved.' });
      onSaved?.(saved);
    } catch (error) {
      setMessage({ ok: false, text: `Settings were not saved: ${errorMessage(error)}` });
    }
  }

  return (
    <section aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <form onSubmit={save} noValidate>
        {FIELDS.map((field) => (
          <p key={field.key}>
            <label for={`setting-${field.key}`}>{field.label}</label>
            <br />
            <input
              id={`setting-${field.key}`}
              type={field.type}
              inputMode={field.type === 'number' ? 'decimal' : undefined}
              min={field.min}
              max={field.max}
              value={draft[field.key]}
              aria-describedby={`setting-${field.key}-hint`}
              onInput={(event) => setDraft({ ...draft, [field.key]: (event.currentTarget as HTMLInputElement).value })}
            />
            <br />
            <small id={`setting-${field.key}-hint`}>{field.hint}</small>
          </p>
        ))}
        <button type="submit">Save settings</button>
        {message && <p role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
      </form>
    </section>
  );
}
