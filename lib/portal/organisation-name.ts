import Papa from 'papaparse';
import { headerKey } from './normalize';

/**
 * Naming a Mailbox Report's organisation from what the file holds, not from its file name: the portal
 * always calls the file "Mailbox Report", so a name taken from it says nothing, and a second
 * organisation's report imported under it would replace the first.
 */
export type OrganisationSource = 'organisation-column' | 'ou-column' | 'email-domain' | 'page';

export interface OrganisationGuess {
  /** The name to use, when the content says it clearly. */
  name?: string;
  source?: OrganisationSource;
  /** Names the content allows when it does not say clearly (ask the admin, offering these). */
  options: string[];
}

/** How CSV Guard says where a name came from. */
export const SOURCE_WORDS: Readonly<Record<OrganisationSource, string>> = {
  'organisation-column': 'the report’s organisation column',
  'ou-column': 'the report’s organisational unit column',
  'email-domain': 'the email addresses’ domain',
  page: 'the portal page',
};

const ORGANISATION_COLUMNS: readonly string[] = [
  'organisation',
  'organisationname',
  'organization',
  'organizationname',
  'orgname',
  'org',
  'trust',
  'trustname',
  'company',
  'companyname',
  'tenant',
];
const OU_COLUMNS: readonly string[] = ['ou', 'organisationalunit', 'organizationalunit', 'organisationunit', 'orgunit'];
const EMAIL_COLUMNS: readonly string[] = [
  'emailaddress',
  'email',
  'primarysmtpaddress',
  'primarysmtp',
  'primaryemailaddress',
  'primaryemail',
  'smtpaddress',
  'mail',
];
/** Domains every NHSmail organisation shares: they name no one organisation. */
const SHARED_DOMAINS: ReadonlySet<string> = new Set(['nhs.net', 'nhs.uk', 'nhs.scot', 'secure.nhs.uk']);

/** Rows read to decide: enough to see every organisation a report mixes, cheap on a 100,000-row file. */
const SAMPLE_ROWS = 2000;
/** A value this share of the rows holds names the organisation. */
const CLEAR_SHARE = 0.9;
/** Lines before the header that may hold "Report generated: …". */
const MAX_PREAMBLE = 10;

/** Read the start of a Mailbox Report's text and name its organisation, or list what it might be. */
export function guessOrganisation(text: string, fromPage?: string): OrganisationGuess {
  const page = fromPage?.trim();
  if (page) return { name: page, source: 'page', options: [] };
  const parsed = Papa.parse<string[]>(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, {
    preview: SAMPLE_ROWS + MAX_PREAMBLE + 1,
    skipEmptyLines: true,
  }).data;
  const headerIndex = parsed.slice(0, MAX_PREAMBLE + 1).findIndex((row) => row.some((h) => EMAIL_COLUMNS.includes(headerKey(h))));
  if (headerIndex === -1) return { options: [] };
  const header = parsed[headerIndex]!.map(headerKey);
  const rows = parsed.slice(headerIndex + 1);
  const column = (names: readonly string[]) => {
    for (const name of names) {
      const i = header.indexOf(name);
      if (i >= 0) return i;
    }
    return -1;
  };

  const options: string[] = [];
  for (const [names, source] of [
    [ORGANISATION_COLUMNS, 'organisation-column'],
    [OU_COLUMNS, 'ou-column'],
  ] as const) {
    const i = column(names);
    if (i < 0) continue;
    const tally = tallyValues(rows.map((r) => (r[i] ?? '').trim()));
    if (tally.clear) return { name: tally.clear, source, options: [] };
    if (source === 'organisation-column') options.push(...tally.top);
  }
  const e = column(EMAIL_COLUMNS);
  if (e >= 0) {
    const tally = tallyValues(
      rows.map((r) => domainOf(r[e] ?? '')).filter((d) => !SHARED_DOMAINS.has(d)),
      rows.length,
    );
    if (tally.clear) return { name: tally.clear, source: 'email-domain', options: [] };
    options.push(...tally.top);
  }
  return { options: [...new Set(options)].slice(0, 5) };
}

function domainOf(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0
    ? ''
    : email
        .slice(at + 1)
        .trim()
        .toLowerCase();
}

/** The value most rows hold (when it is clear), and the commonest few. `of`: the rows to count shares against. */
function tallyValues(values: readonly string[], of?: number): { clear?: string; top: string[] } {
  const counts = new Map<string, number>();
  let filled = 0;
  for (const v of values) {
    if (!v) continue;
    filled++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const ordered = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const [first] = ordered;
  const total = of ?? filled;
  const clear = first && total > 0 && first[1] >= total * CLEAR_SHARE ? first[0] : undefined;
  return { ...(clear ? { clear } : {}), top: ordered.slice(0, 3).map(([v]) => v) };
}

/** Two names for the same organisation? Case, spaces and punctuation aside. */
export function sameOrganisation(a: string, b: string): boolean {
  return headerKey(a) !== '' && headerKey(a) === headerKey(b);
}
